"""``ContrastiveHead``: image embeddings and class proxies for D2D-CE and 2C.

ContraGAN (Kang & Park 2020) and ReACGAN (Kang et al. 2021) compare an image
embedding with a learned embedding (a *proxy*) of its class. Here the classes
come from the condition space's categorical view
(:attr:`~condgan.conditions.ConditionSpace.class_sizes`): one proxy table per
attribute of a multi-attribute space, one two-row table (absent / present) per
label of a multi-label space, so the objectives get a term per attribute.
"""

from __future__ import annotations

from collections.abc import Callable

from torch import Tensor, nn

from condgan.conditions import ConditionSpace
from condgan.conditions.space import check_count
from condgan.heads.features import LinearLayer, check_features

__all__ = ["ContrastiveHead"]


class ContrastiveHead(nn.Module):
    """``h -> [embed (B, dim), proxy_0 (B, dim), ..., proxy_{A-1} (B, dim)]``.

    ``embed = W h + b``; ``proxy_a`` is row ``y_a`` of attribute ``a``'s proxy table
    (``space.class_targets(y)``). The losses normalise both.

    Args:
        in_features: ``F``.
        space: a space with a categorical view (``class_sizes``), e.g.
            Categorical, MultiCategorical or MultiLabel.
        dim: embedding width (ReACGAN: 512 at 32 px).
        linear_layer: constructor of ``W`` (``nn.Linear`` or ``sn_linear``).
        embedding_layer: constructor of the proxy tables (``nn.Embedding``).

    Use it as ``Critic(..., extra_heads={"embed": ContrastiveHead(F, space)})``
    with :class:`~condgan.losses.D2DCE` or :class:`~condgan.losses.ConditionalContrastive`.

    Raises:
        TypeError: the space has no categorical view (e.g. Text).
    """

    def __init__(
        self,
        in_features: int,
        space: ConditionSpace,
        *,
        dim: int = 512,
        linear_layer: LinearLayer = nn.Linear,
        embedding_layer: Callable[..., nn.Module] = nn.Embedding,
    ) -> None:
        super().__init__()
        if not isinstance(space, ConditionSpace):
            raise TypeError(f"space must be a ConditionSpace, got {type(space).__name__}")
        self.space = space
        self.in_features = check_count(in_features, "in_features")
        self.dim = check_count(dim, "dim")
        self.embed = linear_layer(in_features, self.dim)
        self.proxies = nn.ModuleList(embedding_layer(n, self.dim) for n in space.class_sizes)

    def forward(self, h: Tensor, y: Tensor) -> list[Tensor]:
        check_features(h, self.in_features)
        if y is None:
            raise ValueError("ContrastiveHead needs the conditions y to look up the proxies")
        targets = self.space.class_targets(y)
        proxies = [table(t).to(h.dtype) for table, t in zip(self.proxies, targets)]
        return [self.embed(h), *proxies]
