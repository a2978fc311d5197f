"""Auxiliary-classifier and InfoGAN terms as thin modules.

:class:`AuxiliaryLoss` reads a critic's ``aux`` output against the conditions
``y`` of a :class:`~condgan.conditions.ConditionSpace`, choosing the term by
the space's kind (one table, no if/elif ladder):

=====================  ====================================  =================================
space                  ``aux``                               term
=====================  ====================================  =================================
``Categorical``        ``(B, n)`` or ``[(B, n)]``            cross-entropy
``MultiCategorical``   ``[(B, n_a) for each attribute]``     ``sum_a w_a CE_a``
``MultiLabel``         ``(B, n)``                            multi-label BCE with logits
``Text``               ``(B, dim)``                          MSE regression of the embedding
=====================  ====================================  =================================

:class:`InfoLoss` is InfoGAN's mutual-information term.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from torch import Tensor, nn

from condgan.conditions.categorical import Categorical
from condgan.conditions.multi_categorical import MultiCategorical
from condgan.conditions.multi_label import MultiLabel
from condgan.conditions.space import ConditionSpace
from condgan.conditions.text import Text
from condgan.losses import functional as LF
from condgan.types import InfoCodes, InfoOutput

__all__ = ["AuxiliaryLoss", "InfoLoss"]

Breakdown = tuple[Tensor, dict[str, Tensor]]


def _single(aux: Sequence[Tensor] | Tensor, what: str) -> Tensor:
    if isinstance(aux, Tensor):
        return aux
    items = list(aux)
    if len(items) != 1:
        raise ValueError(
            f"aux must be one {what} tensor for this space, got a list of {len(items)}"
        )
    return items[0]


def _categorical(loss: AuxiliaryLoss, aux, y: Tensor) -> Breakdown:
    return LF.attribute_cross_entropy([_single(aux, "(B, n) logits")], y), {}


def _multi_categorical(loss: AuxiliaryLoss, aux, y: Tensor) -> Breakdown:
    space = loss.space
    assert isinstance(space, MultiCategorical)
    items = [aux] if isinstance(aux, Tensor) else list(aux)
    if len(items) != space.num_attributes:
        raise ValueError(
            f"aux must hold one logits tensor per attribute {space.attribute_names}, "
            f"got {len(items)}"
        )
    for a, (z, size) in enumerate(zip(items, space.sizes)):
        if isinstance(z, Tensor) and z.dim() == 2 and z.shape[1] != size:
            raise ValueError(
                f"aux[{a}] (attribute {space.attribute_names[a]!r}) must have shape (B, {size}), "
                f"got {tuple(z.shape)}"
            )
    ces = LF.attribute_cross_entropies(items, y)
    total = sum((w * ce for w, ce in zip(loss.weights, ces)), start=ces[0].new_zeros(()))
    return total, dict(zip(space.attribute_names, ces))


def _multi_label(loss: AuxiliaryLoss, aux, y: Tensor) -> Breakdown:
    return LF.multilabel_bce(_single(aux, "(B, n) multi-label logits"), y), {}


def _text(loss: AuxiliaryLoss, aux, y: Tensor) -> Breakdown:
    return LF.continuous_mse(_single(aux, "(B, dim) embedding"), y), {}


_TERMS: dict[type, Callable[[AuxiliaryLoss, Sequence[Tensor] | Tensor, Tensor], Breakdown]] = {
    Categorical: _categorical,
    MultiCategorical: _multi_categorical,
    MultiLabel: _multi_label,
    Text: _text,
}


class AuxiliaryLoss(nn.Module):
    """The auxiliary-classifier term of a condition space (see the module's table).

    Args:
        space: the condition space of ``y``.
        weights: per-attribute weights ``w_a`` for a ``MultiCategorical`` space, as
            a sequence in attribute order or a mapping ``name -> weight`` (missing
            names weigh 1). ``None``: all 1. Other spaces take no weights.

    Raises:
        TypeError: an unsupported space.
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
        self._fn = next((_TERMS[k] for k in type(space).__mro__ if k in _TERMS), None)
        if self._fn is None:
            raise TypeError(
                f"AuxiliaryLoss supports {sorted(k.__name__ for k in _TERMS)}, "
                f"got {type(space).__name__}"
            )
        self.space = space
        self.weights = self._check_weights(space, weights)

    @staticmethod
    def _check_weights(space: ConditionSpace, weights) -> list[float]:
        if not isinstance(space, MultiCategorical):
            if weights is not None:
                raise ValueError(
                    "weights are per attribute and need a MultiCategorical space, got "
                    f"{type(space).__name__} with weights={weights!r}"
                )
            return [1.0]
        names = space.attribute_names
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
        return [LF._number(w, f"weights[{n!r}]", minimum=0.0) for n, w in zip(names, weights)]

    def breakdown(self, aux: Sequence[Tensor] | Tensor | None, y: Tensor) -> Breakdown:
        """The weighted term and its unweighted per-attribute parts (``{}`` when not split).

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
        return self._fn(self, aux, y)

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
