"""Learning-rate schedules: a registry of ``factor(progress, start) -> float``.

The trainer multiplies ``lr_g`` and ``lr_d`` by the factor of its schedule
before every iteration. ``progress`` is the fraction of the run done (the step
about to run over the run's total, clamped to ``[0, 1]``), so a schedule is a
pure function of the step: a resumed run continues it exactly, and nothing
beyond the config goes into a checkpoint.

Shipped schedules:

* ``"constant"``: factor 1 (the default; the reports' recipes);
* ``"linear"``: 1 until ``start``, then linearly down to 0 at the end of the
  run, as Miyato & Koyama (ICLR 2018, cGANs with projection discriminator) and
  Miyato et al. (ICLR 2018, spectral normalisation) decay Adam's rate;
* ``"cosine"``: 1 until ``start``, then half a cosine down to 0.

Register your own with :func:`register_lr_schedule`.
"""

from __future__ import annotations

import math
from collections.abc import Callable

__all__ = ["list_lr_schedules", "lr_factor", "register_lr_schedule"]

LRSchedule = Callable[[float, float], float]
_SCHEDULES: dict[str, LRSchedule] = {}


def register_lr_schedule(name: str, schedule: LRSchedule | None = None):
    """Register ``schedule(progress, start) -> factor`` under ``name``.

    ``progress`` and ``start`` are fractions of the run in ``[0, 1]``. Usable as a
    decorator (``@register_lr_schedule("step")``) or a call.

    Raises:
        ValueError: ``name`` is not a non-empty string.
    """

    def deco(fn: LRSchedule) -> LRSchedule:
        if not isinstance(name, str) or not name:
            raise ValueError(f"lr schedule name must be a non-empty string, got {name!r}")
        _SCHEDULES[name] = fn
        return fn

    return deco if schedule is None else deco(schedule)


def list_lr_schedules() -> list[str]:
    """The schedule names :class:`~condgan.training.TrainConfig` accepts."""
    return sorted(_SCHEDULES)


def _after(progress: float, start: float) -> float:
    """How far ``progress`` is into the decay that begins at ``start`` (0 to 1)."""
    if progress <= start:
        return 0.0
    return min(1.0, (progress - start) / (1.0 - start))


@register_lr_schedule("constant")
def _constant(progress: float, start: float) -> float:
    return 1.0


@register_lr_schedule("linear")
def _linear(progress: float, start: float) -> float:
    return 1.0 - _after(progress, start)


@register_lr_schedule("cosine")
def _cosine(progress: float, start: float) -> float:
    return 0.5 * (1.0 + math.cos(math.pi * _after(progress, start)))


def lr_factor(name: str, step: int, total: int, start: float = 0.0) -> float:
    """The factor of schedule ``name`` for iteration ``step`` (0-based) of ``total``.

    Args:
        name: a registered schedule (:func:`list_lr_schedules`).
        step: iterations done before the one the factor is for (>= 0).
        total: the run's iterations (>= 1); steps beyond it get the final factor.
        start: the fraction of the run before the decay begins, in ``[0, 1)``.

    Raises:
        ValueError: an unknown name, ``total < 1``, ``step < 0`` or ``start``
            outside ``[0, 1)``.
    """
    if name not in _SCHEDULES:
        raise ValueError(f"lr schedule must be one of {list_lr_schedules()}, got {name!r}")
    if isinstance(total, bool) or not isinstance(total, int) or total < 1:
        raise ValueError(f"total must be an int >= 1, got {total!r}")
    if isinstance(step, bool) or not isinstance(step, int) or step < 0:
        raise ValueError(f"step must be an int >= 0, got {step!r}")
    if not (isinstance(start, (int, float)) and 0.0 <= start < 1.0):
        raise ValueError(f"start must be a fraction in [0, 1), got {start!r}")
    return float(_SCHEDULES[name](min(1.0, step / total), float(start)))
