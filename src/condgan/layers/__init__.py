"""Shared building blocks that take layer *constructors* rather than string flags.

A block is configured with callables such as ``conv_layer=sn_conv2d`` or
``norm_layer=functools.partial(nn.BatchNorm2d, momentum=0.1)``; see the
"Networks and heads" guide.
"""

from condgan.layers.blocks import (
    ConvBlock,
    PixelShuffleUp,
    Reshape,
    ResidualBlock,
    UpConvBlock,
    apply_norm,
    check_images,
    is_conditional,
    transposed_padding,
)
from condgan.layers.factory import (
    ActLayer,
    NormLayer,
    conv2d,
    conv_transpose2d,
    leaky_relu,
    linear,
    sn_conv2d,
    sn_conv_transpose2d,
    sn_linear,
    spectral_norm,
)
from condgan.layers.init import init_weights
from condgan.layers.to_map import ConvTransposeToMap, LinearToMap

__all__ = [
    "ActLayer",
    "ConvBlock",
    "ConvTransposeToMap",
    "LinearToMap",
    "NormLayer",
    "PixelShuffleUp",
    "Reshape",
    "ResidualBlock",
    "UpConvBlock",
    "apply_norm",
    "is_conditional",
    "check_images",
    "conv2d",
    "conv_transpose2d",
    "init_weights",
    "leaky_relu",
    "linear",
    "sn_conv2d",
    "sn_conv_transpose2d",
    "sn_linear",
    "spectral_norm",
    "transposed_padding",
]
