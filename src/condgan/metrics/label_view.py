"""Judge a generator whose conditions are text through the labels its phrases name.

A text-conditioned generator (R4's ``text2anime``: ``"blue hair red eyes"``
embedded as a sentence vector) has no accuracy of its own; its phrases, though,
are the names of a label space an evaluator reads (anime hair and eyes).
:class:`LabelView` shows such a generator through that label space, and
:func:`label_view` finds the shipped evaluator whose labels name every phrase.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor, nn

from condgan.conditions import ConditionSpace

__all__ = ["LabelView", "label_view"]


class LabelView(nn.Module):
    """``generator`` seen through the label space ``labels``.

    ``sample(y)`` takes labels ``y`` of ``labels``, writes them as phrases
    (``labels.describe``), encodes the phrases in the generator's own space
    (``generator.space.encode``) and draws from ``generator``. ``space`` is ``labels``.
    """

    def __init__(self, generator: nn.Module, labels: ConditionSpace) -> None:
        super().__init__()
        self.generator, self.space = generator, labels

    @torch.no_grad()
    def sample(self, y: Tensor, z: Tensor | None = None, generator: Any = None) -> Tensor:
        """Images ``(B, 3, S, S)`` for labels ``y`` (``(B, ...)`` in ``labels``' format)."""
        phrases = self.space.describe(self.space.validate(y).cpu())
        cond = self.generator.space.encode(phrases)
        device = next(self.generator.parameters()).device
        return self.generator.sample(cond.to(device), z=z, generator=generator)


def _names_every_phrase(labels: ConditionSpace, phrases: list[str]) -> bool:
    try:
        labels.encode(phrases)
    except (ValueError, TypeError, KeyError):
        return False
    return True


def label_view(G: Any, evaluator: nn.Module | str | None = None) -> tuple[Any, nn.Module]:
    """``(G or a LabelView of G, the evaluator to judge it with)``.

    ``G`` with a labelled space (categorical or multi-label) is returned as it is,
    with ``evaluator`` (default: the shipped one of its space). A ``G`` whose
    space has no labels but a phrase vocabulary (a :class:`~condgan.conditions.Text`
    space) is viewed through the label space of ``evaluator``, or of the first
    shipped evaluator whose labels name every phrase.

    Raises:
        ValueError: no evaluator reads ``G``'s conditions; the message names the fix.
    """
    from condgan.metrics.evaluator import evaluator_for_space, load_evaluator, shipped_evaluators

    space = G.space
    if isinstance(evaluator, str):
        evaluator = load_evaluator(evaluator)
    if space.groups:
        return G, evaluator if evaluator is not None else evaluator_for_space(space)
    phrases = getattr(space, "phrases", None)
    kind = type(space).__name__
    if not phrases:
        raise ValueError(
            f"the generator's {kind} space has no labels and no phrase vocabulary, so no "
            "evaluator can judge it; score it with evaluate_generator(LabelView(G, labels), "
            "evaluator=...) for a label space whose names your texts use"
        )
    candidates = [evaluator] if evaluator is not None else map(load_evaluator, shipped_evaluators())
    for ev in candidates:
        if _names_every_phrase(ev.space, list(phrases)):
            return LabelView(G, ev.space), ev
    raise ValueError(
        f"no {'given' if evaluator is not None else 'shipped'} evaluator's labels name the "
        f"{len(phrases)} phrases of the generator's {kind} space (e.g. {phrases[0]!r}); "
        "train one on those labels with `condgan train-evaluator` and pass --evaluator PATH"
    )
