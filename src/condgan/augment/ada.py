"""``AdaptiveAugment``: ADA's adaptive augmentation probability.

Karras et al., "Training Generative Adversarial Networks with Limited Data",
NeurIPS 2020. The critic overfits when it grows sure of the real images; the
overfitting heuristic is

.. math:: r_t = \\mathbb{E}[\\operatorname{sign}(D(x_{real}))]

(0: no overfitting, 1: complete). Every ``interval`` critic steps, ``p`` moves
towards keeping :math:`r_t` at ``target`` (0.6):

.. math:: p \\leftarrow \\operatorname{clip}_{[0, 1]}\\big(p + \\operatorname{sign}(r_t -
          \\text{target})\\cdot N / \\text{speed}\\big)

where :math:`N` is the number of real images seen in the interval, so ``p`` can
go from 0 to 1 in ``speed`` images (500k in the paper).

The controller is an :class:`~condgan.losses.ObjectiveTerm` that adds no loss:
give it to the objective, which hands it the critic's real scores on every
critic step, and give it to :class:`~condgan.augment.DiffAugment` as its
``probability``::

    ada = AdaptiveAugment()
    critic = AugmentedCritic(critic, DiffAugment("color,translation,cutout", probability=ada))
    objective = Objective("hinge", space=space, terms=[ada])

It logs ``ada/p`` and, when it updates, ``ada/rt``. For a non-saturating
(BCE) critic the sign of the logit is the natural split; for other losses
``D(x)`` is still split at 0.
"""

from __future__ import annotations

import torch
from torch import Tensor

from condgan.conditions.space import check_count
from condgan.losses.functional.checks import check_number
from condgan.losses.term import ObjectiveTerm, TermInputs, TermValue

__all__ = ["AdaptiveAugment"]


class AdaptiveAugment(ObjectiveTerm):
    """ADA's probability controller (see the module docstring).

    Args:
        target: the :math:`r_t` to hold (0.6).
        interval: critic steps between updates (4).
        speed: images for ``p`` to go from 0 to 1 (500,000).
        initial: the starting ``p`` (0).

    Attributes:
        p: the current probability (a float in ``[0, 1]``).
        rt: the last measured :math:`r_t` (``None`` before the first update).
    """

    name = "ada"

    def __init__(
        self,
        *,
        target: float = 0.6,
        interval: int = 4,
        speed: float = 500_000,
        initial: float = 0.0,
    ) -> None:
        super().__init__()
        self.target = check_number(target, "target")
        self.interval = check_count(interval, "interval")
        self.speed = check_number(speed, "speed")
        if self.speed <= 0:
            raise ValueError(f"speed must be > 0 (images for p to go 0 -> 1), got {speed!r}")
        initial = check_number(initial, "initial")
        if not 0.0 <= initial <= 1.0:
            raise ValueError(f"initial must be in [0, 1], got {initial:g}")
        self.p = initial
        self.rt: float | None = None
        self._sign_sum: Tensor | None = None
        self._seen = 0
        self._steps = 0

    def observe(self, real_scores: Tensor) -> bool:
        """Accumulate ``sign(D(x_real))`` of one critic step; update ``p`` every
        ``interval`` steps. Returns whether ``p`` was updated."""
        if not isinstance(real_scores, Tensor) or real_scores.dim() != 1:
            got = tuple(real_scores.shape) if isinstance(real_scores, Tensor) else real_scores
            raise ValueError(f"real_scores must have shape (B,), got {got}")
        s = real_scores.detach().float().sign().sum()
        self._sign_sum = s if self._sign_sum is None else self._sign_sum + s
        self._seen += real_scores.numel()
        self._steps += 1
        if self._steps < self.interval:
            return False
        self.rt = float(self._sign_sum) / self._seen
        step = 1.0 if self.rt > self.target else -1.0 if self.rt < self.target else 0.0
        self.p = min(1.0, max(0.0, self.p + step * self._seen / self.speed))
        self._sign_sum, self._seen, self._steps = None, 0, 0
        return True

    def critic_term(self, inputs: TermInputs) -> TermValue:
        if inputs.out_real is None:
            raise ValueError("AdaptiveAugment needs the critic's output on real images")
        updated = self.observe(inputs.out_real.adv)
        parts = {"p": torch.tensor(self.p)}
        if updated and self.rt is not None:
            parts["rt"] = torch.tensor(self.rt)
        return None, parts

    def extra_repr(self) -> str:
        return (
            f"p={self.p:g}, target={self.target:g}, interval={self.interval}, speed={self.speed:g}"
        )
