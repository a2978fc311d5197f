"""Safe access to a user's data folder: paths that stay inside it, images, text files.

Nothing here writes anything. Every error names the file (and line) at fault.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import torch
from torch import Tensor

__all__ = ["load_image", "read_lines", "safe_join"]


def safe_join(root: str | Path, name: str, *, what: str = "file name") -> Path:
    """``root / name``, refusing names that leave ``root``.

    Refused: empty names, absolute paths, drive letters, ``..`` components and
    symbolic links (anywhere on the way) that resolve outside ``root``.

    Raises:
        ValueError: ``name`` would leave ``root``; the message names both.
    """
    root = Path(root)
    if not name or "\x00" in name:
        raise ValueError(f"{what} {name!r} is empty or invalid (data folder {root})")
    pure = Path(name.replace("\\", "/"))
    if pure.is_absolute() or name.startswith(("/", "\\")) or ":" in name.split("/")[0]:
        raise ValueError(f"{what} {name!r} is an absolute path; it must stay inside {root}")
    if ".." in pure.parts:
        raise ValueError(f"{what} {name!r} contains '..'; it must stay inside {root}")
    path = root / pure
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    if os.path.commonpath([real_root, real]) != real_root:
        raise ValueError(
            f"{what} {name!r} resolves to {real}, outside the data folder {real_root} "
            "(a symbolic link leaves it)"
        )
    return path


def read_lines(path: str | Path, *, what: str = "label file") -> list[str]:
    """The lines of a UTF-8 text file without line ends (a trailing empty line dropped).

    Raises:
        FileNotFoundError: ``path`` does not exist.
        ValueError: the file is empty or not UTF-8 text.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{what} not found: {path}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise ValueError(f"{what} {path} is not UTF-8 text: {err}") from None
    if not text.strip():
        raise ValueError(f"{what} {path} is empty")
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def load_image(path: str | Path, size: int | tuple[int, int] | None = None) -> Tensor:
    """An image file as float ``(3, H, W)`` in ``[-1, 1]`` (RGB; alpha dropped, greys expanded).

    Args:
        path: the image file.
        size: resize to ``size x size`` (or ``(H, W)``) with antialiased bicubic
            filtering; ``None`` keeps the file's size.

    Raises:
        FileNotFoundError: the file does not exist.
        ValueError: the file is not a readable image (corrupt or truncated).
    """
    from PIL import Image, UnidentifiedImageError

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"image not found: {path}")
    try:
        with Image.open(path) as im:
            im = im.convert("RGB")
            if size is not None:
                h, w = (size, size) if isinstance(size, int) else size
                if im.size != (w, h):
                    im = im.resize((w, h), Image.BICUBIC, reducing_gap=None)
            arr = np.asarray(im, dtype=np.uint8)
    except (UnidentifiedImageError, OSError, SyntaxError) as err:
        raise ValueError(f"corrupt or unreadable image {path}: {err}") from None
    x = torch.from_numpy(arr.copy()).permute(2, 0, 1).float()
    return x.div_(127.5).sub_(1.0)
