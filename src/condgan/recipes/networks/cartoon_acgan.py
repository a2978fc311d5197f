"""R3 ``cartoon-acgan``'s networks: a DCGAN generator and a critic with per-attribute heads."""

from __future__ import annotations

from collections.abc import Sequence

from torch import nn

from condgan.conditions import ConditionSpace, OneHot
from condgan.heads import AdversarialHead, Critic, auxiliary_head
from condgan.models import DCGANBackbone, DCGANGenerator, names, register

__all__ = ["r3_acgan_critic", "r3_acgan_generator"]


@register(
    "r3_acgan_generator", kind="generator",
    spaces=("categorical", "multi_categorical", "multi_label", "text"),
    tiny={"nz": 8, "image_size": 32, "widths": (8, 8, 8)},
)  # fmt: skip
def r3_acgan_generator(
    space: ConditionSpace,
    *,
    nz: int = 200,
    image_size: int = 128,
    widths: Sequence[int] = (1024, 512, 256, 128, 64),
    act_layer: str = "relu",
) -> DCGANGenerator:
    """R3's ACGAN generator: ``[z (200), one-hot y]``, five transposed conv + BN + act blocks
    (4x4 first block, then x2 each: 4 -> 128), a last transposed conv to 3 maps, tanh.
    Variants: ``nz=100``; ``act_layer="leaky_relu"`` (slope 0.2).
    """
    return DCGANGenerator(
        space, encoder=OneHot(space), nz=nz, image_size=image_size, widths=widths, first_size=4,
        norm_layer=nn.BatchNorm2d, act_layer=names.act_layer(act_layer),
    )  # fmt: skip


@register(
    "r3_acgan_critic", kind="critic", spaces=("categorical", "multi_categorical", "multi_label"),
    tiny={"image_size": 32, "widths": (8, 8, 8)},
)  # fmt: skip
def r3_acgan_critic(
    space: ConditionSpace,
    *,
    image_size: int = 128,
    widths: Sequence[int] = (64, 128, 256, 512, 1024),
) -> Critic:
    """R3's ACGAN critic: five Conv 4x4 stride 2 + LeakyReLU 0.2 blocks (128 -> 4), a
    linear adversarial output and one linear classifier per attribute (BCE / CE in the loss).
    """
    backbone = DCGANBackbone(image_size=image_size, widths=widths)
    return Critic(
        backbone,
        adversarial=AdversarialHead(backbone.out_dim),
        auxiliary=auxiliary_head(backbone.out_dim, space),
        space=space,
    )
