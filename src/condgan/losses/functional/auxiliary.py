"""Auxiliary-classifier terms: per-attribute cross-entropy, multi-label BCE, regression.

These are the generic pure functions; a condition space's
:meth:`~condgan.conditions.ConditionSpace.aux_loss` says which one its logits need.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
import torch.nn.functional as F
from torch import Tensor

from condgan.conditions.space import logits_list
from condgan.losses.functional.checks import as_float, check_number, check_same_shape, dtype_of

__all__ = [
    "attribute_cross_entropies",
    "attribute_cross_entropy",
    "multilabel_bce",
    "continuous_mse",
    "gaussian_nll",
    "adc_cross_entropy",
]


def attribute_cross_entropies(logits: Sequence[Tensor] | Tensor, y: Tensor) -> list[Tensor]:
    r"""One unweighted cross-entropy per categorical attribute.

    .. math:: \mathrm{CE}_a = -\operatorname{mean}_i \log\operatorname{softmax}(z^a_i)_{y_{ia}}

    Args:
        logits: one ``(B, n_a)`` tensor per attribute (a single tensor for one attribute).
        y: class indices, ``long (B, A)`` (or ``(B,)`` for one attribute).

    Returns:
        ``A`` scalars.
    """
    items = logits_list(logits, "logits")
    if not isinstance(y, Tensor) or y.dtype != torch.long:
        raise TypeError(f"y must be a torch.long tensor of class indices, got {dtype_of(y)}")
    y2 = y.unsqueeze(1) if y.dim() == 1 else y
    if y2.dim() != 2 or y2.shape[1] != len(items):
        raise ValueError(
            f"y must have shape (B, {len(items)}) (one column per attribute logits), got "
            f"{tuple(y.shape)}"
        )
    out = []
    for a, z in enumerate(items):
        if z.shape[0] != y2.shape[0]:
            raise ValueError(f"logits[{a}] has batch {z.shape[0]} but y has batch {y2.shape[0]}")
        out.append(F.cross_entropy(as_float(z), y2[:, a]))
    return out


def attribute_cross_entropy(
    logits: Sequence[Tensor] | Tensor, y: Tensor, *, weights: Sequence[float] | None = None
) -> Tensor:
    r"""Weighted sum of per-attribute cross-entropies, :math:`\sum_a w_a\,\mathrm{CE}_a`.

    Args:
        logits: one ``(B, n_a)`` tensor per attribute.
        y: class indices ``long (B, A)`` (or ``(B,)``).
        weights: ``w_a`` per attribute (default all 1).
    """
    ces = attribute_cross_entropies(logits, y)
    w = [1.0] * len(ces) if weights is None else list(weights)
    if len(w) != len(ces):
        raise ValueError(f"weights must have {len(ces)} entries (one per attribute), got {len(w)}")
    w = [check_number(v, f"weights[{i}]", minimum=0.0) for i, v in enumerate(w)]
    return sum((wa * ce for wa, ce in zip(w, ces)), start=ces[0].new_zeros(()))


def multilabel_bce(logits: Tensor, y: Tensor) -> Tensor:
    r"""Multi-label BCE with logits, mean over samples and labels:
    :math:`-\operatorname{mean}_{i,k}[y_{ik}\log\sigma(z_{ik}) + (1-y_{ik})\log(1-\sigma(z_{ik}))]`.

    Args:
        logits: ``(B, n)``; y: multi-hot ``(B, n)`` (float).
    """
    if not isinstance(logits, Tensor) or not logits.is_floating_point() or logits.dim() != 2:
        got = tuple(logits.shape) if isinstance(logits, Tensor) else type(logits).__name__
        raise ValueError(f"logits must be float multi-label logits of shape (B, n), got {got}")
    if not isinstance(y, Tensor) or not y.is_floating_point():
        raise TypeError(f"y must be a float multi-hot tensor, got {dtype_of(y)}")
    if y.shape != logits.shape:
        raise ValueError(
            f"y must have the logits' shape {tuple(logits.shape)}, got {tuple(y.shape)}"
        )
    logits = as_float(logits)
    return F.binary_cross_entropy_with_logits(logits, y.to(logits.dtype))


def continuous_mse(pred: Tensor, target: Tensor) -> Tensor:
    r"""Regression of continuous values (codes, text embeddings):
    :math:`\operatorname{mean}(\hat c - c)^2`.

    Args:
        pred: predictions ``(B, k)``; target: ``(B, k)``.
    """
    check_same_shape(pred, target, "pred", "target")
    pred = as_float(pred)
    return F.mse_loss(pred, target.to(pred.dtype))


def gaussian_nll(mean: Tensor, log_scale: Tensor, target: Tensor) -> Tensor:
    r"""Gaussian negative log-likelihood with a predicted log standard deviation:

    .. math:: \operatorname{mean}_{i,k}\Big[\log s_{ik} + \tfrac{(c_{ik}-\mu_{ik})^2}{2 s_{ik}^2}
              + \tfrac12\log 2\pi\Big],\quad s = e^{\text{log\_scale}}

    Args:
        mean, log_scale, target: ``(B, k)`` each.
    """
    check_same_shape(mean, target, "mean", "target")
    check_same_shape(log_scale, target, "log_scale", "target")
    mean, log_scale = as_float(mean), as_float(log_scale)
    target = target.to(mean.dtype)
    z = (target - mean) * torch.exp(-log_scale)
    return (log_scale + 0.5 * z.pow(2) + 0.5 * math.log(2 * math.pi)).mean()


def adc_cross_entropy(logits: Tensor, labels: Tensor, *, fake: bool) -> Tensor:
    r"""ADCGAN's classifier term (Hou et al., "Conditional GANs with Auxiliary
    Discriminative Classifier", ICML 2022): a classifier over :math:`2n` classes, a
    real and a fake copy of each of the :math:`n` classes, read as
    :math:`\mathrm{CE}(z_i, 2y_i + [\text{fake}])`.

    The critic uses it on real images with ``fake=False`` and on generated ones with
    ``fake=True``; the generator uses ``CE(z, 2y) - CE(z, 2y + 1)`` on its images.

    Args:
        logits: ``(B, 2n)`` (even columns: real classes, odd: fake ones).
        labels: class indices ``long (B,)`` in ``[0, n)``.
        fake: whether the targets are the fake copies.
    """
    if not isinstance(logits, Tensor) or not logits.is_floating_point() or logits.dim() != 2:
        got = tuple(logits.shape) if isinstance(logits, Tensor) else type(logits).__name__
        raise ValueError(f"logits must be float logits (B, 2n), got {got}")
    if logits.shape[1] % 2:
        raise ValueError(
            f"logits must have an even width 2n (real and fake classes), got {logits.shape[1]}"
        )
    if not isinstance(labels, Tensor) or labels.dtype != torch.long:
        raise TypeError(f"labels must be a torch.long tensor (B,), got {dtype_of(labels)}")
    if labels.shape != (logits.shape[0],):
        raise ValueError(f"labels must have shape ({logits.shape[0]},), got {tuple(labels.shape)}")
    return F.cross_entropy(as_float(logits), 2 * labels + int(bool(fake)))
