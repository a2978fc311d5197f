"""Whether an evaluator (the *judge*) can read a data set: its own accuracy on real images.

A judge trained on procedural stand-ins may not read real images (the shipped
``anime`` judge reads real anime faces at hair 0.45 / eyes 0.14). Its accuracy
on generated images then says nothing. :func:`judge_report` scores the judge on
real images of the same data, and every judged figure is printed beside it;
below :data:`FIT_THRESHOLD` the judge is reported as unfit for that data.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from torch import Tensor, nn

from condgan.conditions import ConditionSpace
from condgan.metrics.accuracy import conditional_accuracy

__all__ = ["FIT_THRESHOLD", "JudgeReport", "judge_report", "trained_on"]

#: The judge's accuracy on real images (the ``accuracy`` figure: the i-CLEVR rule, or the
#: mean per-attribute accuracy) below which its figures on samples are reported as unfit.
FIT_THRESHOLD = 0.8


def trained_on(evaluator: nn.Module) -> str:
    """What ``evaluator`` was trained on, in words (read from its checkpoint's settings)."""
    info = getattr(evaluator, "info", None) or {}
    settings = info.get("settings") or {}
    name = getattr(evaluator, "name", type(evaluator).__name__)
    if name == "iclevr-course":
        return "the course's i-CLEVR training images (the course's own evaluator)"
    kind = settings.get("kind")
    if kind is None and settings.get("data"):  # condgan train-evaluator --data
        heldout = (info.get("heldout") or {}).get("accuracy")
        text = f"your data {settings['data']} ({settings.get('n', '?')} images"
        return text + (f"; held-out accuracy {heldout:.3f})" if heldout is not None else ")")
    if kind is None:
        return f"unknown (evaluator {name!r} records no training settings)"
    text = f"the procedural {kind!r} stand-in ({settings.get('n_train', '?')} images, seed "
    text += f"{settings.get('seed', '?')}; not real images)"
    heldout = info.get("heldout") or {}
    if "accuracy" in heldout:
        text += f"; its held-out stand-in accuracy {heldout['accuracy']:.3f}"
    return text


@dataclass
class JudgeReport:
    """A judge's own figures on real images of the data it judges.

    Attributes:
        evaluator: the judge's name; trained_on: :func:`trained_on`.
        real_accuracy: its ``accuracy`` on the real images; ``real``: the full dict.
        threshold: :data:`FIT_THRESHOLD` (or the one given); fit: ``real_accuracy >= threshold``.
        note: a sentence to print beside any figure the judge gives.
    """

    evaluator: str
    trained_on: str
    real_accuracy: float
    threshold: float
    fit: bool
    note: str
    real: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def judge_report(
    evaluator: nn.Module,
    images: Tensor,
    y: Tensor,
    space: ConditionSpace | None = None,
    *,
    threshold: float = FIT_THRESHOLD,
    data: str = "the data",
    batch_size: int = 256,
) -> JudgeReport:
    """Score ``evaluator`` on real ``images (N, 3, H, W)`` with their conditions ``y``.

    Raises:
        ValueError: ``threshold`` outside ``[0, 1]``; the accuracy function's errors.
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be in [0, 1], got {threshold!r}")
    real = conditional_accuracy(evaluator, images, y, space, batch_size=batch_size)
    acc = float(real["accuracy"])
    fit = acc >= threshold
    name = getattr(evaluator, "name", type(evaluator).__name__)
    note = f"judge {name!r} reads real images of {data} at {acc:.3f}" + (
        "" if fit else f", below {threshold:.2f}: UNFIT, its figures on samples mean little"
    )
    return JudgeReport(name, trained_on(evaluator), acc, threshold, fit, note, real)
