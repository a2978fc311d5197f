"""An exponential moving average (EMA) of a network's weights."""

from __future__ import annotations

import copy

import torch
from torch import nn

__all__ = ["EMA"]


class EMA(nn.Module):
    """A frozen copy of ``model`` whose parameters track ``decay * ema + (1 - decay) * live``.

    Buffers (e.g. BatchNorm running statistics) are copied, not averaged.

    Args:
        model: the live network (the copy is made here, on the same device).
        decay: averaging factor in (0, 1); closer to 1 averages over more steps.
        start: :meth:`update` calls before averaging begins; until then the copy
            simply follows the live weights.

    Example:
        >>> ema = EMA(generator, decay=0.999)
        >>> ema.update(generator)          # after every generator step
        >>> images = ema.module(z, y)
    """

    def __init__(self, model: nn.Module, decay: float = 0.999, *, start: int = 0) -> None:
        super().__init__()
        if not 0.0 < decay < 1.0:
            raise ValueError(f"decay must be in (0, 1), got {decay}")
        self.module = copy.deepcopy(model).eval().requires_grad_(False)
        self.decay = float(decay)
        self.start = int(start)
        self.register_buffer("num_updates", torch.zeros((), dtype=torch.long))

    @torch.no_grad()
    def update(self, model: nn.Module) -> None:
        """Average ``model``'s current weights into the copy (no host sync)."""
        live = list(model.parameters())
        mine = list(self.module.parameters())
        if len(live) != len(mine):
            raise ValueError("EMA.update: the model's parameters do not match the EMA copy's")
        # a python-side counter would be lost on resume; the buffer is checkpointed
        n = int(self.num_updates)
        if n < self.start:
            torch._foreach_copy_(mine, live)
        else:
            torch._foreach_lerp_(mine, live, 1.0 - self.decay)
        for b_ema, b in zip(self.module.buffers(), model.buffers()):
            b_ema.copy_(b)
        self.num_updates += 1

    def forward(self, *args, **kwargs):
        return self.module(*args, **kwargs)
