"""Per-condition metrics: FID per attribute value (intra-class FID) and accuracy per combination.

Which subsets exist depends on the space, so :func:`value_masks` is dispatched on
the space's class (register new spaces with ``value_masks.register``):
categorical spaces give one subset per attribute value (``"blue hair"``),
multi-label spaces one per label (every image holding ``"red cube"``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatch
from pathlib import Path
from typing import Any

import torch
from torch import Tensor, nn

from condgan.conditions import Categorical, ConditionSpace, MultiCategorical, MultiLabel
from condgan.metrics.accuracy import accuracy_from_scores, evaluator_scores
from condgan.metrics.cache import FeatureCache
from condgan.metrics.fidelity import (
    ExtractorSpec,
    extract_features,
    fid_from_features,
    reference_features,
    resolve_extractor,
)

__all__ = ["accuracy_per_combination", "fid_per_value", "value_masks"]


@singledispatch
def value_masks(space: ConditionSpace, y: Tensor) -> dict[str, Tensor]:
    """``{value name: (B,) bool mask}``: the images showing each attribute value / label."""
    raise TypeError(
        f"per-value subsets are not defined for {type(space).__name__} spaces; "
        "supported: categorical, multi-categorical and multi-label spaces"
    )


@value_masks.register
def _(space: MultiCategorical, y: Tensor) -> dict[str, Tensor]:
    space.validate(y)
    return {
        space.phrase(a, v): y[:, a] == v
        for a in range(space.num_attributes)
        for v in range(space.sizes[a])
    }


@value_masks.register
def _(space: Categorical, y: Tensor) -> dict[str, Tensor]:
    space.validate(y)
    return {name: y == i for i, name in enumerate(space.names)}


@value_masks.register
def _(space: MultiLabel, y: Tensor) -> dict[str, Tensor]:
    space.validate(y)
    return {name: y[:, i] == 1 for i, name in enumerate(space.names)}


def fid_per_value(
    samples: Tensor,
    samples_y: Tensor,
    reference: Tensor,
    reference_y: Tensor,
    space: ConditionSpace,
    *,
    extractor: str | ExtractorSpec = "domain",
    evaluator: nn.Module | str | Path | None = None,
    inception_weights: str | Path | None = None,
    allow_download: bool = False,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    min_count: int = 10,
    batch_size: int = 64,
    device: torch.device | str | None = None,
) -> dict[str, float | None]:
    """Intra-class FID: for each attribute value, FID between the samples made for it
    and the reference images that show it.

    Args:
        samples / reference: images ``(N, 3, H, W)`` (float in ``[-1, 1]`` or uint8).
        samples_y / reference_y: their conditions in ``space``'s format.
        min_count: values with fewer images on either side get ``None``.
        extractor: as in :func:`~condgan.metrics.fidelity` (so are ``evaluator``,
            ``inception_weights``, ``allow_download``, ``cache_dir``, ``use_cache``).

    Returns:
        ``{value name: FID or None}`` in the order of :func:`value_masks`.
    """
    for name, imgs, yy in (("samples", samples, samples_y), ("reference", reference, reference_y)):
        if not isinstance(imgs, Tensor) or imgs.shape[0] != yy.shape[0]:
            raise ValueError(f"{name} and {name}_y must be tensors with the same number of rows")
    spec = resolve_extractor(
        extractor,
        evaluator=evaluator,
        inception_weights=inception_weights,
        allow_download=allow_download,
    )
    cache = FeatureCache(cache_dir) if use_cache else None
    f_ref, _ = reference_features(
        reference, spec, cache=cache, batch_size=batch_size, device=device
    )
    f_s = extract_features(samples, spec, batch_size=batch_size, device=device)
    m_s, m_r = value_masks(space, samples_y.cpu()), value_masks(space, reference_y.cpu())
    out: dict[str, float | None] = {}
    for key, mask in m_s.items():
        a, b = f_s[mask], f_ref[m_r[key]]
        out[key] = fid_from_features(a, b) if min(len(a), len(b)) >= max(2, min_count) else None
    return out


def accuracy_per_combination(
    evaluator: nn.Module,
    images: Tensor,
    y: Tensor,
    space: ConditionSpace | None = None,
    *,
    combinations: Sequence[Any] | Tensor | None = None,
    batch_size: int = 256,
) -> dict[str, dict[str, Any]]:
    """Accuracy figures (:func:`~condgan.metrics.accuracy_from_scores`) per distinct condition.

    Args:
        combinations: restrict to these conditions (tensor or names); default:
            every condition that occurs in ``y``.

    Returns:
        ``{space.describe(condition): figures}``; each figures dict holds ``n``.
    """
    space = space if space is not None else getattr(evaluator, "space", None)
    if space is None:
        raise ValueError("pass space=...: the evaluator has no .space attribute")
    space.validate(y)
    scores = evaluator_scores(evaluator, images, batch_size=batch_size)
    y = y.cpu()
    if combinations is None:
        combos = torch.unique(y.reshape(y.shape[0], -1), dim=0).reshape(-1, *y.shape[1:])
    else:
        combos = space.as_tensor(combinations).cpu()
    flat_y = y.reshape(y.shape[0], -1)
    out: dict[str, dict[str, Any]] = {}
    for combo, name in zip(combos, space.describe(combos.to(y.dtype))):
        mask = (flat_y == combo.reshape(1, -1).to(flat_y)).all(dim=1)
        if mask.any():
            out[name] = accuracy_from_scores(space, scores[mask], y[mask])
    return out
