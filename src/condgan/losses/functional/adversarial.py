"""Adversarial losses on the critic's per-sample scores ``(B,)``, and label-smoothing targets.

Logits for the non-saturating loss, raw critic values otherwise; every loss is a
*mean over the batch*, and a critic loss is the sum of its real half and its
fake half (each ``*_d_fake`` is that fake half, reused by the matching-aware term).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor

from condgan.losses.functional.checks import (
    Target,
    check_number,
    check_pair,
    check_scores,
    check_target,
    uniform,
)

__all__ = [
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
]


def smooth_targets(
    n: int,
    low: float,
    high: float,
    *,
    generator: torch.Generator | None = None,
    device: torch.device | str | None = None,
) -> Tensor:
    """Random label-smoothing targets ``U(low, high)``, shape ``(n,)`` (float32).

    R1 draws "valid" targets from ``U(0.7, 1.3)`` and "fake" ones from
    ``U(0, 0.3)``; pass the result as ``real_target`` / ``fake_target`` of
    :func:`nonsaturating_d`.

    Raises:
        ValueError: ``n < 1``, non-finite bounds, or ``low > high``.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be an int >= 1, got {n!r}")
    low, high = check_number(low, "low"), check_number(high, "high")
    if low > high:
        raise ValueError(f"low must be <= high, got low={low:g} > high={high:g}")
    u = uniform(
        (n,), generator, torch.device(device) if device is not None else torch.device("cpu")
    )
    return (low + (high - low) * u).clamp_(low, high)


def nonsaturating_d_fake(fake_logits: Tensor, *, target: Target = 0.0) -> Tensor:
    """The fake half of :func:`nonsaturating_d`: ``mean BCE(fake_logits, target)``."""
    return _bce(check_scores(fake_logits, "fake_logits"), target, "target")


def _bce(logits: Tensor, target: Target, name: str) -> Tensor:
    t = check_target(target, logits, name)
    t = torch.full_like(logits, t) if isinstance(t, float) else t
    return F.binary_cross_entropy_with_logits(logits, t)


def nonsaturating_d(
    real_logits: Tensor,
    fake_logits: Tensor,
    *,
    real_target: Target = 1.0,
    fake_target: Target = 0.0,
) -> Tensor:
    r"""Critic loss of the standard (BCE) GAN, with optional label smoothing.

    .. math::
        \ell(s, t) = -t\log\sigma(s) - (1-t)\log(1-\sigma(s)),\qquad
        L_D = \operatorname{mean}_i \ell(r_i, t^r_i) + \operatorname{mean}_i \ell(f_i, t^f_i)

    Args:
        real_logits: critic logits on real samples, ``(B,)``.
        fake_logits: critic logits on generated samples, ``(B,)``.
        real_target: target for real samples: a float (1.0; 0.9 for one-sided
            smoothing) or a tensor ``(B,)`` (random smoothing, see :func:`smooth_targets`).
        fake_target: target for fake samples, likewise (0.0 by default).

    Returns:
        A scalar.
    """
    real, fake = check_pair(real_logits, fake_logits, "real_logits", "fake_logits")
    return _bce(real, real_target, "real_target") + _bce(fake, fake_target, "fake_target")


def nonsaturating_g(fake_logits: Tensor, *, minimax: bool = False) -> Tensor:
    r"""Generator loss of the standard GAN.

    Non-saturating (default): :math:`L_G = -\operatorname{mean}\log\sigma(f) =
    \operatorname{mean}\operatorname{softplus}(-f)`. Minimax (Goodfellow's
    original): :math:`L_G = \operatorname{mean}\log(1-\sigma(f)) =
    -\operatorname{mean}\operatorname{softplus}(f)`.

    Args:
        fake_logits: critic logits on generated samples, ``(B,)``.
        minimax: use the saturating minimax form.
    """
    fake = check_scores(fake_logits, "fake_logits")
    return -F.softplus(fake).mean() if minimax else F.softplus(-fake).mean()


def lsgan_d_fake(fake_logits: Tensor, *, a: float = 0.0, scale: float = 0.5) -> Tensor:
    """The fake half of :func:`lsgan_d`: ``scale * mean (f - a)^2``."""
    fake = check_scores(fake_logits, "fake_logits")
    a, scale = check_number(a, "a"), check_number(scale, "scale", minimum=0.0)
    return scale * (fake - a).pow(2).mean()


def lsgan_d(
    real_logits: Tensor,
    fake_logits: Tensor,
    *,
    a: float = 0.0,
    b: float = 1.0,
    scale: float = 0.5,
) -> Tensor:
    r"""Least-squares critic loss (Mao et al.):

    .. math:: L_D = s\,\operatorname{mean}(r - b)^2 + s\,\operatorname{mean}(f - a)^2

    Args:
        real_logits: critic outputs on real samples, ``(B,)``.
        fake_logits: critic outputs on generated samples, ``(B,)``.
        a: target for fake samples; b: target for real samples.
        scale: the factor :math:`s` (R4's 0.5; 1.0 gives plain MSE as R3).
    """
    real, fake = check_pair(real_logits, fake_logits, "real_logits", "fake_logits")
    b = check_number(b, "b")
    scale = check_number(scale, "scale", minimum=0.0)
    return scale * (real - b).pow(2).mean() + lsgan_d_fake(fake, a=a, scale=scale)


def lsgan_g(fake_logits: Tensor, *, c: float = 1.0, scale: float = 0.5) -> Tensor:
    r"""Least-squares generator loss: :math:`L_G = s\,\operatorname{mean}(f - c)^2`."""
    fake = check_scores(fake_logits, "fake_logits")
    c, scale = check_number(c, "c"), check_number(scale, "scale", minimum=0.0)
    return scale * (fake - c).pow(2).mean()


def wasserstein_d_fake(fake_logits: Tensor) -> Tensor:
    """The fake half of :func:`wasserstein_d`: ``mean f``."""
    return check_scores(fake_logits, "fake_logits").mean()


def wasserstein_d(real_logits: Tensor, fake_logits: Tensor) -> Tensor:
    r"""Wasserstein critic loss: :math:`L_D = \operatorname{mean} f - \operatorname{mean} r`.

    Args:
        real_logits: critic values on real samples, ``(B,)``.
        fake_logits: critic values on generated samples, ``(B,)``.
    """
    real, fake = check_pair(real_logits, fake_logits, "real_logits", "fake_logits")
    return fake.mean() - real.mean()


def wasserstein_g(fake_logits: Tensor) -> Tensor:
    r"""Wasserstein generator loss: :math:`L_G = -\operatorname{mean} f`."""
    return -check_scores(fake_logits, "fake_logits").mean()


def hinge_d_fake(fake_logits: Tensor) -> Tensor:
    """The fake half of :func:`hinge_d`: ``mean relu(1 + f)``."""
    return F.relu(1.0 + check_scores(fake_logits, "fake_logits")).mean()


def hinge_d(real_logits: Tensor, fake_logits: Tensor) -> Tensor:
    r"""Hinge critic loss:
    :math:`L_D = \operatorname{mean}\max(0, 1 - r) + \operatorname{mean}\max(0, 1 + f)`.

    Args:
        real_logits: critic values on real samples, ``(B,)``.
        fake_logits: critic values on generated samples, ``(B,)``.
    """
    real, fake = check_pair(real_logits, fake_logits, "real_logits", "fake_logits")
    return F.relu(1.0 - real).mean() + hinge_d_fake(fake)


def hinge_g(fake_logits: Tensor) -> Tensor:
    r"""Hinge generator loss: :math:`L_G = -\operatorname{mean} f`."""
    return -check_scores(fake_logits, "fake_logits").mean()
