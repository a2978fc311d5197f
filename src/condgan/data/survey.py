"""A look at every image of a data set before training: sizes, modes, unreadable files."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["ImageSurvey"]


@dataclass
class ImageSurvey:
    """What the image files hold.

    Attributes:
        n: images looked at.
        sizes: ``(width, height) -> count``.
        modes: PIL mode (``"RGB"``, ``"L"``, ``"RGBA"``, ...) -> count.
        unreadable: ``(path, reason)`` of each file that could not be decoded.
    """

    n: int = 0
    sizes: Counter = field(default_factory=Counter)
    modes: Counter = field(default_factory=Counter)
    unreadable: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def scan(cls, paths: Iterable[str | Path], *, decode: bool = True) -> ImageSurvey:
        """Open every file; with ``decode`` also decode its pixels (finds truncated files)."""
        from PIL import Image

        out = cls()
        for path in paths:
            out.n += 1
            try:
                with Image.open(path) as im:
                    if decode:
                        im.load()
                    out.sizes[im.size] += 1
                    out.modes[im.mode] += 1
            except Exception as err:  # any decoder failure means "unreadable"
                out.unreadable.append((str(path), f"{type(err).__name__}: {err}"))
        return out

    @classmethod
    def of_tensor(cls, shape: tuple[int, ...]) -> ImageSurvey:
        """The survey of an image batch ``(N, C, H, W)`` already in memory."""
        n, c, h, w = shape
        return cls(n, Counter({(w, h): n}), Counter({"L" if c == 1 else "RGB": n}))

    def size_list(self) -> str:
        """The sizes found, most common first: ``"64x64: 10, 32x32: 2"``."""
        return ", ".join(f"{w}x{h}: {k}" for (w, h), k in self.sizes.most_common())

    def mode_list(self) -> str:
        """The modes found, most common first: ``"RGB: 10, L: 2"``."""
        return ", ".join(f"{m}: {k}" for m, k in self.modes.most_common())
