"""Where condgan keeps what it writes once and reuses (stand-ins, reference features)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_root"]


def cache_root() -> Path:
    """``$CONDGAN_CACHE`` if set, else ``~/.cache/condgan``."""
    root = os.environ.get("CONDGAN_CACHE")
    return Path(root) if root else Path.home() / ".cache" / "condgan"
