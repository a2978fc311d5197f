"""The :class:`Recipe`: everything needed to train one experiment of a report."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from torch import nn

from condgan.conditions import ConditionSpace
from condgan.files import atomic_write_text, relative_path
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
        data: the data spec; calling it returns the training set (for your own
            data, :func:`~condgan.recipes.own_data.build_own_data` puts the data set itself).
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

        ``sample_every`` and ``log_every`` keep their share of the run (at least 1): a
        run 8x longer writes as many grids as the recipe's own, not 8x as many.
        ``checkpoint_every`` is a safety interval (work lost to a crash), so it stays
        as it is. What ``--steps`` applies.

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
        )  # fmt: skip
        return dataclasses.replace(self, train=train)

    def record_split(self, run_dir: str | Path) -> Path:
        """Write ``run_dir/split.json``: the data trained on (its path relative to
        ``run_dir``), the held-out rows (or the stand-in's seeds) and the duplicates found
        (:meth:`~condgan.recipes.DataSpec.split_record`)."""
        record = self.data.split_record()
        if self.data.data_dir is not None:
            record["data"] = relative_path(self.data.data_dir, run_dir)
            found = record["duplicates"]
            print(
                f"data: {found['images']} images, {found['distinct']} distinct "
                f"({found['with_exact_copy']} with an exact copy, {found['with_mirrored_copy']} "
                f"with a mirrored copy); {record['n_heldout']} held out (copies kept on one "
                f"side), {record['n_train']} to train on",
                file=sys.stderr,
            )
        return atomic_write_text(Path(run_dir) / "split.json", json.dumps(record) + "\n")

    def summary(self) -> str:
        """One line: name, variant, scale, sizes and parameter counts."""
        n_g = sum(p.numel() for p in self.generator.parameters())
        n_d = sum(p.numel() for p in self.critic.parameters())
        return (
            f"{self.name} [{self.variant}] scale={self.scale} image={self.data.image_size}px "
            f"G={n_g:,} D={n_d:,} params, {self.train.steps} steps, batch {self.train.batch_size}"
        )
