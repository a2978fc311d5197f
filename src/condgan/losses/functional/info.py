"""InfoGAN's mutual-information terms for categorical and continuous codes."""

from __future__ import annotations

from collections.abc import Sequence

import torch
import torch.nn.functional as F
from torch import Tensor

from condgan.conditions.space import logits_list
from condgan.losses.functional.auxiliary import continuous_mse, gaussian_nll
from condgan.losses.functional.checks import as_float, check_same_shape

__all__ = ["info_categorical", "info_continuous"]


def info_categorical(logits: Sequence[Tensor], codes: Sequence[Tensor]) -> Tensor:
    r"""InfoGAN mutual-information term for categorical codes:
    :math:`\sum_j \mathrm{CE}(q_j, c_j)` (one cross-entropy per code).

    Args:
        logits: one ``(B, k_j)`` tensor per code; codes: one ``long (B,)`` per code.
    """
    items = logits_list(logits, "info logits")
    codes = list(codes)
    if len(codes) != len(items):
        raise ValueError(
            f"codes must hold one tensor per categorical logits ({len(items)}), got {len(codes)}"
        )
    for j, c in enumerate(codes):
        if not isinstance(c, Tensor) or c.dtype != torch.long or c.shape != (items[j].shape[0],):
            got = (tuple(c.shape), c.dtype) if isinstance(c, Tensor) else type(c).__name__
            raise ValueError(
                f"codes[{j}] must be a long tensor of shape ({items[j].shape[0]},), got {got}"
            )
    return sum(
        (F.cross_entropy(as_float(z), c) for z, c in zip(items, codes)),
        start=as_float(items[0]).new_zeros(()),
    )


def info_continuous(mean: Tensor, target: Tensor, log_scale: Tensor | None = None) -> Tensor:
    """InfoGAN term for continuous codes: :func:`gaussian_nll` with the predicted
    ``log_scale``, or :func:`continuous_mse` when ``log_scale`` is ``None``.

    Args:
        mean: predicted codes ``(B, k)``; target: the codes ``(B, k)``;
        log_scale: predicted log standard deviation ``(B, k)`` or ``None``.
    """
    check_same_shape(mean, target, "mean", "target")
    if log_scale is None:
        return continuous_mse(mean, target)
    return gaussian_nll(mean, log_scale, target)
