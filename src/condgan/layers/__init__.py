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
    check_images,
    transposed_padding,
)
from condgan.layers.factory import (
    ACTIVATIONS,
    NORMS,
    conv2d,
    conv_transpose2d,
    linear,
    resolve_act,
    resolve_norm,
    sn_conv2d,
    sn_conv_transpose2d,
    sn_linear,
    spectral_norm,
)
from condgan.layers.init import init_weights

__all__ = [
    "ACTIVATIONS",
    "ConvBlock",
    "NORMS",
    "PixelShuffleUp",
    "Reshape",
    "ResidualBlock",
    "UpConvBlock",
    "check_images",
    "conv2d",
    "conv_transpose2d",
    "init_weights",
    "linear",
    "resolve_act",
    "resolve_norm",
    "sn_conv2d",
    "sn_conv_transpose2d",
    "sn_linear",
    "spectral_norm",
    "transposed_padding",
]
