"""Critic heads: each reads the backbone's features ``h (B, F)`` and, where needed, ``y``.

==============================  ==========================================  =================
head                            how it uses ``y``                           output
==============================  ==========================================  =================
:class:`AdversarialHead`        not at all                                  ``(B,)``
:class:`ConcatAdversarialHead`  ``[h, encoder(y)]`` into a linear/MLP       ``(B,)``
:class:`SpatialConcatHead`      ``encoder(y)`` joins the feature map        ``(B,)``
:class:`ProjectionHead`         ``w.h + b + <V vector(y), h>``              ``(B,)``
:class:`MultiClassHead`         predicts it (one softmax per attribute)     list of ``(B, n_a)``
:class:`MultiLabelHead`         predicts it (one sigmoid per label)         ``(B, n)``
:class:`InfoHead`               not at all (predicts InfoGAN codes)         :class:`InfoOutput`
==============================  ==========================================  =================

Matching-aware use (R4) needs no head of its own: the critic, with a
conditional adversarial head (concat or projection), is scored on real images
with a *mismatched* ``y`` (built by :mod:`condgan.losses`) as a third kind of
pair.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import torch
from einops import rearrange
from torch import Tensor, nn

from condgan.conditions import (
    Categorical,
    ConditionSpace,
    MultiCategorical,
    MultiLabel,
    hidden_concat,
)
from condgan.conditions.space import check_count
from condgan.types import InfoOutput

__all__ = [
    "AdversarialHead",
    "ConcatAdversarialHead",
    "InfoHead",
    "MultiClassHead",
    "MultiLabelHead",
    "ProjectionHead",
    "SpatialConcatHead",
    "auxiliary_head",
]

LinearLayer = Callable[..., nn.Module]


def _check_h(h: Tensor, in_features: int) -> Tensor:
    if not isinstance(h, Tensor):
        raise TypeError(
            f"h must be a tensor of features (B, {in_features}), got {type(h).__name__}"
        )
    if h.dim() != 2 or h.shape[1] != in_features:
        raise ValueError(f"h must have shape (B, {in_features}), got {tuple(h.shape)}")
    return h


def _check_space(space: ConditionSpace, kinds: tuple[type, ...], head: str) -> ConditionSpace:
    if not isinstance(space, kinds):
        names = ", ".join(k.__name__ for k in kinds)
        raise TypeError(f"{head} needs a {names} space, got {type(space).__name__}")
    return space


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
        return self.linear(_check_h(h, self.in_features)).squeeze(1)


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
        _check_h(h, self.in_features)
        c = self.encoder(y).to(h.dtype)
        return self.net(torch.cat([h, c], dim=1)).squeeze(1)


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
        _check_h(h, self.in_features)
        self.space.validate(y, check_values=False)
        v = self.space.to_vector(y).to(h.dtype)
        return self.linear(h).squeeze(1) + (self.embed(v) * h).sum(dim=1)


class MultiClassHead(nn.Module):
    """One linear classifier per categorical attribute (softmax in the loss).

    Args:
        in_features: ``F``.
        space: a Categorical (one attribute) or MultiCategorical space.
        linear_layer: ``nn.Linear`` or ``sn_linear``.

    Shapes: ``h`` (B, F) -> a list with one ``(B, n_a)`` logits tensor per attribute.
    """

    def __init__(
        self, in_features: int, space: ConditionSpace, *, linear_layer: LinearLayer = nn.Linear
    ) -> None:
        super().__init__()
        self.space = _check_space(space, (Categorical, MultiCategorical), "MultiClassHead")
        self.in_features = check_count(in_features, "in_features")
        self.sizes = [size for _, size in space.groups]
        self.heads = nn.ModuleList(linear_layer(in_features, n) for n in self.sizes)

    def forward(self, h: Tensor, y: Tensor | None = None) -> list[Tensor]:
        _check_h(h, self.in_features)
        return [head(h) for head in self.heads]


class MultiLabelHead(nn.Module):
    """One logit per label of a MultiLabel space (sigmoid in the loss).

    Shapes: ``h`` (B, F) -> (B, n).
    """

    def __init__(
        self, in_features: int, space: ConditionSpace, *, linear_layer: LinearLayer = nn.Linear
    ) -> None:
        super().__init__()
        self.space = _check_space(space, (MultiLabel,), "MultiLabelHead")
        self.in_features = check_count(in_features, "in_features")
        self.linear = linear_layer(in_features, space.vector_dim)

    def forward(self, h: Tensor, y: Tensor | None = None) -> Tensor:
        return self.linear(_check_h(h, self.in_features))


_AUX = {Categorical: MultiClassHead, MultiCategorical: MultiClassHead, MultiLabel: MultiLabelHead}


def auxiliary_head(
    in_features: int, space: ConditionSpace, *, linear_layer: LinearLayer = nn.Linear
) -> nn.Module:
    """The auxiliary classifier head that fits ``space`` (multi-class or multi-label).

    Raises:
        TypeError: a space without a classifier head (Text).
    """
    head = _AUX.get(type(space))
    if head is None:
        raise TypeError(
            f"no auxiliary classifier head for {type(space).__name__}; supported: "
            f"{sorted(k.__name__ for k in _AUX)}"
        )
    return head(in_features, space, linear_layer=linear_layer)


class InfoHead(nn.Module):
    """InfoGAN's code head Q: categorical-code logits and continuous-code mean / log-scale.

    Args:
        in_features: ``F``.
        categorical: the number of classes of each categorical code.
        continuous: number of continuous codes.
        hidden: optional hidden width (linear -> LeakyReLU) shared by the outputs.
        predict_log_scale: also predict a log standard deviation per continuous code.
        linear_layer: ``nn.Linear`` or ``sn_linear``.

    Shapes: ``h`` (B, F) -> :class:`~condgan.types.InfoOutput` with ``categorical``
    a list of ``(B, k_i)``, ``mean`` and ``log_scale`` ``(B, continuous)``.
    """

    space: ConditionSpace | None = None

    def __init__(
        self,
        in_features: int,
        *,
        categorical: Sequence[int] = (),
        continuous: int = 0,
        hidden: int | None = None,
        predict_log_scale: bool = True,
        linear_layer: LinearLayer = nn.Linear,
    ) -> None:
        super().__init__()
        self.in_features = check_count(in_features, "in_features")
        self.categorical = [check_count(k, "categorical[i]") for k in categorical]
        if isinstance(continuous, bool) or not isinstance(continuous, int) or continuous < 0:
            raise ValueError(f"continuous must be an int >= 0, got {continuous!r}")
        if not self.categorical and continuous == 0:
            raise ValueError("InfoHead needs at least one categorical or continuous code")
        self.continuous = continuous
        width = in_features
        self.trunk: nn.Module = nn.Identity()
        if hidden:
            self.trunk = nn.Sequential(linear_layer(in_features, hidden), nn.LeakyReLU(0.2))
            width = hidden
        self.cat_heads = nn.ModuleList(linear_layer(width, k) for k in self.categorical)
        self.mean = linear_layer(width, continuous) if continuous else None
        self.log_scale = (
            linear_layer(width, continuous) if continuous and predict_log_scale else None
        )

    def forward(self, h: Tensor, y: Tensor | None = None) -> InfoOutput:
        t = self.trunk(_check_h(h, self.in_features))
        return InfoOutput(
            categorical=[head(t) for head in self.cat_heads],
            mean=self.mean(t) if self.mean is not None else None,
            log_scale=self.log_scale(t) if self.log_scale is not None else None,
        )


class SpatialConcatHead(nn.Module):
    """Reed et al.'s matching-aware joint layers (R4): the condition joins the feature *map*.

    ``h`` is viewed as its map ``(B, C, H, W)``; ``encoder(y)`` is broadcast over
    ``H x W`` and concatenated on channels; a 1x1 conv to ``hidden`` maps,
    LeakyReLU, and an ``H x W`` conv to one score follow.

    Args:
        feature_shape: ``(C, H, W)`` of the backbone's last map (``F = C*H*W``).
        encoder: ``y -> (B, D)`` with ``out_dim`` and ``space``.
        hidden: maps of the 1x1 conv (R4: 512).
        conv_layer: ``nn.Conv2d`` or ``sn_conv2d``.
        negative_slope: LeakyReLU slope.

    Shapes: ``h`` (B, C*H*W), ``y`` -> (B,).
    """

    def __init__(
        self,
        feature_shape: Sequence[int],
        encoder: nn.Module,
        *,
        hidden: int = 512,
        conv_layer: Callable[..., nn.Module] = nn.Conv2d,
        negative_slope: float = 0.2,
    ) -> None:
        super().__init__()
        if not isinstance(getattr(encoder, "space", None), ConditionSpace):
            raise TypeError("encoder must be a condition encoder with a .space and .out_dim")
        if len(feature_shape) != 3:
            raise ValueError(f"feature_shape must be (C, H, W), got {tuple(feature_shape)}")
        c, hh, ww = (check_count(v, "feature_shape[i]") for v in feature_shape)
        self.feature_shape = (c, hh, ww)
        self.in_features = c * hh * ww
        self.encoder = encoder
        self.space = encoder.space
        self.joint = conv_layer(c + int(encoder.out_dim), hidden, 1)
        self.act = nn.LeakyReLU(negative_slope)
        self.out = conv_layer(hidden, 1, (hh, ww))

    def forward(self, h: Tensor, y: Tensor) -> Tensor:
        _check_h(h, self.in_features)
        c, hh, ww = self.feature_shape
        fmap = rearrange(h, "b (c h w) -> b c h w", c=c, h=hh, w=ww)
        joint = hidden_concat(fmap, self.encoder(y).to(h.dtype))
        return rearrange(self.out(self.act(self.joint(joint))), "b 1 1 1 -> b")
