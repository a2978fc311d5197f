"""Losses: pure functions (:mod:`condgan.losses.functional`), thin modules and the
:class:`Objective` that composes them.

None of them calls ``backward`` or steps an optimiser. See the "Losses" guide
for every formula and for how each report's loss is built.
"""

from condgan.losses import functional
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
from condgan.losses.functional import mismatched_conditions, smooth_targets
from condgan.losses.objective import Objective
from condgan.losses.penalties import DRAGAN, R1, WGANGP, Penalty

__all__ = [
    "AdversarialLoss",
    "AuxiliaryLoss",
    "DRAGAN",
    "Hinge",
    "InfoLoss",
    "LeastSquares",
    "NonSaturating",
    "Objective",
    "Penalty",
    "R1",
    "WGANGP",
    "Wasserstein",
    "adversarial_loss",
    "available_adversarial_losses",
    "functional",
    "mismatched_conditions",
    "register_adversarial",
    "smooth_targets",
]
