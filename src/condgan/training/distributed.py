"""Distributed data parallel through PyTorch's own engine (``torchrun``).

Launch the same script with ``torchrun --nproc_per_node N script.py``:
:func:`init_distributed` reads the ``RANK``/``WORLD_SIZE``/``LOCAL_RANK``
variables torchrun sets and joins the process group (NCCL on GPUs, gloo on
CPU). Without them it returns a single-process context and nothing changes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import torch
import torch.distributed as dist
from torch.utils.data import Sampler

__all__ = ["DistContext", "EpochSampler", "init_distributed"]


@dataclass(frozen=True)
class DistContext:
    """Where this process stands: ``rank`` of ``world_size``, on ``device``."""

    rank: int = 0
    world_size: int = 1
    local_rank: int = 0
    device: torch.device = torch.device("cpu")  # noqa: RUF009 (immutable)

    @property
    def enabled(self) -> bool:
        return self.world_size > 1

    @property
    def is_main(self) -> bool:
        return self.rank == 0


def _pick_device(spec: str, local_rank: int) -> torch.device:
    if spec != "auto":
        return torch.device(spec)
    if torch.cuda.is_available():
        return torch.device("cuda", local_rank % torch.cuda.device_count())
    return torch.device("cpu")


def init_distributed(device: str = "auto", backend: str | None = None) -> DistContext:
    """Join the process group torchrun describes (if any) and pick this rank's device.

    Uses an existing process group when one is already initialised (e.g. by
    ``torch.multiprocessing.spawn`` code). ``backend`` defaults to NCCL for
    CUDA devices and gloo otherwise.
    """
    if dist.is_available() and dist.is_initialized():
        rank, world = dist.get_rank(), dist.get_world_size()
        local = int(os.environ.get("LOCAL_RANK", rank))
        return DistContext(rank, world, local, _pick_device(device, local))
    world = int(os.environ.get("WORLD_SIZE", "1"))
    local = int(os.environ.get("LOCAL_RANK", "0"))
    dev = _pick_device(device, local)
    if world <= 1:
        return DistContext(0, 1, 0, dev)
    if not dist.is_available():  # pragma: no cover
        raise RuntimeError("WORLD_SIZE > 1 but torch.distributed is not available in this build")
    if dev.type == "cuda":
        torch.cuda.set_device(dev)
    dist.init_process_group(backend or ("nccl" if dev.type == "cuda" else "gloo"))
    return DistContext(dist.get_rank(), dist.get_world_size(), local, dev)


class EpochSampler(Sampler[int]):
    """A seeded, resumable, distributed sampler that splits every *global* batch across ranks.

    Epoch ``e`` uses the permutation drawn from ``seed + e``. Global batch ``k``
    is ``perm[k * B : (k + 1) * B]`` with ``B = batch_size * world_size``; rank
    ``r`` gets its ``r``-th slice of ``batch_size``. So N ranks see exactly the
    samples one process with the global batch sees, and the run does not
    depend on the number of ranks. Incomplete global batches are dropped.

    :meth:`set_epoch` with ``start_batch`` resumes inside an epoch.
    """

    def __init__(
        self,
        num_samples: int,
        batch_size: int,
        *,
        rank: int = 0,
        world_size: int = 1,
        shuffle: bool = True,
        seed: int = 0,
    ) -> None:
        self.num_samples = int(num_samples)
        self.batch_size = int(batch_size)
        self.rank, self.world_size = int(rank), int(world_size)
        self.shuffle, self.seed = shuffle, int(seed)
        self.global_batch = self.batch_size * self.world_size
        if self.num_samples < self.global_batch:
            raise ValueError(
                f"the data set has {self.num_samples} samples, fewer than one global batch "
                f"({self.global_batch} = batch {self.batch_size} x {self.world_size} ranks)"
            )
        self.epoch = 0
        self.start_batch = 0

    @property
    def batches_per_epoch(self) -> int:
        return self.num_samples // self.global_batch

    def set_epoch(self, epoch: int, start_batch: int = 0) -> None:
        self.epoch, self.start_batch = int(epoch), int(start_batch)

    def __iter__(self) -> Iterator[int]:
        if self.shuffle:
            g = torch.Generator().manual_seed(self.seed + self.epoch)
            perm = torch.randperm(self.num_samples, generator=g)
        else:
            perm = torch.arange(self.num_samples)
        for k in range(self.start_batch, self.batches_per_epoch):
            lo = k * self.global_batch + self.rank * self.batch_size
            yield from perm[lo : lo + self.batch_size].tolist()

    def __len__(self) -> int:
        return (self.batches_per_epoch - self.start_batch) * self.batch_size
