r"""``TwinAuxiliary``: the twin auxiliary classifier term (TAC-GAN).

Gong et al., "Twin Auxiliary Classifiers GAN", NeurIPS 2019. An ACGAN's
classifier, trained only on real images, lets the generator drift towards
samples that are easy to classify (less diverse). TAC adds a *twin* classifier
:math:`C^{mi}` that the critic trains on generated images while the generator
plays against it:

.. math::
    L_D \mathrel{+}= \mathrm{aux}(C^{mi}(G(z, y)), y),\qquad
    L_G \mathrel{+}= -\,\mathrm{aux}(C^{mi}(G(z, y)), y)

where :math:`\mathrm{aux}` is the condition space's auxiliary term
(:meth:`~condgan.conditions.ConditionSpace.aux_loss`): cross-entropy per
attribute, multi-label BCE, or a user space's own. Together with the usual
ACGAN terms (``aux_real_weight`` and ``aux_gen_weight`` of the
:class:`~condgan.losses.Objective`) this is TAC-GAN's objective.

Give the critic the twin as an extra head named ``"twin"``::

    critic = Critic(backbone, adversarial=..., auxiliary=auxiliary_head(F, space),
                    extra_heads={"twin": auxiliary_head(F, space)})
    objective = Objective("hinge", space=space, aux_real_weight=1.0, aux_gen_weight=1.0,
                          terms=[(TwinAuxiliary(), 1.0)])
"""

from __future__ import annotations

from condgan.conditions.space import ConditionSpace
from condgan.losses.term import ObjectiveTerm, TermInputs, TermValue

__all__ = ["TwinAuxiliary"]


def _space(inputs: TermInputs, what: str) -> ConditionSpace:
    if inputs.space is None:
        raise ValueError(f"{what} needs the Objective's space, got None")
    return inputs.space


class TwinAuxiliary(ObjectiveTerm):
    """TAC's twin-classifier term on generated images (see the module docstring).

    Reads ``CriticOutput.extras["twin"]`` (the twin classifier's logits, shaped
    as the space's ``aux_head_dims``). Logged as ``"tac"`` and, for a split
    term, ``"tac/<attribute>"``.
    """

    name = "tac"
    needs = ("twin",)

    def critic_term(self, inputs: TermInputs) -> TermValue:
        space = _space(inputs, "TwinAuxiliary")
        return space.aux_loss(self.extra(inputs.out_fake, "twin"), inputs.y_fake)

    def generator_term(self, inputs: TermInputs) -> TermValue:
        space = _space(inputs, "TwinAuxiliary")
        total, parts = space.aux_loss(self.extra(inputs.out_fake, "twin"), inputs.y_fake)
        return -total, parts
