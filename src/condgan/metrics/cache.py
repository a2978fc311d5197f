"""On-disk cache of reference features, keyed by a data fingerprint and the feature extractor.

Reference sets are usually scored many times (every checkpoint, every
variant); their features are computed once and stored as float64 tensors in
``<cache_dir>/<key>.pt`` (read back with ``weights_only=True``).
"""

from __future__ import annotations

import hashlib
import os
from functools import singledispatch
from pathlib import Path
from typing import Any

import torch
from torch import Tensor
from torch.utils.data import Dataset

from condgan.cache import cache_root

__all__ = ["FeatureCache", "default_cache_dir", "fingerprint"]


def default_cache_dir() -> Path:
    """``$CONDGAN_CACHE/fidelity`` if set, else ``~/.cache/condgan/fidelity``."""
    return cache_root() / "fidelity"


@singledispatch
def fingerprint(source: Any) -> str:
    """A short hash identifying a data source (tensor, image folder or dataset)."""
    raise TypeError(
        "cannot fingerprint a reference of type "
        f"{type(source).__name__}; pass a uint8/float tensor, a folder path or a Dataset"
    )


@fingerprint.register
def _(source: Tensor) -> str:
    h = hashlib.sha1(f"tensor{tuple(source.shape)}{source.dtype}".encode())
    h.update(source.detach().cpu().contiguous().numpy().tobytes())
    return h.hexdigest()[:20]


@fingerprint.register(str)
@fingerprint.register(Path)
def _(source: str | Path) -> str:
    root = Path(source)
    if not root.is_dir():
        raise FileNotFoundError(f"reference folder not found: {root}")
    h = hashlib.sha1(b"folder")
    for p in sorted(root.rglob("*")):
        if p.is_file():
            st = p.stat()
            h.update(f"{p.relative_to(root)}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:20]


@fingerprint.register
def _(source: Dataset) -> str:
    own = getattr(source, "fingerprint", None)
    if isinstance(own, str):
        return own
    h = hashlib.sha1(f"dataset{len(source)}".encode())  # type: ignore[arg-type]
    for i in range(len(source)):  # type: ignore[arg-type]
        h.update(torch.as_tensor(source[i]).contiguous().numpy().tobytes())
    return h.hexdigest()[:20]


class FeatureCache:
    """Feature tensors on disk. ``hits`` / ``misses`` count lookups (for tests and logs).

    Args:
        root: the folder (created on first write); default :func:`default_cache_dir`.
    """

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root) if root is not None else default_cache_dir()
        self.hits = 0
        self.misses = 0

    def path(self, key: str) -> Path:
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in key)
        return self.root / f"{safe}.pt"

    def load(self, key: str) -> dict[str, Tensor] | None:
        p = self.path(key)
        if not p.is_file():
            self.misses += 1
            return None
        try:
            data = torch.load(p, map_location="cpu", weights_only=True)
        except Exception:  # a truncated or foreign file: recompute
            self.misses += 1
            return None
        self.hits += 1
        return data

    def save(self, key: str, data: dict[str, Tensor]) -> Path:
        p = self.path(key)
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_suffix(f".tmp{os.getpid()}")
        torch.save(data, tmp)
        os.replace(tmp, p)
        return p
