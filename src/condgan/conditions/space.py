"""The base class of condition spaces, and the registry that rebuilds them from dicts.

A *condition space* says what a label ``y`` is: its shape, dtype and valid
range, how to draw random valid labels, how to turn human-readable names
("blue hair red eyes", ``["red cube", "gray sphere"]``) into tensors and back,
and how to serialise itself into a plain dict for checkpoints.

It also *owns its behaviour* towards losses and heads (the condition-space
protocol): what an auxiliary classifier predicts for it (:attr:`aux_head_dims`)
and how that prediction is scored (:meth:`ConditionSpace.aux_loss`), how wrong
conditions are drawn for a matching-aware critic (:meth:`ConditionSpace.mismatch`),
and how it reads as categorical attributes (:attr:`class_sizes`,
:meth:`class_targets`, :meth:`value_masks`) for per-attribute objectives. Losses
and heads only call these methods, so a new condition type never edits them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, ClassVar

import torch
import torch.nn.functional as F
from torch import Tensor

__all__ = ["Aux", "ConditionSpace", "cpu_generator", "registered_spaces", "space_from_dict"]

#: What an auxiliary head outputs: one logits tensor, or one per attribute.
Aux = Sequence[Tensor] | Tensor

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

    # -- the protocol losses and heads use -----------------------------------------
    @property
    def aux_head_dims(self) -> int | list[int]:
        """What an auxiliary classifier head outputs for this space.

        A list ``[n_0, n_1, ...]``: one logits tensor ``(B, n_a)`` per attribute; an
        int ``n``: a single tensor ``(B, n)``. :func:`~condgan.heads.auxiliary_head`
        builds the head from it.

        Raises:
            TypeError: the space has no classifier head (the default).
        """
        raise TypeError(
            f"no auxiliary classifier head for {type(self).__name__}: the space defines no "
            "aux_head_dims"
        )

    @property
    def aux_part_names(self) -> list[str]:
        """Names of the unweighted parts :meth:`aux_loss` reports (and per-part weights
        refer to), e.g. the attributes of a multi-attribute space; ``[]`` when the
        term is not split (the default)."""
        return []

    def aux_loss(
        self, aux: Aux, y: Tensor, *, weights: Sequence[float] | None = None
    ) -> tuple[Tensor, dict[str, Tensor]]:
        """The auxiliary-classifier term of the logits ``aux`` for the conditions ``y``.

        Args:
            aux: the critic's ``CriticOutput.aux`` (as :attr:`aux_head_dims` describes).
            y: valid conditions ``(B, ...)``.
            weights: one weight per :attr:`aux_part_names` entry (default all 1);
                spaces without parts take none.

        Returns:
            The weighted term (a float32 scalar) and its unweighted parts by
            :attr:`aux_part_names` (``{}`` when not split).

        Raises:
            TypeError: the space defines no auxiliary term (the default).
        """
        raise TypeError(f"{type(self).__name__} defines no auxiliary loss (aux_loss)")

    def mismatch(self, y: Tensor, *, generator: torch.Generator | None = None) -> Tensor:
        """Wrong conditions for a matching-aware critic: each row differs from its row of ``y``.

        The default draws fresh conditions with :meth:`sample` and redraws the rows
        that equal their own (up to 32 rounds), which suits any space with more
        than one condition; the built-in spaces override it with exact draws.

        Args:
            y: valid conditions ``(B, ...)``.
            generator: the random source (a device generator seeds a CPU one).

        Returns:
            Wrong conditions of ``y``'s shape, dtype and device.

        Raises:
            ValueError: no different condition could be drawn (e.g. a single-condition space).
        """
        g = cpu_generator(generator)
        own = y.detach().cpu()
        out = self.sample(own.shape[0], generator=g).to(own.dtype)
        for _ in range(32):
            same = (out.reshape(len(out), -1) == own.reshape(len(own), -1)).all(dim=1)
            if not bool(same.any()):
                return out.to(device=y.device, dtype=y.dtype)
            redraw = self.sample(int(same.sum()), generator=g).to(own.dtype)
            out[same] = redraw
        raise ValueError(
            f"{type(self).__name__}.mismatch could not draw a condition different from y in 32 "
            "rounds; does the space hold more than one condition?"
        )

    @property
    def class_sizes(self) -> list[int]:
        """The space read as categorical attributes: the number of values of each.

        Per-attribute objectives (a term per attribute) build on this view. A
        multi-attribute space has one entry per attribute; a multi-label space
        one binary (absent / present) attribute per label.

        Raises:
            TypeError: the space is not categorical (the default, e.g. text).
        """
        raise TypeError(
            f"{type(self).__name__} cannot be read as categorical attributes (no class_sizes)"
        )

    @property
    def class_names(self) -> list[str]:
        """A name for each entry of :attr:`class_sizes` (the attribute or label names)."""
        return [f"attribute{a}" for a in range(len(self.class_sizes))]

    def class_targets(self, y: Tensor) -> list[Tensor]:
        """One ``long (B,)`` tensor of value indices per entry of :attr:`class_sizes`.

        Raises:
            TypeError: the space is not categorical (the default).
        """
        raise TypeError(
            f"{type(self).__name__} cannot be read as categorical attributes (no class_targets)"
        )

    def value_masks(self, y: Tensor) -> list[Tensor]:
        """Per-value masks: one ``bool (B, n_a)`` tensor per attribute, ``True`` where
        sample ``i`` has value ``v`` of attribute ``a`` (one-hots of :meth:`class_targets`)."""
        targets = self.class_targets(y)
        return [
            targets[a][:, None] == torch.arange(n, device=targets[a].device)
            for a, n in enumerate(self.class_sizes)
        ]

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


# -- small shared helpers (used by the concrete spaces) ----------------------------


def cpu_generator(generator: torch.Generator | None) -> torch.Generator | None:
    """A CPU generator: ``generator`` itself, or one seeded from a draw of a device generator."""
    if generator is None or generator.device.type == "cpu":
        return generator
    seed = int(torch.randint(0, 2**62, (1,), generator=generator, device=generator.device))
    return torch.Generator().manual_seed(seed)


def logits_list(aux: Any, name: str = "aux") -> list[Tensor]:
    """``aux`` as a non-empty list of float ``(B, n)`` logits (a tensor is a list of one)."""
    items = [aux] if isinstance(aux, Tensor) else list(aux)
    if not items:
        raise ValueError(f"{name} must hold at least one logits tensor, got none")
    for i, t in enumerate(items):
        if not isinstance(t, Tensor) or not t.is_floating_point() or t.dim() != 2:
            got = tuple(t.shape) if isinstance(t, Tensor) else type(t).__name__
            raise ValueError(f"{name}[{i}] must be float logits of shape (B, n), got {got}")
    return items


def single_logits(aux: Any, what: str) -> Tensor:
    """The one tensor of ``aux`` (a tensor, or a list of exactly one)."""
    if isinstance(aux, Tensor):
        return aux
    items = list(aux)
    if len(items) != 1:
        raise ValueError(
            f"aux must be one {what} tensor for this space, got a list of {len(items)}"
        )
    return items[0]


def as_float(t: Tensor) -> Tensor:
    """float32 unless already float64 (losses compute in float32; gradcheck stays exact)."""
    return t if t.dtype == torch.float64 else t.float()


def per_attribute_cross_entropy(
    logits: list[Tensor],
    targets: list[Tensor],
    names: Sequence[str],
    sizes: Sequence[int],
    weights: Sequence[float] | None,
) -> tuple[Tensor, dict[str, Tensor]]:
    """``sum_a w_a CE(logits[a], targets[a])`` and the unweighted ``CE_a`` by name."""
    if len(logits) != len(names):
        raise ValueError(
            f"aux must hold one logits tensor per attribute {list(names)}, got {len(logits)}"
        )
    ces = []
    for a, (z, t, size) in enumerate(zip(logits, targets, sizes)):
        if z.shape[1] != size:
            raise ValueError(
                f"aux[{a}] (attribute {names[a]!r}) must have shape (B, {size}), "
                f"got {tuple(z.shape)}"
            )
        if z.shape[0] != t.shape[0]:
            raise ValueError(f"logits[{a}] has batch {z.shape[0]} but y has batch {t.shape[0]}")
        ces.append(F.cross_entropy(as_float(z), t))
    w = [1.0] * len(ces) if weights is None else list(weights)
    if len(w) != len(ces):
        raise ValueError(f"weights must have {len(ces)} entries (one per attribute), got {len(w)}")
    total = sum((wa * ce for wa, ce in zip(w, ces)), start=ces[0].new_zeros(()))
    return total, dict(zip(names, ces))


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
