"""DCGAN-style generator and critic backbone, configurable enough for R1-R4.

Generator: ``[z, c] -> (stem linear) -> first block (1x1 -> s x s) -> up-blocks x2 -> image``.
The condition ``c = encoder(y)`` can enter at the input (concatenated to ``z``),
after chosen blocks (hidden concat: broadcast over H x W and concatenated on
channels) and/or through conditional batch norm (``norm_layer="cbn"``).

Critic backbone: strided convs (optionally spectral-normed, with BN and
dropout), optionally the encoded condition concatenated to the image channels;
returns flattened features ``(B, F)`` for the heads.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import torch
from einops import rearrange
from torch import Tensor, nn

from condgan.conditions import ConditionSpace, hidden_concat
from condgan.conditions.space import check_count
from condgan.layers import (
    ConvBlock,
    Reshape,
    UpConvBlock,
    check_images,
    init_weights,
    resolve_act,
    resolve_norm,
)
from condgan.layers.blocks import _apply_norm
from condgan.models.base import ConditionalGenerator, build_encoder

__all__ = ["DCGANGenerator", "DCGANBackbone", "SUPPORTED_SIZES", "default_first_size"]

#: output resolutions the DCGAN generator and critic support: 4 * 2^k (32-256) and 96.
SUPPORTED_SIZES = (32, 64, 96, 128, 256)


def default_first_size(image_size: int) -> int:
    """Spatial size of the first block: 6 for 96x96 (6 * 2^4), else 4."""
    return 6 if image_size == 96 else 4


def _check_size(image_size: int) -> int:
    if isinstance(image_size, bool) or not isinstance(image_size, int):
        raise TypeError(f"image_size must be an int, got {type(image_size).__name__}")
    if image_size not in SUPPORTED_SIZES:
        raise ValueError(
            f"image_size must be one of {SUPPORTED_SIZES} (4 * 2^k from 32 to 256, or 96), "
            f"got {image_size}"
        )
    return image_size


def _per_block(value: float | Sequence[float], n: int, name: str) -> list[float]:
    values = [float(value)] * n if isinstance(value, (int, float)) else [float(v) for v in value]
    if len(values) != n:
        raise ValueError(f"{name} must be a number or {n} numbers (one per block), got {value!r}")
    return values


class _LinearFirst(nn.Module):
    """``(B, in) -> linear -> (B, out, s, s) -> norm -> act -> dropout``."""

    def __init__(self, in_dim: int, out: int, size: int, *, norm_layer, act_layer, dropout, bias):
        super().__init__()
        self.linear = nn.Linear(in_dim, out * size * size, bias=bias)
        self.reshape = Reshape(out, size, size)
        self.norm = norm_layer(out) if norm_layer is not None else None
        self.act = act_layer()
        self.drop = nn.Dropout(dropout) if dropout > 0 else nn.Identity()

    def forward(self, x: Tensor, c: Tensor | None = None) -> Tensor:
        h = self.reshape(self.linear(x))
        if self.norm is not None:
            h = _apply_norm(self.norm, h, c)
        return self.drop(self.act(h))


class _ConvFirst(nn.Module):
    """``(B, in) -> (B, in, 1, 1) -> transposed conv k=s -> (B, out, s, s) -> norm/act/dropout``."""

    def __init__(self, in_dim: int, out: int, size: int, *, norm_layer, act_layer, dropout, bias):
        super().__init__()
        self.block = ConvBlock(
            in_dim, out, size, 1, 0, conv_layer=nn.ConvTranspose2d, norm_layer=norm_layer,
            act_layer=act_layer, dropout=dropout, bias=bias,
        )  # fmt: skip

    def forward(self, x: Tensor, c: Tensor | None = None) -> Tensor:
        return self.block(x[:, :, None, None], c)


_FIRST = {"convt": _ConvFirst, "linear": _LinearFirst}


class DCGANGenerator(ConditionalGenerator):
    """A conditional DCGAN generator.

    Args:
        space: the condition space.
        nz: noise width.
        image_size: output size, one of :data:`SUPPORTED_SIZES`; must equal
            ``first_size * 2 ** len(widths)``.
        channels: output channels.
        widths: feature maps of each block (the first block's, then each up-block's);
            a last transposed conv maps ``widths[-1]`` to ``channels`` with tanh.
        first_size: spatial size of the first block (default 4, or 6 for 96x96;
            R1 uses 8).
        first: ``"convt"`` (a transposed conv with kernel ``first_size`` on the
            1x1 input) or ``"linear"`` (a linear layer reshaped to ``first_size^2``).
        stem_dim: optional linear layer ``[z, c] -> stem_dim`` before the first
            block, with bias and without activation (R2: 128).
        kernel_size: kernel of the up-blocks (padding chosen to double the size).
        encoder: ``"one_hot"``, ``"fixed"``, ``"learned"``, ``"projection"`` or an
            encoder module (``y -> (B, D)`` with ``out_dim``).
        encoder_dim: width per attribute (embeddings) or out width (projection).
        input_concat: concatenate ``c`` to ``z`` at the input.
        hidden_concat_after: 1-based block numbers after which ``c`` is
            broadcast and concatenated on channels (R1: ``(1, 2, 3)``).
        norm_layer: ``"bn"``, ``"cbn"`` (conditional BN from ``c``), ``"none"`` or a
            constructor ``(channels) -> module``.
        act_layer: ``"relu"``, ``"leaky_relu"`` (slope 0.2) or a constructor.
        dropout: drop probability after each block (a number or one per block).
        bias: biases in the convs and the first linear layer.
        noise: ``"normal"`` or ``"uniform"``.
        init_std: std of :func:`~condgan.layers.init_weights` (``None``: PyTorch's init).

    Shapes: ``z`` (B, nz), ``y`` -> (B, channels, image_size, image_size) in [-1, 1].
    """

    def __init__(
        self,
        space: ConditionSpace,
        *,
        nz: int = 100,
        image_size: int = 64,
        channels: int = 3,
        widths: Sequence[int] = (512, 256, 128, 64),
        first_size: int | None = None,
        first: str = "convt",
        stem_dim: int | None = None,
        kernel_size: int = 4,
        encoder: str | nn.Module = "one_hot",
        encoder_dim: int | None = None,
        input_concat: bool = True,
        hidden_concat_after: Sequence[int] = (),
        norm_layer: str | Callable[[int], nn.Module] | None = "bn",
        act_layer: str | Callable[[], nn.Module] = "relu",
        dropout: float | Sequence[float] = 0.0,
        bias: bool = True,
        noise: str = "normal",
        init_std: float | None = 0.02,
    ) -> None:
        super().__init__(
            space, nz=nz, image_size=_check_size(image_size), channels=channels, noise=noise
        )
        widths = [check_count(w, "widths[i]") for w in widths]
        first_size = default_first_size(image_size) if first_size is None else first_size
        check_count(first_size, "first_size")
        if first_size * 2 ** len(widths) != image_size:
            raise ValueError(
                f"image_size {image_size} needs first_size * 2 ** len(widths) == {image_size}; "
                f"got first_size={first_size} and {len(widths)} widths "
                f"({first_size * 2 ** len(widths)})"
            )
        if first not in _FIRST:
            raise ValueError(f"first must be one of {sorted(_FIRST)}, got {first!r}")
        n = len(widths)
        bad = [k for k in hidden_concat_after if not 1 <= k <= n]
        if bad:
            raise ValueError(f"hidden_concat_after must hold block numbers in [1, {n}], got {bad}")
        self.encoder = build_encoder(space, encoder, encoder_dim)
        c_dim = int(self.encoder.out_dim)
        self.cond_dim = c_dim
        self.input_concat = bool(input_concat)
        self.hidden_concat_after = tuple(sorted(set(hidden_concat_after)))
        norm = resolve_norm(norm_layer, cond_dim=c_dim)
        act = resolve_act(
            act_layer, **({"negative_slope": 0.2} if act_layer == "leaky_relu" else {})
        )
        drops = _per_block(dropout, n, "dropout")

        in_dim = nz + (c_dim if self.input_concat else 0)
        self.stem = nn.Linear(in_dim, stem_dim) if stem_dim else nn.Identity()
        in_dim = stem_dim or in_dim
        self.first = _FIRST[first](
            in_dim, widths[0], first_size, norm_layer=norm, act_layer=act, dropout=drops[0],
            bias=bias,
        )  # fmt: skip
        blocks: list[nn.Module] = []
        for i in range(1, n + 1):
            extra = c_dim if i in self.hidden_concat_after else 0
            last = i == n
            blocks.append(
                UpConvBlock(
                    widths[i - 1] + extra,
                    channels if last else widths[i],
                    kernel_size,
                    norm_layer=None if last else norm,
                    act_layer=nn.Tanh if last else act,
                    dropout=0.0 if last else drops[i],
                    bias=bias,
                )
            )
        self.blocks = nn.ModuleList(blocks)
        if init_std is not None:
            init_weights(self, init_std)

    def generate(self, z: Tensor, y: Tensor) -> Tensor:
        c = self.encoder(y).to(z.dtype)
        x = torch.cat([z, c], dim=1) if self.input_concat else z
        h = self.first(self.stem(x), c)
        for i, block in enumerate(self.blocks, start=1):
            if i in self.hidden_concat_after:
                h = hidden_concat(h, c)
            h = block(h, c)
        return h


class DCGANBackbone(nn.Module):
    """A DCGAN critic backbone: strided convs -> flattened features ``(B, F)``.

    Args:
        image_size: input size (one of :data:`SUPPORTED_SIZES`).
        channels: input channels.
        widths: feature maps of the strided convs (each halves H and W).
        kernel_size: kernel of the strided convs (padding ``(k - 1) // 2``).
        final_width: optional last conv, stride 1, kernel = the remaining map
            size, down to 1x1 with ``final_width`` maps (R1: 512).
        conv_layer: conv constructor (``nn.Conv2d`` or
            :func:`~condgan.layers.sn_conv2d` for spectral norm).
        norm_layer: ``"bn"``, ``"none"``, a constructor or ``None``.
        norm_first: also normalise after the first conv (DCGAN does not).
        negative_slope: LeakyReLU slope.
        dropout: drop probability after each conv (a number or one per conv).
        dropout_layer: ``nn.Dropout`` or ``nn.Dropout2d``.
        bias: biases in the convs.
        space, encoder: to concatenate the encoded condition to the image
            channels (broadcast over H x W), give the space and an encoder name
            or module; ``encoder=None`` (default): the backbone ignores ``y``.
        init_std: std of :func:`~condgan.layers.init_weights` (``None``: PyTorch's init).

    Attributes:
        out_dim: ``F``, the width of the features.
        feature_shape: ``(C, H, W)`` of the last map before flattening.

    Shapes: ``x`` (B, channels, image_size, image_size), ``y`` -> (B, F).
    """

    def __init__(
        self,
        *,
        image_size: int = 64,
        channels: int = 3,
        widths: Sequence[int] = (64, 128, 256, 512),
        kernel_size: int = 4,
        final_width: int | None = None,
        conv_layer: Callable[..., nn.Module] = nn.Conv2d,
        norm_layer: str | Callable[[int], nn.Module] | None = None,
        norm_first: bool = False,
        negative_slope: float = 0.2,
        dropout: float | Sequence[float] = 0.0,
        dropout_layer: Callable[[float], nn.Module] = nn.Dropout,
        bias: bool = True,
        space: ConditionSpace | None = None,
        encoder: str | nn.Module | None = None,
        init_std: float | None = 0.02,
    ) -> None:
        super().__init__()
        self.image_size = _check_size(image_size)
        self.channels = check_count(channels, "channels")
        widths = [check_count(w, "widths[i]") for w in widths]
        if not widths:
            raise ValueError("widths must hold at least one width, got none")
        if encoder is not None and space is None:
            raise ValueError("encoder was given without the condition space; pass space= too")
        self.space = space
        self.encoder = build_encoder(space, encoder) if encoder is not None else None
        c_dim = int(self.encoder.out_dim) if self.encoder is not None else 0
        norm = resolve_norm(norm_layer)
        act = functools.partial(nn.LeakyReLU, negative_slope)
        n = len(widths) + (1 if final_width else 0)
        drops = _per_block(dropout, n, "dropout")
        pad = (kernel_size - 1) // 2
        size, in_ch, blocks = image_size, channels + c_dim, []
        for i, w in enumerate(widths):
            blocks.append(
                ConvBlock(
                    in_ch, w, kernel_size, 2, pad, conv_layer=conv_layer,
                    norm_layer=norm if (i > 0 or norm_first) else None, act_layer=act,
                    dropout=drops[i], dropout_layer=dropout_layer, bias=bias,
                )
            )  # fmt: skip
            size = (size + 2 * pad - kernel_size) // 2 + 1
            if size < 1:
                raise ValueError(
                    f"{len(widths)} strided convs shrink a {image_size}x{image_size} image "
                    "below 1x1; use fewer widths"
                )
            in_ch = w
        if final_width:
            blocks.append(
                ConvBlock(
                    in_ch, final_width, size, 1, 0, conv_layer=conv_layer, act_layer=act,
                    dropout=drops[-1], dropout_layer=dropout_layer, bias=bias,
                )
            )  # fmt: skip
            size, in_ch = 1, final_width
        self.blocks = nn.ModuleList(blocks)
        self.feature_shape = (in_ch, size, size)
        self.out_dim = in_ch * size * size
        if init_std is not None:
            init_weights(self, init_std)

    def forward(self, x: Tensor, y: Tensor | None = None) -> Tensor:
        """``x`` (B, C, H, W) (and ``y`` when the condition joins the image) -> (B, F)."""
        check_images(x, channels=self.channels, size=self.image_size)
        if self.encoder is not None:
            if y is None:
                raise ValueError("this backbone concatenates the condition to the image; y is None")
            assert self.space is not None
            self.space.validate(y, check_values=False)
            x = hidden_concat(x, self.encoder(y))
        h = x
        for block in self.blocks:
            h = block(h)
        return rearrange(h, "b c h w -> b (c h w)")
