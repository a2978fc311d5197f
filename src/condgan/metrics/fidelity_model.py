"""A condgan generator as an unconditional torch-fidelity generative model.

This module imports torch-fidelity; :func:`condgan.metrics.as_fidelity_model` loads it lazily.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor
from torch_fidelity import GenerativeModelBase

from condgan.metrics.modes import evaluation_mode
from condgan.metrics.samples import to_uint8

__all__ = ["FidelityGenerator"]


class FidelityGenerator(GenerativeModelBase):
    """``forward(z (B, 1)) -> uint8 (B, 3, H, W)``: conditions are sampled inside."""

    def __init__(self, G: Any, *, seed: int = 0) -> None:
        super().__init__()
        self.G = G
        self._gen = torch.Generator().manual_seed(seed)

    @property
    def z_size(self) -> int:
        return 1

    @property
    def z_type(self) -> str:
        return "normal"

    @property
    def num_classes(self) -> int:
        return 0

    @torch.no_grad()
    def forward(self, z: Tensor) -> Tensor:
        y = self.G.space.sample(int(z.shape[0]), generator=self._gen)
        dev = z.device
        with evaluation_mode(self.G):
            images = self.G.sample(
                y.to(dev),
                generator=torch.Generator(device=dev).manual_seed(
                    int(torch.randint(0, 2**31 - 1, (1,), generator=self._gen))
                ),
            )
        return to_uint8(images).to(dev)
