"""``ObjectiveTerm``: the seam for further objective terms (TAC, D2D-CE, 2C, mode seeking, ...).

A term is a small module the :class:`~condgan.losses.Objective` calls on each
critic step and each generator step with a :class:`TermInputs`; it returns
``None`` (nothing to add) or its value and its unweighted parts. The objective
weighs the value, logs the parts as ``"<name>/<part>"``, and never calls
``backward``. A term names the :attr:`~condgan.types.CriticOutput.extras` it reads
(:attr:`ObjectiveTerm.needs`); when outputs handed to the objective lack them
(e.g. cut from a concatenated forward without them), the objective runs the
critic again on that batch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

import torch
from torch import Tensor, nn

from condgan.conditions.space import ConditionSpace
from condgan.types import CriticOutput

__all__ = ["ObjectiveTerm", "TermInputs", "TermValue"]

#: What a term returns: ``None``, or its value (a scalar, or ``None`` to add no
#: loss) and its unweighted parts by name (logged only).
TermValue = tuple[Tensor | None, dict[str, Tensor]] | None


@dataclass
class TermInputs:
    """What an objective term sees on one step.

    Attributes:
        space: the objective's condition space (or ``None``).
        fake: generated images ``(B, C, H, W)`` (detached on critic steps).
        y_fake: their conditions.
        out_fake: the critic's output on them (with the extras the term needs).
        real, y_real, out_real: the same for real images; ``None`` on generator steps.
        critic: ``critic(x, y) -> CriticOutput``.
        generator: the objective's random source.
        step: the critic step (critic terms) or ``0``.
    """

    space: ConditionSpace | None
    fake: Tensor
    y_fake: Tensor
    out_fake: CriticOutput
    critic: Callable[[Tensor, Tensor], CriticOutput]
    real: Tensor | None = None
    y_real: Tensor | None = None
    out_real: CriticOutput | None = None
    generator: torch.Generator | None = None
    step: int = 0


class ObjectiveTerm(nn.Module):
    """Base class of objective terms; override one or both methods.

    Attributes:
        name: the term's name in :class:`~condgan.types.LossTerms` (a class attribute).
        needs: names of the :attr:`~condgan.types.CriticOutput.extras` the term reads.
    """

    name: ClassVar[str] = ""
    needs: ClassVar[tuple[str, ...]] = ()

    def critic_term(self, inputs: TermInputs) -> TermValue:
        """The term in the critic's loss (``None``: not part of it)."""
        return None

    def generator_term(self, inputs: TermInputs) -> TermValue:
        """The term in the generator's loss (``None``: not part of it)."""
        return None

    @staticmethod
    def extra(out: CriticOutput, name: str) -> object:
        """``out.extras[name]``, or a ``ValueError`` saying which head to add."""
        if name not in out.extras:
            raise ValueError(
                f"the critic's output has no extras[{name!r}]; give the Critic an extra head "
                f"named {name!r} (Critic(..., extra_heads={{{name!r}: ...}})), got extras "
                f"{sorted(out.extras)}"
            )
        return out.extras[name]
