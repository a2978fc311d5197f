"""Held-out combinations: train on some condition combinations, evaluate on unseen ones."""

from __future__ import annotations

import torch
from torch import Tensor

from condgan.conditions import ConditionSpace, MultiCategorical

__all__ = ["heldout_combinations", "split_by_combinations"]


def heldout_combinations(
    space: ConditionSpace, fraction: float = 0.2, *, seed: int = 0
) -> tuple[Tensor, Tensor]:
    """Split ``space.combinations()`` into seen (train) and unseen (evaluation) sets.

    For categorical spaces every value of every attribute stays in the seen set,
    so the unseen combinations are new *compositions* of known values.

    Args:
        space: a finite space.
        fraction: share of combinations held out, in ``(0, 1)``.
        seed: makes the split reproducible.

    Returns:
        ``(seen, unseen)``, each ``(K_i, ...)`` in ``space``'s format.

    Raises:
        ValueError: ``fraction`` outside ``(0, 1)`` or nothing would be held out.
    """
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"fraction must be in (0, 1), got {fraction}")
    combos = space.combinations()
    k = round(fraction * len(combos))
    if k < 1:
        raise ValueError(f"fraction {fraction} of {len(combos)} combinations holds out none")
    g = torch.Generator().manual_seed(seed)
    order = torch.randperm(len(combos), generator=g)
    unseen: list[int] = []
    if isinstance(space, MultiCategorical):
        counts = [torch.bincount(combos[:, a], minlength=s) for a, s in enumerate(space.sizes)]
        for i in order.tolist():
            row = combos[i]
            if all(counts[a][v] > 1 for a, v in enumerate(row.tolist())):
                for a, v in enumerate(row.tolist()):
                    counts[a][v] -= 1
                unseen.append(i)
                if len(unseen) == k:
                    break
    else:
        unseen = order[:k].tolist()
    mask = torch.zeros(len(combos), dtype=torch.bool)
    mask[unseen] = True
    return combos[~mask], combos[mask]


def split_by_combinations(y: Tensor, unseen: Tensor) -> tuple[Tensor, Tensor]:
    """Row indices of ``y`` whose condition is seen / unseen.

    Args:
        y: conditions ``(N, ...)`` (e.g. ``dataset.y``).
        unseen: the held-out combinations ``(K, ...)``.

    Returns:
        ``(seen_idx, unseen_idx)``, long ``(N_s,)`` and ``(N_u,)``; use them with
        :class:`torch.utils.data.Subset`.
    """
    flat_y = y.reshape(len(y), -1).float()
    flat_u = unseen.reshape(len(unseen), -1).float()
    match = (flat_y[:, None, :] == flat_u[None, :, :]).all(dim=2).any(dim=1)
    idx = torch.arange(len(y))
    return idx[~match], idx[match]
