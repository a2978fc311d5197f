"""R1 ``cartoon-acwgan``'s networks: a hidden-concat DCGAN generator and a spectral-norm critic."""

from __future__ import annotations

from collections.abc import Sequence

from torch import nn

from condgan.conditions import ConditionSpace, FixedEmbedding, HiddenConcat, InputConcat, OneHot
from condgan.heads import ConcatAdversarialHead, Critic, auxiliary_head
from condgan.layers import sn_conv2d, sn_linear
from condgan.models import DCGANBackbone, DCGANGenerator, names, register

__all__ = ["r1_critic", "r1_generator"]


@register(
    "r1_generator", kind="generator", spaces=("categorical", "multi_categorical", "multi_label"),
    tiny={"nz": 8, "image_size": 32, "widths": (16, 8, 8, 8), "embed_dim": 4},
)  # fmt: skip
def r1_generator(
    space: ConditionSpace,
    *,
    nz: int = 100,
    image_size: int = 128,
    widths: Sequence[int] = (1024, 512, 256, 128),
    embed_dim: int = 16,
    hidden_concat: bool = True,
    norm_layer: str = "bn",
    dropout: Sequence[float] = (0.5, 0.5, 0.0, 0.5),
    noise: str = "normal",
) -> DCGANGenerator:
    """R1's "hidden concat" generator.

    Each attribute is embedded by a fixed N(0, 1) table into ``embed_dim`` dims
    (4 x 16 = 64), concatenated to ``z``; a transposed conv with an 8x8 kernel
    turns the 1x1 input into an 8x8 map with 1024 maps (the report's "4x4
    stride 1" cannot give 8x8; an 8x8 kernel makes the sizes consistent:
    8 -> 16 -> 32 -> 64 -> 128); then 512, 256, 128 and 3 maps (4x4, stride 2),
    BN + ReLU but the last (tanh), dropout 0.5 after blocks 1, 2 and 4, and the
    64-dim embedding broadcast and concatenated after blocks 1, 2 and 3.

    Variants: ``hidden_concat=False`` ("only input"), ``norm_layer="cbn"``
    (conditional BN instead of BN).
    """
    encoder = FixedEmbedding(space, embed_dim)
    fusion: dict[int, nn.Module] = {0: InputConcat()}
    if hidden_concat:
        fusion.update({k: HiddenConcat() for k in (1, 2, 3)})
    return DCGANGenerator(
        space, encoder=encoder, nz=nz, image_size=image_size, widths=widths,
        first_size=image_size // 2 ** len(widths), fusion=fusion,
        norm_layer=names.norm_layer(norm_layer, encoder.out_dim), act_layer=nn.ReLU,
        dropout=dropout, noise=noise,
    )  # fmt: skip


@register(
    "r1_critic", kind="critic", spaces=("categorical", "multi_categorical"),
    tiny={"image_size": 32, "widths": (8, 8, 8), "final_width": 8},
)  # fmt: skip
def r1_critic(
    space: ConditionSpace,
    *,
    image_size: int = 128,
    widths: Sequence[int] = (32, 64, 128, 256, 512),
    final_width: int = 512,
) -> Critic:
    """R1's critic: spectral norm everywhere, no BN, LeakyReLU 0.2.

    Convs 4x4 stride 2 with 32, 64, 128, 256, 512 maps (128 -> 4), a 4x4
    stride-1 conv with 512 maps to 1x1, flattened to 512. Adversarial head: the
    one-hot labels (6 + 4 + 3 + 2 = 15) concatenated to the 512 features, a
    spectral-normed linear layer to 1. Auxiliary heads: spectral-normed linear
    layers to each attribute's classes (softmax in the loss).
    """
    backbone = DCGANBackbone(
        image_size=image_size, widths=widths, final_width=final_width, conv_layer=sn_conv2d
    )
    return Critic(
        backbone,
        adversarial=ConcatAdversarialHead(backbone.out_dim, OneHot(space), linear_layer=sn_linear),
        auxiliary=auxiliary_head(backbone.out_dim, space, linear_layer=sn_linear),
        space=space,
    )
