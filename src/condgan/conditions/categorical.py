"""A single categorical attribute: ``y`` is a long tensor ``(B,)`` of class indices."""

from __future__ import annotations

from collections.abc import Sequence
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
    single_logits,
)

__all__ = ["Categorical"]


class Categorical(ConditionSpace):
    """One attribute with ``n`` values.

    Args:
        n: number of classes.
        names: optional value names (``len(names) == n``); default ``"0" .. "n-1"``.

    ``y``: ``torch.long`` of shape ``(B,)`` with values in ``[0, n)``.
    Vector form: one-hot ``(B, n)``.

    Example:
        >>> space = Categorical(3, names=["red", "green", "blue"])
        >>> space.encode(["blue", "red"])
        tensor([2, 0])
    """

    type_name = "categorical"

    def __init__(self, n: int, names: Sequence[str] | None = None) -> None:
        self.n = check_count(n, "n")
        if names is None:
            names = [str(i) for i in range(self.n)]
        self.names = check_names(names, "names")
        if len(self.names) != self.n:
            raise ValueError(f"names must have n={self.n} entries, got {len(self.names)}")
        self._index = {name: i for i, name in enumerate(self.names)}

    @property
    def vector_dim(self) -> int:
        return self.n

    @property
    def num_combinations(self) -> int:
        return self.n

    def validate(self, y: Tensor, *, name: str = "y", check_values: bool = True) -> Tensor:
        check_tensor(y, name)
        if y.dtype != torch.long:
            raise TypeError(f"{name} must have dtype torch.long (class indices), got {y.dtype}")
        if y.dim() != 1:
            raise ValueError(f"{name} must have shape (B,), got {tuple(y.shape)}")
        if check_values and y.numel() and (int(y.min()) < 0 or int(y.max()) >= self.n):
            raise ValueError(
                f"{name} must hold class indices in [0, {self.n}), got values in "
                f"[{int(y.min())}, {int(y.max())}]"
            )
        return y

    @property
    def groups(self) -> list[tuple[int, int]]:
        return [(0, self.n)]

    def to_vector(self, y: Tensor) -> Tensor:
        return F.one_hot(y, self.n).float()

    def sample(self, n, *, generator=None, device=None) -> Tensor:
        check_count(n, "n")
        out = torch.randint(0, self.n, (n,), generator=generator)
        return out if device is None else out.to(device)

    def parse(self, condition: Any) -> Tensor:
        if isinstance(condition, str):
            key = condition.strip()
            if key not in self._index:
                raise ValueError(f"unknown class name {condition!r}; valid names: {self.names}")
            return torch.tensor(self._index[key])
        if isinstance(condition, int) and not isinstance(condition, bool):
            if not 0 <= condition < self.n:
                raise ValueError(f"class index must be in [0, {self.n}), got {condition}")
            return torch.tensor(condition)
        raise TypeError(
            f"condition must be a class name (str) or index (int), got "
            f"{type(condition).__name__}: {condition!r}"
        )

    def describe(self, y: Tensor) -> list[str]:
        self.validate(y)
        return [self.names[i] for i in y.tolist()]

    def combinations(self) -> Tensor:
        return torch.arange(self.n)

    # -- protocol ----------------------------------------------------------------
    @property
    def aux_head_dims(self) -> list[int]:
        """``[n]``: one ``(B, n)`` logits tensor (softmax)."""
        return [self.n]

    def aux_loss(self, aux: Aux, y: Tensor, *, weights=None) -> tuple[Tensor, dict[str, Tensor]]:
        r"""Cross-entropy :math:`-\operatorname{mean}_i \log\operatorname{softmax}(z_i)_{y_i}`
        of ``(B, n)`` logits (or a list of one); not split."""
        if weights is not None:
            raise ValueError(f"Categorical has no per-part auxiliary weights, got {weights!r}")
        z = logits_list(single_logits(aux, "(B, n) logits"))
        total, _ = per_attribute_cross_entropy(z, [y], ["class"], [self.n], None)
        return total, {}

    def mismatch(self, y: Tensor, *, generator: torch.Generator | None = None) -> Tensor:
        """Uniform over the *other* classes."""
        if self.n < 2:
            raise ValueError("mismatched conditions need a space with >= 2 conditions, got n=1")
        shift = torch.randint(1, self.n, y.shape, generator=cpu_generator(generator))
        return ((y.detach().cpu() + shift) % self.n).to(device=y.device, dtype=y.dtype)

    @property
    def class_sizes(self) -> list[int]:
        return [self.n]

    @property
    def class_names(self) -> list[str]:
        return ["class"]

    def class_targets(self, y: Tensor) -> list[Tensor]:
        return [y]

    def _config(self) -> dict[str, Any]:
        return {"n": self.n, "names": list(self.names)}
