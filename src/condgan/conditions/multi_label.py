"""Multi-label conditions: ``y`` is a float multi-hot tensor ``(B, n)``."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

import torch
import torch.nn.functional as F
from torch import Tensor

from condgan.conditions.space import (
    Aux,
    ConditionSpace,
    as_float,
    check_count,
    check_names,
    check_tensor,
    cpu_generator,
    single_logits,
)

__all__ = ["MultiLabel"]


class MultiLabel(ConditionSpace):
    """A set of labels out of ``names`` (e.g. the 24 i-CLEVR objects).

    Args:
        names: the label names, in index order.
        min_labels: fewest labels one condition may hold (default 1).
        max_labels: most labels one condition may hold (default ``len(names)``).

    ``y``: float multi-hot of shape ``(B, n)`` with 0/1 entries and between
    ``min_labels`` and ``max_labels`` ones per row. Vector form: ``y`` itself.
    A condition is named by a list of label names, ``["red cube", "gray sphere"]``,
    or by one string with names separated by commas.
    """

    type_name = "multi_label"

    def __init__(
        self, names: Sequence[str], min_labels: int = 1, max_labels: int | None = None
    ) -> None:
        self.names = check_names(names, "names")
        if isinstance(min_labels, bool) or not isinstance(min_labels, int) or min_labels < 0:
            raise ValueError(f"min_labels must be an int >= 0, got {min_labels!r}")
        self.min_labels = min_labels
        self.max_labels = (
            len(self.names) if max_labels is None else check_count(max_labels, "max_labels")
        )
        if not self.min_labels <= self.max_labels <= len(self.names):
            raise ValueError(
                f"need 0 <= min_labels <= max_labels <= {len(self.names)}, got "
                f"min_labels={self.min_labels}, max_labels={self.max_labels}"
            )
        self._index = {n: i for i, n in enumerate(self.names)}

    @property
    def n(self) -> int:
        return len(self.names)

    @property
    def vector_dim(self) -> int:
        return self.n

    @property
    def num_combinations(self) -> int:
        return sum(math.comb(self.n, k) for k in range(self.min_labels, self.max_labels + 1))

    def validate(self, y: Tensor, *, name: str = "y", check_values: bool = True) -> Tensor:
        check_tensor(y, name)
        if not y.is_floating_point():
            raise TypeError(f"{name} must be a float multi-hot tensor, got dtype {y.dtype}")
        if y.dim() != 2 or y.shape[1] != self.n:
            raise ValueError(f"{name} must have shape (B, {self.n}), got {tuple(y.shape)}")
        if check_values and y.numel():
            binary = (y == 0) | (y == 1)
            if not bool(binary.all()):
                r, c = (~binary).nonzero()[0].tolist()
                raise ValueError(
                    f"{name} must hold only 0 and 1 (multi-hot), got {name}[{r}, {c}] = "
                    f"{y[r, c].item()}"
                )
            counts = y.sum(dim=1)
            bad = (counts < self.min_labels) | (counts > self.max_labels)
            if bool(bad.any()):
                r = int(bad.nonzero()[0, 0])
                raise ValueError(
                    f"{name} must have between {self.min_labels} and {self.max_labels} labels per "
                    f"row, got rows with {int(counts.min())} to {int(counts.max())} "
                    f"(row {r} has {int(counts[r])})"
                )
        return y

    @property
    def groups(self) -> list[tuple[int, int]]:
        return [(0, self.n)]

    def to_vector(self, y: Tensor) -> Tensor:
        return y.float()

    def sample(self, n, *, generator=None, device=None, num_labels: int | None = None) -> Tensor:
        """``n`` random label sets without duplicates.

        Args:
            num_labels: labels per sample; default uniform in ``[max(1, min_labels), max_labels]``.
        """
        check_count(n, "n")
        lo = max(1, self.min_labels)
        if num_labels is not None:
            if not self.min_labels <= num_labels <= self.max_labels:
                raise ValueError(
                    f"num_labels must be in [{self.min_labels}, {self.max_labels}], "
                    f"got {num_labels}"
                )
            k = torch.full((n,), num_labels)
        else:
            k = torch.randint(lo, self.max_labels + 1, (n,), generator=generator)
        # A random permutation per row; the first k entries become active.
        ranks = torch.rand(n, self.n, generator=generator).argsort(dim=1).argsort(dim=1)
        out = (ranks < k[:, None]).float()
        return out if device is None else out.to(device)

    def parse(self, condition: Any) -> Tensor:
        if isinstance(condition, str):
            condition = [c.strip() for c in condition.split(",") if c.strip()]
        if not isinstance(condition, Sequence):
            raise TypeError(
                "condition must be a list of label names or a comma-separated string, got "
                f"{type(condition).__name__}: {condition!r}"
            )
        y = torch.zeros(self.n)
        for name in condition:
            if isinstance(name, int) and not isinstance(name, bool) and 0 <= name < self.n:
                idx = name
            elif isinstance(name, str) and name in self._index:
                idx = self._index[name]
            else:
                raise ValueError(f"unknown label {name!r}; valid labels: {self.names}")
            if y[idx] == 1:
                raise ValueError(f"label {self.names[idx]!r} is given twice in {condition!r}")
            y[idx] = 1
        k = len(condition)
        if not self.min_labels <= k <= self.max_labels:
            raise ValueError(
                f"a condition must hold between {self.min_labels} and {self.max_labels} labels, "
                f"got {k}: {condition!r}"
            )
        return y

    def labels(self, y: Tensor) -> list[list[str]]:
        """A batch as lists of label names."""
        self.validate(y)
        return [[self.names[i] for i in row.nonzero().flatten().tolist()] for row in y]

    def describe(self, y: Tensor) -> list[str]:
        return [", ".join(names) for names in self.labels(y)]

    def combinations(self) -> Tensor:
        if self.num_combinations > 1_000_000:
            raise ValueError(
                f"this space has {self.num_combinations} combinations; too many to enumerate "
                "(lower max_labels)"
            )
        rows = []
        for k in range(self.min_labels, self.max_labels + 1):
            for idx in itertools.combinations(range(self.n), k):
                row = torch.zeros(self.n)
                row[list(idx)] = 1
                rows.append(row)
        return torch.stack(rows)

    # -- protocol ----------------------------------------------------------------
    @property
    def aux_head_dims(self) -> int:
        """``n``: one ``(B, n)`` tensor of per-label logits (a sigmoid each)."""
        return self.n

    def aux_loss(self, aux: Aux, y: Tensor, *, weights=None) -> tuple[Tensor, dict[str, Tensor]]:
        r"""Multi-label BCE with logits, mean over samples and labels:
        :math:`-\operatorname{mean}_{i,k}[y_{ik}\log\sigma(z_{ik})
        + (1-y_{ik})\log(1-\sigma(z_{ik}))]`; not split."""
        if weights is not None:
            raise ValueError(f"MultiLabel has no per-part auxiliary weights, got {weights!r}")
        z = single_logits(aux, "(B, n) multi-label logits")
        if not isinstance(z, Tensor) or not z.is_floating_point() or z.dim() != 2:
            got = tuple(z.shape) if isinstance(z, Tensor) else type(z).__name__
            raise ValueError(f"aux must be float multi-label logits of shape (B, n), got {got}")
        if y.shape != z.shape:
            raise ValueError(
                f"y must have the logits' shape {tuple(z.shape)}, got {tuple(y.shape)}"
            )
        z = as_float(z)
        return F.binary_cross_entropy_with_logits(z, y.to(z.dtype)), {}

    def mismatch(self, y: Tensor, *, generator: torch.Generator | None = None) -> Tensor:
        """A fresh random label set; a row that drew its own set gets one active label
        swapped for an inactive one (an empty row gains one, a full row loses one)."""
        if self.num_combinations < 2:
            raise ValueError("mismatched conditions need a space with >= 2 label sets, got 1")
        g = cpu_generator(generator)
        own = y.detach().cpu().float()
        out = self.sample(own.shape[0], generator=g)
        same = (out == own).all(dim=1)
        u = torch.rand(own.shape, generator=g)
        on = (u * own - (1 - own)).argmax(dim=1)
        off = (u * (1 - own) - own).argmax(dim=1)
        k = own.sum(dim=1)
        rows = torch.arange(own.shape[0])
        fixed = own.clone()
        can_drop, can_add = k > 0, k < self.n
        fixed[rows[can_drop], on[can_drop]] = 0.0
        fixed[rows[can_add], off[can_add]] = 1.0
        return torch.where(same[:, None], fixed, out).to(device=y.device, dtype=y.dtype)

    @property
    def class_sizes(self) -> list[int]:
        """``[2] * n``: each label is a binary (absent / present) attribute."""
        return [2] * self.n

    @property
    def class_names(self) -> list[str]:
        return list(self.names)

    def class_targets(self, y: Tensor) -> list[Tensor]:
        return list((y > 0.5).long().unbind(dim=1))

    def _config(self) -> dict[str, Any]:
        return {
            "names": list(self.names),
            "min_labels": self.min_labels,
            "max_labels": self.max_labels,
        }
