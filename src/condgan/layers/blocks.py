"""Conv, up-conv, residual and pixel-shuffle blocks built from layer constructors.

Every block's norm may be conditional: a norm module with a ``cond_dim``
attribute (such as :class:`~condgan.conditions.ConditionalBatchNorm2d`) is
called as ``norm(h, c)``, others as ``norm(h)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from einops import rearrange
from torch import Tensor, nn

from condgan.layers.factory import ActLayer, NormLayer

__all__ = [
    "ConvBlock",
    "PixelShuffleUp",
    "Reshape",
    "ResidualBlock",
    "UpConvBlock",
    "apply_norm",
    "check_images",
    "transposed_padding",
]


def check_images(x: Any, *, channels: int, size: int, name: str = "x") -> Tensor:
    """Check that ``x`` is a float image batch ``(B, channels, size, size)``; return it.

    Raises:
        TypeError: ``x`` is not a floating-point tensor.
        ValueError: wrong number of dimensions, channels or spatial size.
    """
    if not isinstance(x, Tensor):
        raise TypeError(f"{name} must be a torch.Tensor of images, got {type(x).__name__}")
    if not x.is_floating_point():
        raise TypeError(f"{name} must be a floating-point tensor, got dtype {x.dtype}")
    if x.dim() != 4:
        raise ValueError(
            f"{name} must have shape (B, {channels}, {size}, {size}), got {tuple(x.shape)}"
        )
    if x.shape[1] != channels:
        raise ValueError(
            f"{name} must have {channels} channels (shape (B, {channels}, {size}, {size})), "
            f"got {x.shape[1]} in shape {tuple(x.shape)}"
        )
    if x.shape[2] != size or x.shape[3] != size:
        raise ValueError(
            f"{name} must be {size}x{size} images (shape (B, {channels}, {size}, {size})), "
            f"got {x.shape[2]}x{x.shape[3]}"
        )
    return x


def transposed_padding(kernel_size: int, stride: int = 2) -> tuple[int, int]:
    """``(padding, output_padding)`` so that a transposed conv maps ``H`` to ``stride * H``.

    Examples: kernel 4 -> ``(1, 0)``; kernel 5 -> ``(2, 1)``; kernel 3 -> ``(1, 1)``.
    """
    padding = (kernel_size - 1) // 2
    output_padding = stride + 2 * padding - kernel_size
    if not 0 <= output_padding < stride:
        raise ValueError(
            f"kernel_size {kernel_size} with stride {stride} cannot scale a map exactly by {stride}"
        )
    return padding, output_padding


def is_conditional(module: nn.Module) -> bool:
    """Whether ``module`` is a conditional norm: it has a ``cond_dim`` (the width of ``c``)."""
    return getattr(module, "cond_dim", None) is not None


def apply_norm(norm: nn.Module, h: Tensor, c: Tensor | None) -> Tensor:
    """``norm(h, c)`` for a conditional norm (:func:`is_conditional`), else ``norm(h)``.

    Raises:
        ValueError: the norm is conditional and ``c`` is ``None``.
    """
    if is_conditional(norm):
        if c is None:
            raise ValueError(
                f"{type(norm).__name__} is conditional and needs the encoded condition c, got None"
            )
        return norm(h, c)
    return norm(h)


class Reshape(nn.Module):
    """``(B, C*H*W) -> (B, C, H, W)`` (einops)."""

    def __init__(self, channels: int, height: int, width: int) -> None:
        super().__init__()
        self.shape = (channels, height, width)

    def forward(self, x: Tensor) -> Tensor:
        c, h, w = self.shape
        return rearrange(x, "b (c h w) -> b c h w", c=c, h=h, w=w)

    def extra_repr(self) -> str:
        return f"shape={self.shape}"


class ConvBlock(nn.Module):
    """``conv -> norm -> act -> dropout``, each optional but the conv.

    Args:
        in_channels, out_channels: channels in and out.
        kernel_size, stride, padding: of the conv.
        conv_layer: constructor ``(in, out, kernel_size, stride=, padding=, bias=, **conv_kwargs)``
            (``nn.Conv2d``, :func:`~condgan.layers.sn_conv2d`, ``nn.ConvTranspose2d``, ...).
        norm_layer: ``(channels) -> module`` or ``None``; conditional norms receive ``c``.
        act_layer: ``() -> module`` or ``None``.
        dropout: drop probability after the activation (0: none).
        dropout_layer: constructor of the dropout (``nn.Dropout`` or ``nn.Dropout2d``).
        bias: whether the conv has a bias.
        conv_kwargs: more arguments of the conv (``output_padding``).

    Shapes: ``x`` (B, in, H, W), optional ``c`` (B, D) -> (B, out, H', W').
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int,
        stride: int = 1,
        padding: int = 0,
        *,
        conv_layer: Callable[..., nn.Module] = nn.Conv2d,
        norm_layer: NormLayer | None = None,
        act_layer: ActLayer | None = None,
        dropout: float = 0.0,
        dropout_layer: Callable[[float], nn.Module] = nn.Dropout,
        bias: bool = True,
        **conv_kwargs: Any,
    ) -> None:
        super().__init__()
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"dropout must be in [0, 1), got {dropout}")
        self.conv = conv_layer(
            in_channels, out_channels, kernel_size, stride=stride, padding=padding, bias=bias,
            **conv_kwargs,
        )  # fmt: skip
        self.norm = norm_layer(out_channels) if norm_layer is not None else None
        self.act = act_layer() if act_layer is not None else nn.Identity()
        self.drop = dropout_layer(dropout) if dropout > 0 else nn.Identity()

    def forward(self, x: Tensor, c: Tensor | None = None) -> Tensor:
        h = self.conv(x)
        if self.norm is not None:
            h = apply_norm(self.norm, h, c)
        return self.drop(self.act(h))


class UpConvBlock(ConvBlock):
    """A :class:`ConvBlock` around a transposed conv that doubles ``H`` and ``W``.

    Padding and output padding follow from the kernel (:func:`transposed_padding`).
    ``conv_layer`` defaults to ``nn.ConvTranspose2d``.
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int = 4,
        *,
        conv_layer: Callable[..., nn.Module] = nn.ConvTranspose2d,
        **kwargs: Any,
    ) -> None:
        padding, output_padding = transposed_padding(kernel_size, 2)
        super().__init__(
            in_channels, out_channels, kernel_size, 2, padding, conv_layer=conv_layer,
            output_padding=output_padding, **kwargs,
        )  # fmt: skip


class ResidualBlock(nn.Module):
    """``x + norm(conv(act(norm(conv(x)))))``, then an optional activation.

    SRResNet's generator block (BN, ReLU, no activation after the sum) and its
    critic block (no norm, LeakyReLU inside and after the sum, ``post_act=True``).

    Args:
        channels: channels of ``x`` (kept).
        kernel_size: of both convs ("same" padding).
        conv_layer, norm_layer, act_layer: constructors (see :class:`ConvBlock`).
        post_act: apply ``act_layer`` after the sum.

    Shapes: (B, C, H, W) -> (B, C, H, W).
    """

    def __init__(
        self,
        channels: int,
        kernel_size: int = 3,
        *,
        conv_layer: Callable[..., nn.Module] = nn.Conv2d,
        norm_layer: NormLayer | None = nn.BatchNorm2d,
        act_layer: ActLayer = nn.ReLU,
        post_act: bool = False,
    ) -> None:
        super().__init__()
        if kernel_size % 2 != 1:
            raise ValueError(f"kernel_size must be odd for 'same' padding, got {kernel_size}")
        pad = kernel_size // 2
        self.body1 = ConvBlock(
            channels, channels, kernel_size, 1, pad, conv_layer=conv_layer,
            norm_layer=norm_layer, act_layer=act_layer,
        )  # fmt: skip
        self.body2 = ConvBlock(
            channels, channels, kernel_size, 1, pad, conv_layer=conv_layer, norm_layer=norm_layer
        )
        self.post = act_layer() if post_act else nn.Identity()

    def forward(self, x: Tensor, c: Tensor | None = None) -> Tensor:
        return self.post(x + self.body2(self.body1(x, c), c))


class PixelShuffleUp(nn.Module):
    """``conv (to out * scale^2 maps) -> PixelShuffle(scale) -> norm -> act`` (SRResNet's up stage).

    Args:
        in_channels: channels in.
        out_channels: channels after the shuffle (R5: 64, from a 256-map conv).
        scale: the upscaling factor.
        kernel_size: of the conv ("same" padding).
        conv_layer, norm_layer, act_layer: constructors.

    Shapes: (B, in, H, W) -> (B, out, scale*H, scale*W).
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        *,
        scale: int = 2,
        kernel_size: int = 3,
        conv_layer: Callable[..., nn.Module] = nn.Conv2d,
        norm_layer: NormLayer | None = nn.BatchNorm2d,
        act_layer: ActLayer | None = nn.ReLU,
    ) -> None:
        super().__init__()
        self.conv = conv_layer(
            in_channels, out_channels * scale**2, kernel_size, stride=1, padding=kernel_size // 2
        )
        self.shuffle = nn.PixelShuffle(scale)
        self.norm = norm_layer(out_channels) if norm_layer is not None else None
        self.act = act_layer() if act_layer is not None else nn.Identity()

    def forward(self, x: Tensor, c: Tensor | None = None) -> Tensor:
        h = self.shuffle(self.conv(x))
        if self.norm is not None:
            h = apply_norm(self.norm, h, c)
        return self.act(h)
