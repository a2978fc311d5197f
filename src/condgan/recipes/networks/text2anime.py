"""R4 ``text2anime``'s networks: a text-conditioned DCGAN generator and a matching-aware critic."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from torch import nn

from condgan.conditions import ConditionSpace, Projection
from condgan.heads import Critic, SpatialConcatHead
from condgan.layers import LinearToMap
from condgan.models import DCGANBackbone, DCGANGenerator, register

__all__ = ["r4_critic", "r4_generator"]

_ALL = ("categorical", "multi_categorical", "multi_label", "text")


@register(
    "r4_generator", kind="generator", spaces=_ALL,
    tiny={"nz": 8, "image_size": 32, "widths": (16, 8, 8), "text_dim": 8},
)  # fmt: skip
def r4_generator(
    space: ConditionSpace,
    *,
    nz: int = 100,
    image_size: int = 64,
    widths: Sequence[int] = (512, 256, 128, 64),
    text_dim: int = 256,
    noise: str = "uniform",
) -> DCGANGenerator:
    """R4's generator: the sentence embedding -> linear + ReLU -> 256 dims, joined to uniform
    ``z`` (100); linear to 4x4x512, BN, ReLU; four 5x5 stride-2 transposed convs with 256,
    128, 64, 3 maps (BN + ReLU between, tanh). BN momentum 0.1 in PyTorch's convention is
    TensorFlow's 0.9.
    """
    return DCGANGenerator(
        space, encoder=Projection(space, text_dim, act_layer=nn.ReLU), nz=nz,
        image_size=image_size, widths=widths, first_size=4, first_block=LinearToMap,
        kernel_size=5, norm_layer=functools.partial(nn.BatchNorm2d, eps=1e-5, momentum=0.1),
        act_layer=nn.ReLU, noise=noise,
    )  # fmt: skip


@register(
    "r4_critic", kind="critic", spaces=_ALL,
    tiny={"image_size": 32, "widths": (8, 8, 8), "text_dim": 8, "hidden": 8},
)  # fmt: skip
def r4_critic(
    space: ConditionSpace,
    *,
    image_size: int = 64,
    widths: Sequence[int] = (64, 128, 256, 512),
    text_dim: int = 256,
    hidden: int = 512,
) -> Critic:
    """R4's matching-aware critic: four 5x5 stride-2 convs (64 ... 512), LeakyReLU 0.2, BN on
    the last three; the text embedding (linear + ReLU to 256) is broadcast over the 4x4 map
    and concatenated (:class:`~condgan.heads.SpatialConcatHead`), then a 1x1 conv to
    ``hidden`` maps and a 4x4 conv to the score. Scored on (real, right text), (real, wrong
    text) and (fake, right text) pairs by the loss.
    """
    backbone = DCGANBackbone(
        image_size=image_size, widths=widths, kernel_size=5, norm_layer=nn.BatchNorm2d
    )
    encoder = Projection(space, text_dim, act_layer=nn.ReLU)
    return Critic(
        backbone,
        adversarial=SpatialConcatHead(backbone.feature_shape, encoder, hidden=hidden),
        space=space,
    )
