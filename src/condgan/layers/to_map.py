"""First blocks of a generator: a vector ``(B, in)`` to a feature map ``(B, out, s, s)``.

Both take the same arguments, so a generator takes either as its ``first_block``:

* :class:`ConvTransposeToMap`: the vector as a 1x1 map, then a transposed conv
  whose kernel is ``s`` (DCGAN's first block);
* :class:`LinearToMap`: a linear layer to ``out * s * s``, reshaped (R4, InfoGAN).

Each is followed by the norm (conditional norms receive ``c``), the activation
and dropout.
"""

from __future__ import annotations

from einops import rearrange
from torch import Tensor, nn

from condgan.layers.blocks import ConvBlock, Reshape, apply_norm
from condgan.layers.factory import ActLayer, NormLayer

__all__ = ["ConvTransposeToMap", "LinearToMap"]


class LinearToMap(nn.Module):
    """``(B, in) -> linear -> (B, out, s, s) -> norm -> act -> dropout``.

    Args:
        in_features: width of the input vector.
        out_channels: maps of the output.
        size: the output's spatial size ``s``.
        norm_layer: ``(channels) -> module`` or ``None``.
        act_layer: ``() -> module`` or ``None``.
        dropout: drop probability after the activation.
        bias: bias of the linear layer.

    Shapes: ``x`` (B, in), optional ``c`` (B, D) -> (B, out, s, s).
    """

    def __init__(
        self,
        in_features: int,
        out_channels: int,
        size: int,
        *,
        norm_layer: NormLayer | None = None,
        act_layer: ActLayer | None = nn.ReLU,
        dropout: float = 0.0,
        bias: bool = True,
    ) -> None:
        super().__init__()
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"dropout must be in [0, 1), got {dropout}")
        self.linear = nn.Linear(in_features, out_channels * size * size, bias=bias)
        self.reshape = Reshape(out_channels, size, size)
        self.norm = norm_layer(out_channels) if norm_layer is not None else None
        self.act = act_layer() if act_layer is not None else nn.Identity()
        self.drop = nn.Dropout(dropout) if dropout > 0 else nn.Identity()

    def forward(self, x: Tensor, c: Tensor | None = None) -> Tensor:
        h = self.reshape(self.linear(x))
        if self.norm is not None:
            h = apply_norm(self.norm, h, c)
        return self.drop(self.act(h))


class ConvTransposeToMap(nn.Module):
    """``(B, in) -> (B, in, 1, 1) -> transposed conv, kernel s -> (B, out, s, s)``, norm, act.

    Args: as :class:`LinearToMap` (``bias`` is the conv's).

    Shapes: ``x`` (B, in), optional ``c`` (B, D) -> (B, out, s, s).
    """

    def __init__(
        self,
        in_features: int,
        out_channels: int,
        size: int,
        *,
        norm_layer: NormLayer | None = None,
        act_layer: ActLayer | None = nn.ReLU,
        dropout: float = 0.0,
        bias: bool = True,
    ) -> None:
        super().__init__()
        self.block = ConvBlock(
            in_features, out_channels, size, 1, 0, conv_layer=nn.ConvTranspose2d,
            norm_layer=norm_layer, act_layer=act_layer, dropout=dropout, bias=bias,
        )  # fmt: skip

    def forward(self, x: Tensor, c: Tensor | None = None) -> Tensor:
        return self.block(rearrange(x, "b d -> b d 1 1"), c)
