"""Losses: pure functions (:mod:`condgan.losses.functional`), thin modules and the
:class:`Objective` that composes them.

None of them calls ``backward`` or steps an optimiser. See the "Losses" guide
for every formula and for how each report's loss is built.
"""

from condgan.losses import functional
from condgan.losses.adc import DiscriminativeAuxiliary
from condgan.losses.adversarial import (
    AdversarialLoss,
    Hinge,
    LeastSquares,
    NonSaturating,
    Wasserstein,
    adversarial_loss,
    available_adversarial_losses,
    register_adversarial,
)
from condgan.losses.auxiliary import AuxiliaryLoss, InfoLoss
from condgan.losses.contrastive import D2DCE, ConditionalContrastive
from condgan.losses.functional import mismatched_conditions, smooth_targets
from condgan.losses.mode_seeking import ModeSeeking
from condgan.losses.objective import Objective
from condgan.losses.penalties import DRAGAN, R1, WGANGP, Penalty
from condgan.losses.tac import TwinAuxiliary
from condgan.losses.term import ObjectiveTerm, TermInputs

__all__ = [
    "AdversarialLoss",
    "AuxiliaryLoss",
    "ConditionalContrastive",
    "D2DCE",
    "DRAGAN",
    "DiscriminativeAuxiliary",
    "Hinge",
    "InfoLoss",
    "LeastSquares",
    "ModeSeeking",
    "NonSaturating",
    "Objective",
    "ObjectiveTerm",
    "Penalty",
    "R1",
    "TermInputs",
    "TwinAuxiliary",
    "WGANGP",
    "Wasserstein",
    "adversarial_loss",
    "available_adversarial_losses",
    "functional",
    "mismatched_conditions",
    "register_adversarial",
    "smooth_targets",
]
