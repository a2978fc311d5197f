"""The five reports' networks as registered builders (paper size by default, widths as arguments).

Every builder takes only plain values (a condition space, ints, floats,
strings, sequences) so that :func:`~condgan.models.create` can record them in a
checkpoint. ``image_size`` and the widths shrink the networks to CPU scale.

========================  ==============================================================
name                      network
========================  ==============================================================
``dcgan_generator``       :class:`~condgan.models.DCGANGenerator` (all options)
``dcgan_critic``          :func:`dcgan_critic`: DCGAN backbone + a chosen head
``srresnet_generator``    :class:`~condgan.models.SRResNetGenerator`
``infogan_generator``     :class:`~condgan.models.InfoGANGenerator`
``r1_generator``          R1 "hidden concat" G (fixed 16-dim embeddings, 8x8 first block)
``r1_critic``             R1 SN critic, concat adversarial head (512 + 15), 4 aux heads
``r2_generator``          R2 G (linear 124 -> 128, 5 transposed convs, no conv bias)
``r2_critic``             R2 D (4 convs, no bias; adversarial 4x4 conv; multi-label head)
``r3_acgan_generator``    R3 ACGAN G (latent 200, five up-blocks)
``r3_acgan_critic``       R3 ACGAN D (five convs, adversarial + four classifier heads)
``r3_infogan_generator``  R3 InfoGAN G (linear, 3 x (BN, Upsample, Conv))
``r3_infogan_critic``     R3 InfoGAN D (4 x (Conv, LeakyReLU, Dropout2d), 3 heads)
``r4_generator``          R4 G (text -> 256 + ReLU, uniform z, 5x5 up-convs)
``r4_critic``             R4 matching-aware D (5x5 convs, BN, text joins the 4x4 map)
``r5_generator``          R5 SRResNet G (16 residual blocks, pixel shuffle)
``r5_critic``             R5 SN residual D, adversarial + 23-way multi-label heads
========================  ==============================================================
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from torch import nn

from condgan.conditions import ConditionSpace, OneHot, Projection
from condgan.heads import (
    AdversarialHead,
    ConcatAdversarialHead,
    Critic,
    InfoHead,
    ProjectionHead,
    SpatialConcatHead,
    auxiliary_head,
)
from condgan.layers import sn_conv2d, sn_linear
from condgan.models.dcgan import DCGANBackbone, DCGANGenerator
from condgan.models.infogan import InfoGANGenerator
from condgan.models.registry import register
from condgan.models.srresnet import SRResNetBackbone, SRResNetGenerator

__all__ = [
    "ADVERSARIAL_HEADS",
    "dcgan_critic",
    "r1_critic",
    "r1_generator",
    "r2_critic",
    "r2_generator",
    "r3_acgan_critic",
    "r3_acgan_generator",
    "r3_infogan_critic",
    "r3_infogan_generator",
    "r4_critic",
    "r4_generator",
    "r5_critic",
    "r5_generator",
]

ALL = ("categorical", "multi_categorical", "multi_label", "text")
CLASSES = ("categorical", "multi_categorical", "multi_label")


def _plain(in_features: int, space: ConditionSpace, linear_layer, bias: bool) -> nn.Module:
    return AdversarialHead(in_features, linear_layer=linear_layer, bias=bias)


def _concat(in_features: int, space: ConditionSpace, linear_layer, bias: bool) -> nn.Module:
    return ConcatAdversarialHead(in_features, OneHot(space), linear_layer=linear_layer)


def _projection(in_features: int, space: ConditionSpace, linear_layer, bias: bool) -> nn.Module:
    return ProjectionHead(in_features, space, linear_layer=linear_layer, bias=bias)


#: adversarial head name -> ``build(in_features, space, linear_layer, bias)``.
ADVERSARIAL_HEADS: dict[str, Callable[..., nn.Module]] = {
    "adversarial": _plain,
    "concat": _concat,
    "projection": _projection,
}


def _adv_head(head: str, in_features: int, space, linear_layer, bias: bool = True) -> nn.Module:
    if head not in ADVERSARIAL_HEADS:
        raise ValueError(f"head must be one of {sorted(ADVERSARIAL_HEADS)}, got {head!r}")
    return ADVERSARIAL_HEADS[head](in_features, space, linear_layer, bias)


def _tiny(**kw):
    return kw


# -- generic -------------------------------------------------------------------------

register(
    "dcgan_generator", kind="generator", spaces=ALL,
    tiny=_tiny(nz=8, image_size=32, widths=(16, 8, 8)),
)(DCGANGenerator)  # fmt: skip
register(
    "srresnet_generator", kind="generator", spaces=ALL,
    tiny=_tiny(nz=8, image_size=32, width=8, num_blocks=1, num_upsamples=2),
)(SRResNetGenerator)  # fmt: skip
register(
    "infogan_generator", kind="generator", spaces=ALL,
    tiny=_tiny(nz=8, image_size=32, widths=(8, 8), categorical=(3,), continuous=2),
)(InfoGANGenerator)  # fmt: skip


@register("dcgan_critic", kind="critic", spaces=ALL, tiny=_tiny(image_size=32, widths=(8, 8, 8)))
def dcgan_critic(
    space: ConditionSpace,
    *,
    image_size: int = 64,
    channels: int = 3,
    widths: Sequence[int] = (64, 128, 256, 512),
    kernel_size: int = 4,
    final_width: int | None = None,
    spectral_norm: bool = False,
    norm: str = "none",
    dropout: float = 0.0,
    bias: bool = True,
    condition_channels: bool = False,
    head: str = "projection",
    auxiliary: bool = False,
) -> Critic:
    """A DCGAN critic: :class:`~condgan.models.DCGANBackbone` + an adversarial head (+ aux).

    Args:
        head: ``"adversarial"`` (ignores ``y``), ``"concat"`` (one-hot ``y`` joined
            to the features) or ``"projection"``.
        auxiliary: add the space's classifier head (multi-class or multi-label).
        condition_channels: concatenate the one-hot ``y`` to the image channels.
        spectral_norm: spectral norm on every conv and linear layer.
        Others: as :class:`~condgan.models.DCGANBackbone`.
    """
    conv = sn_conv2d if spectral_norm else nn.Conv2d
    lin = sn_linear if spectral_norm else nn.Linear
    backbone = DCGANBackbone(
        image_size=image_size, channels=channels, widths=widths, kernel_size=kernel_size,
        final_width=final_width, conv_layer=conv, norm_layer=norm, dropout=dropout, bias=bias,
        space=space if condition_channels else None,
        encoder="one_hot" if condition_channels else None,
    )  # fmt: skip
    return Critic(
        backbone,
        adversarial=_adv_head(head, backbone.out_dim, space, lin, bias),
        auxiliary=auxiliary_head(backbone.out_dim, space, linear_layer=lin) if auxiliary else None,
        space=space,
    )


# -- R1: cartoon-acwgan ----------------------------------------------------------------


@register(
    "r1_generator", kind="generator", spaces=CLASSES,
    tiny=_tiny(nz=8, image_size=32, widths=(16, 8, 8, 8), embed_dim=4),
)  # fmt: skip
def r1_generator(
    space: ConditionSpace,
    *,
    nz: int = 100,
    image_size: int = 128,
    widths: Sequence[int] = (1024, 512, 256, 128),
    embed_dim: int = 16,
    hidden_concat: bool = True,
    norm: str = "bn",
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

    Variants: ``hidden_concat=False`` ("only input"), ``norm="cbn"``
    (conditional BN instead of BN).
    """
    return DCGANGenerator(
        space, nz=nz, image_size=image_size, widths=widths,
        first_size=image_size // 2 ** len(widths), first="convt", encoder="fixed",
        encoder_dim=embed_dim, input_concat=True,
        hidden_concat_after=(1, 2, 3) if hidden_concat else (), norm_layer=norm,
        act_layer="relu", dropout=dropout, noise=noise,
    )  # fmt: skip


@register(
    "r1_critic", kind="critic", spaces=("categorical", "multi_categorical"),
    tiny=_tiny(image_size=32, widths=(8, 8, 8), final_width=8),
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
        image_size=image_size, widths=widths, final_width=final_width, conv_layer=sn_conv2d,
        norm_layer=None, negative_slope=0.2,
    )  # fmt: skip
    return Critic(
        backbone,
        adversarial=ConcatAdversarialHead(backbone.out_dim, OneHot(space), linear_layer=sn_linear),
        auxiliary=auxiliary_head(backbone.out_dim, space, linear_layer=sn_linear),
        space=space,
    )


# -- R2: iclevr-acwgan-gp ---------------------------------------------------------------


@register(
    "r2_generator", kind="generator", spaces=ALL,
    tiny=_tiny(nz=8, image_size=32, widths=(16, 8, 8), stem_dim=8),
)  # fmt: skip
def r2_generator(
    space: ConditionSpace,
    *,
    nz: int = 100,
    image_size: int = 64,
    widths: Sequence[int] = (512, 256, 128, 64),
    stem_dim: int = 128,
) -> DCGANGenerator:
    """R2's generator: 3,822,080 parameters at paper size (24 labels, z 100).

    ``Linear(100 + 24 -> 128)`` with bias (16,000) on ``[z, multi-hot y]``,
    reshaped to 128x1x1; transposed convs 4x4 without bias: 128 -> 512 (4x4,
    stride 1; 1,048,576), 512 -> 256 (2,097,152), 256 -> 128 (524,288),
    128 -> 64 (131,072), 64 -> 3 (3,072), all but the first stride 2; BN after
    each but the last (1,024 + 512 + 256 + 128), ReLU, tanh. No activation
    after the linear layer (the report's summary table shows none).
    """
    return DCGANGenerator(
        space, nz=nz, image_size=image_size, widths=widths, first_size=4, first="convt",
        stem_dim=stem_dim, encoder="one_hot", norm_layer="bn", act_layer="relu", bias=False,
    )  # fmt: skip


@register("r2_critic", kind="critic", spaces=CLASSES, tiny=_tiny(image_size=32, widths=(8, 8, 8)))
def r2_critic(
    space: ConditionSpace,
    *,
    image_size: int = 64,
    widths: Sequence[int] = (64, 128, 256, 512),
    head: str = "adversarial",
    auxiliary: bool = True,
) -> Critic:
    """R2's critic: 2,960,408 parameters at paper size (24 labels).

    Convs 4x4 stride 2 without bias, 64, 128, 256, 512 maps (3,072 + 131,072 +
    524,288 + 2,097,152), LeakyReLU 0.2, no BN; features 512x4x4 = 8192. The
    adversarial head is the report's 4x4 conv from 512 maps to 1 without bias
    over the 4x4 map, which is exactly a linear layer ``8192 -> 1`` without bias
    on the flattened features (8,192); the auxiliary head is
    ``Linear(8192 -> 24)`` with bias (196,632), sigmoid in the loss.

    Variant: the plain conditional GAN compared in the report is
    ``head="concat"`` or ``"projection"`` with ``auxiliary=False``.
    """
    backbone = DCGANBackbone(
        image_size=image_size, widths=widths, bias=False, norm_layer=None, negative_slope=0.2
    )
    return Critic(
        backbone,
        adversarial=_adv_head(head, backbone.out_dim, space, nn.Linear, bias=False),
        auxiliary=auxiliary_head(backbone.out_dim, space) if auxiliary else None,
        space=space,
    )


# -- R3: cartoon-acgan and cartoon-infogan ------------------------------------------------


@register(
    "r3_acgan_generator", kind="generator", spaces=ALL,
    tiny=_tiny(nz=8, image_size=32, widths=(8, 8, 8)),
)  # fmt: skip
def r3_acgan_generator(
    space: ConditionSpace,
    *,
    nz: int = 200,
    image_size: int = 128,
    widths: Sequence[int] = (1024, 512, 256, 128, 64),
    act: str = "relu",
) -> DCGANGenerator:
    """R3's ACGAN generator: ``[z (200), one-hot y]``, five transposed conv + BN + act blocks
    (4x4 first block, then x2 each: 4 -> 128), a last transposed conv to 3 maps, tanh.
    Variants: ``nz=100``; ``act="leaky_relu"``.
    """
    return DCGANGenerator(
        space, nz=nz, image_size=image_size, widths=widths, first_size=4, first="convt",
        encoder="one_hot", norm_layer="bn", act_layer=act,
    )  # fmt: skip


@register(
    "r3_acgan_critic", kind="critic", spaces=CLASSES, tiny=_tiny(image_size=32, widths=(8, 8, 8))
)
def r3_acgan_critic(
    space: ConditionSpace,
    *,
    image_size: int = 128,
    widths: Sequence[int] = (64, 128, 256, 512, 1024),
) -> Critic:
    """R3's ACGAN critic: five Conv 4x4 stride 2 + LeakyReLU 0.2 blocks (128 -> 4), a
    linear adversarial output and one linear classifier per attribute (BCE / CE in the loss).
    """
    backbone = DCGANBackbone(image_size=image_size, widths=widths, norm_layer=None)
    return Critic(
        backbone,
        adversarial=AdversarialHead(backbone.out_dim),
        auxiliary=auxiliary_head(backbone.out_dim, space),
        space=space,
    )


def _codes(space: ConditionSpace, categorical: Sequence[int] | None) -> tuple[int, ...]:
    if categorical is not None:
        return tuple(categorical)
    return tuple(size for _, size in space.groups) or (10,)


@register(
    "r3_infogan_generator", kind="generator", spaces=ALL,
    tiny=_tiny(nz=8, image_size=32, widths=(8, 8)),
)  # fmt: skip
def r3_infogan_generator(
    space: ConditionSpace,
    *,
    nz: int = 62,
    image_size: int = 128,
    widths: Sequence[int] = (128, 64),
    categorical: Sequence[int] | None = None,
    continuous: int = 2,
    use_condition: bool = False,
) -> InfoGANGenerator:
    """R3's InfoGAN generator (unsupervised conditional generation).

    ``[z, codes] -> linear -> 3 x (BN, Upsample, Conv) -> tanh``. By default one
    categorical code per attribute of the space (cartoon: 6, 4, 3, 2 classes),
    so the codes can discover the attributes, and 2 continuous codes;
    ``use_condition=True`` also feeds ``y``.
    """
    return InfoGANGenerator(
        space, nz=nz, image_size=image_size, widths=widths,
        categorical=_codes(space, categorical), continuous=continuous,
        use_condition=use_condition,
    )  # fmt: skip


@register(
    "r3_infogan_critic", kind="critic", spaces=ALL,
    tiny=_tiny(image_size=32, widths=(8, 8, 8, 8)),
)  # fmt: skip
def r3_infogan_critic(
    space: ConditionSpace,
    *,
    image_size: int = 128,
    widths: Sequence[int] = (16, 32, 64, 128),
    categorical: Sequence[int] | None = None,
    continuous: int = 2,
    dropout: float = 0.25,
) -> Critic:
    """R3's InfoGAN critic: four (Conv 3x3 stride 2, LeakyReLU 0.2, Dropout2d) blocks and
    three linear heads: adversarial (least squares in the loss), categorical codes
    (cross-entropy) and continuous codes (mean, MSE in the loss; no log-scale).
    ``y`` is checked but not used.
    """
    backbone = DCGANBackbone(
        image_size=image_size, widths=widths, kernel_size=3, dropout=dropout,
        dropout_layer=nn.Dropout2d, norm_layer=None,
    )  # fmt: skip
    return Critic(
        backbone,
        adversarial=AdversarialHead(backbone.out_dim),
        info=InfoHead(
            backbone.out_dim, categorical=_codes(space, categorical), continuous=continuous,
            predict_log_scale=False,
        ),
        space=space,
    )  # fmt: skip


# -- R4: text2anime --------------------------------------------------------------------------


@register(
    "r4_generator", kind="generator", spaces=ALL,
    tiny=_tiny(nz=8, image_size=32, widths=(16, 8, 8), text_dim=8),
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
        space, nz=nz, image_size=image_size, widths=widths, first_size=4, first="linear",
        kernel_size=5, encoder="projection", encoder_dim=text_dim,
        norm_layer=functools.partial(nn.BatchNorm2d, eps=1e-5, momentum=0.1),
        act_layer="relu", noise=noise,
    )  # fmt: skip


@register(
    "r4_critic", kind="critic", spaces=ALL,
    tiny=_tiny(image_size=32, widths=(8, 8, 8), text_dim=8, hidden=8),
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
        image_size=image_size, widths=widths, kernel_size=5, norm_layer="bn",
        negative_slope=0.2,
    )  # fmt: skip
    encoder = Projection(space, text_dim, act_layer=nn.ReLU)
    return Critic(
        backbone,
        adversarial=SpatialConcatHead(backbone.feature_shape, encoder, hidden=hidden),
        space=space,
    )


# -- R5: anime-srresnet-dragan --------------------------------------------------------------


@register(
    "r5_generator", kind="generator", spaces=ALL,
    tiny=_tiny(nz=8, image_size=32, width=8, num_blocks=1, num_upsamples=2),
)  # fmt: skip
def r5_generator(
    space: ConditionSpace,
    *,
    nz: int = 100,
    image_size: int = 96,
    width: int = 64,
    num_blocks: int = 16,
    num_upsamples: int = 3,
) -> SRResNetGenerator:
    """R5's SRResNet generator (see :class:`~condgan.models.SRResNetGenerator`)."""
    return SRResNetGenerator(
        space, nz=nz, image_size=image_size, width=width, num_blocks=num_blocks,
        num_upsamples=num_upsamples,
    )  # fmt: skip


@register(
    "r5_critic", kind="critic", spaces=CLASSES,
    tiny=_tiny(image_size=32, widths=(8, 8), kernels=(4, 3), blocks=(1, 0)),
)  # fmt: skip
def r5_critic(
    space: ConditionSpace,
    *,
    image_size: int = 96,
    widths: Sequence[int] = (32, 64, 128, 256, 512, 1024),
    kernels: Sequence[int] = (4, 4, 4, 3, 3, 3),
    blocks: Sequence[int] = (2, 4, 4, 4, 4, 0),
    spectral_norm: bool = True,
) -> Critic:
    """R5's critic: :class:`~condgan.models.SRResNetBackbone` with spectral norm, a linear
    adversarial output and a linear multi-label branch (23 tags), both spectral-normed.

    ``spectral_norm=False`` builds the same network with plain convolutions and linear
    layers (R5's ``no-sn`` ablation).
    """
    if not isinstance(spectral_norm, bool):
        raise TypeError(f"spectral_norm must be a bool, got {spectral_norm!r}")
    conv, linear = (sn_conv2d, sn_linear) if spectral_norm else (nn.Conv2d, nn.Linear)
    backbone = SRResNetBackbone(
        image_size=image_size, widths=widths, kernels=kernels, blocks=blocks, conv_layer=conv
    )
    return Critic(
        backbone,
        adversarial=AdversarialHead(backbone.out_dim, linear_layer=linear),
        auxiliary=auxiliary_head(backbone.out_dim, space, linear_layer=linear),
        space=space,
    )
