"""``AdversarialHead``: the unconditional real/fake score ``w.h + b``."""

from __future__ import annotations

from torch import Tensor, nn

from condgan.conditions import ConditionSpace
from condgan.conditions.space import check_count
from condgan.heads.features import LinearLayer, check_features

__all__ = ["AdversarialHead"]


class AdversarialHead(nn.Module):
    """``h -> w.h + b``: the unconditional real/fake score.

    Args:
        in_features: ``F``.
        linear_layer: ``nn.Linear`` or :func:`~condgan.layers.sn_linear`.
        bias: whether the layer has a bias (R2's conv head has none).

    Shapes: ``h`` (B, F) -> (B,).
    """

    space: ConditionSpace | None = None

    def __init__(
        self, in_features: int, *, linear_layer: LinearLayer = nn.Linear, bias: bool = True
    ) -> None:
        super().__init__()
        self.in_features = check_count(in_features, "in_features")
        self.linear = linear_layer(in_features, 1, bias=bias)

    def forward(self, h: Tensor, y: Tensor | None = None) -> Tensor:
        return self.linear(check_features(h, self.in_features)).squeeze(1)
