"""The condition space a data set's labels imply, and the labels encoded in it.

One inference rule per label kind (:data:`SPACE_RULES`), and the same for
tensors of labels (:func:`infer_tensor_space`):

- attributes, one attribute -> :class:`~condgan.conditions.Categorical` over the values seen;
- attributes, several -> :class:`~condgan.conditions.MultiCategorical`;
- label lists -> :class:`~condgan.conditions.MultiLabel` (fewest/most labels as seen);
- texts -> :class:`~condgan.conditions.Text` over the texts seen, embedded with
  :class:`~condgan.conditions.HashedBagOfWords` (no download).

Value names are sorted naturally (``"2"`` before ``"10"``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import torch
from torch import Tensor

from condgan.conditions import (
    Categorical,
    ConditionSpace,
    HashedBagOfWords,
    MultiCategorical,
    MultiLabel,
    Text,
)
from condgan.data.records import LabelRecords

__all__ = [
    "SPACE_RULES",
    "TEXT_DIM",
    "encode_records",
    "infer_space",
    "infer_tensor_space",
    "natural_key",
]

#: Width of the text embeddings of an inferred :class:`~condgan.conditions.Text` space.
TEXT_DIM = 128


def natural_key(name: str) -> tuple:
    """Sort key reading digit runs as numbers: ``"img2" < "img10"``."""
    return tuple(int(p) if p.isdigit() else p.lower() for p in re.split(r"(\d+)", name))


def _sorted(names: set[str]) -> list[str]:
    return sorted(names, key=natural_key)


def _attributes(records: LabelRecords) -> ConditionSpace:
    values: dict[str, set[str]] = {a: set() for a in records.attributes}
    for label in records.labels:
        for a, v in label.items():
            values[a].add(v)
    if len(values) == 1:
        [names] = values.values()
        return Categorical(len(names), names=_sorted(names))
    return MultiCategorical({a: _sorted(v) for a, v in values.items()})


def _labels(records: LabelRecords) -> ConditionSpace:
    names = _sorted({n for label in records.labels for n in label})
    if not names:
        raise ValueError(f"{records.source}: no record holds a label")
    counts = [len(label) for label in records.labels]
    return MultiLabel(names, min_labels=min(counts), max_labels=max(counts))


def _text(records: LabelRecords) -> ConditionSpace:
    phrases = list(dict.fromkeys(" ".join(t.split()) for t in records.labels))
    embedder = HashedBagOfWords(TEXT_DIM)
    return Text(TEXT_DIM, phrases=phrases, embedder=embedder)


#: Label kind -> the rule building a space from records of that kind.
SPACE_RULES: dict[str, Callable[[LabelRecords], ConditionSpace]] = {
    "attributes": _attributes,
    "labels": _labels,
    "text": _text,
}


def infer_space(records: LabelRecords) -> ConditionSpace:
    """The condition space the records' labels imply (see the module docstring)."""
    return SPACE_RULES[records.kind](records)


def _condition(records: LabelRecords, label: Any, space: ConditionSpace) -> Any:
    if records.kind == "attributes" and len(label) == 1 and not hasattr(space, "attribute_names"):
        return next(iter(label.values()))
    return label


def encode_records(records: LabelRecords, space: ConditionSpace) -> Tensor:
    """Every record's label as one batch ``y`` in ``space``'s format.

    Raises:
        ValueError: a label the space does not know; the message names where it was read.
    """
    rows = []
    for label, where in zip(records.labels, records.where):
        try:
            rows.append(space.parse(_condition(records, label, space)))
        except (ValueError, TypeError) as err:
            raise ValueError(f"{where}: label {label!r} does not fit {space!r}: {err}") from None
    return torch.stack(rows)


def infer_tensor_space(labels: Tensor | Sequence[Any]) -> tuple[ConditionSpace, Tensor]:
    """The space of a tensor (or list) of labels, and the labels as ``y`` in it.

    - long ``(N,)`` class indices -> :class:`Categorical` with ``max + 1`` classes
      named ``"0"``, ``"1"``, ...;
    - long ``(N, A)`` -> :class:`MultiCategorical` with attributes ``"a0"``, ``"a1"``, ...;
    - float ``(N, K)`` of 0/1 -> :class:`MultiLabel` with labels ``"0"`` ... ``"K-1"``;
    - a list of strings -> :class:`Categorical` over the names seen.

    Raises:
        ValueError: negative indices, a float tensor that is not multi-hot, or
            another shape; the message says what is accepted.
    """
    if not isinstance(labels, Tensor):
        items = list(labels)
        if items and all(isinstance(v, str) for v in items):
            names = _sorted(set(items))
            space = Categorical(len(names), names=names)
            return space, space.encode(items)
        labels = torch.as_tensor(items)
    if labels.dtype in (torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8):
        y = labels.long()
        if y.numel() and int(y.min()) < 0:
            raise ValueError(f"labels must be class indices >= 0, got a minimum of {int(y.min())}")
        if y.dim() == 1:
            n = int(y.max()) + 1 if y.numel() else 1
            return Categorical(max(n, 1)), y
        if y.dim() == 2:
            sizes = (y.max(dim=0).values + 1).tolist()
            attrs = {f"a{a}": [str(v) for v in range(max(int(s), 1))] for a, s in enumerate(sizes)}
            return MultiCategorical(attrs), y
    elif labels.is_floating_point() and labels.dim() == 2:
        if not bool(((labels == 0) | (labels == 1)).all()):
            raise ValueError("float labels must be multi-hot (0/1 only), got other values")
        counts = labels.sum(dim=1)
        space = MultiLabel(
            [str(i) for i in range(labels.shape[1])],
            min_labels=int(counts.min()),
            max_labels=max(int(counts.max()), 1),
        )
        return space, labels.float()
    elif labels.is_floating_point() and labels.dim() == 1:
        if not bool((labels == labels.round()).all()):
            raise ValueError("float labels (N,) must be whole class indices")
        return infer_tensor_space(labels.long())
    raise ValueError(
        f"labels of dtype {labels.dtype} and shape {tuple(labels.shape)} are not understood; "
        "expected class indices (N,), attribute indices (N, A), multi-hot floats (N, K) "
        "or a list of names (or pass space=...)"
    )
