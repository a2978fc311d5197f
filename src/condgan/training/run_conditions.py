"""The training conditions kept in a run folder, and named conditions that leave attributes free.

``condgan train`` saves the training set's conditions as ``conditions.pt``;
``condgan sample --condition "blue hair"`` then draws the attributes a condition
leaves free from them (the data's distribution), or uniformly when absent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from torch import Tensor

from condgan.files import atomic_save

__all__ = ["CONDITIONS_FILE", "encode_conditions", "run_conditions", "save_conditions"]

#: The training set's conditions, kept in the run folder.
CONDITIONS_FILE = "conditions.pt"


def save_conditions(y: Any, out: str | Path) -> Path | None:
    """Save integer conditions ``y (N, ...)`` as ``out/conditions.pt`` (atomically).

    Float conditions (multi-hot, text) are not kept: nothing to complete in them.
    """
    if not isinstance(y, Tensor) or y.is_floating_point():
        return None
    return atomic_save(y.detach().cpu(), Path(out) / CONDITIONS_FILE)


def run_conditions(checkpoint: str | Path) -> Tensor | None:
    """The conditions kept in the run folder of ``checkpoint`` (a file or a run folder)."""
    checkpoint = Path(checkpoint)
    run = checkpoint if checkpoint.is_dir() else checkpoint.parent
    if run.name == "checkpoints":
        run = run.parent
    path = run / CONDITIONS_FILE
    return torch.load(path, weights_only=True) if path.is_file() else None


def encode_conditions(
    space: Any,
    conditions: list[Any],
    *,
    repeat: int = 1,
    prior: Tensor | None = None,
    generator: torch.Generator | None = None,
) -> Tensor:
    """Named conditions as ``y``, each row ``repeat`` times.

    In spaces with partial conditions (``encode_partial``/``complete``), attributes
    a condition leaves free are drawn per image from ``prior`` (the training
    conditions) or uniformly.
    """
    if hasattr(space, "encode_partial"):
        partial = space.encode_partial(conditions).repeat_interleave(repeat, 0)
        if prior is not None and (prior.dim() != 2 or prior.shape[1] != partial.shape[1]):
            prior = None  # conditions of another space: draw uniformly
        return space.complete(partial, prior=prior, generator=generator)
    return space.encode(conditions).repeat_interleave(repeat, 0)
