"""Conditional contrastive terms: ReACGAN's D2D-CE and ContraGAN's 2C, per attribute.

Thin :class:`~condgan.losses.ObjectiveTerm` modules over
:func:`~condgan.losses.functional.d2d_ce` and
:func:`~condgan.losses.functional.conditional_contrastive`. Both read
``CriticOutput.extras["embed"]`` from a :class:`~condgan.heads.ContrastiveHead`
(the image embedding and one class proxy per attribute). The critic's term is
on real images with their conditions, the generator's on generated ones (as in
both papers). For a space with several attributes (or a multi-label space,
read as one binary attribute per label) the term is the *sum* of one term per
attribute, each logged as ``"<name>/<attribute>"``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from torch import Tensor

from condgan.losses import functional as LF
from condgan.losses.functional.checks import check_number
from condgan.losses.term import ObjectiveTerm, TermInputs, TermValue
from condgan.types import CriticOutput

__all__ = ["ConditionalContrastive", "D2DCE"]


class _ProxyContrast(ObjectiveTerm):
    needs = ("embed",)
    fn: Callable[..., Tensor]

    def _kwargs(self) -> dict[str, Any]:
        raise NotImplementedError

    def _term(self, inputs: TermInputs, out: CriticOutput, y: Tensor) -> TermValue:
        if inputs.space is None:
            raise ValueError(f"{type(self).__name__} needs the Objective's space, got None")
        embed, *proxies = self.extra(out, "embed")
        targets = inputs.space.class_targets(y)
        names = inputs.space.class_names
        if len(proxies) != len(targets):
            raise ValueError(
                f"extras['embed'] must hold the embedding and one proxy per attribute "
                f"({len(targets)}), got {len(proxies)} proxies"
            )
        losses = [type(self).fn(embed, p, t, **self._kwargs()) for p, t in zip(proxies, targets)]
        total = sum(losses[1:], start=losses[0])
        return total, (dict(zip(names, losses)) if len(losses) > 1 else {})

    def critic_term(self, inputs: TermInputs) -> TermValue:
        assert inputs.out_real is not None and inputs.y_real is not None
        return self._term(inputs, inputs.out_real, inputs.y_real)

    def generator_term(self, inputs: TermInputs) -> TermValue:
        return self._term(inputs, inputs.out_fake, inputs.y_fake)


class D2DCE(_ProxyContrast):
    """ReACGAN's data-to-data cross-entropy (Kang et al., NeurIPS 2021), per attribute.

    Args:
        temperature: :math:`\\tau` (0.5).
        margin_pos: :math:`m_p` (0.98); margin_neg: :math:`m_n` (0.02).

    ReACGAN weighs it 0.5 beside a hinge loss: ``terms=[(D2DCE(), 0.5)]``.
    """

    name = "d2dce"
    fn = staticmethod(LF.d2d_ce)

    def __init__(
        self, *, temperature: float = 0.5, margin_pos: float = 0.98, margin_neg: float = 0.02
    ) -> None:
        super().__init__()
        self.temperature = check_number(temperature, "temperature")
        self.margin_pos = check_number(margin_pos, "margin_pos")
        self.margin_neg = check_number(margin_neg, "margin_neg")
        if self.temperature <= 0:
            raise ValueError(f"temperature must be > 0, got {self.temperature:g}")

    def _kwargs(self) -> dict[str, Any]:
        return {
            "temperature": self.temperature,
            "margin_pos": self.margin_pos,
            "margin_neg": self.margin_neg,
        }

    def extra_repr(self) -> str:
        return ", ".join(f"{k}={v:g}" for k, v in self._kwargs().items())


class ConditionalContrastive(_ProxyContrast):
    """ContraGAN's conditional contrastive (2C) loss (Kang & Park, NeurIPS 2020), per attribute.

    Args:
        temperature: :math:`t` (1.0).
    """

    name = "2c"
    fn = staticmethod(LF.conditional_contrastive)

    def __init__(self, *, temperature: float = 1.0) -> None:
        super().__init__()
        self.temperature = check_number(temperature, "temperature")
        if self.temperature <= 0:
            raise ValueError(f"temperature must be > 0, got {self.temperature:g}")

    def _kwargs(self) -> dict[str, Any]:
        return {"temperature": self.temperature}

    def extra_repr(self) -> str:
        return f"temperature={self.temperature:g}"
