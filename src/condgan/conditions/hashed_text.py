"""A deterministic, dependency-free text embedder: hashed bag of words (and word pairs)."""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Sequence

import torch
import torch.nn.functional as F
from torch import Tensor

from condgan.conditions.space import check_count

__all__ = ["HashedBagOfWords"]

_TOKEN = re.compile(r"[a-z0-9']+")


class HashedBagOfWords:
    """Embeds strings without a model: ``list[str] -> (B, dim)``, L2-normalised.

    Each token (a lower-cased word, and each pair of adjacent words when
    ``ngrams=2``) gets a fixed random unit vector, drawn from ``N(0, I)`` with a
    seed derived from ``seed`` and the token by BLAKE2b (so it is the same in
    every process and on every machine); a text's embedding is the sum of its
    tokens' vectors, L2-normalised. Nothing is trained or downloaded.

    It is the fallback of :class:`~condgan.conditions.SentenceEncoder` when the
    ``text`` extra is not installed. Word pairs make word order matter:
    ``"blue hair red eyes"`` and ``"red hair blue eyes"`` share their four words
    but not their pairs, so their embeddings differ (with words alone they would
    be equal). Texts sharing no token are nearly orthogonal for large ``dim``.

    Args:
        dim: embedding width.
        seed: picks the random vectors; equal seeds give equal embeddings.
        ngrams: 1 (words only) or 2 (words and adjacent word pairs).

    A text with no token (e.g. ``""`` or ``"!!"``) embeds to the zero vector.

    Example:
        >>> enc = HashedBagOfWords(384)
        >>> enc(["blue hair red eyes", "red hair blue eyes"]).shape
        torch.Size([2, 384])
    """

    def __init__(self, dim: int = 384, *, seed: int = 0, ngrams: int = 2) -> None:
        self.dim = check_count(dim, "dim")
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise ValueError(f"seed must be an int >= 0, got {seed!r}")
        if ngrams not in (1, 2) or isinstance(ngrams, bool):
            raise ValueError(f"ngrams must be 1 or 2, got {ngrams!r}")
        self.seed = seed
        self.ngrams = ngrams
        self._cache: dict[str, Tensor] = {}

    def tokens(self, text: str) -> list[str]:
        """The tokens of ``text``: its lower-cased words, then its adjacent word pairs."""
        words = _TOKEN.findall(text.lower())
        pairs = [f"{a} {b}" for a, b in itertools.pairwise(words)] if self.ngrams == 2 else []
        return words + pairs

    def token_vector(self, token: str) -> Tensor:
        """The fixed unit vector ``(dim,)`` of one token."""
        vec = self._cache.get(token)
        if vec is None:
            digest = hashlib.blake2b(f"{self.seed}\x00{token}".encode(), digest_size=8).digest()
            g = torch.Generator().manual_seed(int.from_bytes(digest, "little") >> 1)
            vec = F.normalize(torch.randn(self.dim, generator=g), dim=0)
            self._cache[token] = vec
        return vec

    def __call__(self, texts: Sequence[str]) -> Tensor:
        """``texts`` (B strings) -> float tensor ``(B, dim)`` with unit (or zero) rows."""
        if isinstance(texts, str) or not all(isinstance(t, str) for t in texts):
            raise TypeError(f"texts must be a list of strings, got {texts!r}")
        if len(texts) == 0:
            raise ValueError("texts must not be empty")
        rows = []
        for text in texts:
            toks = self.tokens(text)
            row = torch.zeros(self.dim)
            for tok in toks:
                row = row + self.token_vector(tok)
            rows.append(row)
        return F.normalize(torch.stack(rows), dim=1)

    def __repr__(self) -> str:
        return f"HashedBagOfWords(dim={self.dim}, seed={self.seed}, ngrams={self.ngrams})"
