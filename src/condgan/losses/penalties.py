"""Gradient penalties as thin modules, with a lazy schedule.

A penalty module is called as ``penalty(f, real, fake, generator=None)`` with
``f: x (B, ...) -> (B,)`` the critic closed over its conditions; it returns
the unweighted penalty (see :mod:`condgan.losses.functional`).

Lazy regularisation (Karras et al.): with ``every=k`` the penalty is applied
only on critic steps ``step % k == 0`` and its weight is multiplied by ``k``
(:meth:`Penalty.active`, :attr:`Penalty.scale`), so its average strength is
unchanged. The :class:`~condgan.losses.Objective` applies both.
"""

from __future__ import annotations

from typing import ClassVar

import torch
from torch import Tensor, nn

from condgan.losses import functional as LF
from condgan.losses.functional.checks import check_number
from condgan.losses.functional.penalty import Critic

__all__ = ["Penalty", "WGANGP", "DRAGAN", "R1"]


def _every(every: int) -> int:
    if isinstance(every, bool) or not isinstance(every, int) or every < 1:
        raise ValueError(f"every must be an int >= 1 (apply every k critic steps), got {every!r}")
    return every


class Penalty(nn.Module):
    """Base class of gradient penalties.

    Args:
        every: apply on every ``every``-th critic step, scaled by ``every``.
    """

    name: ClassVar[str] = ""

    def __init__(self, *, every: int = 1) -> None:
        super().__init__()
        self.every = _every(every)

    def active(self, step: int) -> bool:
        """Whether the penalty is applied on critic step ``step`` (``step % every == 0``)."""
        return step % self.every == 0

    @property
    def scale(self) -> float:
        """The factor on the weight when the penalty is applied (``every``)."""
        return float(self.every)

    def forward(
        self,
        f: Critic,
        real: Tensor,
        fake: Tensor | None = None,
        *,
        generator: torch.Generator | None = None,
    ) -> Tensor:
        raise NotImplementedError

    def extra_repr(self) -> str:
        return f"every={self.every}"


class WGANGP(Penalty):
    """WGAN-GP (Gulrajani et al.): :func:`~condgan.losses.functional.wgan_gp`.

    Args:
        center: target gradient norm (1).
        every: lazy schedule.
    """

    name = "gp"

    def __init__(self, *, center: float = 1.0, every: int = 1) -> None:
        super().__init__(every=every)
        self.center = check_number(center, "center", minimum=0.0)

    def forward(self, f, real, fake=None, *, generator=None) -> Tensor:
        if fake is None:
            raise ValueError("WGANGP needs fake samples to interpolate with, got fake=None")
        return LF.wgan_gp(f, real, fake, generator=generator, center=self.center)


class DRAGAN(Penalty):
    """DRAGAN (Kodali et al.): :func:`~condgan.losses.functional.dragan` around real data.

    Args:
        c: perturbation scale (0.5).
        center: target gradient norm (1).
        every: lazy schedule.
    """

    name = "dragan"

    def __init__(self, *, c: float = 0.5, center: float = 1.0, every: int = 1) -> None:
        super().__init__(every=every)
        self.c = check_number(c, "c", minimum=0.0)
        self.center = check_number(center, "center", minimum=0.0)

    def forward(self, f, real, fake=None, *, generator=None) -> Tensor:
        return LF.dragan(f, real, generator=generator, c=self.c, center=self.center)


class R1(Penalty):
    """R1 (Mescheder et al.): :func:`~condgan.losses.functional.r1`,
    ``mean ||grad f(x_real)||^2``. Give it weight ``gamma / 2`` for the paper's form.

    Args:
        every: lazy schedule (StyleGAN2 uses 16).
    """

    name = "r1"

    def forward(self, f, real, fake=None, *, generator=None) -> Tensor:
        return LF.r1(f, real)
