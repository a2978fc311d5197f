"""What every critic head shares: the features check and the linear-layer constructor type."""

from __future__ import annotations

from collections.abc import Callable

from torch import Tensor, nn

__all__ = ["LinearLayer", "check_features"]

#: A constructor of linear layers: ``nn.Linear`` or :func:`~condgan.layers.sn_linear`.
LinearLayer = Callable[..., nn.Module]


def check_features(h: Tensor, in_features: int) -> Tensor:
    """``h`` as the backbone's features ``(B, in_features)``.

    Raises:
        TypeError: ``h`` is not a tensor.
        ValueError: ``h`` has another shape.
    """
    if not isinstance(h, Tensor):
        raise TypeError(
            f"h must be a tensor of features (B, {in_features}), got {type(h).__name__}"
        )
    if h.dim() != 2 or h.shape[1] != in_features:
        raise ValueError(f"h must have shape (B, {in_features}), got {tuple(h.shape)}")
    return h
