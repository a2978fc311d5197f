"""Pure loss functions on raw critic outputs, one module per family (kornia style).

Every function here is stateless: it takes tensors (and, for penalties, a
callable critic) and returns a scalar tensor. None of them calls ``backward``
or steps an optimiser. Shapes use ``B`` for the batch size. All losses compute
in float32 (float64 inputs stay float64).

* :mod:`~condgan.losses.functional.adversarial`: BCE, least squares, Wasserstein,
  hinge, and label-smoothing targets;
* :mod:`~condgan.losses.functional.penalty`: gradient penalty, WGAN-GP, DRAGAN, R1;
* :mod:`~condgan.losses.functional.auxiliary`: per-attribute cross-entropy,
  multi-label BCE, MSE, Gaussian NLL, ADCGAN's real/fake classifier term;
* :mod:`~condgan.losses.functional.info`: InfoGAN's code terms;
* :mod:`~condgan.losses.functional.matching`: the matching-aware term and its
  wrong conditions;
* :mod:`~condgan.losses.functional.contrastive`: ContraGAN's 2C loss and ReACGAN's
  D2D-CE;
* :mod:`~condgan.losses.functional.mode_seeking`: MSGAN's mode-seeking term.

This package re-exports every function, so ``from condgan.losses import
functional as LF; LF.hinge_d(...)`` reaches them all. Argument checks shared by
the families live in :mod:`condgan.losses.functional.checks`.
"""

from condgan.losses.functional.adversarial import (
    hinge_d,
    hinge_d_fake,
    hinge_g,
    lsgan_d,
    lsgan_d_fake,
    lsgan_g,
    nonsaturating_d,
    nonsaturating_d_fake,
    nonsaturating_g,
    smooth_targets,
    wasserstein_d,
    wasserstein_d_fake,
    wasserstein_g,
)
from condgan.losses.functional.auxiliary import (
    adc_cross_entropy,
    attribute_cross_entropies,
    attribute_cross_entropy,
    continuous_mse,
    gaussian_nll,
    multilabel_bce,
)
from condgan.losses.functional.checks import Target
from condgan.losses.functional.contrastive import conditional_contrastive, d2d_ce
from condgan.losses.functional.info import info_categorical, info_continuous
from condgan.losses.functional.matching import matching_aware, mismatched_conditions
from condgan.losses.functional.mode_seeking import mode_seeking
from condgan.losses.functional.penalty import Critic, dragan, gradient_penalty, r1, wgan_gp

__all__ = [
    "Critic",
    "Target",
    "smooth_targets",
    "nonsaturating_d",
    "nonsaturating_d_fake",
    "nonsaturating_g",
    "lsgan_d",
    "lsgan_d_fake",
    "lsgan_g",
    "wasserstein_d",
    "wasserstein_d_fake",
    "wasserstein_g",
    "hinge_d",
    "hinge_d_fake",
    "hinge_g",
    "gradient_penalty",
    "wgan_gp",
    "dragan",
    "r1",
    "attribute_cross_entropies",
    "attribute_cross_entropy",
    "multilabel_bce",
    "continuous_mse",
    "gaussian_nll",
    "info_categorical",
    "info_continuous",
    "matching_aware",
    "mismatched_conditions",
    "conditional_contrastive",
    "d2d_ce",
    "mode_seeking",
    "adc_cross_entropy",
]
