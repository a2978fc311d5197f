"""The generic families by name: plain-value builders that ``create`` records in checkpoints.

==========================  ===========================================================
name                        network
==========================  ===========================================================
``dcgan_generator``         :class:`~condgan.models.DCGANGenerator` (encoder, fusion, norm by name)
``dcgan_critic``            :class:`~condgan.models.DCGANBackbone` + a chosen adversarial head
``srresnet_generator``      :class:`~condgan.models.SRResNetGenerator`
``srresnet_critic``         :class:`~condgan.models.SRResNetBackbone` + adversarial (+ aux) heads
``infogan_generator``       :class:`~condgan.models.InfoGANGenerator`
==========================  ===========================================================

Every argument is a plain value (a condition space, ints, floats, strings,
sequences) so that a checkpoint can store it; parts are named (see
:mod:`condgan.models.names`). To compose parts freely, build the classes directly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from torch import nn

from condgan.conditions import ConditionSpace, HiddenConcat, InputConcat, OneHot
from condgan.heads import (
    AdversarialHead,
    ConcatAdversarialHead,
    Critic,
    ProjectionHead,
    auxiliary_head,
)
from condgan.layers import sn_conv2d, sn_linear
from condgan.models import names
from condgan.models.dcgan import DCGANBackbone, DCGANGenerator
from condgan.models.hierarchical_noise import HierarchicalNoise
from condgan.models.infogan import InfoGANGenerator
from condgan.models.registry import register
from condgan.models.sizes import doublings
from condgan.models.srresnet import SRResNetBackbone, SRResNetGenerator

__all__ = [
    "ADVERSARIAL_HEADS",
    "ALL_SPACES",
    "CLASS_SPACES",
    "adversarial_head",
    "dcgan_critic",
    "dcgan_generator",
    "infogan_generator",
    "srresnet_critic",
    "srresnet_generator",
]

#: Space kinds every family supports, and those with a finite vocabulary (class heads).
ALL_SPACES = ("categorical", "multi_categorical", "multi_label", "text")
CLASS_SPACES = ("categorical", "multi_categorical", "multi_label")


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


def adversarial_head(
    name: str,
    in_features: int,
    space: ConditionSpace,
    *,
    linear_layer: Callable[..., nn.Module] = nn.Linear,
    bias: bool = True,
) -> nn.Module:
    """The adversarial head named ``name`` (see :data:`ADVERSARIAL_HEADS`) on ``F`` features."""
    build = names.lookup(ADVERSARIAL_HEADS, name, "head")
    return build(in_features, space, linear_layer, bias)


@register(
    "dcgan_generator", kind="generator", spaces=ALL_SPACES,
    tiny={"nz": 8, "image_size": 32, "widths": (16, 8, 8)},
)  # fmt: skip
def dcgan_generator(
    space: ConditionSpace,
    *,
    nz: int = 100,
    image_size: int = 64,
    channels: int = 3,
    widths: Sequence[int] | None = None,
    first_size: int | None = None,
    first: str = "convt",
    stem_dim: int | None = None,
    kernel_size: int = 4,
    encoder: str = "one_hot",
    encoder_dim: int | None = None,
    input_concat: bool = True,
    hidden_concat: Sequence[int] = (),
    norm_layer: str = "bn",
    act_layer: str = "relu",
    dropout: float | Sequence[float] = 0.0,
    bias: bool = True,
    noise: str = "normal",
    init_std: float | None = 0.02,
    hierarchical_noise: bool = False,
) -> DCGANGenerator:
    """A :class:`~condgan.models.DCGANGenerator` from names.

    Args:
        first: ``"convt"`` or ``"linear"`` (:data:`~condgan.models.names.FIRST_BLOCKS`).
        encoder, encoder_dim: see :data:`~condgan.models.names.ENCODERS`.
        input_concat: :class:`~condgan.conditions.InputConcat` at the input.
        hidden_concat: blocks after which :class:`~condgan.conditions.HiddenConcat` joins ``c``.
        norm_layer: the norm by name (:data:`~condgan.models.names.NORMS`): ``"bn"``,
            ``"cbn"`` (conditional BN from ``c`` in every block) or ``"none"``.
        act_layer: the activation by name (:data:`~condgan.models.names.ACTIVATIONS`):
            ``"relu"``, ``"leaky_relu"`` (0.2), ...
        hierarchical_noise: BigGAN's skip-z (:class:`~condgan.models.HierarchicalNoise`);
            needs ``norm_layer="cbn"``, whose ``cond_dim`` per block is then the
            encoder's width plus the block's noise chunk. BigGAN's conditioning is
            ``encoder="learned", input_concat=False, norm_layer="cbn",
            hierarchical_noise=True``.
        Others: as :class:`~condgan.models.DCGANGenerator`.

    Raises:
        ValueError: ``hierarchical_noise`` with a norm other than ``"cbn"``.
    """
    enc = names.encoder(encoder, space, encoder_dim)
    fusion: dict[int, nn.Module] = {0: InputConcat()} if input_concat else {}
    fusion.update({int(k): HiddenConcat() for k in hidden_concat})
    if hierarchical_noise:
        if norm_layer != "cbn":
            raise ValueError(
                f"hierarchical_noise=True needs norm_layer='cbn' (the noise chunks reach the "
                f"blocks through conditional batch norm), got norm_layer={norm_layer!r}"
            )
        n = len(widths) if widths is not None else doublings(image_size)
        dims = HierarchicalNoise(nz, n).cond_dims(enc.out_dim)
        norm: object = [names.norm_layer(norm_layer, d) for d in dims]
    else:
        norm = names.norm_layer(norm_layer, enc.out_dim)
    return DCGANGenerator(
        space, encoder=enc, nz=nz, image_size=image_size, channels=channels, widths=widths,
        first_size=first_size, first_block=names.lookup(names.FIRST_BLOCKS, first, "first"),
        stem_dim=stem_dim, kernel_size=kernel_size, fusion=fusion,
        norm_layer=norm, act_layer=names.act_layer(act_layer),
        dropout=dropout, bias=bias, noise=noise, init_std=init_std,
        hierarchical_noise=hierarchical_noise,
    )  # fmt: skip


@register(
    "dcgan_critic", kind="critic", spaces=ALL_SPACES,
    tiny={"image_size": 32, "widths": (8, 8, 8)},
)  # fmt: skip
def dcgan_critic(
    space: ConditionSpace,
    *,
    image_size: int = 64,
    channels: int = 3,
    widths: Sequence[int] | None = None,
    kernel_size: int = 4,
    final_width: int | None = None,
    spectral_norm: bool = False,
    norm_layer: str = "none",
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
        norm_layer: the norm by name, ``"bn"`` or ``"none"``.
        Others: as :class:`~condgan.models.DCGANBackbone`.
    """
    conv = sn_conv2d if spectral_norm else nn.Conv2d
    lin = sn_linear if spectral_norm else nn.Linear
    backbone = DCGANBackbone(
        image_size=image_size, channels=channels, widths=widths, kernel_size=kernel_size,
        final_width=final_width, conv_layer=conv, norm_layer=names.norm_layer(norm_layer),
        dropout=dropout, bias=bias, space=space if condition_channels else None,
        encoder=OneHot(space) if condition_channels else None,
    )  # fmt: skip
    return Critic(
        backbone,
        adversarial=adversarial_head(head, backbone.out_dim, space, linear_layer=lin, bias=bias),
        auxiliary=auxiliary_head(backbone.out_dim, space, linear_layer=lin) if auxiliary else None,
        space=space,
    )


@register(
    "srresnet_generator", kind="generator", spaces=ALL_SPACES,
    tiny={"nz": 8, "image_size": 32, "width": 8, "num_blocks": 1, "num_upsamples": 2},
)  # fmt: skip
def srresnet_generator(
    space: ConditionSpace,
    *,
    nz: int = 100,
    image_size: int = 96,
    channels: int = 3,
    width: int = 64,
    num_blocks: int = 16,
    num_upsamples: int | None = None,
    out_kernel: int = 9,
    encoder: str = "one_hot",
    encoder_dim: int | None = None,
    norm_layer: str = "bn",
    noise: str = "normal",
) -> SRResNetGenerator:
    """A :class:`~condgan.models.SRResNetGenerator` from names (``norm_layer``: bn, cbn or
    none)."""
    enc = names.encoder(encoder, space, encoder_dim)
    return SRResNetGenerator(
        space, encoder=enc, nz=nz, image_size=image_size, channels=channels, width=width,
        num_blocks=num_blocks, num_upsamples=num_upsamples, out_kernel=out_kernel,
        norm_layer=names.norm_layer(norm_layer, enc.out_dim), noise=noise,
    )  # fmt: skip


@register(
    "srresnet_critic", kind="critic", spaces=CLASS_SPACES,
    tiny={"image_size": 32, "widths": (8, 8), "kernels": (4, 3), "blocks": (1, 0)},
)  # fmt: skip
def srresnet_critic(
    space: ConditionSpace,
    *,
    image_size: int = 96,
    channels: int = 3,
    widths: Sequence[int] = (32, 64, 128, 256, 512, 1024),
    kernels: Sequence[int] = (4, 4, 4, 3, 3, 3),
    blocks: Sequence[int] = (2, 4, 4, 4, 4, 0),
    spectral_norm: bool = True,
    auxiliary: bool = True,
) -> Critic:
    """:class:`~condgan.models.SRResNetBackbone` with a linear adversarial head and the
    space's classifier head (``auxiliary``), spectral-normed when ``spectral_norm``.

    Raises:
        TypeError: ``spectral_norm`` is not a bool.
    """
    if not isinstance(spectral_norm, bool):
        raise TypeError(f"spectral_norm must be a bool, got {spectral_norm!r}")
    conv, linear = (sn_conv2d, sn_linear) if spectral_norm else (nn.Conv2d, nn.Linear)
    backbone = SRResNetBackbone(
        image_size=image_size, channels=channels, widths=widths, kernels=kernels, blocks=blocks,
        conv_layer=conv,
    )  # fmt: skip
    return Critic(
        backbone,
        adversarial=AdversarialHead(backbone.out_dim, linear_layer=linear),
        auxiliary=auxiliary_head(backbone.out_dim, space, linear_layer=linear)
        if auxiliary else None,
        space=space,
    )  # fmt: skip


@register(
    "infogan_generator", kind="generator", spaces=ALL_SPACES,
    tiny={"nz": 8, "image_size": 32, "widths": (8, 8), "categorical": (3,), "continuous": 2},
)  # fmt: skip
def infogan_generator(
    space: ConditionSpace,
    *,
    nz: int = 62,
    image_size: int = 64,
    channels: int = 3,
    widths: Sequence[int] = (128, 64),
    categorical: Sequence[int] = (10,),
    continuous: int = 2,
    encoder: str | None = "one_hot",
    encoder_dim: int | None = None,
    noise: str = "normal",
) -> InfoGANGenerator:
    """A :class:`~condgan.models.InfoGANGenerator` from names (``encoder=None``: ``y`` unused)."""
    enc = None if encoder is None else names.encoder(encoder, space, encoder_dim)
    return InfoGANGenerator(
        space, nz=nz, image_size=image_size, channels=channels, widths=widths,
        categorical=categorical, continuous=continuous, encoder=enc, noise=noise,
    )  # fmt: skip
