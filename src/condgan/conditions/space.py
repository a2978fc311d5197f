"""The base class of condition spaces, and the registry that rebuilds them from dicts.

A *condition space* says what a label ``y`` is: its shape, dtype and valid
range, how to draw random valid labels, how to turn human-readable names
("blue hair red eyes", ``["red cube", "gray sphere"]``) into tensors and back,
and how to serialise itself into a plain dict for checkpoints.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, ClassVar

import torch
from torch import Tensor

__all__ = ["ConditionSpace", "space_from_dict", "registered_spaces"]

_REGISTRY: dict[str, type[ConditionSpace]] = {}


class ConditionSpace(ABC):
    """What a condition ``y`` is. Subclasses register themselves by ``type_name``.

    Every space has a canonical float *vector form* of width :attr:`vector_dim`
    (one-hot, concatenated one-hots, multi-hot or the embedding itself), which
    encoders and heads build on.
    """

    type_name: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.type_name:
            _REGISTRY[cls.type_name] = cls

    # -- shape and validation -------------------------------------------------
    @property
    @abstractmethod
    def vector_dim(self) -> int:
        """Width of :meth:`to_vector`'s output."""

    @abstractmethod
    def validate(self, y: Tensor, *, name: str = "y", check_values: bool = True) -> Tensor:
        """Check that ``y`` is a batch of valid conditions and return it unchanged.

        With ``check_values=False`` only the type, dtype and shape are checked, which
        needs no device synchronisation (used inside training loops).

        Raises:
            TypeError: ``y`` is not a tensor or has the wrong dtype.
            ValueError: wrong shape or out-of-range values; the message names
                ``name``, what was found and what was expected.
        """

    @abstractmethod
    def to_vector(self, y: Tensor) -> Tensor:
        """Canonical float vector form of a valid ``y``: ``(B, vector_dim)``."""

    @property
    def groups(self) -> list[tuple[int, int]]:
        """``(offset, size)`` blocks of the vector form that embeddings treat as one group.

        One block per attribute for categorical spaces (a one-hot each), one block
        for a multi-label space (a multi-hot). Text spaces have none.
        """
        return []

    # -- sampling ---------------------------------------------------------------
    @abstractmethod
    def sample(
        self,
        n: int,
        *,
        generator: torch.Generator | None = None,
        device: torch.device | str | None = None,
    ) -> Tensor:
        """Draw ``n`` random valid conditions (uniform over the space)."""

    # -- names ------------------------------------------------------------------
    @abstractmethod
    def parse(self, condition: Any) -> Tensor:
        """One human-readable condition -> a tensor without batch dimension."""

    @abstractmethod
    def describe(self, y: Tensor) -> list[str]:
        """A batch of conditions -> one human-readable string per sample."""

    def encode(self, conditions: Sequence[Any]) -> Tensor:
        """Several human-readable conditions -> a batch tensor ``y``.

        Raises:
            ValueError: ``conditions`` is empty, or one of them is unknown.
        """
        if isinstance(conditions, (str, bytes, dict)) or not isinstance(conditions, Sequence):
            raise TypeError(
                "conditions must be a sequence of conditions (e.g. a list), got "
                f"{type(conditions).__name__}: {conditions!r}"
            )
        if len(conditions) == 0:
            raise ValueError("conditions must hold at least one condition, got an empty sequence")
        return torch.stack([self.parse(c) for c in conditions])

    def as_tensor(
        self, y: Tensor | Sequence[Any], *, device: torch.device | str | None = None
    ) -> Tensor:
        """Accept either a tensor batch (validated) or a list of names (encoded)."""
        out = self.validate(y) if isinstance(y, Tensor) else self.encode(y)
        return out if device is None else out.to(device)

    # -- enumeration ------------------------------------------------------------
    @property
    def num_combinations(self) -> int | None:
        """How many distinct conditions exist, or ``None`` when infinite."""
        return None

    def combinations(self) -> Tensor:
        """All valid conditions as one batch, where the space is finite.

        Raises:
            ValueError: the space is infinite (e.g. :class:`~condgan.conditions.Text`).
        """
        raise ValueError(f"{type(self).__name__} is not finite: it has no list of combinations")

    # -- serialisation ----------------------------------------------------------
    @abstractmethod
    def _config(self) -> dict[str, Any]:
        """The constructor's arguments as plain Python values."""

    def to_dict(self) -> dict[str, Any]:
        """A plain dict (str, int, float, lists, tensors) that :func:`space_from_dict` reads."""
        return {"type": self.type_name, **self._config()}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ConditionSpace):
            return NotImplemented
        a, b = self.to_dict(), other.to_dict()
        if a.keys() != b.keys():
            return False
        for key in a:
            va, vb = a[key], b[key]
            if isinstance(va, Tensor) or isinstance(vb, Tensor):
                if not (isinstance(va, Tensor) and isinstance(vb, Tensor) and torch.equal(va, vb)):
                    return False
            elif va != vb:
                return False
        return True

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        args = ", ".join(
            f"{k}={v!r}" for k, v in self._config().items() if not isinstance(v, Tensor)
        )
        return f"{type(self).__name__}({args})"


def registered_spaces() -> list[str]:
    """The ``type`` names :func:`space_from_dict` understands."""
    return sorted(_REGISTRY)


def space_from_dict(data: dict[str, Any]) -> ConditionSpace:
    """Rebuild a space from :meth:`ConditionSpace.to_dict`'s output.

    Raises:
        TypeError: ``data`` is not a dict.
        ValueError: ``data`` has no ``type`` key, or an unknown one.
    """
    if not isinstance(data, dict):
        raise TypeError(
            f"data must be a dict from ConditionSpace.to_dict(), got {type(data).__name__}"
        )
    kind = data.get("type")
    if kind not in _REGISTRY:
        raise ValueError(f"data['type'] must be one of {registered_spaces()}, got {kind!r}")
    kwargs = {k: v for k, v in data.items() if k != "type"}
    return _REGISTRY[kind](**kwargs)


# -- small shared validation helpers (used by the concrete spaces) ---------------


def check_tensor(y: Any, name: str) -> Tensor:
    if not isinstance(y, Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(y).__name__}")
    return y


def check_names(names: Any, what: str) -> list[str]:
    """A non-empty list of unique, non-empty strings."""
    if isinstance(names, str) or not isinstance(names, Sequence):
        raise TypeError(
            f"{what} must be a sequence of strings, got {type(names).__name__}: {names!r}"
        )
    names = list(names)
    if not names:
        raise ValueError(f"{what} must not be empty")
    for n in names:
        if not isinstance(n, str) or not n.strip():
            raise ValueError(f"{what} must hold non-empty strings, got {n!r}")
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise ValueError(f"{what} must be unique, got duplicates {dup}")
    return names


def check_count(n: Any, name: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"{name} must be an int, got {type(n).__name__}: {n!r}")
    if n < 1:
        raise ValueError(f"{name} must be >= 1, got {n}")
    return n
