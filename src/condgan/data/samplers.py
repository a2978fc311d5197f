"""Condition samplers for training and evaluation, and fixed condition grids.

- :class:`EmpiricalSampler`: the data set's own conditions (with their frequencies).
- :class:`UniformSampler`: uniform over every valid combination (or a given subset).
- :func:`combination_grid` / :func:`human_test_conditions`: fixed orders for figures
  and the ADL human test (720 rows = 5 blocks of the 144 combinations).
"""

from __future__ import annotations

import torch
from torch import Tensor

from condgan.conditions import ConditionSpace
from condgan.data.spaces import cartoon_space

__all__ = ["EmpiricalSampler", "UniformSampler", "combination_grid", "human_test_conditions"]


class EmpiricalSampler:
    """Draws conditions from a data set's rows (with replacement).

    Args:
        y: the data set's conditions ``(N, ...)`` (e.g. ``dataset.y``).
        space: their space (``y`` is validated against it).
    """

    def __init__(self, y: Tensor, space: ConditionSpace) -> None:
        space.validate(y)
        if len(y) == 0:
            raise ValueError("y must hold at least one condition to sample from, got none")
        self.y = y
        self.space = space

    def sample(self, n: int, *, generator: torch.Generator | None = None) -> Tensor:
        """``n`` conditions ``(n, ...)`` drawn from the rows of :attr:`y`."""
        idx = torch.randint(0, len(self.y), (n,), generator=generator)
        return self.y[idx]

    def complete(self, partial: Tensor, *, generator: torch.Generator | None = None) -> Tensor:
        """Partial conditions (free attributes ``-1``) completed from the data's distribution.

        See :meth:`~condgan.conditions.MultiCategorical.complete` (``prior`` = :attr:`y`).

        Raises:
            TypeError: the space has no partial conditions.
        """
        complete = getattr(self.space, "complete", None)
        if complete is None:
            raise TypeError(f"{type(self.space).__name__} has no partial conditions to complete")
        return complete(partial, prior=self.y, generator=generator)


class UniformSampler:
    """Uniform over a space's combinations, or over ``combinations`` when given.

    Args:
        space: a finite space.
        combinations: the allowed conditions ``(K, ...)``; default all of
            ``space.combinations()`` (e.g. restrict to the training split of
            :func:`~condgan.data.heldout_combinations`).
    """

    def __init__(self, space: ConditionSpace, combinations: Tensor | None = None) -> None:
        self.space = space
        self.combinations = space.combinations() if combinations is None else combinations
        space.validate(self.combinations)
        if len(self.combinations) == 0:
            raise ValueError("combinations must not be empty")

    def sample(self, n: int, *, generator: torch.Generator | None = None) -> Tensor:
        """``n`` conditions ``(n, ...)``, each combination equally likely."""
        idx = torch.randint(0, len(self.combinations), (n,), generator=generator)
        return self.combinations[idx]


def combination_grid(space: ConditionSpace, repeats: int = 1) -> Tensor:
    """Every combination of ``space`` (last attribute fastest), ``repeats`` blocks of them.

    Returns:
        ``(repeats * K, ...)``; for the cartoon space ``K = 144``.
    """
    if repeats < 1:
        raise ValueError(f"repeats must be >= 1, got {repeats}")
    combos = space.combinations()
    return combos.repeat(repeats, *([1] * (combos.dim() - 1)))


def human_test_conditions() -> Tensor:
    """The ADL human-test order: long ``(720, 4)``, 5 blocks of the 144 combinations.

    Within a block glasses change fastest, then face, eye and hair (the order of
    ``sample_human_testing_labels.txt``).
    """
    return combination_grid(cartoon_space(), repeats=5)
