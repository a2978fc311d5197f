r"""``DiscriminativeAuxiliary``: ADCGAN's auxiliary discriminative classifier term.

Hou et al., "Conditional GANs with Auxiliary Discriminative Classifier", ICML
2022. An ACGAN classifier that only learns the classes lets the generator
produce easy-to-classify images; ADC's classifier learns *real class y* against
*fake class y* (:math:`2n` classes), so it also discriminates, and the generator
is pushed towards the real copy of its class:

.. math::
    L_D \mathrel{+}= \mathrm{CE}(C(x), 2y) + \mathrm{CE}(C(G(z, y)), 2y + 1),\qquad
    L_G \mathrel{+}= \mathrm{CE}(C(G(z, y)), 2y) - \mathrm{CE}(C(G(z, y)), 2y + 1)

(:func:`~condgan.losses.functional.adc_cross_entropy`), summed over the attributes
of the condition space's categorical view (a multi-label space: one binary
attribute per label). The classifier is a
:class:`~condgan.heads.DiscriminativeClassHead` named ``"adc"``::

    adc = DiscriminativeClassHead(F, space)
    critic = Critic(backbone, adversarial=..., extra_heads={"adc": adc})
    objective = Objective("hinge", space=space, terms=[(DiscriminativeAuxiliary(), 1.0)])
"""

from __future__ import annotations

from torch import Tensor

from condgan.losses import functional as LF
from condgan.losses.term import ObjectiveTerm, TermInputs, TermValue

__all__ = ["DiscriminativeAuxiliary"]


def _per_attribute(inputs: TermInputs, logits: list[Tensor], y: Tensor, fn) -> TermValue:
    if inputs.space is None:
        raise ValueError("DiscriminativeAuxiliary needs the Objective's space, got None")
    targets, names = inputs.space.class_targets(y), inputs.space.class_names
    if len(logits) != len(targets):
        raise ValueError(
            f"extras['adc'] must hold one (B, 2n) tensor per attribute ({len(targets)}), got "
            f"{len(logits)}"
        )
    parts = [fn(z, t) for z, t in zip(logits, targets)]
    total = sum(parts[1:], start=parts[0])
    return total, (dict(zip(names, parts)) if len(parts) > 1 else {})


class DiscriminativeAuxiliary(ObjectiveTerm):
    """ADCGAN's term (see the module docstring); reads ``CriticOutput.extras["adc"]``."""

    name = "adc"
    needs = ("adc",)

    def critic_term(self, inputs: TermInputs) -> TermValue:
        assert inputs.out_real is not None and inputs.y_real is not None
        real, real_parts = _per_attribute(
            inputs, self.extra(inputs.out_real, "adc"), inputs.y_real,
            lambda z, t: LF.adc_cross_entropy(z, t, fake=False),
        )  # fmt: skip
        fake, fake_parts = _per_attribute(
            inputs, self.extra(inputs.out_fake, "adc"), inputs.y_fake,
            lambda z, t: LF.adc_cross_entropy(z, t, fake=True),
        )  # fmt: skip
        return real + fake, {k: v + fake_parts[k] for k, v in real_parts.items()}

    def generator_term(self, inputs: TermInputs) -> TermValue:
        return _per_attribute(
            inputs, self.extra(inputs.out_fake, "adc"), inputs.y_fake,
            lambda z, t: LF.adc_cross_entropy(z, t, fake=False)
            - LF.adc_cross_entropy(z, t, fake=True),
        )  # fmt: skip
