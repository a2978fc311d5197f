"""Comparing two condition spaces that must agree, with a message that names both sides.

Data, generator, evaluator and checkpoint each carry a condition space; before
any work the ones that meet are compared with :func:`check_same_space`, so a
mismatch stops with both sides named instead of producing meaningless numbers.
"""

from __future__ import annotations

from typing import Any

from torch import Tensor

from condgan.conditions.space import ConditionSpace
from condgan.errors import SpaceMismatchError

__all__ = ["check_same_space"]


def _short(value: Any, limit: int = 80) -> str:
    text = f"tensor of shape {tuple(value.shape)}" if isinstance(value, Tensor) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_same_space(
    expected: ConditionSpace, got: ConditionSpace, *, expected_from: str, got_from: str
) -> None:
    """Raise unless two condition spaces are equal; the message names both sides.

    Args:
        expected, got: the two spaces.
        expected_from, got_from: where each comes from (``"the generator"``,
            ``"the data in runs/x"``), for the message.

    Raises:
        SpaceMismatchError: the spaces differ; the message gives the first
            setting in which they differ and both spaces.
    """
    if expected == got:
        return
    a, b = expected.to_dict(), got.to_dict()
    keys = [k for k in dict.fromkeys([*a, *b]) if _short(a.get(k)) != _short(b.get(k))]
    keys += [k for k in a if k in b and k not in keys and isinstance(a[k], Tensor)]
    first = keys[0] if keys else "type"
    raise SpaceMismatchError(
        f"the condition space of {got_from} differs from that of {expected_from}: {first} is "
        f"{_short(b.get(first))} vs {_short(a.get(first))} ({_short(got)} vs {_short(expected)})"
    )
