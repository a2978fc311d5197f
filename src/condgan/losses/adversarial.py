"""Adversarial losses as thin modules, and a registry of them by name.

Each class only calls :mod:`condgan.losses.functional`. Its methods take a
:class:`~condgan.types.CriticOutput` (or its ``adv`` scores ``(B,)``):

* ``critic(real_out, fake_out, *, generator=None)``: the critic's loss;
* ``critic_fake(scores)``: the critic's loss on samples labelled fake (the
  matching-aware term reuses it for real images with wrong conditions);
* ``generator(fake_out)``: the generator's loss.

``forward`` is ``critic``. Build one by name with :func:`adversarial_loss`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import torch
from torch import Tensor, nn

from condgan.losses import functional as LF
from condgan.losses.functional.checks import check_number
from condgan.types import CriticOutput

__all__ = [
    "AdversarialLoss",
    "NonSaturating",
    "LeastSquares",
    "Wasserstein",
    "Hinge",
    "adversarial_loss",
    "available_adversarial_losses",
    "register_adversarial",
]

_REGISTRY: dict[str, type[AdversarialLoss]] = {}


def register_adversarial(*names: str) -> Callable[[type[AdversarialLoss]], type[AdversarialLoss]]:
    """Class decorator: make an :class:`AdversarialLoss` buildable by ``names``."""

    def wrap(cls: type[AdversarialLoss]) -> type[AdversarialLoss]:
        for name in names:
            if name in _REGISTRY and _REGISTRY[name] is not cls:
                raise ValueError(f"adversarial loss name {name!r} is already registered")
            _REGISTRY[name] = cls
        return cls

    return wrap


def available_adversarial_losses() -> list[str]:
    """Every name :func:`adversarial_loss` understands."""
    return sorted(_REGISTRY)


def adversarial_loss(name: str, **kwargs: Any) -> AdversarialLoss:
    """Build an adversarial loss by name, e.g. ``adversarial_loss("wgan")``.

    Raises:
        ValueError: unknown name (the message lists the known ones).
    """
    if name not in _REGISTRY:
        raise ValueError(
            f"unknown adversarial loss {name!r}; known: {available_adversarial_losses()}"
        )
    return _REGISTRY[name](**kwargs)


def _adv(out: CriticOutput | Tensor, name: str) -> Tensor:
    return out.adv if isinstance(out, CriticOutput) else out


class AdversarialLoss(nn.Module):
    """Base class: the critic's and the generator's adversarial terms."""

    name: ClassVar[str] = ""

    def critic(
        self,
        real_out: CriticOutput | Tensor,
        fake_out: CriticOutput | Tensor,
        *,
        generator: torch.Generator | None = None,
    ) -> Tensor:
        """The critic's loss from its outputs on real and fake samples (scores ``(B,)``)."""
        raise NotImplementedError

    def critic_fake(self, scores: Tensor) -> Tensor:
        """The critic's loss on samples it should call fake, ``(B,) -> ()``."""
        raise NotImplementedError

    def generator(self, fake_out: CriticOutput | Tensor) -> Tensor:
        """The generator's loss from the critic's output on generated samples."""
        raise NotImplementedError

    def forward(
        self,
        real_out: CriticOutput | Tensor,
        fake_out: CriticOutput | Tensor,
        *,
        generator: torch.Generator | None = None,
    ) -> Tensor:
        return self.critic(real_out, fake_out, generator=generator)


def _range(value: tuple[float, float] | None, name: str) -> tuple[float, float] | None:
    if value is None:
        return None
    if not (isinstance(value, (tuple, list)) and len(value) == 2):
        raise TypeError(f"{name} must be a pair (low, high) or None, got {value!r}")
    low, high = (check_number(v, name) for v in value)
    if low > high:
        raise ValueError(f"{name} must have low <= high, got {value!r}")
    return low, high


@register_adversarial("bce")
class NonSaturating(AdversarialLoss):
    """The standard GAN loss on logits (BCE), with label smoothing.

    Args:
        real_target: fixed target for real samples (1.0; e.g. 0.9 one-sided smoothing).
        fake_target: fixed target for fake samples (0.0).
        real_range: draw real targets from ``U(low, high)`` per sample instead
            (R1: ``(0.7, 1.3)``).
        fake_range: draw fake targets from ``U(low, high)`` (R1: ``(0.0, 0.3)``).
        minimax: the generator uses the saturating minimax loss.

    Calls :func:`~condgan.losses.functional.nonsaturating_d` and
    :func:`~condgan.losses.functional.nonsaturating_g`.
    """

    name = "bce"

    def __init__(
        self,
        *,
        real_target: float = 1.0,
        fake_target: float = 0.0,
        real_range: tuple[float, float] | None = None,
        fake_range: tuple[float, float] | None = None,
        minimax: bool = False,
    ) -> None:
        super().__init__()
        self.real_target = check_number(real_target, "real_target")
        self.fake_target = check_number(fake_target, "fake_target")
        self.real_range = _range(real_range, "real_range")
        self.fake_range = _range(fake_range, "fake_range")
        self.minimax = bool(minimax)

    def _targets(
        self, rng: tuple[float, float] | None, fixed: float, like: Tensor, g: torch.Generator | None
    ) -> float | Tensor:
        if rng is None:
            return fixed
        return LF.smooth_targets(like.shape[0], *rng, generator=g, device=like.device)

    def critic(self, real_out, fake_out, *, generator=None) -> Tensor:
        real, fake = _adv(real_out, "real_out"), _adv(fake_out, "fake_out")
        return LF.nonsaturating_d(
            real,
            fake,
            real_target=self._targets(self.real_range, self.real_target, real, generator),
            fake_target=self._targets(self.fake_range, self.fake_target, fake, generator),
        )

    def critic_fake(self, scores: Tensor) -> Tensor:
        return LF.nonsaturating_d_fake(scores, target=self.fake_target)

    def generator(self, fake_out) -> Tensor:
        return LF.nonsaturating_g(_adv(fake_out, "fake_out"), minimax=self.minimax)


@register_adversarial("lsgan")
class LeastSquares(AdversarialLoss):
    """Least-squares GAN (Mao et al.): targets ``a`` (fake), ``b`` (real), ``c`` (G).

    Args:
        a, b, c: targets (0, 1, 1).
        scale: factor on each mean square (0.5 as R4; 1.0 is plain MSE as R3).
    """

    name = "lsgan"

    def __init__(self, *, a: float = 0.0, b: float = 1.0, c: float = 1.0, scale: float = 0.5):
        super().__init__()
        self.a, self.b, self.c = check_number(a, "a"), check_number(b, "b"), check_number(c, "c")
        self.scale = check_number(scale, "scale", minimum=0.0)

    def critic(self, real_out, fake_out, *, generator=None) -> Tensor:
        return LF.lsgan_d(
            _adv(real_out, "real_out"), _adv(fake_out, "fake_out"),
            a=self.a, b=self.b, scale=self.scale,
        )  # fmt: skip

    def critic_fake(self, scores: Tensor) -> Tensor:
        return LF.lsgan_d_fake(scores, a=self.a, scale=self.scale)

    def generator(self, fake_out) -> Tensor:
        return LF.lsgan_g(_adv(fake_out, "fake_out"), c=self.c, scale=self.scale)


@register_adversarial("wgan", "wasserstein")
class Wasserstein(AdversarialLoss):
    """Wasserstein loss (Arjovsky et al.): ``mean f - mean r`` for the critic,
    ``-mean f`` for the generator. Pair it with a Lipschitz constraint: a
    penalty (:class:`~condgan.losses.WGANGP`), spectral norm, or weight clipping
    (the trainer's ``clip_value``)."""

    name = "wgan"

    def critic(self, real_out, fake_out, *, generator=None) -> Tensor:
        return LF.wasserstein_d(_adv(real_out, "real_out"), _adv(fake_out, "fake_out"))

    def critic_fake(self, scores: Tensor) -> Tensor:
        return LF.wasserstein_d_fake(scores)

    def generator(self, fake_out) -> Tensor:
        return LF.wasserstein_g(_adv(fake_out, "fake_out"))


@register_adversarial("hinge")
class Hinge(AdversarialLoss):
    """Hinge loss: ``mean relu(1 - r) + mean relu(1 + f)``; generator ``-mean f``."""

    name = "hinge"

    def critic(self, real_out, fake_out, *, generator=None) -> Tensor:
        return LF.hinge_d(_adv(real_out, "real_out"), _adv(fake_out, "fake_out"))

    def critic_fake(self, scores: Tensor) -> Tensor:
        return LF.hinge_d_fake(scores)

    def generator(self, fake_out) -> Tensor:
        return LF.hinge_g(_adv(fake_out, "fake_out"))
