"""Atomic file writes: nothing half-written ever appears on disk.

The one owner of "write a temporary file (or folder) beside the target, then
rename it into place". Every module that writes results, checkpoints or data
sets uses these, so a crash, a kill or a full disk leaves either the old file
or the new one, never a torn one. Temporary names start with ``.`` and contain
``.tmp`` so :func:`remove_temporaries` can clean leftovers of a killed writer.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

__all__ = [
    "atomic_folder",
    "atomic_save",
    "atomic_write",
    "atomic_write_bytes",
    "atomic_write_text",
    "relative_path",
    "remove_temporaries",
]


def atomic_write(path: str | os.PathLike, write: Callable[[IO[bytes]], Any]) -> Path:
    """Call ``write(f)`` on a temporary binary file beside ``path``, then rename it to ``path``.

    The data is flushed and fsync-ed before the rename, so the rename publishes
    a complete file. On any exception (including KeyboardInterrupt) the
    temporary file is removed and ``path`` is left as it was; an
    :class:`OSError` that names no file (a full disk) is raised again naming
    ``path``.

    Args:
        path: the file to (re)place; its folder is created if needed.
        write: writes the whole content to the open binary file it is given.

    Returns:
        ``path`` as a :class:`~pathlib.Path`.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        if err.filename is not None:
            raise
        # a full disk or a lost device says nothing of the file: name it
        raise type(err)(
            err.errno, f"cannot write {path}: {err.strerror or err}", str(path)
        ) from err
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_write`)."""
    return atomic_write(path, lambda f: f.write(data))


def atomic_write_text(path: str | os.PathLike, text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_write`)."""
    return atomic_write_bytes(path, text.encode(encoding))


def atomic_save(obj: Any, path: str | os.PathLike) -> Path:
    """``torch.save(obj)`` to ``path`` atomically (see :func:`atomic_write`)."""
    import torch

    return atomic_write(path, lambda f: torch.save(obj, f))


@contextmanager
def atomic_folder(out: str | os.PathLike, *, overwrite: bool = False) -> Iterator[Path]:
    """Yield a temporary folder beside ``out`` that becomes ``out`` on success.

    On an exception (or interruption) the temporary folder is removed and
    ``out`` is left as it was, so no half-written folder ever appears.

    Raises:
        FileExistsError: ``out`` exists and is not an empty folder, and
            ``overwrite`` is false (or ``out`` is a file).
    """
    out = Path(out)
    if out.exists():
        if not out.is_dir():
            raise FileExistsError(f"{out} exists and is not a folder")
        if any(out.iterdir()) and not overwrite:
            raise FileExistsError(
                f"{out} is not empty; pass overwrite=True (--overwrite) to replace it"
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        yield tmp
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.replace(out, old / "data")
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def remove_temporaries(folder: str | os.PathLike) -> list[Path]:
    """Delete the leftovers of :func:`atomic_write` in ``folder`` (not recursive).

    A writer killed between creating its temporary file and the rename leaves
    ``.<name>.<random>.tmp``; this removes those and returns what it removed.
    Only files of that exact shape are touched.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    removed = []
    for p in folder.glob(".*.tmp"):
        if p.is_file():
            p.unlink(missing_ok=True)
            removed.append(p)
    return sorted(removed)


def relative_path(path: str | os.PathLike, folder: str | os.PathLike) -> str:
    """``path`` relative to ``folder``, both resolved (so files written into ``folder``
    hold no machine's absolute paths)."""
    return os.path.relpath(Path(path).resolve(), Path(folder).resolve())
