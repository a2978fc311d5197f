"""Workers for the DDP tests (importable by spawned processes and torchrun)."""

from __future__ import annotations

import os
import sys

import tiny_gan
import torch
import torch.distributed as dist

from condgan.training import Trainer


def config(out_dir: str, **overrides) -> dict:
    return {
        "batch_size": 16, "critic_steps": 2, "out_dir": out_dir, "progress": False,
        "tensorboard": False, "sample_every": 0, "checkpoint_every": 0, "gif": False,
        "plot": False, "log_every": 1, **overrides,
    }  # fmt: skip


def run_steps(steps: int, out_dir: str) -> dict[str, torch.Tensor]:
    """Train the tiny GAN (with a fixed-alpha gradient penalty) for ``steps`` iterations."""
    torch.set_num_threads(1)
    g, d, obj, data = tiny_gan.tiny_setup(gp_weight=1.0, gp_alpha=0.3)
    t = Trainer(g, d, obj, data, config(out_dir))
    for _ in range(steps):
        t.train_step()
    state = {f"g.{k}": v for k, v in g.state_dict().items()}
    state.update({f"d.{k}": v for k, v in d.state_dict().items()})
    return state


def spawn_worker(rank: int, world: int, port: int, steps: int, out_dir: str, result: str) -> None:
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    dist.init_process_group("gloo", rank=rank, world_size=world)
    try:
        state = run_steps(steps, out_dir)
        if rank == 0:
            torch.save(state, result)
        # no rank tears gloo down while the other still uses it (a rank that destroyed
        # its group first was seen to abort: "terminate called without an active exception")
        dist.barrier()
    finally:
        dist.destroy_process_group()


if __name__ == "__main__":  # torchrun entry: python ddp_worker.py OUT_DIR
    torch.set_num_threads(1)
    g, d, obj, data = tiny_gan.tiny_setup(gp_weight=1.0)
    t = Trainer(g, d, obj, data, config(sys.argv[1], steps=2))
    t.fit()
    print(f"rank {t.dist.rank}/{t.dist.world_size} done at step {t.step}")
    dist.destroy_process_group()
