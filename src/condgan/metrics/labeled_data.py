"""A thin adapter from :mod:`condgan.data` to the tensors the metrics work on.

``load_labeled_images(folder)`` opens any folder :func:`condgan.data.load_dataset`
reads (i-CLEVR, ADL cartoon, anime 2018 and 2017; real or stand-in) and returns
its images as one ``uint8`` tensor with their conditions and space.
``EVALUATOR_STANDINS`` names the stand-in each shipped evaluator is trained on,
and ``write_evaluator_standin`` renders it with :func:`condgan.data.standin.write_standin`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import Tensor

from condgan.conditions import ConditionSpace
from condgan.metrics.samples import to_uint8

__all__ = [
    "EVALUATOR_STANDINS",
    "LabeledTensors",
    "load_labeled_images",
    "write_evaluator_standin",
]

#: Evaluator name -> keyword arguments of :func:`condgan.data.standin.write_standin`.
EVALUATOR_STANDINS: dict[str, dict[str, Any]] = {
    "cartoon": {"kind": "cartoon"},
    "iclevr": {"kind": "iclevr"},
    "anime": {"kind": "anime", "version": 2018},
    "anime2017": {"kind": "anime", "version": 2017},
}


@dataclass
class LabeledTensors:
    """A data folder in memory: ``images`` uint8 ``(N, 3, H, W)``, ``y`` in ``space``'s format."""

    images: Tensor
    y: Tensor
    space: ConditionSpace


def load_labeled_images(
    folder: str | Path, *, n: int | None = None, size: int | None = 64
) -> LabeledTensors:
    """The first ``n`` (default all) images of a data folder, resized to ``size x size``.

    Args:
        folder: any folder :func:`condgan.data.detect_format` recognises, or your
            own data (:func:`condgan.data.load`, resized to ``size``).
        n: how many rows to read (``None``: all).
        size: image side (``None``: the format's default size).

    Raises:
        FileNotFoundError: the folder does not exist or has no known label file.
        ValueError: ``n < 1``, or the loader's errors (bad rows, unreadable images).
    """
    from condgan.data import detect_format, load, load_dataset

    if n is not None and n < 1:
        raise ValueError(f"n must be a positive number of images or None, got {n!r}")
    try:
        detect_format(folder)
    except FileNotFoundError:  # not a course folder: your own data, resized for the judge
        data = load(folder, size=size, fit="resize" if size else "none")
    else:
        data = load_dataset(folder, size=size)
    count = len(data) if n is None else min(n, len(data))
    if count == 0:
        raise ValueError(f"data folder {folder} holds no images")
    images = torch.stack([data[i][0] for i in range(count)])
    return LabeledTensors(to_uint8(images), data.y[:count], data.space)


def write_evaluator_standin(name: str, out: str | Path, n: int, seed: int) -> Path:
    """Render ``n`` images of evaluator ``name``'s stand-in into ``out``.

    The stand-in of each name is :data:`EVALUATOR_STANDINS`; ``out`` is replaced.

    Raises:
        ValueError: ``name`` is not one of :data:`EVALUATOR_STANDINS`.
    """
    from condgan.data.standin import write_standin

    if name not in EVALUATOR_STANDINS:
        raise ValueError(f"kind must be one of {list(EVALUATOR_STANDINS)}, got {name!r}")
    return write_standin(out=out, n=n, seed=seed, overwrite=True, **EVALUATOR_STANDINS[name])
