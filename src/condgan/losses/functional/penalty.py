"""Gradient penalties on a callable critic ``f: x (B, ...) -> (B,)``.

``f`` may close over the conditions ``y``; a :class:`~condgan.types.CriticOutput`
is read through its ``adv``. The per-sample input-gradient norms are taken with
``create_graph=True``, so the caller's single ``backward`` differentiates through
them, and the critic runs with autocast disabled on float32 inputs, which keeps
the penalties exact under mixed precision.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from einops import rearrange
from torch import Tensor

from condgan.losses.functional.checks import as_float, check_images, check_number, uniform
from condgan.types import CriticOutput

__all__ = ["Critic", "gradient_penalty", "wgan_gp", "dragan", "r1"]

#: A critic as the penalties see it: images ``(B, ...)`` -> scores ``(B,)`` or a CriticOutput.
Critic = Callable[[Tensor], "Tensor | CriticOutput"]


def _grad_norms_sq(f: Critic, x: Tensor, *, squared: bool) -> Tensor:
    """Per-sample ``||d f(x)_i / d x_i||`` (or its square), ``(B,)``, with ``create_graph``."""
    x = check_images(x, "x")
    dtype = torch.float64 if x.dtype == torch.float64 else torch.float32
    x = x.detach().to(dtype).requires_grad_(True)
    with torch.autocast(device_type=x.device.type, enabled=False), torch.enable_grad():
        out = f(x)
        if isinstance(out, CriticOutput):
            out = out.adv
        if not isinstance(out, Tensor) or out.shape != (x.shape[0],):
            got = tuple(out.shape) if isinstance(out, Tensor) else type(out).__name__
            raise ValueError(
                f"the critic f must map x {tuple(x.shape)} to scores of shape ({x.shape[0]},), "
                f"got {got}"
            )
        (g,) = torch.autograd.grad(as_float(out).sum(), x, create_graph=True)
    g = rearrange(g, "b ... -> b (...)")
    return g.pow(2).sum(dim=1) if squared else g.norm(dim=1)


def gradient_penalty(f: Critic, x: Tensor, *, center: float = 1.0) -> Tensor:
    r"""Mean over samples of :math:`(\lVert\nabla_x f(x_i)\rVert_2 - c)^2`.

    The norm is taken per sample over all non-batch dimensions. With
    ``center=0`` the squared norm is used directly (no square root, so the
    penalty is smooth at a zero gradient).

    Args:
        f: the critic, ``x (B, ...) -> (B,)`` (may close over the conditions).
        x: the points where the gradient is taken, ``(B, ...)``; detached here.
        center: the target norm :math:`c`.

    Returns:
        A float32 scalar (float64 for float64 inputs) that carries a graph to
        the critic's parameters.
    """
    center = check_number(center, "center", minimum=0.0)
    if center == 0.0:
        return _grad_norms_sq(f, x, squared=True).mean()
    return (_grad_norms_sq(f, x, squared=False) - center).pow(2).mean()


def _per_sample(u: Tensor, x: Tensor) -> Tensor:
    return u.reshape(x.shape[0], *([1] * (x.dim() - 1))).to(x.dtype)


def wgan_gp(
    f: Critic,
    real: Tensor,
    fake: Tensor,
    *,
    generator: torch.Generator | None = None,
    center: float = 1.0,
) -> Tensor:
    r"""WGAN-GP penalty (Gulrajani et al.) on random interpolates.

    .. math::
        \hat x_i = \alpha_i x_i + (1 - \alpha_i)\tilde x_i,\ \alpha_i\sim U[0,1],\qquad
        P = \operatorname{mean}_i (\lVert\nabla f(\hat x_i)\rVert - 1)^2

    Args:
        f: the critic ``(B, ...) -> (B,)``; for a conditional critic close over
            the real conditions.
        real: real samples ``(B, ...)``; fake: generated samples, same shape.
        generator: draws the :math:`\alpha_i` (on its own device).
        center: the target norm (1).
    """
    real, fake = check_images(real, "real"), check_images(fake, "fake")
    if real.shape != fake.shape:
        raise ValueError(
            f"real and fake must have the same shape, got real {tuple(real.shape)} and "
            f"fake {tuple(fake.shape)}"
        )
    real, fake = real.detach(), fake.detach().to(real.dtype)
    alpha = _per_sample(uniform((real.shape[0],), generator, real.device), real)
    return gradient_penalty(f, alpha * real + (1 - alpha) * fake, center=center)


def dragan(
    f: Critic,
    real: Tensor,
    *,
    generator: torch.Generator | None = None,
    c: float = 0.5,
    center: float = 1.0,
) -> Tensor:
    r"""DRAGAN penalty (Kodali et al.) around perturbed real data.

    As the authors' code: :math:`x^p = x + c\,\sigma_x\,u` with
    :math:`u\sim U[0,1)` elementwise and :math:`\sigma_x` the standard deviation
    of the real batch, then :math:`\hat x = x + \alpha (x^p - x)` with
    :math:`\alpha_i\sim U[0,1]` per sample and
    :math:`P = \operatorname{mean}_i (\lVert\nabla f(\hat x_i)\rVert - 1)^2`.

    Args:
        f: the critic ``(B, ...) -> (B,)``.
        real: real samples ``(B, ...)``.
        generator: draws the perturbation and :math:`\alpha` (on its own device).
        c: perturbation scale (0.5).
        center: the target norm (1).
    """
    real = check_images(real, "real").detach()
    c = check_number(c, "c", minimum=0.0)
    u = uniform(tuple(real.shape), generator, real.device).to(real.dtype)
    std = real.std() if real.numel() > 1 else real.new_zeros(())
    perturbed = real + c * std * u
    alpha = _per_sample(uniform((real.shape[0],), generator, real.device), real)
    return gradient_penalty(f, real + alpha * (perturbed - real), center=center)


def r1(f: Critic, real: Tensor) -> Tensor:
    r"""R1 penalty (Mescheder et al.) on real data, centre 0, *without* the factor
    :math:`\gamma/2`:

    .. math:: P = \operatorname{mean}_i \lVert\nabla f(x_i)\rVert^2

    Mescheder et al.'s :math:`\frac{\gamma}{2}\mathbb{E}\lVert\nabla D\rVert^2`
    is this value with weight :math:`\gamma/2` in the objective.

    Args:
        f: the critic ``(B, ...) -> (B,)``.
        real: real samples ``(B, ...)``.
    """
    return gradient_penalty(f, real, center=0.0)
