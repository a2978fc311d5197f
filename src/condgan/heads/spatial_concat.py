"""``SpatialConcatHead``: Reed et al.'s matching-aware joint layers (R4)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from einops import rearrange
from torch import Tensor, nn

from condgan.conditions import ConditionSpace, hidden_concat
from condgan.conditions.space import check_count
from condgan.heads.features import check_features

__all__ = ["SpatialConcatHead"]


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
        check_features(h, self.in_features)
        c, hh, ww = self.feature_shape
        fmap = rearrange(h, "b (c h w) -> b c h w", c=c, h=hh, w=ww)
        joint = hidden_concat(fmap, self.encoder(y).to(h.dtype))
        return rearrange(self.out(self.act(self.joint(joint))), "b 1 1 1 -> b")
