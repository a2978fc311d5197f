"""Several categorical attributes at once: ``y`` is a long tensor ``(B, A)``."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import torch
import torch.nn.functional as F
from torch import Tensor

from condgan.conditions.space import (
    Aux,
    ConditionSpace,
    check_count,
    check_names,
    check_tensor,
    cpu_generator,
    logits_list,
    per_attribute_cross_entropy,
)

__all__ = ["FREE", "MultiCategorical"]

#: The value index of an attribute left free in a partial condition.
FREE = -1

_SPLIT = re.compile(r"[\s,;/]+")


class MultiCategorical(ConditionSpace):
    """Ordered categorical attributes, each with its own value names.

    Args:
        attributes: ordered mapping ``attribute name -> value names`` (or a
            sequence of ``(name, values)`` pairs), e.g.
            ``{"hair": ["blonde", "orange"], "eyes": ["brown", "blue"]}``.

    ``y``: ``torch.long`` of shape ``(B, A)``; column ``a`` holds a value index
    of attribute ``a``. Vector form: the attributes' one-hots concatenated,
    ``(B, sum(sizes))``.

    Names: a condition may be given as a phrase ``"blue hair red eyes"`` (each
    attribute once, as ``"<value> <attribute>"``; a trailing plural ``s`` on the
    attribute is accepted), a dict ``{"hair": "blue", "eyes": "red"}``, or a
    sequence of values in attribute order (names or indices).

    :meth:`combinations` enumerates every combination with the *last*
    attribute changing fastest.
    """

    type_name = "multi_categorical"

    def __init__(self, attributes: Mapping[str, Sequence[str]] | Sequence[Any]) -> None:
        if isinstance(attributes, Mapping):
            items = list(attributes.items())
        elif isinstance(attributes, Sequence) and not isinstance(attributes, str):
            items = []
            for item in attributes:
                if not (
                    isinstance(item, Sequence) and not isinstance(item, str) and len(item) == 2
                ):
                    raise ValueError(
                        "attributes must be a mapping name -> values or (name, values) pairs, "
                        f"got item {item!r}"
                    )
                items.append((item[0], item[1]))
        else:
            raise TypeError(
                f"attributes must be a mapping name -> value names, got {type(attributes).__name__}"
            )
        if not items:
            raise ValueError("attributes must hold at least one attribute, got none")
        self.attribute_names = check_names([k for k, _ in items], "attribute names")
        self.values: list[list[str]] = [
            check_names(v, f"values of attribute {k!r}") for k, v in items
        ]
        self.sizes = [len(v) for v in self.values]
        self._value_index = [{v: i for i, v in enumerate(vals)} for vals in self.values]
        self._phrases = self._build_phrases()

    # -- structure ---------------------------------------------------------------
    @property
    def num_attributes(self) -> int:
        return len(self.sizes)

    @property
    def attributes(self) -> dict[str, list[str]]:
        return dict(zip(self.attribute_names, self.values))

    @property
    def vector_dim(self) -> int:
        return sum(self.sizes)

    @property
    def num_combinations(self) -> int:
        total = 1
        for s in self.sizes:
            total *= s
        return total

    # -- validation --------------------------------------------------------------
    def validate(self, y: Tensor, *, name: str = "y", check_values: bool = True) -> Tensor:
        check_tensor(y, name)
        if y.dtype != torch.long:
            raise TypeError(f"{name} must have dtype torch.long (value indices), got {y.dtype}")
        if y.dim() != 2 or y.shape[1] != self.num_attributes:
            raise ValueError(
                f"{name} must have shape (B, {self.num_attributes}) for attributes "
                f"{self.attribute_names}, got {tuple(y.shape)}"
            )
        if check_values and y.numel():
            sizes = torch.tensor(self.sizes, device=y.device)
            bad = (y < 0) | (y >= sizes)
            if bool(bad.any()):
                col = int(bad.any(dim=0).nonzero()[0])
                vals = y[:, col]
                raise ValueError(
                    f"{name}[:, {col}] (attribute {self.attribute_names[col]!r}) must hold indices "
                    f"in [0, {self.sizes[col]}), got values in "
                    f"[{int(vals.min())}, {int(vals.max())}]"
                )
        return y

    def to_vector(self, y: Tensor) -> Tensor:
        parts = [F.one_hot(y[:, a], s) for a, s in enumerate(self.sizes)]
        return torch.cat(parts, dim=1).float()

    def offsets(self) -> list[int]:
        """Start of each attribute's block in the vector form."""
        return list(itertools.accumulate([0, *self.sizes[:-1]]))

    @property
    def groups(self) -> list[tuple[int, int]]:
        return list(zip(self.offsets(), self.sizes))

    # -- sampling / enumeration --------------------------------------------------
    def sample(self, n, *, generator=None, device=None) -> Tensor:
        check_count(n, "n")
        cols = [torch.randint(0, s, (n,), generator=generator) for s in self.sizes]
        out = torch.stack(cols, dim=1)
        return out if device is None else out.to(device)

    def combinations(self) -> Tensor:
        return torch.tensor(
            list(itertools.product(*[range(s) for s in self.sizes])), dtype=torch.long
        )

    # -- protocol ----------------------------------------------------------------
    @property
    def aux_head_dims(self) -> list[int]:
        """One ``(B, n_a)`` logits tensor per attribute (a softmax each)."""
        return list(self.sizes)

    @property
    def aux_part_names(self) -> list[str]:
        """The attribute names: the auxiliary term is split per attribute."""
        return list(self.attribute_names)

    def aux_loss(self, aux: Aux, y: Tensor, *, weights=None) -> tuple[Tensor, dict[str, Tensor]]:
        r""":math:`\sum_a w_a\,\mathrm{CE}_a` over the attributes, with each unweighted
        :math:`\mathrm{CE}_a` by attribute name."""
        return per_attribute_cross_entropy(
            logits_list(aux), self.class_targets(y), self.attribute_names, self.sizes, weights
        )

    def mismatch(self, y: Tensor, *, generator: torch.Generator | None = None) -> Tensor:
        """Uniform over the *other* combinations (a random non-zero shift of the flat index)."""
        total = self.num_combinations
        if total < 2:
            raise ValueError("mismatched conditions need a space with >= 2 combinations, got 1")
        sizes = torch.tensor(self.sizes)
        strides = torch.tensor([math.prod(self.sizes[a + 1 :]) for a in range(len(self.sizes))])
        flat = (y.detach().cpu() * strides).sum(dim=1)
        flat = flat + torch.randint(1, total, flat.shape, generator=cpu_generator(generator))
        out = ((flat % total)[:, None] // strides) % sizes
        return out.to(device=y.device, dtype=y.dtype)

    @property
    def class_sizes(self) -> list[int]:
        return list(self.sizes)

    @property
    def class_names(self) -> list[str]:
        return list(self.attribute_names)

    def class_targets(self, y: Tensor) -> list[Tensor]:
        if y.dim() != 2 or y.shape[1] != self.num_attributes:
            raise ValueError(
                f"y must have shape (B, {self.num_attributes}) (one column per attribute), got "
                f"{tuple(y.shape)}"
            )
        return list(y.unbind(dim=1))

    # -- names ---------------------------------------------------------------------
    def _build_phrases(self) -> dict[tuple[str, ...], tuple[int, int]]:
        phrases: dict[tuple[str, ...], tuple[int, int]] = {}
        for a, attr in enumerate(self.attribute_names):
            attr_forms = {attr.lower()}
            attr_forms.add(attr.lower()[:-1] if attr.lower().endswith("s") else attr.lower() + "s")
            for v, value in enumerate(self.values[a]):
                for form in attr_forms:
                    key = tuple(_SPLIT.split(f"{value} {form}".lower().strip()))
                    if key in phrases and phrases[key] != (a, v):
                        raise ValueError(f"the phrase {' '.join(key)!r} is ambiguous in this space")
                    phrases[key] = (a, v)
        return phrases

    def phrase(self, attribute: int, value: int) -> str:
        """The canonical phrase of one attribute value, e.g. ``"blue hair"``."""
        return f"{self.values[attribute][value]} {self.attribute_names[attribute]}"

    def _parse_text(self, text: str, *, partial: bool = False) -> Tensor:
        tokens = [t for t in _SPLIT.split(text.lower().strip()) if t and t != "and"]
        found: dict[int, int] = {}
        longest = max(len(k) for k in self._phrases)
        i = 0
        while i < len(tokens):
            for length in range(min(longest, len(tokens) - i), 0, -1):
                key = tuple(tokens[i : i + length])
                if key in self._phrases:
                    a, v = self._phrases[key]
                    if a in found and found[a] != v:
                        raise ValueError(
                            f"attribute {self.attribute_names[a]!r} is given twice in {text!r}"
                        )
                    found[a] = v
                    i += length
                    break
            else:
                valid = [
                    self.phrase(a, v)
                    for a in range(self.num_attributes)
                    for v in range(self.sizes[a])
                ]
                raise ValueError(
                    f"cannot read {tokens[i]!r} in condition {text!r}; expected phrases like "
                    f"'<value> <attribute>' from: {valid}"
                )
        missing = [self.attribute_names[a] for a in range(self.num_attributes) if a not in found]
        if missing and not partial:
            raise ValueError(f"condition {text!r} does not give attribute(s) {missing}")
        if not found:
            raise ValueError(f"condition {text!r} gives no attribute")
        return torch.tensor(
            [found.get(a, FREE) for a in range(self.num_attributes)], dtype=torch.long
        )

    def _value(self, a: int, value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            if not 0 <= value < self.sizes[a]:
                raise ValueError(
                    f"value of attribute {self.attribute_names[a]!r} must be in "
                    f"[0, {self.sizes[a]}), got {value}"
                )
            return value
        if isinstance(value, str) and value in self._value_index[a]:
            return self._value_index[a][value]
        raise ValueError(
            f"unknown value {value!r} for attribute {self.attribute_names[a]!r}; "
            f"valid values: {self.values[a]}"
        )

    def parse(self, condition: Any) -> Tensor:
        if isinstance(condition, str):
            return self._parse_text(condition)
        if isinstance(condition, Mapping):
            unknown = [k for k in condition if k not in self.attribute_names]
            if unknown:
                raise ValueError(f"unknown attribute(s) {unknown}; valid: {self.attribute_names}")
            missing = [k for k in self.attribute_names if k not in condition]
            if missing:
                raise ValueError(
                    f"condition {dict(condition)!r} does not give attribute(s) {missing}"
                )
            return torch.tensor(
                [self._value(a, condition[k]) for a, k in enumerate(self.attribute_names)]
            )
        if isinstance(condition, Sequence):
            if len(condition) != self.num_attributes:
                raise ValueError(
                    f"a condition given as a sequence must have {self.num_attributes} values "
                    f"(one per attribute {self.attribute_names}), got {len(condition)}"
                )
            return torch.tensor([self._value(a, v) for a, v in enumerate(condition)])
        raise TypeError(
            "condition must be a phrase (str), a dict attribute -> value or a sequence of values, "
            f"got {type(condition).__name__}: {condition!r}"
        )

    def describe(self, y: Tensor) -> list[str]:
        self.validate(y)
        return [" ".join(self.phrase(a, v) for a, v in enumerate(row)) for row in y.tolist()]

    def as_dicts(self, y: Tensor) -> list[dict[str, str]]:
        """A batch as ``[{"hair": "blue", ...}, ...]``."""
        self.validate(y)
        return [
            {self.attribute_names[a]: self.values[a][v] for a, v in enumerate(row)}
            for row in y.tolist()
        ]

    # -- partial conditions ----------------------------------------------------------
    def parse_partial(self, condition: Any) -> Tensor:
        """A condition that may leave attributes free -> long ``(A,)`` with :data:`FREE` (-1).

        ``"blue hair"`` alone in a hair/eyes space gives ``[blue, -1]``; a dict may
        name a subset of the attributes; a sequence may hold ``None`` for free ones.
        At least one attribute must be given. :meth:`complete` fills the free ones.

        Raises:
            ValueError: an unknown phrase or value, or no attribute given.
        """
        if isinstance(condition, str):
            return self._parse_text(condition, partial=True)
        if isinstance(condition, Mapping):
            unknown = [k for k in condition if k not in self.attribute_names]
            if unknown:
                raise ValueError(f"unknown attribute(s) {unknown}; valid: {self.attribute_names}")
            if not condition:
                raise ValueError("a partial condition must give at least one attribute, got {}")
            return torch.tensor([
                self._value(a, condition[k]) if k in condition else FREE
                for a, k in enumerate(self.attribute_names)
            ])  # fmt: skip
        if isinstance(condition, Sequence) and len(condition) == self.num_attributes:
            if all(v is None for v in condition):
                raise ValueError("a partial condition must give at least one attribute")
            return torch.tensor(
                [FREE if v is None else self._value(a, v) for a, v in enumerate(condition)]
            )
        return self.parse(condition)

    def encode_partial(self, conditions: Sequence[Any]) -> Tensor:
        """Several partial conditions -> long ``(B, A)`` with :data:`FREE` where left free."""
        if isinstance(conditions, (str, bytes, Mapping)) or not isinstance(conditions, Sequence):
            raise TypeError(f"conditions must be a sequence of conditions, got {conditions!r}")
        if len(conditions) == 0:
            raise ValueError("conditions must hold at least one condition, got an empty sequence")
        return torch.stack([self.parse_partial(c) for c in conditions])

    def complete(
        self,
        partial: Tensor,
        *,
        prior: Tensor | None = None,
        generator: torch.Generator | None = None,
    ) -> Tensor:
        """Fill the :data:`FREE` entries of ``partial (B, A)``; given entries are kept.

        Args:
            partial: value indices with ``-1`` for free attributes.
            prior: the data's conditions ``(N, A)``: free attributes are copied from
                a random row agreeing with every given attribute (the data's joint
                distribution), or drawn from each attribute's frequencies when no
                row agrees. ``None``: uniform.
            generator: for reproducible draws.

        Returns:
            a valid ``y`` long ``(B, A)``.
        """
        check_tensor(partial, "partial")
        if partial.dim() != 2 or partial.shape[1] != self.num_attributes:
            raise ValueError(
                f"partial must have shape (B, {self.num_attributes}), got {tuple(partial.shape)}"
            )
        given = partial != FREE
        self.validate(torch.where(given, partial, torch.zeros_like(partial)), name="partial")
        out = partial.clone()
        if prior is not None:
            self.validate(prior, name="prior")
            for i in range(len(out)):
                free = ~given[i]
                if not bool(free.any()):
                    continue
                agree = (prior[:, given[i]] == partial[i, given[i]]).all(dim=1).nonzero()[:, 0]
                if len(agree):
                    pick = agree[torch.randint(len(agree), (1,), generator=generator)]
                    out[i, free] = prior[pick[0], free]
                else:
                    for a in free.nonzero()[:, 0].tolist():
                        col = prior[torch.randint(len(prior), (1,), generator=generator), a]
                        out[i, a] = col[0]
            return out
        draws = self.sample(len(out), generator=generator)
        return torch.where(given, out, draws)

    def _config(self) -> dict[str, Any]:
        return {"attributes": {k: list(v) for k, v in zip(self.attribute_names, self.values)}}
