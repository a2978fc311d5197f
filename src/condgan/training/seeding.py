"""One call that seeds every global random state: :func:`seed_everything`."""

from __future__ import annotations

import random

import numpy as np
import torch

__all__ = ["seed_everything"]


def seed_everything(seed: int, *, deterministic: bool = False, device: torch.device | None = None):
    """Seed Python's ``random``, NumPy's global state and torch (CPU and every GPU).

    Call it before building networks: their initial weights come from torch's
    global generator, so a run is reproducible only if the seed is set before
    the networks exist (``condgan train --seed N`` does so before it builds
    the recipe, and :class:`~condgan.training.Trainer` again before training).

    Args:
        seed: an int >= 0.
        deterministic: ask torch for deterministic algorithms (warn-only) and
            turn cuDNN's autotuner off.
        device: with ``deterministic=False`` and a CUDA device, cuDNN's
            autotuner is turned on.

    Raises:
        ValueError: ``seed`` is not an int >= 0.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be an int >= 0, got {seed!r}")
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 (user code may use the global state)
    torch.manual_seed(seed)  # also seeds every CUDA device
    if deterministic:
        torch.use_deterministic_algorithms(True, warn_only=True)
        torch.backends.cudnn.benchmark = False
    elif device is not None and device.type == "cuda":
        torch.backends.cudnn.benchmark = True
