"""Several seeds per variant: mean and spread, and whether the report's ordering holds
beyond the spread.

A GAN figure from one seed is an anecdote. ``condgan reproduce RECIPE --seeds 0,1,2``
trains each variant once per seed (:func:`~condgan.recipes.runner.reproduce`);
:func:`seed_summary` gives each variant's mean and sample standard deviation and
:func:`ordering_verdict` says, in a sentence, whether the report's FID ordering is
reproduced and whether each step of it is larger than the spread.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Spread", "ordering_verdict", "seed_summary", "seeds_table", "spread"]

#: the figures summarised per variant (attributes of a VariantResult).
FIGURES = ("accuracy", "chance", "fid", "diversity_ratio", "coverage")


@dataclass(frozen=True)
class Spread:
    """Mean and sample standard deviation of one figure over seeds (``sd`` is ``None``
    for a single seed; missing figures are left out, ``n`` counts the rest)."""

    mean: float
    sd: float | None
    n: int

    def __str__(self) -> str:
        return f"{self.mean:.3f}" + ("" if self.sd is None else f" ± {self.sd:.3f}")

    def beyond(self, other: Spread) -> bool:
        """Whether the two means differ by more than the sum of the two spreads (never
        with a single seed on either side)."""
        if self.sd is None or other.sd is None:
            return False
        return abs(self.mean - other.mean) > self.sd + other.sd


def spread(values: Sequence[float | None]) -> Spread | None:
    """The :class:`Spread` of ``values`` (``None`` entries left out; ``None`` when none is
    left)."""
    vals = [float(v) for v in values if v is not None]
    if not vals:
        return None
    return Spread(statistics.mean(vals), statistics.stdev(vals) if len(vals) > 1 else None,
                  len(vals))  # fmt: skip


def seed_summary(results: Sequence[Any]) -> dict[str, dict[str, Any]]:
    """Per variant (in first-seen order): ``{"seeds": [...], "steps", "reported",
    <figure>: Spread | None for each of FIGURES}``."""
    out: dict[str, dict[str, Any]] = {}
    for r in results:
        out.setdefault(r.variant, {"runs": []})["runs"].append(r)
    for d in out.values():
        runs = d.pop("runs")
        d["seeds"] = [r.seed for r in runs]
        d["steps"] = runs[0].steps
        d["reported"] = runs[0].reported
        for k in FIGURES:
            d[k] = spread([getattr(r, k) for r in runs])
    return out


def ordering_verdict(results: Sequence[Any]) -> str | None:
    """A sentence: does the mean FID order the variants as the report's FIDs do, and is
    each step between neighbours (in the report's order) beyond the spread?

    ``None`` when fewer than two variants have a reported FID and a measured one.
    """
    summary = seed_summary(results)
    rows = [
        (v, d["reported"].value, d["fid"])
        for v, d in summary.items()
        if d["reported"] is not None and d["reported"].value is not None and d["fid"] is not None
        and d["reported"].metric.upper() == "FID"
    ]  # fmt: skip
    if len(rows) < 2:
        return None
    theirs = [v for v, *_ in sorted(rows, key=lambda r: r[1])]
    ours = [v for v, *_ in sorted(rows, key=lambda r: r[2].mean)]
    fid = {v: f for v, _, f in rows}
    if theirs != ours:
        return (
            f"FID ordering of the report not reproduced: the report orders {' < '.join(theirs)}, "
            f"the mean FIDs order {' < '.join(ours)}."
        )
    steps = list(itertools.pairwise(theirs))
    within = [f"{a} vs {b}" for a, b in steps if not fid[a].beyond(fid[b])]
    if not within:
        return (
            f"FID ordering of the report reproduced ({' < '.join(theirs)}), every step beyond "
            "the spread (mean difference larger than the two standard deviations together)."
        )
    return (
        f"FID ordering of the report reproduced in the means ({' < '.join(theirs)}), but "
        f"within the spread for {', '.join(within)}: those steps could be seed noise."
    )


def seeds_table(results: Sequence[Any]) -> str:
    """A Markdown table of mean ± sd per variant, and the ordering sentence."""
    lines = [
        "| variant | seeds | steps | accuracy | chance | FID (domain) | diversity | coverage "
        "| report |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for v, d in seed_summary(results).items():
        rep = d["reported"]
        rep_s = "-" if rep is None else (
            f"{rep.metric} {rep.value:g}" if rep.value is not None else rep.note or "-"
        )  # fmt: skip
        cells = ["-" if d[k] is None else str(d[k]) for k in FIGURES]
        seeds = ",".join(str(s) for s in d["seeds"])
        lines.append(f"| {v} | {seeds} | {d['steps']} | " + " | ".join(cells) + f" | {rep_s} |")
    verdict = ordering_verdict(results)
    if verdict:
        lines += ["", verdict]
    return "\n".join(lines) + "\n"
