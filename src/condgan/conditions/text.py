"""Text conditions: ``y`` is a float sentence embedding ``(B, dim)``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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

__all__ = ["Text"]

Embedder = Callable[[list[str]], Tensor]


class Text(ConditionSpace):
    """Sentence-embedding conditions, e.g. ``"blue hair red eyes"`` -> a 384-dim vector.

    Args:
        dim: embedding width.
        phrases: optional vocabulary of known texts (e.g. the 120 hair/eye tags).
        embeddings: their embeddings, ``(len(phrases), dim)``; required with ``phrases``
            unless ``embedder`` is given, in which case they are computed.
        embedder: optional callable ``list[str] -> (B, dim)`` (for example
            :class:`~condgan.conditions.SentenceEncoder`) used for texts outside the
            vocabulary. It is not serialised.

    ``y``: finite float tensor ``(B, dim)``. Vector form: ``y`` itself.
    With a vocabulary, :meth:`sample` draws its phrases uniformly and
    :meth:`describe` returns the nearest phrase (cosine); without one,
    :meth:`sample` draws unit-norm Gaussian vectors.
    """

    type_name = "text"

    def __init__(
        self,
        dim: int,
        phrases: Sequence[str] | None = None,
        embeddings: Tensor | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self.dim = check_count(dim, "dim")
        self.embedder = embedder
        self.phrases: list[str] | None = None
        self.embeddings: Tensor | None = None
        if phrases is not None:
            self.phrases = check_names(phrases, "phrases")
            if embeddings is None:
                if embedder is None:
                    raise ValueError(
                        "phrases need embeddings (V, dim) or an embedder to compute them"
                    )
                embeddings = embedder(self.phrases)
            self.embeddings = self._check_table(embeddings)
        elif embeddings is not None:
            raise ValueError("embeddings were given without phrases; pass both")
        self._index = {p: i for i, p in enumerate(self.phrases or [])}

    def _check_table(self, table: Any) -> Tensor:
        check_tensor(table, "embeddings")
        assert self.phrases is not None
        expected = (len(self.phrases), self.dim)
        if tuple(table.shape) != expected:
            raise ValueError(f"embeddings must have shape {expected}, got {tuple(table.shape)}")
        if not table.is_floating_point() or not bool(torch.isfinite(table).all()):
            raise ValueError("embeddings must be finite floats")
        return table.detach().float().cpu()

    @property
    def vector_dim(self) -> int:
        return self.dim

    @property
    def num_combinations(self) -> int | None:
        return None if self.phrases is None else len(self.phrases)

    def validate(self, y: Tensor, *, name: str = "y", check_values: bool = True) -> Tensor:
        check_tensor(y, name)
        if not y.is_floating_point():
            raise TypeError(f"{name} must be a float embedding, got dtype {y.dtype}")
        if y.dim() != 2 or y.shape[1] != self.dim:
            raise ValueError(f"{name} must have shape (B, {self.dim}), got {tuple(y.shape)}")
        if check_values and not bool(torch.isfinite(y).all()):
            r, c = (~torch.isfinite(y)).nonzero()[0].tolist()
            raise ValueError(f"{name} must be finite, got {name}[{r}, {c}] = {y[r, c].item()}")
        return y

    def to_vector(self, y: Tensor) -> Tensor:
        return y.float()

    def sample(self, n, *, generator=None, device=None) -> Tensor:
        check_count(n, "n")
        if self.embeddings is not None:
            idx = torch.randint(0, len(self.embeddings), (n,), generator=generator)
            out = self.embeddings[idx]
        else:
            out = F.normalize(torch.randn(n, self.dim, generator=generator), dim=1)
        return out if device is None else out.to(device)

    def parse(self, condition: Any) -> Tensor:
        if not isinstance(condition, str):
            raise TypeError(f"a text condition must be a str, got {type(condition).__name__}")
        key = " ".join(condition.split())
        if key in self._index:
            assert self.embeddings is not None
            return self.embeddings[self._index[key]].clone()
        if self.embedder is not None:
            out = self.embedder([key])
            return self.validate(out.float().cpu())[0]
        known = self.phrases[:10] if self.phrases else []
        raise ValueError(
            f"unknown text {condition!r}: it is not in this space's vocabulary "
            f"(e.g. {known}) and the space has no embedder to embed new text"
        )

    def encode(self, conditions: Sequence[Any]) -> Tensor:
        if (
            self.embedder is not None
            and isinstance(conditions, Sequence)
            and not isinstance(conditions, str)
            and conditions
            and all(isinstance(c, str) for c in conditions)
            and any(" ".join(c.split()) not in self._index for c in conditions)
        ):
            return self.validate(
                self.embedder([" ".join(c.split()) for c in conditions]).float().cpu()
            )
        return super().encode(conditions)

    def describe(self, y: Tensor) -> list[str]:
        self.validate(y)
        if self.embeddings is None or self.phrases is None:
            return ["<text embedding>"] * len(y)
        sim = F.normalize(y.float().cpu(), dim=1) @ F.normalize(self.embeddings, dim=1).T
        return [self.phrases[i] for i in sim.argmax(dim=1).tolist()]

    def combinations(self) -> Tensor:
        if self.embeddings is None:
            raise ValueError("this Text space has no vocabulary of phrases: it is not finite")
        return self.embeddings.clone()

    # -- protocol ----------------------------------------------------------------
    def aux_loss(self, aux: Aux, y: Tensor, *, weights=None) -> tuple[Tensor, dict[str, Tensor]]:
        r"""Regression of the embedding, :math:`\operatorname{mean}(\hat e - e)^2`, from a
        ``(B, dim)`` prediction; not split. (Text has no classifier head: bring a
        regression head whose output is ``(B, dim)``.)"""
        if weights is not None:
            raise ValueError(f"Text has no per-part auxiliary weights, got {weights!r}")
        pred = single_logits(aux, "(B, dim) embedding")
        for t, n in ((pred, "aux"), (y, "y")):
            if not isinstance(t, Tensor) or not t.is_floating_point():
                got = t.dtype if isinstance(t, Tensor) else type(t).__name__
                raise TypeError(f"{n} must be a float tensor, got {got}")
        if pred.shape != y.shape:
            raise ValueError(
                f"aux and y must have the same shape, got aux {tuple(pred.shape)} and y "
                f"{tuple(y.shape)}"
            )
        pred = as_float(pred)
        return F.mse_loss(pred, y.to(pred.dtype)), {}

    def mismatch(self, y: Tensor, *, generator: torch.Generator | None = None) -> Tensor:
        """With a vocabulary: a random *other* phrase than the one nearest to each row.
        Without: a random cyclic derangement of the batch, so each row gets another
        sample's condition (rows with identical embeddings can coincide)."""
        g = cpu_generator(generator)
        b = y.shape[0]
        if self.embeddings is not None and len(self.embeddings) >= 2:
            table = self.embeddings
            own = torch.cdist(y.detach().cpu().float(), table).argmin(dim=1)
            idx = (own + torch.randint(1, len(table), (b,), generator=g)) % len(table)
            return table[idx].to(device=y.device, dtype=y.dtype)
        if b < 2:
            raise ValueError(
                "a Text space without a vocabulary mismatches by permuting the batch, which needs "
                f"a batch of >= 2, got {b}"
            )
        perm = torch.randperm(b, generator=g)
        src = torch.empty_like(perm)
        src[perm] = perm.roll(-1)  # every i takes the condition of another sample
        return y.detach().cpu()[src].to(device=y.device, dtype=y.dtype)

    def _config(self) -> dict[str, Any]:
        cfg: dict[str, Any] = {"dim": self.dim}
        if self.phrases is not None:
            cfg["phrases"] = list(self.phrases)
            cfg["embeddings"] = self.embeddings
        return cfg
