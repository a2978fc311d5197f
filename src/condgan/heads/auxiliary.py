"""Auxiliary classifier heads: what they output comes from the condition space.

A space says what its classifier predicts through
:attr:`~condgan.conditions.ConditionSpace.aux_head_dims`: a list of widths (one
softmax per attribute: :class:`MultiClassHead`) or one width (one sigmoid per
label: :class:`MultiLabelHead`). :func:`auxiliary_head` picks the head from that
answer, so a user-defined space with ``aux_head_dims`` gets a head without
touching this module.
"""

from __future__ import annotations

from torch import Tensor, nn

from condgan.conditions import ConditionSpace
from condgan.conditions.space import check_count
from condgan.heads.features import LinearLayer, check_features

__all__ = ["DiscriminativeClassHead", "MultiClassHead", "MultiLabelHead", "auxiliary_head"]


def _head_dims(space: ConditionSpace) -> int | list[int]:
    if not isinstance(space, ConditionSpace):
        raise TypeError(f"space must be a ConditionSpace, got {type(space).__name__}")
    return space.aux_head_dims


class MultiClassHead(nn.Module):
    """One linear classifier per categorical attribute (softmax in the loss).

    Args:
        in_features: ``F``.
        space: a space whose ``aux_head_dims`` is a list (one width per attribute),
            e.g. a Categorical or MultiCategorical space.
        linear_layer: ``nn.Linear`` or ``sn_linear``.

    Shapes: ``h`` (B, F) -> a list with one ``(B, n_a)`` logits tensor per attribute.

    Raises:
        TypeError: the space's auxiliary output is not one tensor per attribute.
    """

    def __init__(
        self, in_features: int, space: ConditionSpace, *, linear_layer: LinearLayer = nn.Linear
    ) -> None:
        super().__init__()
        dims = _head_dims(space)
        if not isinstance(dims, list):
            raise TypeError(
                "MultiClassHead needs a space whose aux_head_dims is a list (one logits tensor "
                f"per attribute, e.g. MultiCategorical), got {type(space).__name__} with "
                f"aux_head_dims={dims!r}"
            )
        self.space = space
        self.in_features = check_count(in_features, "in_features")
        self.sizes = [check_count(n, "aux_head_dims[i]") for n in dims]
        self.heads = nn.ModuleList(linear_layer(in_features, n) for n in self.sizes)

    def forward(self, h: Tensor, y: Tensor | None = None) -> list[Tensor]:
        check_features(h, self.in_features)
        return [head(h) for head in self.heads]


class MultiLabelHead(nn.Module):
    """One logit per label (sigmoid in the loss).

    Args:
        in_features: ``F``.
        space: a space whose ``aux_head_dims`` is an int ``n``, e.g. a MultiLabel space.
        linear_layer: ``nn.Linear`` or ``sn_linear``.

    Shapes: ``h`` (B, F) -> (B, n).

    Raises:
        TypeError: the space's auxiliary output is not one ``(B, n)`` tensor.
    """

    def __init__(
        self, in_features: int, space: ConditionSpace, *, linear_layer: LinearLayer = nn.Linear
    ) -> None:
        super().__init__()
        dims = _head_dims(space)
        if isinstance(dims, bool) or not isinstance(dims, int):
            raise TypeError(
                "MultiLabelHead needs a space whose aux_head_dims is an int (one (B, n) tensor, "
                f"e.g. MultiLabel), got {type(space).__name__} with aux_head_dims={dims!r}"
            )
        self.space = space
        self.in_features = check_count(in_features, "in_features")
        self.linear = linear_layer(in_features, check_count(dims, "aux_head_dims"))

    def forward(self, h: Tensor, y: Tensor | None = None) -> Tensor:
        return self.linear(check_features(h, self.in_features))


def auxiliary_head(
    in_features: int, space: ConditionSpace, *, linear_layer: LinearLayer = nn.Linear
) -> nn.Module:
    """The auxiliary classifier head that fits ``space``, from its ``aux_head_dims``:
    :class:`MultiClassHead` for a list, :class:`MultiLabelHead` for an int.

    Raises:
        TypeError: a space without a classifier head (e.g. Text).
    """
    head = MultiClassHead if isinstance(_head_dims(space), list) else MultiLabelHead
    return head(in_features, space, linear_layer=linear_layer)


class DiscriminativeClassHead(nn.Module):
    """ADCGAN's discriminative classifier (Hou et al. 2022): per attribute of the space's
    categorical view, ``2 n_a`` logits, a real and a fake copy of each value
    (even columns real, odd fake).

    Args:
        in_features: ``F``.
        space: a space with ``class_sizes`` (Categorical, MultiCategorical, MultiLabel).
        linear_layer: ``nn.Linear`` or ``sn_linear``.

    Shapes: ``h`` (B, F) -> a list with one ``(B, 2 n_a)`` tensor per attribute. Use it
    as ``Critic(..., extra_heads={"adc": DiscriminativeClassHead(F, space)})`` with
    :class:`~condgan.losses.DiscriminativeAuxiliary`.
    """

    def __init__(
        self, in_features: int, space: ConditionSpace, *, linear_layer: LinearLayer = nn.Linear
    ) -> None:
        super().__init__()
        if not isinstance(space, ConditionSpace):
            raise TypeError(f"space must be a ConditionSpace, got {type(space).__name__}")
        self.space = space
        self.in_features = check_count(in_features, "in_features")
        self.heads = nn.ModuleList(linear_layer(in_features, 2 * n) for n in space.class_sizes)

    def forward(self, h: Tensor, y: Tensor | None = None) -> list[Tensor]:
        check_features(h, self.in_features)
        return [head(h) for head in self.heads]
