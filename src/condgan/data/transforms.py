"""Image transforms for the loaders' ``transform`` argument (tensor in, tensor out).

Each takes a float image ``(C, H, W)`` (or a batch ``(B, C, H, W)``) and draws
its randomness from torch's generator (``torch.manual_seed`` or a DataLoader
worker's seed), or from the ``generator`` given at construction.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import torch
import torch.nn.functional as F
from torch import Tensor

__all__ = ["CenterCrop", "Compose", "RandomHorizontalFlip", "RandomRotation", "r5_augment"]


class Compose:
    """Apply ``transforms`` in order."""

    def __init__(self, transforms: Sequence[Callable[[Tensor], Tensor]]) -> None:
        self.transforms = list(transforms)

    def __call__(self, x: Tensor) -> Tensor:
        for t in self.transforms:
            x = t(x)
        return x

    def __repr__(self) -> str:
        return f"Compose({self.transforms!r})"


class RandomHorizontalFlip:
    """Mirror left-right with probability ``p``."""

    def __init__(self, p: float = 0.5, *, generator: torch.Generator | None = None) -> None:
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"p must be in [0, 1], got {p}")
        self.p = p
        self.generator = generator

    def __call__(self, x: Tensor) -> Tensor:
        if float(torch.rand((), generator=self.generator)) < self.p:
            return x.flip(-1)
        return x

    def __repr__(self) -> str:
        return f"RandomHorizontalFlip(p={self.p})"


class RandomRotation:
    """Rotate by an angle drawn uniformly from ``[-degrees, degrees]``.

    Bilinear sampling; pixels that come from outside the image repeat the
    border (no constant-coloured corners).
    """

    def __init__(self, degrees: float = 5.0, *, generator: torch.Generator | None = None) -> None:
        if degrees < 0:
            raise ValueError(f"degrees must be >= 0, got {degrees}")
        self.degrees = float(degrees)
        self.generator = generator

    def __call__(self, x: Tensor) -> Tensor:
        angle = (float(torch.rand((), generator=self.generator)) * 2 - 1) * self.degrees
        batch = x if x.dim() == 4 else x.unsqueeze(0)
        t = math.radians(angle)
        theta = torch.tensor(
            [[math.cos(t), -math.sin(t), 0.0], [math.sin(t), math.cos(t), 0.0]],
            dtype=batch.dtype,
            device=batch.device,
        ).expand(batch.shape[0], 2, 3)
        grid = F.affine_grid(theta, list(batch.shape), align_corners=False)
        out = F.grid_sample(
            batch, grid, mode="bilinear", padding_mode="border", align_corners=False
        )
        return out if x.dim() == 4 else out[0]

    def __repr__(self) -> str:
        return f"RandomRotation(degrees={self.degrees})"


class CenterCrop:
    """Keep the central ``size x size`` pixels."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"size must be >= 1, got {size}")
        self.size = size

    def __call__(self, x: Tensor) -> Tensor:
        h, w = x.shape[-2:]
        if self.size > min(h, w):
            raise ValueError(f"cannot crop {self.size}x{self.size} from a {h}x{w} image")
        top, left = (h - self.size) // 2, (w - self.size) // 2
        return x[..., top : top + self.size, left : left + self.size]

    def __repr__(self) -> str:
        return f"CenterCrop(size={self.size})"


def r5_augment(degrees: float = 5.0, *, generator: torch.Generator | None = None) -> Compose:
    """R5's augmentation: a random horizontal flip, then a rotation of up to ``degrees``."""
    return Compose([
        RandomHorizontalFlip(0.5, generator=generator),
        RandomRotation(degrees, generator=generator),
    ])  # fmt: skip
