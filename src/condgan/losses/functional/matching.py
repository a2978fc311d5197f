"""The matching-aware term (Reed et al.) and its wrong conditions."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import Tensor

from condgan.conditions.space import ConditionSpace
from condgan.losses.functional.adversarial import nonsaturating_d_fake
from condgan.losses.functional.checks import check_scores

__all__ = ["matching_aware", "mismatched_conditions"]


def matching_aware(
    wrong_logits: Tensor, fake_loss: Callable[[Tensor], Tensor] = nonsaturating_d_fake
) -> Tensor:
    r"""Matching-aware term (Reed et al.): a *real* image with a *wrong* condition
    counts as fake, so the term is the critic's fake-side loss on those pairs,
    e.g. :math:`\operatorname{mean}\operatorname{softplus}(s^{w})` for BCE.

    Args:
        wrong_logits: critic scores of (real image, mismatched condition) pairs, ``(B,)``.
        fake_loss: the adversarial loss's fake half (``nonsaturating_d_fake``,
            ``lsgan_d_fake``, ``wasserstein_d_fake``, ``hinge_d_fake``).
    """
    return fake_loss(check_scores(wrong_logits, "wrong_logits"))


def mismatched_conditions(
    space: ConditionSpace, y: Tensor, *, generator: torch.Generator | None = None
) -> Tensor:
    """Wrong conditions for the matching-aware term, each different from its row of ``y``.

    The space draws them (:meth:`~condgan.conditions.ConditionSpace.mismatch`): the
    built-in spaces are uniform over the *other* classes / combinations
    (:class:`~condgan.conditions.Categorical`, :class:`~condgan.conditions.MultiCategorical`),
    a fresh label set with one label swapped where a row drew its own
    (:class:`~condgan.conditions.MultiLabel`), another phrase of the vocabulary or a
    cyclic derangement of the batch (:class:`~condgan.conditions.Text`).

    Args:
        space: the condition space of ``y``.
        y: valid conditions, ``(B, ...)`` as the space defines.
        generator: the random source (a device generator is used to seed a CPU one).

    Returns:
        Wrong conditions of ``y``'s shape, dtype and device.

    Raises:
        TypeError: ``space`` is not a ConditionSpace, or ``y`` has the wrong dtype.
        ValueError: ``y`` does not match ``space``; the space has a single condition.
    """
    if not isinstance(space, ConditionSpace):
        raise TypeError(f"space must be a ConditionSpace, got {type(space).__name__}")
    space.validate(y, name="y", check_values=False)
    return space.mismatch(y, generator=generator).to(device=y.device, dtype=y.dtype)
