"""``ProjectionHead``: Miyato & Koyama's projection discriminator head."""

from __future__ import annotations

from torch import Tensor, nn

from condgan.conditions import ConditionSpace
from condgan.conditions.space import check_count
from condgan.heads.features import LinearLayer, check_features

__all__ = ["ProjectionHead"]


class ProjectionHead(nn.Module):
    """Miyato & Koyama's projection discriminator head.

    ``out = w.h + b + <V^T vector(y), h>`` where ``vector(y)`` is the space's
    vector form. For a :class:`~condgan.conditions.Categorical` space this is the
    class embedding; for a :class:`~condgan.conditions.MultiCategorical` space the
    one-hots are concatenated, so the inner product is *summed over the
    attributes*; for a :class:`~condgan.conditions.MultiLabel` space it is summed
    over the *active labels*; for :class:`~condgan.conditions.Text` ``V`` is a
    linear map of the sentence embedding.

    Args:
        in_features: ``F``.
        space: any condition space.
        linear_layer: constructor of ``w`` and of ``V`` (``sn_linear`` for SN).
        bias: bias ``b`` of the unconditional term.

    Attributes:
        linear: ``w, b`` (``nn.Linear(F, 1)``).
        embed: ``V`` (``nn.Linear(vector_dim, F, bias=False)``; its weight is ``(F, vector_dim)``).

    Shapes: ``h`` (B, F), ``y`` -> (B,).
    """

    def __init__(
        self,
        in_features: int,
        space: ConditionSpace,
        *,
        linear_layer: LinearLayer = nn.Linear,
        bias: bool = True,
    ) -> None:
        super().__init__()
        if not isinstance(space, ConditionSpace):
            raise TypeError(f"space must be a ConditionSpace, got {type(space).__name__}")
        self.in_features = check_count(in_features, "in_features")
        self.space = space
        self.linear = linear_layer(in_features, 1, bias=bias)
        self.embed = linear_layer(space.vector_dim, in_features, bias=False)

    def forward(self, h: Tensor, y: Tensor) -> Tensor:
        check_features(h, self.in_features)
        self.space.validate(y, check_values=False)
        v = self.space.to_vector(y).to(h.dtype)
        return self.linear(h).squeeze(1) + (self.embed(v) * h).sum(dim=1)
