"""``ConcatAdversarialHead``: the encoded condition concatenated to the features (R1, R4)."""

from __future__ import annotations

import torch
from torch import Tensor, nn

from condgan.conditions import ConditionSpace
from condgan.conditions.space import check_count
from condgan.heads.features import LinearLayer, check_features

__all__ = ["ConcatAdversarialHead"]


class ConcatAdversarialHead(nn.Module):
    """``[h, encoder(y)] -> score``: the condition concatenated to the features (R1, R4).

    Args:
        in_features: ``F``.
        encoder: ``y -> (B, D)`` with ``out_dim`` and ``space`` (e.g.
            :class:`~condgan.conditions.OneHot`: R1's 15 one-hot dims;
            :class:`~condgan.conditions.Projection`: R4's 256-dim text code).
        hidden: optional hidden width: ``[h, c] -> linear -> LeakyReLU -> linear``
            (a linear head alone scores image and condition separately, which
            cannot tell matching from mismatched pairs; R4 uses a hidden layer).
        linear_layer: ``nn.Linear`` or :func:`~condgan.layers.sn_linear`.
        negative_slope: slope of the hidden LeakyReLU.

    Shapes: ``h`` (B, F), ``y`` -> (B,).
    """

    def __init__(
        self,
        in_features: int,
        encoder: nn.Module,
        *,
        hidden: int | None = None,
        linear_layer: LinearLayer = nn.Linear,
        negative_slope: float = 0.2,
    ) -> None:
        super().__init__()
        if not isinstance(getattr(encoder, "space", None), ConditionSpace):
            raise TypeError("encoder must be a condition encoder with a .space and .out_dim")
        self.in_features = check_count(in_features, "in_features")
        self.encoder = encoder
        self.space = encoder.space
        width = in_features + int(encoder.out_dim)
        if hidden:
            self.net: nn.Module = nn.Sequential(
                linear_layer(width, hidden),
                nn.LeakyReLU(negative_slope),
                linear_layer(hidden, 1),
            )
        else:
            self.net = linear_layer(width, 1)

    def forward(self, h: Tensor, y: Tensor) -> Tensor:
        check_features(h, self.in_features)
        c = self.encoder(y).to(h.dtype)
        return self.net(torch.cat([h, c], dim=1)).squeeze(1)
