"""Run the tiny GAN for a long time; the test sends SIGTERM once ``started`` exists."""

from __future__ import annotations

import sys
from pathlib import Path

import tiny_gan

from condgan.training import Trainer

out = Path(sys.argv[1])


def hook(trainer, step):
    if step == 2:
        (out / "started").touch()


g, d, obj, data = tiny_gan.tiny_setup()
cfg = {"batch_size": 8, "steps": 10**9, "out_dir": str(out), "progress": False,
       "tensorboard": False, "sample_every": 0, "checkpoint_every": 0, "plot": False}  # fmt: skip
t = Trainer(g, d, obj, data, cfg, hooks=[(hook, 1)])
t.fit()
print(f"interrupted={t.interrupted} step={t.step}")
