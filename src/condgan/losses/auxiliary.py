"""Auxiliary-classifier and InfoGAN terms as thin modules.

:class:`AuxiliaryLoss` reads a critic's ``aux`` output against the conditions
``y`` and lets the condition space score it
(:meth:`~condgan.conditions.ConditionSpace.aux_loss`): the built-in spaces give

=====================  ====================================  =================================
space                  ``aux``                               term
=====================  ====================================  =================================
``Categorical``        ``(B, n)`` or ``[(B, n)]``            cross-entropy
``MultiCategorical``   ``[(B, n_a) for each attribute]``     ``sum_a w_a CE_a``
``MultiLabel``         ``(B, n)``                            multi-label BCE with logits
``Text``               ``(B, dim)``                          MSE regression of the embedding
=====================  ====================================  =================================

and a user-defined space brings its own term by defining ``aux_loss``.

:class:`InfoLoss` is InfoGAN's mutual-information term.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from torch import Tensor, nn

from condgan.conditions.space import ConditionSpace
from condgan.losses import functional as LF
from condgan.losses.functional.checks import check_number
from condgan.types import InfoCodes, InfoOutput

__all__ = ["AuxiliaryLoss", "InfoLoss"]

Breakdown = tuple[Tensor, dict[str, Tensor]]


def _check_weights(
    space: ConditionSpace, weights: Sequence[float] | Mapping[str, float] | None
) -> list[float] | None:
    names = space.aux_part_names
    if not names:
        if weights is not None:
            raise ValueError(
                "weights are per attribute and need a MultiCategorical or another space with "
                f"aux_part_names, got {type(space).__name__} with weights={weights!r}"
            )
        return None
    if weights is None:
        return [1.0] * len(names)
    if isinstance(weights, Mapping):
        unknown = sorted(set(weights) - set(names))
        if unknown:
            raise ValueError(f"weights name unknown attributes {unknown}; known: {names}")
        weights = [weights.get(n, 1.0) for n in names]
    weights = list(weights)
    if len(weights) != len(names):
        raise ValueError(
            f"weights must have {len(names)} entries (attributes {names}), got {len(weights)}"
        )
    return [check_number(w, f"weights[{n!r}]", minimum=0.0) for n, w in zip(names, weights)]


class AuxiliaryLoss(nn.Module):
    """The auxiliary-classifier term of a condition space (see the module's table).

    Args:
        space: the condition space of ``y``; it computes the term
            (:meth:`~condgan.conditions.ConditionSpace.aux_loss`).
        weights: per-part weights ``w_a`` for a space whose term is split
            (:attr:`~condgan.conditions.ConditionSpace.aux_part_names`, e.g. the
            attributes of a ``MultiCategorical``), as a sequence in that order or a
            mapping ``name -> weight`` (missing names weigh 1). ``None``: all 1.
            Spaces whose term is not split take no weights.

    Raises:
        TypeError: ``space`` is not a ConditionSpace.
        ValueError: weights of the wrong length, unknown names or negative values.
    """

    def __init__(
        self,
        space: ConditionSpace,
        *,
        weights: Sequence[float] | Mapping[str, float] | None = None,
    ) -> None:
        super().__init__()
        if not isinstance(space, ConditionSpace):
            raise TypeError(f"space must be a ConditionSpace, got {type(space).__name__}")
        self.space = space
        self.weights = _check_weights(space, weights)

    def breakdown(self, aux: Sequence[Tensor] | Tensor | None, y: Tensor) -> Breakdown:
        """The weighted term and its unweighted per-part terms (``{}`` when not split).

        Args:
            aux: the critic's ``CriticOutput.aux``.
            y: the conditions, validated against the space (dtype and shape).
        """
        if aux is None:
            raise ValueError(
                "the critic returned aux=None, but an auxiliary term was asked for "
                "(give the critic an auxiliary head or set the auxiliary weights to 0)"
            )
        self.space.validate(y, name="y", check_values=False)
        return self.space.aux_loss(aux, y, weights=self.weights)

    def forward(self, aux: Sequence[Tensor] | Tensor | None, y: Tensor) -> Tensor:
        """The weighted auxiliary term, a scalar."""
        return self.breakdown(aux, y)[0]

    def extra_repr(self) -> str:
        return f"space={self.space!r}, weights={self.weights}"


_CONTINUOUS = ("auto", "mse", "nll")


class InfoLoss(nn.Module):
    """InfoGAN's mutual-information term: cross-entropy per categorical code and,
    for continuous codes, Gaussian NLL with the predicted log-scale or MSE.

    Args:
        continuous: ``"auto"`` (NLL when the head predicts ``log_scale``, else MSE),
            ``"mse"`` or ``"nll"``.
    """

    def __init__(self, *, continuous: str = "auto") -> None:
        super().__init__()
        if continuous not in _CONTINUOUS:
            raise ValueError(f"continuous must be one of {_CONTINUOUS}, got {continuous!r}")
        self.continuous = continuous

    def forward(self, info: InfoOutput | None, codes: InfoCodes) -> dict[str, Tensor]:
        """``{"info_cat": ..., "info_cont": ...}`` for the codes that exist (unweighted).

        Args:
            info: the critic's ``CriticOutput.info``.
            codes: the codes the generator was given.
        """
        if info is None:
            raise ValueError("the critic returned info=None, but InfoGAN codes were given")
        if not isinstance(codes, InfoCodes):
            raise TypeError(f"codes must be InfoCodes, got {type(codes).__name__}")
        out: dict[str, Tensor] = {}
        if codes.categorical and not info.categorical:
            raise ValueError(
                f"categorical codes were given but the critic predicts no categorical logits "
                f"(got {len(codes.categorical)} codes)"
            )
        if codes.categorical:
            out["info_cat"] = LF.info_categorical(info.categorical, codes.categorical)
        if codes.continuous is not None:
            if info.mean is None:
                raise ValueError("continuous codes were given but the critic predicts no mean")
            if self.continuous == "nll" and info.log_scale is None:
                raise ValueError("continuous='nll' needs the critic to predict log_scale, got None")
            log_scale = None if self.continuous == "mse" else info.log_scale
            out["info_cont"] = LF.info_continuous(info.mean, codes.continuous, log_scale)
        return out

    def extra_repr(self) -> str:
        return f"continuous={self.continuous!r}"
