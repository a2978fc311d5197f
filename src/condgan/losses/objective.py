"""The :class:`Objective`: an adversarial loss, penalties, auxiliary, matching-aware and
InfoGAN terms, and further :class:`~condgan.losses.ObjectiveTerm` modules composed with
weights, returning every named term for logging."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import torch
from torch import Tensor

from condgan.conditions.space import ConditionSpace
from condgan.losses import functional as LF
from condgan.losses.adversarial import AdversarialLoss, adversarial_loss
from condgan.losses.auxiliary import AuxiliaryLoss, InfoLoss
from condgan.losses.penalties import Penalty
from condgan.losses.term import ObjectiveTerm, TermInputs, TermValue
from condgan.types import CriticOutput, InfoCodes, LossTerms

__all__ = ["Objective"]

CriticFn = Callable[[Tensor, Tensor], CriticOutput]

_WEIGHTS = (
    "adversarial_weight",
    "aux_real_weight",
    "aux_fake_weight",
    "aux_gen_weight",
    "match_weight",
    "info_cat_weight",
    "info_cont_weight",
)


def _weight(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number >= 0, got {type(value).__name__}: {value!r}")
    value = float(value)
    if not (value >= 0 and value != float("inf")):
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return value


def _batch(x: Tensor, name: str) -> int:
    if not isinstance(x, Tensor):
        raise TypeError(f"{name} must be a torch.Tensor (B, ...), got {type(x).__name__}")
    if x.dim() == 0:
        raise ValueError(f"{name} must have a batch dimension, got a scalar")
    return int(x.shape[0])


def _output(out: object, n: int, name: str) -> CriticOutput:
    if not isinstance(out, CriticOutput):
        raise TypeError(f"{name} must be a CriticOutput, got {type(out).__name__}")
    if out.batch_size != n:
        raise ValueError(f"{name} has batch {out.batch_size} but its images have batch {n}")
    return out


class _Terms:
    """Accumulates named terms and their weights."""

    def __init__(self) -> None:
        self.terms: dict[str, Tensor] = {}
        self.weights: dict[str, float] = {}

    def add(self, name: str, value: Tensor, weight: float | None) -> None:
        self.terms[name] = value
        if weight is not None:
            self.weights[name] = weight

    def result(self, like: Tensor) -> LossTerms:
        total = like.new_zeros((), dtype=torch.float32)
        for name, w in self.weights.items():
            total = total + w * self.terms[name]
        return LossTerms(total=total, terms=self.terms, weights=self.weights)


@dataclass(eq=False)
class Objective:
    """A GAN objective composed of weighted terms.

    Critic terms (``critic_loss``), with their names in :class:`~condgan.types.LossTerms`:

    * ``"adv"``: ``adversarial.critic(out_real, out_fake)``, weight ``adversarial_weight``;
    * one per penalty (``"gp"``, ``"dragan"``, ``"r1"``): the critic closed over
      ``y_real``, on real (and fake) images; weight ``w * penalty.scale`` on the
      steps where ``penalty.active(step)``;
    * ``"aux_real"`` / ``"aux_fake"``: the auxiliary term on real images with
      ``y_real`` / on generated images with ``y_fake``; weights ``aux_real_weight``
      / ``aux_fake_weight``;
    * ``"match"``: ``adversarial.critic_fake`` on (real image, wrong condition)
      pairs from :func:`~condgan.losses.functional.mismatched_conditions`;
      weight ``match_weight``;
    * ``"info_cat"`` / ``"info_cont"``: InfoGAN terms on the fake output when
      ``codes`` are given; weights ``info_cat_weight`` / ``info_cont_weight``.

    * one per further term of ``terms`` (its ``name``): what
      :meth:`~condgan.losses.ObjectiveTerm.critic_term` returns, with its weight.

    Generator terms (``generator_loss``): ``"adv"`` (``adversarial.generator``,
    ``adversarial_weight``), ``"aux_fake"`` (``aux_gen_weight``), ``"info_cat"``,
    ``"info_cont"``, and each of ``terms``'
    :meth:`~condgan.losses.ObjectiveTerm.generator_term`.

    ``terms`` holds each term unweighted; ``weights`` the weight it entered
    ``total`` with. Per-attribute parts of a ``MultiCategorical`` auxiliary term
    are logged as ``"aux_real/<attribute>"`` (unweighted); they are a breakdown
    of ``"aux_real"`` and have no entry in ``weights``. A term whose weight is 0
    is not computed. No method calls ``backward``.

    Args:
        adversarial: an :class:`~condgan.losses.AdversarialLoss` or its registered name.
        space: the condition space (needed by auxiliary and matching-aware terms;
            used to validate ``y``).
        adversarial_weight: weight of the adversarial terms (R1: 0.01).
        penalties: ``(penalty, weight)`` pairs, e.g. ``[(WGANGP(), 10.0)]``.
        aux_real_weight: auxiliary term for the critic on real images.
        aux_fake_weight: auxiliary term for the critic on generated images.
        aux_gen_weight: auxiliary term for the generator on generated images.
        aux_weights: per-attribute weights (``MultiCategorical`` only).
        match_weight: matching-aware term.
        info_cat_weight: InfoGAN categorical-code term (critic and generator).
        info_cont_weight: InfoGAN continuous-code term (critic and generator).
        info_continuous: ``"auto"``, ``"mse"`` or ``"nll"`` (see :class:`~condgan.losses.InfoLoss`).
        terms: ``(term, weight)`` pairs of further :class:`~condgan.losses.ObjectiveTerm`
            modules (e.g. ``[(TwinAuxiliary(), 1.0), (D2DCE(), 1.0)]``); a bare term
            weighs 1.
    """

    adversarial: AdversarialLoss | str = "bce"
    space: ConditionSpace | None = None
    adversarial_weight: float = 1.0
    penalties: Sequence[tuple[Penalty, float]] = field(default_factory=list)
    aux_real_weight: float = 0.0
    aux_fake_weight: float = 0.0
    aux_gen_weight: float = 0.0
    aux_weights: Sequence[float] | Mapping[str, float] | None = None
    match_weight: float = 0.0
    info_cat_weight: float = 0.0
    info_cont_weight: float = 0.0
    info_continuous: str = "auto"
    terms: Sequence[ObjectiveTerm | tuple[ObjectiveTerm, float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if isinstance(self.adversarial, str):
            self.adversarial = adversarial_loss(self.adversarial)
        if not isinstance(self.adversarial, AdversarialLoss):
            raise TypeError(
                "Objective.adversarial must be an AdversarialLoss or a registered name, got "
                f"{type(self.adversarial).__name__}"
            )
        if self.space is not None and not isinstance(self.space, ConditionSpace):
            raise TypeError(
                f"Objective.space must be a ConditionSpace or None, got {type(self.space).__name__}"
            )
        for name in _WEIGHTS:
            setattr(self, name, _weight(getattr(self, name), f"Objective.{name}"))
        pairs = []
        for i, item in enumerate(self.penalties):
            if not (isinstance(item, (tuple, list)) and len(item) == 2):
                raise TypeError(
                    f"Objective.penalties[{i}] must be a (penalty, weight) pair, got {item!r}"
                )
            penalty, w = item
            if not isinstance(penalty, Penalty):
                raise TypeError(
                    f"Objective.penalties[{i}][0] must be a Penalty (WGANGP, DRAGAN, R1), got "
                    f"{type(penalty).__name__}"
                )
            pairs.append((penalty, _weight(w, f"Objective.penalties[{i}] weight")))
        names = [p.name for p, _ in pairs]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"Objective.penalties must have distinct kinds, got {dup} twice")
        self.penalties = pairs
        needs_aux = self.aux_real_weight or self.aux_fake_weight or self.aux_gen_weight
        needs_space = [n for n in ("aux_real_weight", "aux_fake_weight", "aux_gen_weight",
                                   "match_weight") if getattr(self, n)]  # fmt: skip
        if needs_space and self.space is None:
            raise ValueError(f"Objective.space is required when {needs_space} are > 0, got None")
        self._aux = (
            AuxiliaryLoss(self.space, weights=self.aux_weights)
            if needs_aux and self.space is not None
            else None
        )
        self._info = InfoLoss(continuous=self.info_continuous)
        self.terms = self._check_terms(self.terms)

    @staticmethod
    def _check_terms(terms: Sequence[object]) -> list[tuple[ObjectiveTerm, float]]:
        out: list[tuple[ObjectiveTerm, float]] = []
        for i, item in enumerate(terms):
            term, w = (item, 1.0) if isinstance(item, ObjectiveTerm) else (item, None)
            if w is None:
                if not (isinstance(item, (tuple, list)) and len(item) == 2):
                    raise TypeError(
                        f"Objective.terms[{i}] must be an ObjectiveTerm or a (term, weight) "
                        f"pair, got {item!r}"
                    )
                term, w = item
            if not isinstance(term, ObjectiveTerm):
                raise TypeError(
                    f"Objective.terms[{i}] must be an ObjectiveTerm, got {type(term).__name__}"
                )
            out.append((term, _weight(w, f"Objective.terms[{i}] weight")))
        names = [t.name for t, _ in out]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"Objective.terms must have distinct names, got {dup} twice")
        return out

    # ------------------------------------------------------------- helpers --
    def _check_y(self, y: Tensor, n: int, name: str) -> None:
        if self.space is not None:
            self.space.validate(y, name=name, check_values=False)
        if _batch(y, name) != n:
            raise ValueError(f"{name} has batch {y.shape[0]} but its images have batch {n}")

    def _aux_terms(self, acc: _Terms, name: str, out: CriticOutput, y: Tensor, w: float) -> None:
        assert self._aux is not None
        value, parts = self._aux.breakdown(out.aux, y)
        acc.add(name, value, w)
        for part, v in parts.items():
            acc.add(f"{name}/{part}", v, None)

    @staticmethod
    def _add_term(acc: _Terms, term: ObjectiveTerm, w: float, value: TermValue) -> None:
        if value is None:
            return
        total, parts = value
        if total is not None:
            acc.add(term.name, total, w)
        for part, v in parts.items():
            acc.add(f"{term.name}/{part}", v, None)

    def _info_terms(self, acc: _Terms, out: CriticOutput, codes: InfoCodes | None) -> None:
        if codes is None or not (self.info_cat_weight or self.info_cont_weight):
            return
        weights = {"info_cat": self.info_cat_weight, "info_cont": self.info_cont_weight}
        for name, value in self._info(out.info, codes).items():
            if weights[name]:
                acc.add(name, value, weights[name])

    # ---------------------------------------------------------------- critic --
    def critic_loss(
        self,
        critic: CriticFn,
        real: Tensor,
        y_real: Tensor,
        fake: Tensor,
        y_fake: Tensor,
        *,
        step: int = 0,
        generator: torch.Generator | None = None,
        codes: InfoCodes | None = None,
        out_real: CriticOutput | None = None,
        out_fake: CriticOutput | None = None,
    ) -> LossTerms:
        """The critic's loss.

        Args:
            critic: ``critic(x, y) -> CriticOutput``.
            real: real images ``(B, C, H, W)``; y_real: their conditions.
            fake: generated images ``(B', C, H, W)`` (detached here); y_fake: theirs.
            step: the critic step (for lazy penalties).
            generator: random source for smoothing targets, interpolates and wrong conditions.
            codes: the InfoGAN codes ``fake`` was generated with.
            out_real, out_fake: the critic's outputs when already computed (e.g. in one
                concatenated forward); otherwise the critic is called here.

        Returns:
            :class:`~condgan.types.LossTerms`.
        """
        if not callable(critic):
            raise TypeError(f"critic must be callable (x, y) -> CriticOutput, got {critic!r}")
        n_real, n_fake = _batch(real, "real"), _batch(fake, "fake")
        self._check_y(y_real, n_real, "y_real")
        self._check_y(y_fake, n_fake, "y_fake")
        fake = fake.detach()
        if out_real is not None:
            out_real = _output(out_real, n_real, "out_real")
        if out_fake is not None:
            out_fake = _output(out_fake, n_fake, "out_fake")

        def real_out() -> CriticOutput:
            nonlocal out_real
            if out_real is None:
                out_real = _output(critic(real, y_real), n_real, "critic(real, y_real)")
            return out_real

        def fake_out() -> CriticOutput:
            nonlocal out_fake
            if out_fake is None:
                out_fake = _output(critic(fake, y_fake), n_fake, "critic(fake, y_fake)")
            return out_fake

        acc = _Terms()
        if self.adversarial_weight:
            adv = self.adversarial.critic(real_out(), fake_out(), generator=generator)
            acc.add("adv", adv, self.adversarial_weight)
        if self.aux_real_weight:
            self._aux_terms(acc, "aux_real", real_out(), y_real, self.aux_real_weight)
        if self.aux_fake_weight:
            self._aux_terms(acc, "aux_fake", fake_out(), y_fake, self.aux_fake_weight)
        if self.match_weight:
            assert self.space is not None
            y_wrong = LF.mismatched_conditions(self.space, y_real, generator=generator)
            wrong = _output(critic(real, y_wrong), n_real, "critic(real, y_wrong)")
            acc.add("match", self.adversarial.critic_fake(wrong.adv), self.match_weight)
        if codes is not None and (self.info_cat_weight or self.info_cont_weight):
            self._info_terms(acc, fake_out(), codes)
        terms = [(t, w) for t, w in self.terms if w]
        if terms:
            needs = {n for t, _ in terms for n in t.needs}
            o_real, o_fake = real_out(), fake_out()
            if not needs <= o_real.extras.keys():
                o_real = _output(critic(real, y_real), n_real, "critic(real, y_real)")
            if not needs <= o_fake.extras.keys():
                o_fake = _output(critic(fake, y_fake), n_fake, "critic(fake, y_fake)")
            inputs = TermInputs(
                space=self.space, fake=fake, y_fake=y_fake, out_fake=o_fake, critic=critic,
                real=real, y_real=y_real, out_real=o_real, generator=generator, step=step,
            )  # fmt: skip
            for term, w in terms:
                self._add_term(acc, term, w, term.critic_term(inputs))
        active = [(p, w) for p, w in self.penalties if w and p.active(step)]
        if active:

            def f(x: Tensor) -> Tensor:
                return critic(x, y_real).adv

            for penalty, w in active:
                value = penalty(f, real, fake, generator=generator)
                acc.add(penalty.name, value, w * penalty.scale)
        return acc.result(real)

    # ------------------------------------------------------------- generator --
    def generator_loss(
        self,
        critic: CriticFn,
        fake: Tensor,
        y_fake: Tensor,
        *,
        codes: InfoCodes | None = None,
        out_fake: CriticOutput | None = None,
    ) -> LossTerms:
        """The generator's loss.

        Args:
            critic: ``critic(x, y) -> CriticOutput``.
            fake: generated images ``(B, C, H, W)`` (with their graph to the generator).
            y_fake: their conditions.
            codes: the InfoGAN codes ``fake`` was generated with.
            out_fake: ``critic(fake, y_fake)`` when already computed.

        Returns:
            :class:`~condgan.types.LossTerms`.
        """
        n = _batch(fake, "fake")
        self._check_y(y_fake, n, "y_fake")
        if out_fake is None:
            if not callable(critic):
                raise TypeError(f"critic must be callable (x, y) -> CriticOutput, got {critic!r}")
            out_fake = critic(fake, y_fake)
        out = _output(out_fake, n, "out_fake")
        acc = _Terms()
        if self.adversarial_weight:
            acc.add("adv", self.adversarial.generator(out), self.adversarial_weight)
        if self.aux_gen_weight:
            self._aux_terms(acc, "aux_fake", out, y_fake, self.aux_gen_weight)
        self._info_terms(acc, out, codes)
        terms = [(t, w) for t, w in self.terms if w]
        if terms:
            if not {n for t, _ in terms for n in t.needs} <= out.extras.keys():
                out = _output(critic(fake, y_fake), n, "critic(fake, y_fake)")
            inputs = TermInputs(space=self.space, fake=fake, y_fake=y_fake, out_fake=out,
                                critic=critic)  # fmt: skip
            for term, w in terms:
                self._add_term(acc, term, w, term.generator_term(inputs))
        return acc.result(fake)
