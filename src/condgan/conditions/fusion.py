"""How an encoded condition ``c`` enters a network.

* :class:`InputConcat`: ``c`` joined to the noise ``z`` at the input.
* :class:`HiddenConcat`: ``c`` broadcast over a feature map's ``H x W`` and
  concatenated on channels (R1's "hidden concat"; also concat to image
  channels in a critic).
* :class:`ConditionalBatchNorm2d`: batch norm whose ``gamma``/``beta`` are
  predicted from ``c``.

The concat modules say how wide their output is (``out_dim(in_dim, cond_dim)``),
so a generator can place them at chosen points and size its layers to match
(:class:`~condgan.models.DCGANGenerator`'s ``fusion``); conditional batch norm is
passed as a norm constructor
(``norm_layer=functools.partial(ConditionalBatchNorm2d, cond_dim=D)``).
"""

from __future__ import annotations

import torch
from einops import repeat
from torch import Tensor, nn

from condgan.conditions.space import check_count

__all__ = ["InputConcat", "HiddenConcat", "ConditionalBatchNorm2d", "hidden_concat"]


def _check_pair(x: Tensor, c: Tensor, x_name: str, x_dims: int) -> None:
    if not isinstance(x, Tensor) or not isinstance(c, Tensor):
        raise TypeError(
            f"{x_name} and c must be tensors, got {type(x).__name__}, {type(c).__name__}"
        )
    if x.dim() != x_dims:
        raise ValueError(f"{x_name} must have {x_dims} dimensions, got shape {tuple(x.shape)}")
    if c.dim() != 2:
        raise ValueError(f"c must have shape (B, D), got {tuple(c.shape)}")
    if c.shape[0] != x.shape[0]:
        raise ValueError(f"batch sizes differ: {x_name} has {x.shape[0]}, c has {c.shape[0]}")


class InputConcat(nn.Module):
    """``(z (B, nz), c (B, D)) -> (B, nz + D)``."""

    def out_dim(self, in_dim: int, cond_dim: int) -> int:
        """Width of the output for an input of ``in_dim`` features and ``c`` of ``cond_dim``."""
        return in_dim + cond_dim

    def forward(self, z: Tensor, c: Tensor) -> Tensor:
        _check_pair(z, c, "z", 2)
        return torch.cat([z, c.to(z.dtype)], dim=1)


def hidden_concat(h: Tensor, c: Tensor) -> Tensor:
    """``(h (B, C, H, W), c (B, D)) -> (B, C + D, H, W)`` with ``c`` broadcast over H x W."""
    _check_pair(h, c, "h", 4)
    cmap = repeat(c.to(h.dtype), "b d -> b d h w", h=h.shape[2], w=h.shape[3])
    return torch.cat([h, cmap], dim=1)


class HiddenConcat(nn.Module):
    """Module form of :func:`hidden_concat`: ``(h (B, C, H, W), c (B, D)) -> (B, C + D, H, W)``."""

    def out_dim(self, in_dim: int, cond_dim: int) -> int:
        """Channels of the output for ``in_dim`` input channels and ``c`` of ``cond_dim``."""
        return in_dim + cond_dim

    def forward(self, h: Tensor, c: Tensor) -> Tensor:
        return hidden_concat(h, c)


class ConditionalBatchNorm2d(nn.Module):
    """Batch norm with per-sample affine parameters predicted from a condition.

    ``out = BN(x) * gamma(c) + beta(c)`` with ``gamma(c) = 1 + W_g c + b_g`` and
    ``beta(c) = W_b c + b_b``. The linear maps start at zero, so at
    initialisation the layer is plain BN with ``gamma = 1``, ``beta = 0``.

    Args:
        num_features: channels ``C`` of ``x``.
        cond_dim: width ``D`` of ``c``.
        eps, momentum: as :class:`torch.nn.BatchNorm2d`.

    Shapes: ``x`` (B, C, H, W), ``c`` (B, D) -> (B, C, H, W).
    """

    def __init__(
        self, num_features: int, cond_dim: int, *, eps: float = 1e-5, momentum: float = 0.1
    ) -> None:
        super().__init__()
        self.num_features = check_count(num_features, "num_features")
        self.cond_dim = check_count(cond_dim, "cond_dim")
        self.bn = nn.BatchNorm2d(num_features, eps=eps, momentum=momentum, affine=False)
        self.gamma = nn.Linear(cond_dim, num_features)
        self.beta = nn.Linear(cond_dim, num_features)
        for layer in (self.gamma, self.beta):
            nn.init.zeros_(layer.weight)
            nn.init.zeros_(layer.bias)

    def forward(self, x: Tensor, c: Tensor) -> Tensor:
        _check_pair(x, c, "x", 4)
        if x.shape[1] != self.num_features:
            raise ValueError(f"x must have {self.num_features} channels, got {x.shape[1]}")
        if c.shape[1] != self.cond_dim:
            raise ValueError(f"c must have {self.cond_dim} features, got {c.shape[1]}")
        c = c.to(self.gamma.weight.dtype)
        gamma = 1.0 + self.gamma(c)
        beta = self.beta(c)
        return self.bn(x) * gamma[:, :, None, None] + beta[:, :, None, None]
