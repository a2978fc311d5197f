"""Train and evaluate a recipe's variants, and tabulate them beside the report's numbers.

This is what the example scripts, ``condgan reproduce`` and ``condgan demo`` run.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch

from condgan.files import atomic_write_text, relative_path
from condgan.recipes.data import REFERENCE_SEED
from condgan.recipes.recipe import Recipe, Reported
from condgan.recipes.registry import build, entry

__all__ = [
    "VariantResult",
    "evaluate_recipe",
    "load_results",
    "ordering_reproduced",
    "reproduce",
    "rescore",
    "results_table",
    "run_variant",
    "write_results",
]


@dataclass
class VariantResult:
    """What one trained variant scored.

    Attributes:
        recipe, variant, scale: what was trained.
        steps: iterations trained; seconds: wall time of training.
        accuracy: the evaluator's conditional accuracy on generated images (the
            i-CLEVR rule for multi-label spaces, the mean per-attribute accuracy
            for categorical ones).
        chance: the same accuracy against shuffled conditions: what an
            unconditional generator would score.
        fid: domain-feature FID against images training never saw (a stand-in of
            another seed, or a random sample of the data folder's held-out split).
        reported: the report's figure for this variant.
        details: the full metric dicts; out_dir: the run folder; data_dir: the
            real data folder trained on (``None``: the stand-in).
        diversity_ratio / coverage: diversity within each condition (the judge's
            features; :func:`condgan.metrics.diversity_from_features`): generated
            over real mean pairwise distance among images of one condition (below
            0.3: collapsed), and the fraction of real images with a sample nearby;
            read from ``details["diversity"]`` when not given.
        seed: the run's seed when the variant was trained with several
            (:mod:`condgan.recipes.seeds`), else ``None``.
    """

    recipe: str
    variant: str
    scale: str
    steps: int
    seconds: float
    accuracy: float | None
    chance: float | None
    fid: float | None
    reported: Reported | None = None
    details: dict[str, Any] = field(default_factory=dict)
    out_dir: str = ""
    data_dir: str | None = None
    diversity_ratio: float | None = None
    coverage: float | None = None
    seed: int | None = None

    def __post_init__(self) -> None:  # taken from the details when not given
        from condgan.metrics.diversity import diversity_figures

        ratio, coverage = diversity_figures(self.details)
        self.diversity_ratio = ratio if self.diversity_ratio is None else self.diversity_ratio
        self.coverage = coverage if self.coverage is None else self.coverage

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VariantResult:
        data = dict(data)
        if data.get("reported") is not None:
            data["reported"] = Reported(**data["reported"])
        return cls(**data)


def evaluate_recipe(
    recipe: Recipe, generator: torch.nn.Module, *, n: int = 1000, seed: int = 0
) -> dict[str, Any]:
    """Conditional accuracy (and its chance level), FID and diversity within each condition
    of ``generator``, beside the judge's own accuracy on the real images they are computed
    against.

    The reference is ``n`` images training never saw, drawn at random
    (:meth:`~condgan.recipes.DataSpec.reference`): with a real data folder, a
    seeded sample of its held-out split, stratified over the conditions; with
    the stand-in, another stand-in rendered with :data:`REFERENCE_SEED`. Both
    are resized to the recipe's image size, so the figure measures the
    generator and not the resolution, and use the shipped evaluator's features
    (``extractor="domain"``); see the Metrics guide. The generator is sampled
    in eval mode and left in the mode it was in, its buffers untouched.

    Returns:
        ``{"accuracy", "chance", "fid", "judge", "diversity", "accuracy_details",
        "fidelity", "reference"}``; ``judge`` is the evaluator's accuracy on the
        reference images and whether it is fit to judge this data
        (:func:`condgan.metrics.judge.judge_report`); ``diversity`` the diversity
        within each condition, from the FID's features
        (:meth:`condgan.metrics.DiversityReport.to_dict`: the diversity ratio,
        precision / recall / density / coverage, intra-class FID, per value).
    """
    if recipe.evaluate is not None:
        return recipe.evaluate(generator, n=n, seed=seed)
    from condgan.metrics import (
        accuracy_from_scores,
        diversity_from_features,
        evaluator_for_space,
        evaluator_scores,
        extract_features,
        fid_from_features,
        generate_samples,
        resolve_extractor,
    )
    from condgan.metrics.fidelity import FidelityResult
    from condgan.metrics.judge import judge_report

    space = recipe.space
    ev = evaluator_for_space(space)
    images, y = generate_samples(generator, n, seed=seed)
    scores = evaluator_scores(ev, images)
    acc = accuracy_from_scores(space, scores, y)
    perm = torch.randperm(n, generator=torch.Generator().manual_seed(seed + 17))
    chance = accuracy_from_scores(space, scores, y[perm])
    ref = recipe.data.reference(n, seed=REFERENCE_SEED)
    judge = None
    spec = resolve_extractor("domain", evaluator=ev)
    f_samples, f_ref = extract_features(images, spec), extract_features(ref.images, spec)
    fid = FidelityResult(fid=fid_from_features(f_samples, f_ref), extractor=spec.name,
                         n_samples=len(f_samples), n_reference=len(f_ref))  # fmt: skip
    diversity = None
    if ref.space == space:
        where = "the stand-in" if recipe.data.data_dir is None else "the held-out split"
        judge = judge_report(ev, ref.images, ref.y, space, data=where).to_dict()
        diversity = diversity_from_features(f_ref, ref.y, f_samples, y, space).to_dict()
    return {
        "accuracy": acc["accuracy"],
        "chance": chance["accuracy"],
        "fid": fid.fid,
        "judge": judge,
        "diversity": diversity,
        "accuracy_details": acc,
        "fidelity": fid.to_dict(),
        "reference": ref.source,
    }


def run_variant(
    name: str,
    variant: str | None = None,
    scale: str = "cpu",
    *,
    out: str | Path = "runs",
    data_dir: str | Path | None = None,
    n_eval: int = 1000,
    progress: bool = True,
    **overrides: Any,
) -> VariantResult:
    """Build, train and evaluate one variant; the run goes to ``out/<name>/<variant>``
    (or to ``out_dir=`` when given).

    ``overrides`` are :class:`~condgan.training.TrainConfig` fields (``steps=...``
    rescales the recipe's sample and log intervals with it:
    :meth:`~condgan.recipes.Recipe.with_steps`). The EMA generator is evaluated
    when the recipe keeps one. The held-out split of the data (or the stand-in's
    seeds) is written to ``split.json`` in the run folder.
    """
    from condgan.metrics import warn_if_collapsed
    from condgan.training import TrainConfig, Trainer, seed_everything

    # the seed covers network initialisation: seed before the recipe builds the networks
    seed_everything(overrides.get("seed", TrainConfig().seed))
    recipe = build(name, variant, scale, data_dir=None if data_dir is None else str(data_dir))
    if "steps" in overrides:  # sample, log and checkpoint intervals follow the run's length
        recipe = recipe.with_steps(overrides.pop("steps"))
    run_dir = Path(overrides.pop("out_dir", None) or Path(out) / name / recipe.variant)
    trainer = Trainer.from_recipe(recipe, out_dir=str(run_dir), progress=progress, **overrides)
    if trainer.is_main:
        recipe.record_split(run_dir)
    t0 = time.perf_counter()
    trainer.fit()
    seconds = time.perf_counter() - t0
    g = trainer.eval_generator()
    metrics = evaluate_recipe(recipe, g, n=n_eval, seed=trainer.config.seed)
    warn_if_collapsed(metrics, label=f"{name} {recipe.variant}")
    return VariantResult(  # its diversity ratio and coverage are read from the details
        recipe=name, variant=recipe.variant, scale=scale, steps=trainer.step, seconds=seconds,
        accuracy=metrics.get("accuracy"), chance=metrics.get("chance"), fid=metrics.get("fid"),
        reported=recipe.reported, details=metrics, out_dir=str(run_dir),
        data_dir=None if data_dir is None else str(data_dir),
    )  # fmt: skip


def rescore(folder: str | Path, *, n_eval: int | None = None) -> list[VariantResult]:
    """Evaluate the runs listed in ``folder/results.json`` again, from their last checkpoints.

    Use it after the evaluators change, so that every variant of a table is
    scored by the same evaluator. Each run's generator is rebuilt by its recipe
    (same variant and scale) and loaded with the checkpoint's EMA weights when
    there are any. ``results.json`` and ``results.md`` are rewritten.

    Args:
        folder: a recipe's results folder (``out/<recipe>``).
        n_eval: images per evaluation (default: as many as the first scoring).

    Raises:
        FileNotFoundError: no ``results.json`` or a run's checkpoint is missing.
    """
    from condgan.metrics.diversity import diversity_figures, warn_if_collapsed
    from condgan.training.checkpoint import load_generator

    folder = Path(folder)
    results = load_results(folder / "results.json")
    for r in results:
        recipe = build(r.recipe, r.variant, r.scale, data_dir=r.data_dir)
        g = load_generator(
            Path(r.out_dir) / "checkpoints", create=lambda *_, _g=recipe.generator, **__: _g
        )
        n = n_eval or int(r.details.get("accuracy_details", {}).get("n", 1000))
        metrics = evaluate_recipe(recipe, g, n=n, seed=recipe.train.seed)
        r.accuracy, r.chance, r.fid = (
            metrics.get("accuracy"),
            metrics.get("chance"),
            metrics.get("fid"),
        )
        r.diversity_ratio, r.coverage = diversity_figures(metrics)
        warn_if_collapsed(metrics, label=f"{r.recipe} {r.variant}")
        r.details = metrics
        write_results(results, folder)
    return results


def reproduce(
    name: str,
    variants: Sequence[str] | None = None,
    scale: str = "cpu",
    *,
    out: str | Path = "runs",
    seeds: Sequence[int] | None = None,
    **kwargs: Any,
) -> list[VariantResult]:
    """Run :func:`run_variant` for each variant (default: all, in the report's order),
    writing ``out/<name>/results.json`` and ``results.md`` after each one.

    With ``seeds``, each variant is trained once per seed into
    ``out/<name>/<variant>/seed<k>``, and the table gives each variant's mean and
    spread and whether the report's ordering holds beyond it (:mod:`condgan.recipes.seeds`).
    """
    chosen = list(variants) if variants else list(entry(name).variants)
    results: list[VariantResult] = []
    for v in chosen:
        for seed in seeds if seeds else [None]:
            if seed is None:
                r = run_variant(name, v, scale, out=out, **kwargs)
            else:
                run_dir = Path(out) / name / v / f"seed{seed}"
                r = run_variant(name, v, scale, out=out, seed=seed, out_dir=run_dir, **kwargs)
                r.seed = seed
            results.append(r)
            write_results(results, Path(out) / name)
    return results


def _fmt(x: float | None, digits: int = 3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def ordering_reproduced(results: Sequence[VariantResult]) -> bool | None:
    """Whether our FIDs order the variants as the report's numbers do.

    Compares only variants whose report gives a number for the same kind of
    metric as the first such one; ``None`` when fewer than two can be compared.
    """
    pairs = [
        (r.reported.value, r.fid, r.reported.lower_is_better)
        for r in results
        if r.reported is not None and r.reported.value is not None and r.fid is not None
        and r.reported.metric.upper() == "FID"
    ]  # fmt: skip
    if len(pairs) < 2:
        return None
    theirs = sorted(range(len(pairs)), key=lambda i: pairs[i][0])
    ours = sorted(range(len(pairs)), key=lambda i: pairs[i][1])
    return theirs == ours


def results_table(results: Sequence[VariantResult]) -> str:
    """A Markdown table: variant, steps, minutes, accuracy (chance), the judge's own accuracy on
    real images of the data (``UNFIT`` below its threshold), FID, the diversity ratio and
    coverage (diversity within each condition), the report's figure. Runs with seeds are
    summarised per variant first (:func:`condgan.recipes.seeds.seeds_table`)."""
    if any(r.seed is not None for r in results):
        from condgan.recipes.seeds import seeds_table

        return seeds_table(results) + "\nEach run:\n\n" + _runs_table(results)
    return _runs_table(results)


def _runs_table(results: Sequence[VariantResult]) -> str:
    lines = [
        "| variant | steps | minutes | accuracy | chance | judge on real | FID (domain) "
        "| diversity | coverage | report |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        rep = "-"
        if r.reported is not None:
            rep = (
                f"{r.reported.metric} {r.reported.value:g}"
                if r.reported.value is not None
                else r.reported.note or "-"
            )
        judge = r.details.get("judge") or {}
        real = _fmt(judge.get("real_accuracy"))
        if judge and not judge.get("fit", True):
            real += " UNFIT"
        name = r.variant if r.seed is None else f"{r.variant} (seed {r.seed})"
        lines.append(
            f"| {name} | {r.steps} | {r.seconds / 60:.1f} | {_fmt(r.accuracy)} | "
            f"{_fmt(r.chance)} | {real} | {_fmt(r.fid, 1)} | {_fmt(r.diversity_ratio, 2)} | "
            f"{_fmt(r.coverage, 2)} | {rep} |"
        )
    from condgan.metrics import COLLAPSE_THRESHOLD

    verdict = ordering_reproduced(results) if all(r.seed is None for r in results) else None
    if verdict is not None:
        lines.append("")
        lines.append(f"FID ordering of the report reproduced: {'yes' if verdict else 'no'}.")
    collapsed = [
        r.variant
        for r in results
        if r.diversity_ratio is not None and r.diversity_ratio < COLLAPSE_THRESHOLD
    ]
    if collapsed:
        lines.append("")
        lines.append(
            f"Samples collapse within conditions ({', '.join(collapsed)}): diversity ratio below "
            f"{COLLAPSE_THRESHOLD:g}, different noise gives nearly the same image."
        )  # fmt: skip
    unfit = [r.variant for r in results if not ((r.details.get("judge") or {}).get("fit", True))]
    if unfit:
        lines.append("")
        lines.append(
            f"The judge reads the real images of this data below its threshold ({', '.join(unfit)}"
            "): its accuracy on samples says little; train one on this data "
            "(`condgan train-evaluator`)."
        )
    return "\n".join(lines) + "\n"


def _stored(r: VariantResult, folder: Path) -> dict[str, Any]:
    """``r`` as written in ``folder/results.json``: its paths relative to ``folder``."""
    d = r.to_dict()
    for key in ("out_dir", "data_dir"):
        if d[key]:
            d[key] = relative_path(d[key], folder)
    ref = d["details"].get("reference")
    if isinstance(ref, dict) and ref.get("data"):
        d["details"]["reference"] = {**ref, "data": relative_path(ref["data"], folder)}
    return d


def write_results(results: Sequence[VariantResult], folder: str | Path) -> tuple[Path, Path]:
    """Write ``results.json`` and ``results.md`` into ``folder`` (atomically).

    Paths (run folders, data folders) are written relative to ``folder``;
    :func:`load_results` resolves them again.
    """
    folder = Path(folder)
    js = folder / "results.json"
    md = folder / "results.md"
    atomic_write_text(js, json.dumps([_stored(r, folder) for r in results], indent=2) + "\n")
    atomic_write_text(md, results_table(results))
    return js, md


def load_results(path: str | Path) -> list[VariantResult]:
    """Read a ``results.json`` written by :func:`write_results`."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no results file at {path}")
    results = [VariantResult.from_dict(d) for d in json.loads(path.read_text())]
    for r in results:  # relative paths are relative to the results folder
        if r.out_dir and not Path(r.out_dir).is_absolute():
            r.out_dir = os.path.normpath(path.parent / r.out_dir)
        if r.data_dir and not Path(r.data_dir).is_absolute():
            r.data_dir = os.path.normpath(path.parent / r.data_dir)
    return results
