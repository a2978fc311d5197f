"""Argument checks and random draws shared by the loss functions.

Every check raises a ``TypeError`` or ``ValueError`` that names the argument,
what it got and what was expected. Losses compute in float32 (float64 inputs
stay float64, so ``gradcheck`` is exact): see :func:`~condgan.conditions.space.as_float`.
"""

from __future__ import annotations

import math

import torch
from torch import Tensor

from condgan.conditions.space import as_float

__all__ = [
    "Target",
    "as_float",
    "check_images",
    "check_number",
    "check_pair",
    "check_same_shape",
    "check_scores",
    "check_target",
    "dtype_of",
    "uniform",
]

#: A target for a score: one float for the batch, or a float tensor ``(B,)``.
Target = float | Tensor


def dtype_of(t: object) -> object:
    """A tensor's dtype, or the type name of anything else (for error messages)."""
    return t.dtype if isinstance(t, Tensor) else type(t).__name__


def check_number(value: object, name: str, *, minimum: float | None = None) -> float:
    """``value`` as a finite float (not a bool), at least ``minimum`` when given.

    Raises:
        TypeError: not an int or float.
        ValueError: not finite, or below ``minimum``.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}: {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum:g}, got {value:g}")
    return value


def check_scores(t: Tensor, name: str) -> Tensor:
    """Per-sample float scores ``(B,)`` with ``B >= 1``, as float32 (float64 kept)."""
    if not isinstance(t, Tensor):
        raise TypeError(f"{name} must be a torch.Tensor of shape (B,), got {type(t).__name__}")
    if not t.is_floating_point():
        raise TypeError(f"{name} must be a floating-point tensor, got dtype {t.dtype}")
    if t.dim() != 1:
        raise ValueError(
            f"{name} must have shape (B,) (one score per sample), got {tuple(t.shape)}"
        )
    if t.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one sample, got an empty batch")
    return as_float(t)


def check_pair(real: Tensor, fake: Tensor, real_name: str, fake_name: str) -> tuple[Tensor, Tensor]:
    """Two score tensors of the same shape ``(B,)``."""
    real, fake = check_scores(real, real_name), check_scores(fake, fake_name)
    if real.shape != fake.shape:
        raise ValueError(
            f"{real_name} and {fake_name} must have the same shape (B,), got "
            f"{real_name} {tuple(real.shape)} and {fake_name} {tuple(fake.shape)}"
        )
    return real, fake


def check_target(target: Target, logits: Tensor, name: str) -> Tensor | float:
    """A float, or a tensor of per-sample targets ``(B,)`` matching ``logits``."""
    if isinstance(target, Tensor):
        if not target.is_floating_point():
            raise TypeError(f"{name} must be a float or a float tensor (B,), got {target.dtype}")
        if target.shape != logits.shape:
            raise ValueError(
                f"{name} must be a float or a tensor of shape {tuple(logits.shape)} (one "
                f"target per sample), got shape {tuple(target.shape)}"
            )
        return target.to(device=logits.device, dtype=logits.dtype)
    return check_number(target, name)


def check_images(x: Tensor, name: str) -> Tensor:
    """A float batch ``(B, ...)`` with ``B >= 1`` and at least one more dimension."""
    if not isinstance(x, Tensor):
        raise TypeError(f"{name} must be a torch.Tensor (B, ...), got {type(x).__name__}")
    if not x.is_floating_point():
        raise TypeError(f"{name} must be a floating-point tensor, got dtype {x.dtype}")
    if x.dim() < 2 or x.shape[0] == 0:
        raise ValueError(f"{name} must have shape (B, ...) with B >= 1, got {tuple(x.shape)}")
    return x


def check_same_shape(pred: Tensor, target: Tensor, pred_name: str, target_name: str) -> None:
    """Two float tensors of one shape."""
    for t, n in ((pred, pred_name), (target, target_name)):
        if not isinstance(t, Tensor) or not t.is_floating_point():
            raise TypeError(f"{n} must be a float tensor, got {dtype_of(t)}")
    if pred.shape != target.shape:
        raise ValueError(
            f"{pred_name} and {target_name} must have the same shape, got {pred_name} "
            f"{tuple(pred.shape)} and {target_name} {tuple(target.shape)}"
        )


def uniform(
    shape: tuple[int, ...], generator: torch.Generator | None, device: torch.device
) -> Tensor:
    """U[0, 1) drawn on ``generator``'s device (or ``device``) and moved to ``device``."""
    where = generator.device if generator is not None else device
    return torch.rand(shape, generator=generator, device=where).to(device)
