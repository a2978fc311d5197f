"""Dataclasses exchanged at the boundaries between condgan's pieces.

A critic returns a :class:`CriticOutput`; an objective returns
:class:`LossTerms`. Keeping these as plain dataclasses (not tuples or dicts)
makes the contract between networks, losses and the trainer explicit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from torch import Tensor

__all__ = ["CriticOutput", "InfoCodes", "InfoOutput", "LossTerms"]


@dataclass
class InfoCodes:
    """Latent codes an InfoGAN generator takes beside ``z`` and ``y``.

    Attributes:
        categorical: one ``torch.long`` tensor ``(B,)`` per categorical code.
        continuous: continuous codes ``(B, n_cont)`` (usually U(-1, 1)), or ``None``.
    """

    categorical: list[Tensor] = field(default_factory=list)
    continuous: Tensor | None = None


@dataclass
class InfoOutput:
    """What an InfoGAN code head predicts from the critic's features.

    Attributes:
        categorical: one logits tensor ``(B, k_i)`` per categorical code.
        mean: predicted mean of the continuous codes, ``(B, n_cont)``, or ``None``.
        log_scale: predicted log standard deviation, ``(B, n_cont)``, or ``None``.
    """

    categorical: list[Tensor] = field(default_factory=list)
    mean: Tensor | None = None
    log_scale: Tensor | None = None


@dataclass
class CriticOutput:
    """Everything a critic says about a batch of images.

    Attributes:
        adv: adversarial score per sample, ``(B,)`` (a logit or a critic value;
            the loss decides how to read it).
        aux: auxiliary classifier logits: a list with one ``(B, n_a)`` tensor per
            attribute for categorical spaces, or one ``(B, n)`` tensor of
            multi-label logits; ``None`` when the critic has no auxiliary head.
        info: InfoGAN code predictions, or ``None``.
        features: the backbone's features ``(B, F)``, kept for heads and metrics.
        extras: outputs of further named heads (e.g. ``"twin"`` for a twin auxiliary
            classifier, ``"embed"`` for contrastive objectives), each a ``(B, ...)``
            tensor or a list of them; objective terms read them by name.
    """

    adv: Tensor
    aux: list[Tensor] | Tensor | None = None
    info: InfoOutput | None = None
    features: Tensor | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.adv, Tensor):
            raise TypeError(f"CriticOutput.adv must be a Tensor, got {type(self.adv).__name__}")
        if self.adv.dim() != 1:
            raise ValueError(f"CriticOutput.adv must have shape (B,), got {tuple(self.adv.shape)}")

    @property
    def batch_size(self) -> int:
        return int(self.adv.shape[0])

    def select(self, index: slice | Tensor) -> CriticOutput:
        """The rows ``index`` of every per-sample field (``adv``, ``aux``, ``info``,
        ``features`` and ``extras``), e.g. the real half of a concatenated forward."""

        def cut(value: Any) -> Any:
            if value is None:
                return None
            if isinstance(value, (list, tuple)):
                return [cut(v) for v in value]
            return value[index]

        info = self.info
        if info is not None:
            info = InfoOutput(
                categorical=cut(info.categorical),
                mean=cut(info.mean),
                log_scale=cut(info.log_scale),
            )
        return CriticOutput(
            adv=self.adv[index],
            aux=cut(self.aux),
            info=info,
            features=cut(self.features),
            extras={name: cut(v) for name, v in self.extras.items()},
        )


@dataclass
class LossTerms:
    """A loss total and every named term that went into it.

    Attributes:
        total: the scalar to differentiate (already weighted and summed).
        terms: each *unweighted* term by name, as scalar tensors (for logging).
        weights: the weight each term entered ``total`` with.
    """

    total: Tensor
    terms: dict[str, Tensor] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
