"""A held-out split that training never sees, and references drawn from it.

:func:`heldout_split` keeps a seeded share of a data set's rows out of training,
stratified over the conditions when they are categorical (each combination
keeps its share, so a label file sorted by tag still gives a held-out side with
the data's own histogram), and duplicate-aware: copies (exact or mirrored, see
:func:`~condgan.data.find_duplicates`) always land on the same side.
:func:`stratified_sample` draws FID/KID/PRDC references from the held-out rows
in the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import Tensor

__all__ = ["HeldoutSplit", "heldout_split", "stratified_sample", "strata"]


def strata(y: Tensor) -> Tensor:
    """A stratum id per row of ``y (N, ...)``: the condition itself when it is categorical
    (integer ``y``), else one stratum for all rows (multi-hot and text conditions).
    """
    if y.dtype.is_floating_point or y.dtype == torch.bool:
        return torch.zeros(len(y), dtype=torch.long)
    flat = y.reshape(len(y), -1)
    _, ids = torch.unique(flat, dim=0, return_inverse=True)
    return ids


def _systematic(units: Tensor, unit_strata: Tensor, share: float, gen: torch.Generator) -> Tensor:
    """A boolean mask over ``units``: ``share`` of them, chosen at random within each stratum.

    Systematic sampling over the units ordered by stratum (shuffled within each):
    unit ``i`` of that order is taken when ``floor((i + 1) * share + u)`` steps past
    ``floor(i * share + u)`` (one uniform ``u``). Every stratum then gets its share
    up to one unit, small strata are spread evenly, and the total is
    ``round(share * len(units))`` up or down.
    """
    take = torch.zeros(len(units), dtype=torch.bool)
    shuffled = torch.randperm(len(units), generator=gen)
    order = shuffled[torch.sort(unit_strata[shuffled], stable=True).indices]
    u = float(torch.rand((), generator=gen))
    i = torch.arange(len(units), dtype=torch.float64)
    hit = torch.floor((i + 1) * share + u) > torch.floor(i * share + u)
    take[order[hit]] = True
    return take


@dataclass
class HeldoutSplit:
    """Row indices of a data set: ``train`` (training reads them) and ``heldout`` (never).

    Attributes:
        train, heldout: long ``(N_t,)`` and ``(N_h,)``, sorted, disjoint.
        fraction, seed: how it was drawn; stratified: whether over the conditions.
        duplicates: what :func:`~condgan.data.find_duplicates` found (``{}`` when not checked).
    """

    train: Tensor
    heldout: Tensor
    fraction: float
    seed: int
    stratified: bool
    duplicates: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "fraction": self.fraction, "seed": self.seed, "stratified": self.stratified,
            "n_train": len(self.train), "n_heldout": len(self.heldout),
            "duplicates": dict(self.duplicates),
            "train": self.train.tolist(), "heldout": self.heldout.tolist(),
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HeldoutSplit:
        return cls(
            torch.tensor(data["train"], dtype=torch.long),
            torch.tensor(data["heldout"], dtype=torch.long),
            float(data["fraction"]), int(data["seed"]), bool(data["stratified"]),
            dict(data.get("duplicates", {})),
        )  # fmt: skip

    def to_json(self) -> str:
        return json.dumps(self.to_dict()) + "\n"


def heldout_split(
    y: Tensor,
    *,
    fraction: float = 0.1,
    seed: int = 0,
    groups: Tensor | None = None,
    duplicates: dict[str, int] | None = None,
) -> HeldoutSplit:
    """Hold out about ``fraction`` of the rows of ``y (N, ...)``, seeded and stratified.

    Args:
        y: the conditions of every row (stratified when integer: categorical spaces).
        fraction: share held out, in ``(0, 1)``.
        seed: the split's seed.
        groups: long ``(N,)`` group ids (e.g. :attr:`DuplicateGroups.group`); a group
            goes to one side whole, in the stratum of its first row.
        duplicates: the duplicate summary to record.

    A set too small for ``fraction`` to hold out anything holds out one group.

    Raises:
        ValueError: ``fraction`` outside ``(0, 1)``; ``groups`` of the wrong length;
            nothing would be held out or nothing would be left to train on.
    """
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"fraction must be in (0, 1), got {fraction!r}")
    n = len(y)
    if groups is None:
        groups = torch.arange(n)
    if len(groups) != n:
        raise ValueError(f"groups must have one id per row ({n}), got {len(groups)}")
    row_strata = strata(y)
    units, first = _first_rows(groups)
    gen = torch.Generator().manual_seed(seed)
    take = _systematic(units, row_strata[first], fraction, gen)
    if not take.any() and len(units) > 1:  # a small set: hold out one unit rather than none
        take[int(torch.randint(len(units), (1,), generator=gen))] = True
    held = take[torch.searchsorted(units, groups)]
    idx = torch.arange(n)
    split = HeldoutSplit(
        idx[~held], idx[held], fraction, seed, bool(row_strata.max() > 0) if n else False,
        dict(duplicates or {}),
    )  # fmt: skip
    if len(split.heldout) == 0 or len(split.train) == 0:
        raise ValueError(
            f"a held-out fraction of {fraction} of {n} rows leaves "
            f"{len(split.train)} to train on and {len(split.heldout)} held out; use more data "
            "or another fraction"
        )
    return split


def _first_rows(groups: Tensor) -> tuple[Tensor, Tensor]:
    """Sorted unique group ids and the first row of each."""
    units, inverse = torch.unique(groups, return_inverse=True)
    first = torch.full((len(units),), len(groups), dtype=torch.long)
    first.scatter_reduce_(0, inverse, torch.arange(len(groups)), reduce="amin")
    return units, first


def stratified_sample(y: Tensor, pool: Tensor, n: int, *, seed: int = 0) -> Tensor:
    """``n`` rows (or all of them) drawn at random from the rows ``pool`` of ``y``.

    Stratified as :func:`heldout_split` is, so the sample's condition histogram
    follows the pool's. Returns sorted row indices (long).

    Raises:
        ValueError: ``n < 1`` or an empty ``pool``.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive int, got {n!r}")
    if len(pool) == 0:
        raise ValueError("the pool of rows to draw from is empty")
    if n >= len(pool):
        return pool.sort().values
    gen = torch.Generator().manual_seed(seed)
    take = _systematic(pool, strata(y[pool]), n / len(pool), gen)
    chosen = pool[take]
    if len(chosen) > n:  # rounding: drop a random few
        chosen = chosen[torch.randperm(len(chosen), generator=gen)[:n]]
    elif len(chosen) < n:  # or add a random few
        rest = pool[~take]
        extra = rest[torch.randperm(len(rest), generator=gen)[: n - len(chosen)]]
        chosen = torch.cat([chosen, extra])
    return chosen.sort().values
