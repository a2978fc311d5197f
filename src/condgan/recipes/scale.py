"""The :class:`Scale` of a recipe: network sizes, training budget and stand-in size."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["SMOKE_TRAIN", "Scale"]

#: :class:`~condgan.training.TrainConfig` fields of a seconds-long smoke run.
SMOKE_TRAIN: dict[str, Any] = dict(
    steps=2, batch_size=4, sample_every=1, grid_rows=2, grid_cols=2,
    progress=False, tensorboard=False, gif=False, plot=False,
)  # fmt: skip


@dataclass(frozen=True)
class Scale:
    """Sizes and budget of one scale (``paper``, ``cpu``, ``smoke``) of a recipe.

    Attributes:
        image_size: side of the training images.
        g: keyword arguments of the generator's builder (``nz``, widths, ...).
        d: keyword arguments of the critic's builder.
        train: :class:`~condgan.training.TrainConfig` fields (steps, batch size, ...).
        standin_n: images in the stand-in training set when no data folder is given.
    """

    image_size: int
    g: Mapping[str, Any] = field(default_factory=dict)
    d: Mapping[str, Any] = field(default_factory=dict)
    train: Mapping[str, Any] = field(default_factory=dict)
    standin_n: int = 5000
