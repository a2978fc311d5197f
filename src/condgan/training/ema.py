"""An exponential moving average (EMA) of a network's weights, with a warm-up, and
standing BatchNorm statistics for the averaged network.

Averaged weights and the live network's BatchNorm running statistics do not
belong together: the statistics were gathered with other weights, and in eval
mode such an EMA generator can draw grey noise. BigGAN (Brock et al. 2019,
"Large Scale GAN Training for High Fidelity Natural Image Synthesis", appendix
C.1) recomputes the statistics with the averaged weights on fresh noise before
sampling ("standing statistics"); :func:`standing_batchnorm_stats` does that.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any

import torch
from torch import nn

__all__ = ["BATCH_NORMS", "EMA", "ema_decay_at", "standing_batchnorm_stats"]

#: The layers whose running statistics :func:`standing_batchnorm_stats` recomputes.
BATCH_NORMS: tuple[type[nn.Module], ...] = (
    nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d, nn.SyncBatchNorm,
)  # fmt: skip


def ema_decay_at(decay: float, updates: int, *, start: int = 0, ramp: bool = True) -> float:
    """The averaging factor of update number ``updates`` (0-based).

    Before ``start`` updates the average simply follows the live weights
    (factor 0). After that, with ``ramp``, the factor is
    ``min(decay, (1 + t) / (10 + t))`` with ``t = updates - start`` (the
    warm-up of TensorFlow's ``ExponentialMovingAverage(num_updates=...)``), so
    early weights, far from anything good, are forgotten quickly; without
    ``ramp`` it is ``decay`` at once.
    """
    if updates < start:
        return 0.0
    if not ramp:
        return float(decay)
    t = updates - start
    return min(float(decay), (1.0 + t) / (10.0 + t))


@torch.no_grad()
def standing_batchnorm_stats(
    module: nn.Module,
    batches: Iterable[tuple[Any, ...]],
    *,
    forward: Callable[..., Any] | None = None,
) -> int:
    """Recompute the running statistics of every BatchNorm layer of ``module``.

    Each BatchNorm layer's running mean and variance are reset and set to the
    plain average over ``batches`` of the per-batch mean and (unbiased)
    variance of its input, as PyTorch's ``momentum=None`` does; everything
    else runs in eval mode (no dropout). Momentum and modes are restored
    afterwards and ``module`` is left in eval mode.

    Args:
        module: the network (e.g. an EMA generator).
        batches: input tuples, each passed as ``forward(*batch)``.
        forward: what to call (default ``module``).

    Returns:
        The number of batches used (0 when ``module`` has no BatchNorm layer:
        then nothing is run).
    """
    norms = [m for m in module.modules() if isinstance(m, BATCH_NORMS) and m.track_running_stats]
    if not norms:
        return 0
    call = forward or module
    momenta = [m.momentum for m in norms]
    module.eval()
    for m in norms:
        m.reset_running_stats()
        m.momentum = None
        m.train()
    used = 0
    try:
        for batch in batches:
            call(*batch)
            used += 1
    finally:
        for m, momentum in zip(norms, momenta):
            m.momentum = momentum
        module.eval()
    return used


class EMA(nn.Module):
    """A frozen copy of ``model`` whose parameters track ``d * ema + (1 - d) * live``.

    The factor ``d`` of each update comes from :func:`ema_decay_at` (a start
    step and a warm-up ramp). Buffers are copied from the live network at each
    update; give the average its own BatchNorm statistics with
    :meth:`standing_stats` before using it in eval mode (the
    :class:`~condgan.training.Trainer` does so before sampling, evaluating and
    checkpointing).

    Args:
        model: the live network (the copy is made here, on the same device).
        decay: the final averaging factor in (0, 1); closer to 1 averages over more steps.
        start: :meth:`update` calls before averaging begins; until then the copy
            simply follows the live weights.
        ramp: warm the factor up as ``min(decay, (1 + t) / (10 + t))``.

    Example:
        >>> ema = EMA(generator, decay=0.999)
        >>> ema.update(generator)          # after every generator step
        >>> ema.standing_stats([(G.sample_noise(64), space.sample(64))] * 8)
        >>> images = ema.module(z, y)
    """

    def __init__(
        self, model: nn.Module, decay: float = 0.999, *, start: int = 0, ramp: bool = True
    ) -> None:
        super().__init__()
        if not 0.0 < decay < 1.0:
            raise ValueError(f"decay must be in (0, 1), got {decay}")
        if isinstance(start, bool) or not isinstance(start, int) or start < 0:
            raise ValueError(f"start must be an int >= 0, got {start!r}")
        self.module = copy.deepcopy(model).eval().requires_grad_(False)
        self.decay = float(decay)
        self.start = int(start)
        self.ramp = bool(ramp)
        self.register_buffer("num_updates", torch.zeros((), dtype=torch.long))

    def current_decay(self) -> float:
        """The factor the next :meth:`update` uses."""
        return ema_decay_at(self.decay, int(self.num_updates), start=self.start, ramp=self.ramp)

    @torch.no_grad()
    def update(self, model: nn.Module) -> None:
        """Average ``model``'s current weights into the copy and copy its buffers."""
        live = list(model.parameters())
        mine = list(self.module.parameters())
        if len(live) != len(mine):
            raise ValueError("EMA.update: the model's parameters do not match the EMA copy's")
        # a python-side counter would be lost on resume; the buffer is checkpointed
        d = self.current_decay()
        if d == 0.0:
            torch._foreach_copy_(mine, live)
        else:
            torch._foreach_lerp_(mine, live, 1.0 - d)
        for b_ema, b in zip(self.module.buffers(), model.buffers()):
            b_ema.copy_(b)
        self.num_updates += 1

    def standing_stats(
        self, batches: Iterable[tuple[Any, ...]], *, forward: Callable[..., Any] | None = None
    ) -> int:
        """:func:`standing_batchnorm_stats` of the averaged network; returns the batches used."""
        return standing_batchnorm_stats(self.module, batches, forward=forward)

    def forward(self, *args, **kwargs):
        return self.module(*args, **kwargs)
