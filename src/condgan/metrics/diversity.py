"""Diversity within each condition: does different noise give different images?

A conditional generator can draw every condition right and still give one
image per condition (its noise ignored): conditional accuracy stays high and
an overall FID barely notices. This module measures it in a feature space
(the judge's penultimate features, or Inception's):

* :func:`diversity_ratio`: the mean pairwise feature distance among generated
  images of a condition, divided by the same among real images of it. About 1
  for a generator as varied as the data, 0 for one image per condition. Below
  :data:`COLLAPSE_THRESHOLD` (0.3) :func:`collapse_warning` says so.
* :func:`~condgan.metrics.prdc`: precision, recall, density and coverage
  (Kynkäänniemi et al. 2019; Naeem et al. 2020), overall and per attribute value.
* intra-class FID: FID per attribute value / class / label (as
  :func:`~condgan.metrics.fid_per_value`), from the same features.

:func:`diversity_from_features` computes all of it from features already
extracted (those of an FID); :func:`per_condition_diversity` draws the samples
and extracts the features itself.
"""

from __future__ import annotations

import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import Tensor, nn

from condgan.conditions import ConditionSpace
from condgan.metrics.fidelity import fid_from_features
from condgan.metrics.per_condition import value_masks
from condgan.metrics.precision_recall import prdc

__all__ = [
    "COLLAPSE_THRESHOLD",
    "ConditionDiversity",
    "DiversityReport",
    "collapse_warning",
    "condition_groups",
    "diversity_figures",
    "diversity_from_features",
    "diversity_ratio",
    "mean_pairwise_distance",
    "per_condition_diversity",
    "warn_if_collapsed",
]

#: The diversity ratio below which samples are reported as collapsed within conditions.
COLLAPSE_THRESHOLD = 0.3


def mean_pairwise_distance(x: Tensor) -> float:
    """Mean Euclidean distance over all pairs of rows of ``x (N >= 2, F)``."""
    if not isinstance(x, Tensor) or x.dim() != 2 or x.shape[0] < 2:
        shape = tuple(x.shape) if isinstance(x, Tensor) else type(x).__name__
        raise ValueError(f"x must be (N >= 2, F) features, got {shape}")
    return float(torch.pdist(x.detach().double().cpu()).mean())


def diversity_ratio(real: Tensor, fake: Tensor) -> float:
    """Mean pairwise distance of ``fake (M, F)`` over that of ``real (N, F)`` (one condition).

    1 when the generated images spread as much as the real ones, 0 when they
    are all equal.

    Raises:
        ValueError: fewer than 2 rows on a side; real rows all equal (no spread to compare with).
    """
    spread = mean_pairwise_distance(real)
    if spread == 0.0:
        raise ValueError("real has no spread (all rows equal): the ratio is undefined")
    return mean_pairwise_distance(fake) / spread


def collapse_warning(ratio: float | None, threshold: float = COLLAPSE_THRESHOLD) -> str | None:
    """The one-line warning to print when ``ratio < threshold``; ``None`` otherwise."""
    if ratio is None or ratio >= threshold:
        return None
    return (
        f"condgan: warning: samples collapse within conditions (diversity ratio {ratio:.2f} < "
        f"{threshold:g}): different noise gives nearly the same image for a condition; see the "
        "Metrics guide, 'Diversity within each condition'"
    )


def diversity_figures(result: dict[str, Any]) -> tuple[float | None, float | None]:
    """``(diversity ratio, coverage)`` of an evaluation result holding a ``"diversity"`` dict
    (:func:`~condgan.metrics.evaluate_generator`, :func:`~condgan.recipes.evaluate_recipe`);
    ``None`` where absent."""
    div = result.get("diversity") or {}
    return div.get("ratio"), div.get("coverage")


def warn_if_collapsed(result: dict[str, Any], *, label: str = "") -> str | None:
    """Print :func:`collapse_warning` (and ``[label]``) to stderr when ``result``'s diversity
    ratio (:func:`diversity_figures`) is below the threshold; returns the line or ``None``."""
    warning = collapse_warning(diversity_figures(result)[0])
    if warning:
        print(warning + (f" [{label}]" if label else ""), file=sys.stderr)
    return warning


@dataclass
class ConditionDiversity:
    """The figures of one subset (an attribute value, class or label); ``None`` where the
    subset is too small (ratio: < 2 images a side; PRDC: <= k; FID: < ``min_count``)."""

    n_real: int
    n_fake: int
    ratio: float | None = None
    precision: float | None = None
    recall: float | None = None
    density: float | None = None
    coverage: float | None = None
    fid: float | None = None


@dataclass
class DiversityReport:
    """Diversity figures of generated images against real ones, in one feature space.

    Attributes:
        features: the feature space (``"domain"`` or ``"inception"``).
        ratio: the within-condition diversity ratio: mean over ``groups`` of the
            generated images' mean pairwise distance, over the same of the real
            images (``None`` when no group has two images a side).
        grouping: ``"condition"`` (images sharing their whole condition) or
            ``"value"`` (sharing one attribute value / label; used when too few
            whole conditions occur twice on both sides, as with i-CLEVR's scenes).
        n_groups: groups pooled; real_spread / fake_spread: their mean distances.
        precision / recall / density / coverage: over all images (:func:`prdc`, ``k``).
        intra_fid: mean FID over the values that have one.
        threshold / collapsed: :data:`COLLAPSE_THRESHOLD` and ``ratio < threshold``.
        per_value: ``{value name: ConditionDiversity}`` (ratio, PRDC, FID per value).
    """

    features: str
    ratio: float | None
    grouping: str | None
    n_groups: int
    real_spread: float | None
    fake_spread: float | None
    precision: float | None
    recall: float | None
    density: float | None
    coverage: float | None
    k: int
    intra_fid: float | None
    threshold: float = COLLAPSE_THRESHOLD
    collapsed: bool = False
    per_value: dict[str, ConditionDiversity] = field(default_factory=dict)

    def warning(self) -> str | None:
        """:func:`collapse_warning` of :attr:`ratio`."""
        return collapse_warning(self.ratio, self.threshold)

    def summary(self) -> dict[str, Any]:
        """:meth:`to_dict` without ``per_value``."""
        return {k: v for k, v in self.to_dict().items() if k != "per_value"}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def condition_groups(y_real: Tensor, y_fake: Tensor) -> list[tuple[Tensor, Tensor, Tensor]]:
    """``[(condition row, real mask, fake mask)]`` for every whole condition in ``y_real``
    or ``y_fake`` (rows compared exactly; any condition format)."""
    flat_r, flat_f = y_real.reshape(len(y_real), -1), y_fake.reshape(len(y_fake), -1)
    rows, inverse = torch.unique(torch.cat([flat_r, flat_f.to(flat_r.dtype)]), dim=0,
                                 return_inverse=True)  # fmt: skip
    inv_r, inv_f = inverse[: len(flat_r)], inverse[len(flat_r) :]
    return [(rows[i], inv_r == i, inv_f == i) for i in range(len(rows))]


def _first(x: Tensor, mask: Tensor, cap: int) -> Tensor:
    return x[mask][:cap]


def _pooled_ratio(
    pairs: list[tuple[Tensor, Tensor]],
) -> tuple[float | None, int, float | None, float | None]:
    usable = [(r, f) for r, f in pairs if len(r) >= 2 and len(f) >= 2]
    if not usable:
        return None, 0, None, None
    real = sum(mean_pairwise_distance(r) for r, _ in usable) / len(usable)
    fake = sum(mean_pairwise_distance(f) for _, f in usable) / len(usable)
    return (fake / real if real > 0 else None), len(usable), real, fake


def diversity_from_features(
    real: Tensor,
    real_y: Tensor,
    fake: Tensor,
    fake_y: Tensor,
    space: ConditionSpace,
    *,
    k: int = 5,
    max_per_group: int = 200,
    min_groups: int = 3,
    min_count: int = 10,
    threshold: float = COLLAPSE_THRESHOLD,
    features: str = "domain",
) -> DiversityReport:
    """Within-condition diversity, PRDC and intra-class FID from features.

    Args:
        real / fake: features ``(N, F)`` / ``(M, F)`` of real and generated images.
        real_y / fake_y: their conditions in ``space``'s format.
        k: PRDC neighbourhood size.
        max_per_group: at most this many images a side per group enter the
            pairwise distances and the per-value PRDC (the first ones).
        min_groups: whole conditions needed (two images a side each) to pool the
            ratio over them; otherwise it is pooled over attribute values / labels.
        min_count: per-value FID needs this many images a side.

    Raises:
        ValueError: features and conditions of different lengths or widths.
    """
    for name, f, y in (("real", real, real_y), ("fake", fake, fake_y)):
        if not isinstance(f, Tensor) or f.dim() != 2 or len(f) != len(y):
            raise ValueError(f"{name} must be (N, F) features with one row per {name}_y row")
    if real.shape[1] != fake.shape[1]:
        raise ValueError(f"real and fake feature widths differ: {real.shape[1]} vs {fake.shape[1]}")
    real, fake = real.detach().double().cpu(), fake.detach().double().cpu()
    real_y, fake_y = space.validate(real_y.cpu()), space.validate(fake_y.cpu())
    whole = [
        (_first(real, mr, max_per_group), _first(fake, mf, max_per_group))
        for _, mr, mf in condition_groups(real_y, fake_y)
    ]
    ratio, n_groups, real_spread, fake_spread = _pooled_ratio(whole)
    grouping = "condition" if ratio is not None else None
    masks_r, masks_f = value_masks(space, real_y), value_masks(space, fake_y)
    per_value: dict[str, ConditionDiversity] = {}
    for key, mr in masks_r.items():
        r, f = _first(real, mr, max_per_group), _first(fake, masks_f[key], max_per_group)
        cd = ConditionDiversity(int(mr.sum()), int(masks_f[key].sum()))
        if len(r) >= 2 and len(f) >= 2 and mean_pairwise_distance(r) > 0:
            cd.ratio = diversity_ratio(r, f)
        if min(len(r), len(f)) > k:
            p = prdc(r, f, k)
            cd.precision, cd.recall, cd.density, cd.coverage = (
                p.precision, p.recall, p.density, p.coverage
            )  # fmt: skip
        if min(cd.n_real, cd.n_fake) >= max(2, min_count):
            cd.fid = fid_from_features(real[mr], fake[masks_f[key]])
        per_value[key] = cd
    if n_groups < min_groups:
        by_value = [
            (_first(real, masks_r[key], max_per_group), _first(fake, masks_f[key], max_per_group))
            for key in masks_r
        ]
        v_ratio, v_groups, v_real, v_fake = _pooled_ratio(by_value)
        if v_groups > n_groups:
            ratio, n_groups, real_spread, fake_spread = v_ratio, v_groups, v_real, v_fake
            grouping = "value"
    overall = prdc(real, fake, k) if min(len(real), len(fake)) > k else None
    fids = [cd.fid for cd in per_value.values() if cd.fid is not None]
    return DiversityReport(
        features=features, ratio=ratio, grouping=grouping, n_groups=n_groups,
        real_spread=real_spread, fake_spread=fake_spread,
        precision=None if overall is None else overall.precision,
        recall=None if overall is None else overall.recall,
        density=None if overall is None else overall.density,
        coverage=None if overall is None else overall.coverage,
        k=k, intra_fid=sum(fids) / len(fids) if fids else None, threshold=threshold,
        collapsed=ratio is not None and ratio < threshold, per_value=per_value,
    )  # fmt: skip


def per_condition_diversity(
    G: Any,
    reference: Tensor,
    reference_y: Tensor,
    *,
    evaluator: nn.Module | str | Path | None = None,
    extractor: str = "domain",
    inception_weights: str | Path | None = None,
    allow_download: bool = False,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    seed: int = 0,
    batch_size: int = 64,
    **options: Any,
) -> DiversityReport:
    """Draw one sample of ``G`` for each reference condition and compare them by condition.

    Args:
        G: a generator with ``G.space`` and ``G.sample(y, generator=...)``
            (sampled in eval mode, left as it was).
        reference: real images ``(N, 3, H, W)`` (float in ``[-1, 1]`` or uint8);
            reference_y: their conditions in ``G.space``'s format. Generating for
            these very conditions makes every group the same size on both sides.
        evaluator: the judge whose features are used (default: the shipped
            evaluator of ``G.space``); extractor, inception_weights,
            allow_download, cache_dir, use_cache: as in :func:`~condgan.metrics.fidelity`.
        options: passed to :func:`diversity_from_features` (``k``, ``max_per_group``, ...).
    """
    from condgan.metrics.cache import FeatureCache
    from condgan.metrics.evaluator import evaluator_for_space
    from condgan.metrics.fidelity import extract_features, reference_features, resolve_extractor
    from condgan.metrics.samples import generate_samples

    if not isinstance(reference, Tensor) or len(reference) != len(reference_y):
        raise ValueError("reference must be an image tensor with one row per reference_y row")
    if extractor == "domain" and evaluator is None:
        evaluator = evaluator_for_space(G.space)
    spec = resolve_extractor(extractor, evaluator=evaluator, inception_weights=inception_weights,
                             allow_download=allow_download)  # fmt: skip
    images, y = generate_samples(G, len(reference), y=reference_y, batch_size=batch_size, seed=seed)
    cache = FeatureCache(cache_dir) if use_cache else None
    f_ref, _ = reference_features(reference, spec, cache=cache, batch_size=batch_size)
    f_fake = extract_features(images, spec, batch_size=batch_size)
    return diversity_from_features(f_ref, reference_y, f_fake, y, G.space, features=extractor,
                                   **options)  # fmt: skip
