"""Resume rules: which settings a resumed run may change, and how the change is applied.

A resumed run continues the checkpoint's run. Its configuration is the
checkpoint's, except:

* settings given anew (the options on the resume command; in Python, the
  :class:`~condgan.training.TrainConfig` the trainer was built with) override
  the checkpoint's: learning rates, betas, epsilon and weight decay (written
  into the optimisers' parameter groups, which would otherwise bring the old
  values back), ``steps``, ``critic_steps``/``g_steps``, the EMA settings,
  ``precision``, clipping, logging and checkpoint cadence;
* :data:`FIXED_ON_RESUME` settings cannot change: a different batch size,
  seed, data order or optimiser type would not continue the same run, so a
  change is refused with a message naming both values;
* :data:`RUN_LOCAL` settings describe where and how this process runs
  (output folder, device, workers, progress bar) and come from the new run.

The architecture and the condition space cannot change either; the trainer
refuses a checkpoint whose networks or condition space do not match (see
:meth:`condgan.training.Trainer.resume`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from condgan.training.config import TrainConfig

__all__ = ["FIXED_ON_RESUME", "RUN_LOCAL", "check_fixed", "config_changes", "resume_config"]

#: TrainConfig fields a resumed run cannot change.
FIXED_ON_RESUME: tuple[str, ...] = ("batch_size", "seed", "shuffle", "optimizer_g", "optimizer_d")

#: TrainConfig fields that describe this process, not the run: taken from the new run.
RUN_LOCAL: tuple[str, ...] = (
    "out_dir", "device", "num_workers", "progress", "tensorboard", "overwrite",
)  # fmt: skip


def config_changes(saved: Mapping[str, Any], config: TrainConfig) -> dict[str, tuple[Any, Any]]:
    """``{field: (checkpoint value, new value)}`` for each differing field (run-local ones aside).

    Fields missing from an older checkpoint are compared with their default.
    """
    defaults = TrainConfig().to_dict()
    new = config.to_dict()
    out: dict[str, tuple[Any, Any]] = {}
    for f in dataclasses.fields(TrainConfig):
        if f.name in RUN_LOCAL:
            continue
        old = saved.get(f.name, defaults[f.name])
        if isinstance(old, tuple):
            old = list(old)
        if old != new[f.name]:
            out[f.name] = (old, new[f.name])
    return out


def check_fixed(changes: Mapping[str, tuple[Any, Any]], source: str) -> None:
    """Refuse changes of :data:`FIXED_ON_RESUME` fields.

    Raises:
        ValueError: naming each field, the checkpoint's value and the new one.
    """
    bad = {k: v for k, v in changes.items() if k in FIXED_ON_RESUME}
    if bad:
        what = "; ".join(f"{k}: checkpoint {old!r}, now {new!r}" for k, (old, new) in bad.items())
        raise ValueError(
            f"cannot change {', '.join(bad)} when resuming from {source} ({what}); these fix "
            "the run's data order and optimiser, so resume without them, or start a new run"
        )


def resume_config(
    saved: Mapping[str, Any], base: TrainConfig, given: Mapping[str, Any]
) -> TrainConfig:
    """The configuration of a resumed run (what ``condgan train --resume`` uses).

    Args:
        saved: the checkpoint's ``config`` dict.
        base: the configuration the run would have without a checkpoint (the
            recipe's); only its :data:`RUN_LOCAL` fields are used.
        given: the settings given anew (they override the checkpoint's).

    Raises:
        ValueError: ``given`` changes a :data:`FIXED_ON_RESUME` field.
    """
    known = {f.name for f in dataclasses.fields(TrainConfig)}
    fields = {k: v for k, v in saved.items() if k in known}
    for name in RUN_LOCAL:
        fields[name] = getattr(base, name)
    merged = TrainConfig.from_dict({**fields, **dict(given)})
    check_fixed(config_changes(saved, merged), "the checkpoint")
    return merged
