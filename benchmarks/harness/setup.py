"""What a throughput case is (:class:`Setup`) and the data both paths read."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import torch
from torch import nn
from torch.utils.data import TensorDataset

from condgan.losses import Objective
from condgan.training import TrainConfig

__all__ = ["Setup", "image_shape", "synthetic_data"]


@dataclasses.dataclass
class Setup:
    """What both paths train: fresh modules, an objective and a config.

    ``make()`` returns ``(generator, critic, objective, config)``; each call
    gives new modules with the same initial weights (seeded).
    """

    name: str
    scale: str
    make: Callable[[], tuple[nn.Module, nn.Module, Objective, TrainConfig]]
    source: str = "direct"
    key: str = "direct"

    @property
    def label(self) -> str:
        return f"{self.name}/{self.scale}"


def synthetic_data(space, image_size: int, channels: int, n: int, seed: int = 0) -> TensorDataset:
    """``n`` random images in [-1, 1] with random valid conditions, in memory.

    Both paths read the same data set; loading cost is not what is compared.
    """
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, channels, image_size, image_size, generator=g) * 2 - 1
    y = space.sample(n, generator=g)
    return TensorDataset(x, y)


def image_shape(critic: nn.Module) -> tuple[int, int]:
    """``(channels, image side)`` of the critic's input."""
    return int(getattr(critic, "channels", 3)), int(getattr(critic, "image_size", 64))
