"""The :class:`Recipe`: everything needed to train one experiment of a report."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from torch import nn

from condgan.conditions import ConditionSpace
from condgan.losses import Objective
from condgan.recipes.data import DataSpec
from condgan.training import TrainConfig

__all__ = ["Recipe", "Reported"]

#: ``hook(trainer, step) -> dict | None`` run every ``every`` iterations.
Hook = Callable[[Any, int], Any]


@dataclass(frozen=True)
class Reported:
    """A number a report published for one experiment, quoted for reference.

    Args:
        metric: what was measured (``"FID"``, ``"accuracy"``, ...).
        value: the number, or ``None`` when the report gives only an observation.
        lower_is_better: how to order the variants by this metric.
        note: the report's words when there is no number (e.g. "collapses to a single label").
    """

    metric: str
    value: float | None
    lower_is_better: bool = True
    note: str = ""


@dataclass
class Recipe:
    """One experiment of a report, built and ready to train.

    ``Trainer.from_recipe(recipe)`` trains it; :func:`condgan.recipes.run_variant`
    also evaluates it.

    Attributes:
        name: the recipe (e.g. ``"cartoon-acwgan"``).
        variant: the experiment (e.g. ``"hidden-concat"``).
        scale: ``"paper"``, ``"cpu"`` or ``"smoke"``.
        space: the condition space.
        generator: ``G(z, y) -> (B, 3, S, S)`` in ``[-1, 1]``.
        critic: a :class:`~condgan.heads.Critic`.
        objective: the loss terms and weights.
        train: the training configuration.
        data: the data spec; calling it returns the training set.
        hooks: ``(hook, every)`` pairs for the trainer (schedules such as
            R4's unconditional pre-training).
        evaluate: optional ``evaluate(generator, n=..., seed=...) -> dict`` for
            spaces the shipped evaluators do not read directly (text).
        reported: what the report published for this variant.
        notes: how the recipe departs from, or resolves, the report.
    """

    name: str
    variant: str
    scale: str
    space: ConditionSpace
    generator: nn.Module
    critic: nn.Module
    objective: Objective
    train: TrainConfig
    data: DataSpec
    hooks: list[tuple[Hook, int]] = field(default_factory=list)
    evaluate: Callable[..., dict[str, Any]] | None = None
    reported: Reported | None = None
    notes: str = ""

    def with_steps(self, steps: int) -> Recipe:
        """This recipe trained for ``steps`` iterations, its intervals rescaled to match.

        ``sample_every``, ``log_every`` and a non-zero ``checkpoint_every`` keep their
        share of the run (at least 1): a run 8x longer writes as many grids as the
        recipe's own, not 8x as many. What ``--steps`` applies.

        Raises:
            ValueError: ``steps`` is not a positive int.
        """
        if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
            raise ValueError(f"steps must be a positive int, got {steps!r}")
        cfg = self.train
        ratio = steps / cfg.steps

        def scaled(every: int) -> int:
            return every if every == 0 else max(1, round(every * ratio))

        train = cfg.replace(
            steps=steps, sample_every=scaled(cfg.sample_every), log_every=scaled(cfg.log_every),
            checkpoint_every=scaled(cfg.checkpoint_every),
        )  # fmt: skip
        return dataclasses.replace(self, train=train)

    def record_split(self, run_dir: str | Path) -> Path:
        """Write ``run_dir/split.json`` (see :func:`condgan.recipes.runner.record_split`)."""
        from condgan.recipes.runner import record_split

        return record_split(self, run_dir)

    def summary(self) -> str:
        """One line: name, variant, scale, sizes and parameter counts."""
        n_g = sum(p.numel() for p in self.generator.parameters())
        n_d = sum(p.numel() for p in self.critic.parameters())
        return (
            f"{self.name} [{self.variant}] scale={self.scale} image={self.data.image_size}px "
            f"G={n_g:,} D={n_d:,} params, {self.train.steps} steps, batch {self.train.batch_size}"
        )
