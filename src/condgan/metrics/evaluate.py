"""One-call evaluations: a generator against real data, and real data against itself.

* :func:`evaluate_real` scores the real images of a data folder with the shipped
  evaluator: the ceiling any generator's conditional accuracy can reach, and
  whether that judge can read the data at all (see :mod:`condgan.metrics.judge`).
* :func:`evaluate_generator` draws samples from ``G`` and reports conditional
  accuracy and (with reference data) FID / KID / precision / recall and the
  diversity within each condition.
* :func:`format_table` prints either result as an aligned two-column table;
  :func:`summary_lines` gives a generator result's headline (accuracy beside the
  judge's own figure on real images, diversity within conditions).
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from torch import nn

from condgan.conditions import ConditionSpace
from condgan.conditions.same_space import check_same_space
from condgan.metrics.accuracy import conditional_accuracy
from condgan.metrics.diversity import diversity_from_features
from condgan.metrics.evaluator import evaluator_for_space, load_evaluator
from condgan.metrics.judge import FIT_THRESHOLD, judge_report, trained_on
from condgan.metrics.samples import generate_samples

__all__ = [
    "evaluate_generator",
    "evaluate_real",
    "format_table",
    "standin_floor",
    "summary_lines",
]


def _resolve_evaluator(evaluator: nn.Module | str | Path | None, space: Any) -> nn.Module:
    if evaluator is None:
        return evaluator_for_space(space)
    if isinstance(evaluator, (str, Path)):
        return load_evaluator(evaluator)
    return evaluator


def _check_evaluator(ev: nn.Module, space: Any, space_from: str, given: Any = None) -> None:
    """The evaluator reads ``space`` (compared before any work; both sides named)."""
    ev_space = getattr(ev, "space", None)
    if isinstance(ev_space, ConditionSpace) and isinstance(space, ConditionSpace):
        name = getattr(ev, "name", None) or type(ev).__name__
        path = isinstance(given, (str, Path)) and str(given) != name
        where = f" ({given})" if path else ""
        check_same_space(
            space, ev_space, expected_from=space_from, got_from=f"the evaluator {name!r}{where}"
        )


def evaluate_real(
    data_dir: str | Path,
    *,
    evaluator: nn.Module | str | Path | None = None,
    n: int | None = None,
    batch_size: int = 256,
    threshold: float = FIT_THRESHOLD,
) -> dict[str, Any]:
    """Score a data folder's real images (any supported format) with an evaluator (the judge).

    This is the judge's own accuracy on that data: the ceiling of any
    generator's conditional accuracy, and whether the judge can read the data
    at all. A judge trained on procedural stand-ins may read real images
    poorly; below ``threshold`` it is reported as unfit (``"fit": False``).

    Args:
        data_dir: a folder :func:`condgan.data.load_dataset` reads (i-CLEVR, ADL
            cartoon, anime 2018 or 2017; real or stand-in); images are read at
            the evaluator's input size.
        evaluator: default: the shipped evaluator trained on the folder's space.
        n: score ``n`` rows drawn at random (seeded, stratified) instead of all.
        threshold: the accuracy below which the judge is unfit for this data.

    Returns:
        :func:`~condgan.metrics.accuracy_from_scores`'s dict: ``accuracy`` (the
        i-CLEVR rule) for multi-label data; ``per_attribute`` and ``all_correct``
        for categorical data; plus ``n``, ``evaluator``, ``trained_on`` (what
        the judge was trained on), ``fit``, ``threshold`` and ``note``.
    """
    from condgan.data import load_dataset

    space = None if evaluator is not None else load_dataset(data_dir).space
    ev = _resolve_evaluator(evaluator, space)
    ref = _reference(data_dir, n, size=getattr(ev, "input_size", None) or 64, seed=0)
    _check_evaluator(ev, ref.space, f"the data in {data_dir}", evaluator)
    report = judge_report(
        ev, ref.images, ref.y, ref.space, threshold=threshold, data=str(data_dir),
        batch_size=batch_size,
    )  # fmt: skip
    return {
        **report.real, "evaluator": report.evaluator, "trained_on": report.trained_on,
        "fit": report.fit, "threshold": report.threshold, "note": report.note,
    }  # fmt: skip


def _data_name(data: Any) -> str:
    """How a reference is named in messages and results: a folder's path, or its source."""
    if data is None or isinstance(data, (str, Path)):
        return str(data)
    source = getattr(data, "source", None)
    return str(source.get("data", source.get("kind"))) if isinstance(source, dict) else "images"


def _reference(data: Any, n: int | None, *, size: int, seed: int) -> Any:
    """``n`` rows of a folder (all when ``None``) drawn at random, stratified, as uint8; a
    labelled set already drawn (``images``, ``y``, ``space``) is used as it is."""
    import torch

    from condgan.cache import cache_root
    from condgan.data import decode_folder, stratified_sample
    from condgan.metrics.labeled_data import LabeledTensors

    if all(hasattr(data, a) for a in ("images", "y", "space")):
        return LabeledTensors(data.images, data.y, data.space)
    if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 1):
        raise ValueError(f"n must be a positive number of images or None, got {n!r}")
    full = decode_folder(data, size=size, cache_dir=cache_root() / "decoded")
    rows = torch.arange(len(full))
    if n is not None:
        rows = stratified_sample(full.y, rows, n, seed=seed)
    return LabeledTensors(full.images[rows], full.y[rows], full.space)


def evaluate_generator(
    G: Any,
    *,
    data: str | Path | Any | None = None,
    n: int = 1000,
    evaluator: nn.Module | str | Path | None = None,
    extractor: str = "domain",
    inception_weights: str | Path | None = None,
    allow_download: bool = False,
    cache_dir: str | Path | None = None,
    per_value: bool = False,
    seed: int = 0,
    batch_size: int = 64,
    threshold: float = FIT_THRESHOLD,
) -> dict[str, Any]:
    """Conditional accuracy of ``n`` samples of ``G``, and fidelity against ``data``.

    ``G`` is sampled in eval mode; its mode and buffers are left as they were.
    A ``G`` conditioned on text is judged through the label space its phrases
    name (:func:`~condgan.metrics.label_view.label_view`). With ``data``, the
    judge is also scored on ``n`` real images of it drawn at random (seeded,
    stratified over the conditions): ``"judge"`` holds that figure and whether
    the judge is fit for the data; those images are the fidelity reference, and
    diversity within conditions (:func:`~condgan.metrics.diversity_from_features`:
    diversity ratio, precision / recall / density / coverage, intra-class FID)
    is measured against them from the same features, in the judge's features
    and, with ``extractor="inception"``, in Inception's too.

    Args:
        G: a generator with ``G.space`` and ``G.sample(y, generator=...)``.
        data: a real (or stand-in) data folder, from which ``n`` reference images are
            drawn; or reference images already drawn (an object with uint8 ``images``
            (N, C, H, W), ``y`` and ``space``, e.g. a recipe's held-out
            :meth:`~condgan.recipes.DataSpec.reference`), used as they are. Without
            it, only accuracy is computed.
        n: number of generated images (conditions drawn uniformly from ``G.space``).
        evaluator: default: the shipped evaluator of ``G.space`` (or of its labels).
        extractor, inception_weights, allow_download, cache_dir: see
            :func:`~condgan.metrics.fidelity`.
        per_value: also give the per-value figures (FID, diversity ratio, PRDC) of
            each attribute value / class / label (needs ``data``).
        threshold: the judge's accuracy on real images below which it is unfit.

    Returns:
        A dict with ``n``, ``evaluator``, ``trained_on``, ``accuracy``, ``judge``
        (``None`` without ``data``), ``fidelity`` (``None`` without ``data``),
        with ``data`` of ``G``'s space ``diversity`` (judge features; a
        :meth:`~condgan.metrics.DiversityReport.summary`) and with the Inception
        extractor ``diversity_inception``; with ``per_value``, ``fid_per_value``
        and ``diversity_per_value`` (in the chosen extractor's features).

    Raises:
        ValueError: no evaluator reads ``G``'s conditions (the message names the fix).
        SpaceMismatchError: the condition space of ``data`` or of ``evaluator``
            differs from ``G``'s (checked before any sample is drawn).
    """
    from condgan.metrics.label_view import label_view

    if isinstance(evaluator, Path):
        evaluator = load_evaluator(evaluator)
    judged, ev = label_view(G, evaluator)
    # mismatched spaces are refused before any sample is drawn (both sides named)
    _check_evaluator(ev, judged.space, "the generator", evaluator)
    ref = None
    where = _data_name(data)
    if data is not None:
        ref = _reference(data, n, size=getattr(ev, "input_size", 64), seed=seed)
        check_same_space(
            judged.space, ref.space, expected_from="the generator", got_from=f"the data in {where}"
        )
    images, y = generate_samples(judged, n, batch_size=batch_size, seed=seed)
    out: dict[str, Any] = {
        "n": n,
        "evaluator": getattr(ev, "name", type(ev).__name__),
        "trained_on": trained_on(ev),
        "accuracy": conditional_accuracy(ev, images, y, judged.space),
        "judge": None,
        "fidelity": None,
    }
    if ref is None:
        return out
    same_space = ref.space == judged.space
    if same_space:
        report = judge_report(ev, ref.images, ref.y, ref.space, threshold=threshold, data=where)
        out["judge"] = report.to_dict()
    elif per_value:
        raise ValueError(f"the data's space {ref.space!r} differs from G's {judged.space!r}")
    options = dict(inception_weights=inception_weights, allow_download=allow_download,
                   cache_dir=cache_dir, batch_size=batch_size)  # fmt: skip
    fid, f_s, f_ref = _fidelity_features(images, ref.images, extractor, ev, seed=seed, **options)
    out["fidelity"] = fid.to_dict()
    out["fidelity"]["reference"] = {
        "data": where, "n": len(ref.images), "seed": seed,
        "drawn": "at random, stratified over the conditions",
    }  # fmt: skip
    if not same_space:
        return out
    spaces = {extractor: (f_s, f_ref)}
    if extractor != "domain":  # diversity is always measured in the judge's features too
        _, *domain = _fidelity_features(images, ref.images, "domain", ev, seed=seed, **options)
        spaces["domain"] = tuple(domain)
    for name, (fs, fr) in sorted(spaces.items(), key=lambda kv: kv[0] != "domain"):
        div = diversity_from_features(fr, ref.y, fs, y, judged.space, features=name)
        key = "diversity" if name == "domain" else f"diversity_{name}"
        out[key] = div.summary()
        if per_value and name == extractor:
            out["fid_per_value"] = {k: v.fid for k, v in div.per_value.items()}
            out["diversity_per_value"] = {k: asdict(v) for k, v in div.per_value.items()}
    return out


def _fidelity_features(
    images: Any, reference: Any, extractor: str, evaluator: nn.Module, *, seed: int,
    cache_dir: str | Path | None, batch_size: int, **options: Any,
) -> tuple[Any, Any, Any]:  # fmt: skip
    """:func:`~condgan.metrics.fidelity`'s result and the features it was computed from."""
    from condgan.metrics.cache import FeatureCache
    from condgan.metrics.fidelity import (
        FidelityResult,
        extract_features,
        fidelity_from_features,
        reference_features,
        resolve_extractor,
    )

    spec = resolve_extractor(extractor, evaluator=evaluator, **options)
    f_ref, hit = reference_features(
        reference, spec, cache=FeatureCache(cache_dir), batch_size=batch_size
    )
    f_s = extract_features(images, spec, batch_size=batch_size)
    values = fidelity_from_features(f_s, f_ref, seed=2020 + seed)
    result = FidelityResult(**values, extractor=spec.name, n_samples=len(f_s),
                            n_reference=len(f_ref), reference_cache_hit=hit)  # fmt: skip
    return result, f_s, f_ref


def summary_lines(result: dict[str, Any]) -> list[str]:
    """The headline of an :func:`evaluate_generator` result: accuracy beside the judge's own
    figure on real images, and diversity within conditions (ratio, recall, coverage)."""
    acc = result["accuracy"]["accuracy"]
    judge = result.get("judge")
    line = f"conditional accuracy {acc:.3f}"
    line += f" ({judge['note']})" if judge else " (the judge's figure on real images needs --data)"
    lines = [line]
    for key, div in result.items():
        if not key.startswith("diversity") or key == "diversity_per_value" or div is None:
            continue
        ratio = "-" if div["ratio"] is None else f"{div['ratio']:.2f}"
        figures = ", ".join(
            f"{name} {div[name]:.2f}" for name in ("recall", "coverage") if div[name] is not None
        )
        lines.append(f"diversity within conditions ({div['features']} features): ratio {ratio}"
                     + (f", {figures}" if figures else ""))  # fmt: skip
    if result.get("fidelity") is not None and result.get("diversity") is None:
        lines.append("diversity within conditions: not measured (the data's conditions differ)")
    return lines


def standin_floor(
    kind: str,
    *,
    n: int = 1000,
    seeds: tuple[int, int] = (2000, 3000),
    evaluator: nn.Module | str | Path | None = None,
    batch_size: int = 64,
) -> dict[str, Any]:
    """The real-vs-real floor of a stand-in: fidelity between two disjoint stand-in sets.

    ``kind`` is an evaluator name (``"cartoon"``, ``"iclevr"``, ``"anime"``,
    ``"anime2017"``). Renders ``n`` images with each of two seeds (never the training seed 0 nor
    the held-out seed 1000) and compares them with the domain extractor of
    ``kind``'s evaluator (no cache). A perfect generator would score about this.
    """
    import tempfile

    from condgan.metrics.fidelity import fidelity
    from condgan.metrics.labeled_data import load_labeled_images, write_evaluator_standin

    with tempfile.TemporaryDirectory(prefix=f"condgan-floor-{kind}-") as tmp:
        a = load_labeled_images(write_evaluator_standin(kind, Path(tmp) / "a", n, seeds[0]))
        b = load_labeled_images(write_evaluator_standin(kind, Path(tmp) / "b", n, seeds[1]))
    ev = evaluator if evaluator is not None else kind
    result = fidelity(a.images, b.images, evaluator=ev, use_cache=False, batch_size=batch_size)
    return {"kind": kind, "n": n, "seeds": list(seeds), **result.to_dict()}


def _flatten(prefix: str, value: Any, rows: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(f"{prefix}.{k}" if prefix else str(k), v, rows)
    elif isinstance(value, float):
        rows.append((prefix, f"{value:.4f}"))
    elif value is not None:
        rows.append((prefix, str(value)))


def format_table(result: dict[str, Any]) -> str:
    """An aligned ``name  value`` table of a (nested) result dict."""
    rows: list[tuple[str, str]] = []
    _flatten("", result, rows)
    width = max((len(k) for k, _ in rows), default=0)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)
