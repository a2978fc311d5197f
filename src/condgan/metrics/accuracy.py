"""Conditional accuracy: does an evaluator classifier see the condition in an image?

* :func:`iclevr_accuracy` is the i-CLEVR course rule on raw scores: for each
  image with ``k`` true objects take the ``k`` highest-scoring indices, count
  how many of them are true, sum over images and divide by the total number of
  objects (a micro average).
* :func:`accuracy_from_scores` turns an evaluator's scores into the figures of
  one condition space (dispatched on the space's class with
  :func:`functools.singledispatch`; register new spaces with
  ``accuracy_from_scores.register``).
* :func:`conditional_accuracy` runs an evaluator over images and does the above,
  optionally split into seen and held-out combinations.
"""

from __future__ import annotations

from functools import singledispatch
from typing import Any

import torch
from torch import Tensor, nn

from condgan.conditions import Categorical, ConditionSpace, MultiCategorical, MultiLabel
from condgan.data.image_spec import to_rgb

__all__ = [
    "accuracy_from_scores",
    "combination_mask",
    "conditional_accuracy",
    "evaluator_scores",
    "iclevr_accuracy",
    "iclevr_hits",
]


def _check_scores_labels(scores: Any, labels: Any) -> tuple[Tensor, Tensor]:
    if not isinstance(scores, Tensor) or not isinstance(labels, Tensor):
        raise TypeError(
            "scores and labels must be torch.Tensors, got "
            f"{type(scores).__name__} and {type(labels).__name__}"
        )
    if scores.dim() != 2:
        raise ValueError(f"scores must have shape (B, n), got {tuple(scores.shape)}")
    if labels.shape != scores.shape:
        raise ValueError(
            f"labels must have the shape of scores {tuple(scores.shape)}, got {tuple(labels.shape)}"
        )
    if not scores.is_floating_point():
        raise TypeError(f"scores must be a float tensor, got dtype {scores.dtype}")
    if scores.numel() and not bool(torch.isfinite(scores).all()):
        raise ValueError("scores must be finite, got NaN or infinite values")
    lab = labels.float()
    if not bool(((lab == 0) | (lab == 1)).all()):
        raise ValueError("labels must be multi-hot (only 0 and 1), got other values")
    if scores.shape[0] == 0:
        raise ValueError("scores and labels must hold at least one image, got B = 0")
    if bool((lab.sum(dim=1) == 0).any()):
        bad = int((lab.sum(dim=1) == 0).nonzero()[0])
        raise ValueError(f"labels must be multi-hot with at least one 1 per row; row {bad} is 0")
    return scores, lab


def iclevr_hits(scores: Tensor, labels: Tensor) -> Tensor:
    """Per image, how many of its ``k`` top-scoring indices are true labels.

    Args:
        scores: ``(B, n)`` float scores (logits or probabilities; only the order counts).
        labels: ``(B, n)`` multi-hot, at least one 1 per row.

    Returns:
        ``(B,)`` long: hits per image (between 0 and ``k``).

    Ties are broken by the lower index first (a stable descending sort); the
    course's ``Tensor.topk`` leaves that order unspecified.
    """
    scores, lab = _check_scores_labels(scores, labels)
    k = lab.sum(dim=1, keepdim=True)
    order = torch.sort(scores.detach().float(), dim=1, descending=True, stable=True).indices
    rank = torch.empty_like(order)
    rank.scatter_(1, order, torch.arange(scores.shape[1], device=order.device).expand_as(order))
    return ((rank < k) & (lab == 1)).sum(dim=1)


def iclevr_accuracy(scores: Tensor, labels: Tensor) -> float:
    """The i-CLEVR course accuracy: top-k hits over all images / number of objects.

    Args:
        scores: ``(B, 24)`` (any ``(B, n)``) evaluator outputs; higher = more likely.
        labels: ``(B, 24)`` multi-hot true objects (``k = 1..3`` ones per row).

    Returns:
        a float in ``[0, 1]``.

    Raises:
        TypeError: not tensors, or integer scores.
        ValueError: shapes differ or are not 2-D, labels are not multi-hot, a row
            has no label, or scores are not finite.
    """
    hits = iclevr_hits(scores, labels)
    return float(hits.sum()) / float(labels.float().sum())


# -- per-space figures ------------------------------------------------------------


@singledispatch
def accuracy_from_scores(space: ConditionSpace, scores: Tensor, y: Tensor) -> dict[str, Any]:
    """The accuracy figures of ``scores (B, space.vector_dim)`` against conditions ``y``.

    Multi-label spaces: ``{"accuracy": i-CLEVR rule, "exact": fraction of images
    with every object found}``. Categorical spaces: ``{"per_attribute": {name:
    accuracy}, "all_correct": fraction with every attribute right, "accuracy":
    mean of the per-attribute accuracies}``.

    Raises:
        TypeError: the space has no notion of accuracy (e.g. text).
    """
    raise TypeError(
        f"conditional accuracy is not defined for {type(space).__name__} spaces; "
        "supported: categorical, multi-categorical and multi-label spaces"
    )


def _check_vector_scores(space: ConditionSpace, scores: Tensor, y: Tensor) -> None:
    if not isinstance(scores, Tensor) or scores.dim() != 2 or scores.shape[1] != space.vector_dim:
        shape = tuple(scores.shape) if isinstance(scores, Tensor) else type(scores).__name__
        raise ValueError(f"scores must have shape (B, {space.vector_dim}), got {shape}")
    space.validate(y)
    if scores.shape[0] != y.shape[0]:
        raise ValueError(f"scores have {scores.shape[0]} rows but y has {y.shape[0]}")


def _categorical_figures(
    names: list[str], groups: list[tuple[int, int]], scores: Tensor, y2d: Tensor
) -> dict[str, Any]:
    correct = torch.stack(
        [scores[:, o : o + s].argmax(dim=1) == y2d[:, a] for a, (o, s) in enumerate(groups)],
        dim=1,
    )
    per = {n: float(correct[:, a].float().mean()) for a, n in enumerate(names)}
    return {
        "accuracy": sum(per.values()) / len(per),
        "per_attribute": per,
        "all_correct": float(correct.all(dim=1).float().mean()),
        "n": int(y2d.shape[0]),
    }


@accuracy_from_scores.register
def _(space: MultiCategorical, scores: Tensor, y: Tensor) -> dict[str, Any]:
    _check_vector_scores(space, scores, y)
    return _categorical_figures(space.attribute_names, space.groups, scores, y.to(scores.device))


@accuracy_from_scores.register
def _(space: Categorical, scores: Tensor, y: Tensor) -> dict[str, Any]:
    _check_vector_scores(space, scores, y)
    return _categorical_figures(["class"], space.groups, scores, y[:, None].to(scores.device))


@accuracy_from_scores.register
def _(space: MultiLabel, scores: Tensor, y: Tensor) -> dict[str, Any]:
    _check_vector_scores(space, scores, y)
    labels = y.to(scores.device)
    hits = iclevr_hits(scores, labels)
    k = labels.sum(dim=1)
    return {
        "accuracy": float(hits.sum()) / float(k.sum()),
        "exact": float((hits == k).float().mean()),
        "n": int(y.shape[0]),
    }


# -- running an evaluator ---------------------------------------------------------


@torch.no_grad()
def evaluator_scores(evaluator: nn.Module, images: Tensor, *, batch_size: int = 256) -> Tensor:
    """Run ``evaluator`` over ``images (B, 3, H, W)`` in batches; returns its scores on the CPU.

    ``images`` are floats in ``[-1, 1]`` or ``uint8`` in ``[0, 255]``; the
    evaluator resizes them. The evaluator is put in eval mode and restored.
    """
    images = to_rgb(images)
    if not isinstance(images, Tensor) or images.dim() != 4 or images.shape[1] != 3:
        shape = tuple(images.shape) if isinstance(images, Tensor) else type(images).__name__
        raise ValueError(f"images must have shape (B, 3, H, W), got {shape}")
    if images.shape[0] == 0:
        raise ValueError("images must hold at least one image, got B = 0")
    was_training = evaluator.training
    evaluator.eval()
    try:
        device = next(evaluator.parameters()).device
        out = [
            evaluator(images[i : i + batch_size].to(device)).float().cpu()
            for i in range(0, images.shape[0], batch_size)
        ]
    finally:
        evaluator.train(was_training)
    return torch.cat(out)


def combination_mask(y: Tensor, combinations: Tensor) -> Tensor:
    """``(B,)`` bool: which rows of ``y`` equal one of ``combinations`` (same format as ``y``)."""
    flat_y = y.reshape(y.shape[0], -1)
    flat_c = combinations.reshape(combinations.shape[0], -1).to(flat_y)
    if flat_c.shape[1] != flat_y.shape[1]:
        raise ValueError(
            f"combinations must have the format of y {tuple(y.shape[1:])}, got "
            f"{tuple(combinations.shape[1:])}"
        )
    return (flat_y[:, None, :] == flat_c[None, :, :]).all(dim=2).any(dim=1)


def conditional_accuracy(
    evaluator: nn.Module,
    images: Tensor,
    y: Tensor,
    space: ConditionSpace | None = None,
    *,
    heldout: Tensor | None = None,
    batch_size: int = 256,
) -> dict[str, Any]:
    """How often ``evaluator`` recognises the condition ``y`` in ``images``.

    Args:
        evaluator: a classifier returning scores ``(B, space.vector_dim)`` (an
            :class:`~condgan.metrics.Evaluator` or :class:`~condgan.metrics.CourseEvaluator`).
        images: ``(B, 3, H, W)`` floats in ``[-1, 1]`` (or ``uint8``).
        y: the conditions the images were made for, in ``space``'s format.
        space: the condition space; defaults to ``evaluator.space``.
        heldout: optional combinations (``(M, ...)`` in ``y``'s format) left out of
            training; adds ``"heldout"`` and ``"seen"`` entries computed on each
            subset (``None`` where a subset is empty).

    Returns:
        :func:`accuracy_from_scores`'s dict (plus ``heldout`` / ``seen``).
    """
    space = space if space is not None else getattr(evaluator, "space", None)
    if space is None:
        raise ValueError("pass space=...: the evaluator has no .space attribute")
    space.validate(y)
    if isinstance(images, Tensor) and images.shape[0] != y.shape[0]:
        raise ValueError(f"images hold {images.shape[0]} images but y has {y.shape[0]} rows")
    scores = evaluator_scores(evaluator, images, batch_size=batch_size)
    out = accuracy_from_scores(space, scores, y.cpu())
    if heldout is not None:
        mask = combination_mask(y.cpu(), heldout.cpu())
        for key, m in (("heldout", mask), ("seen", ~mask)):
            out[key] = accuracy_from_scores(space, scores[m], y.cpu()[m]) if m.any() else None
    return out
