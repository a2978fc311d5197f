"""Safe access to a user's data folder: paths that stay inside it, images, text files.

Nothing here writes anything. Every error names the file (and line) at fault.
"""

from __future__ import annotations

import errno
import os
import pickle
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import Tensor

from condgan.errors import InputFileError

__all__ = ["load_image", "load_torch_file", "read_lines", "safe_join"]


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
        InputFileError: the image is larger than PIL's decompression-bomb limit.
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
    except Image.DecompressionBombError as err:
        raise InputFileError(f"image {path} is too large to decode safely: {err}") from None
    except (UnidentifiedImageError, OSError, SyntaxError) as err:
        raise ValueError(f"corrupt or unreadable image {path}: {err}") from None
    x = torch.from_numpy(arr.copy()).permute(2, 0, 1).float()
    return x.div_(127.5).sub_(1.0)


def load_torch_file(
    path: str | Path,
    *,
    what: str,
    error: type[Exception] = InputFileError,
    map_location: Any = "cpu",
    safe_globals: Sequence[Any] = (),
) -> Any:
    """``torch.load(path, weights_only=True)`` with one clear error per way it can fail.

    Args:
        path: the file.
        what: what the file should be, for the messages (``"condgan checkpoint"``).
        error: the exception class raised for a file that is not one (a
            :class:`~condgan.errors.InputFileError` subclass or ``ValueError``).
        map_location: where tensors go (they are read onto the CPU, then moved).
        safe_globals: classes and functions the file may hold besides tensors and
            plain values (``torch.serialization.safe_globals``), e.g. NumPy scalars.

    Raises:
        FileNotFoundError: ``path`` does not exist.
        IsADirectoryError: ``path`` is a folder.
        error: the file holds objects other than tensors and plain values (refused
            before any of it runs), or is not a file written by ``torch.save`` (a
            text file, an image, an empty or truncated file); the message names it.
        OSError: the system could not read it (permissions); the message names it.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{what} not found: {path}")
    if path.is_dir():
        raise IsADirectoryError(f"{what} {path} is a folder, expected a file")
    try:  # onto the CPU first, so that an error here is the file's, not the device's
        with torch.serialization.safe_globals(list(safe_globals)):
            data = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as err:
        found = re.search(r"GLOBAL ([\w.]+)", str(err))
        if found is None:
            raise error(f"{path} is not a {what}: it is not a file written by torch.save") from err
        raise error(
            f"refusing to load {what} {path}: it holds a pickled {found.group(1)}, and objects "
            "other than tensors and plain Python values could run code when unpickled "
            "(torch.load with weights_only=True rejected it)"
        ) from None
    except (KeyError, EOFError, RuntimeError, OSError) as err:
        if isinstance(err, OSError) and (
            isinstance(err, PermissionError) or err.errno not in (None, errno.EINVAL)
        ):
            raise  # the system's refusal (permissions, I/O): it names the file
        raise error(
            f"{path} is not a {what}: it is not a file written by torch.save, or it is damaged "
            "(empty or truncated)"
        ) from err
    return data if map_location in (None, "cpu") else _to_device(data, map_location)


def _to_device(value: Any, device: Any) -> Any:
    if isinstance(value, Tensor):
        return value.to(device)
    if isinstance(value, dict):
        return {k: _to_device(v, device) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_to_device(v, device) for v in value)
    return value
