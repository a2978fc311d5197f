"""Writing a data set atomically, and images without metadata (byte-reproducible)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image

__all__ = ["atomic_folder", "save_image"]


@contextmanager
def atomic_folder(out: str | Path, *, overwrite: bool = False) -> Iterator[Path]:
    """Yield a temporary folder beside ``out`` that becomes ``out`` on success.

    On an exception (or interruption) the temporary folder is removed and
    ``out`` is left as it was, so no half-written data set ever appears.

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


def save_image(image: Image.Image, path: Path) -> None:
    """Save as PNG (or JPEG for ``.jpg``) with no metadata, so equal pixels give equal bytes."""
    if path.suffix.lower() in (".jpg", ".jpeg"):
        image.save(path, format="JPEG", quality=95, optimize=False)
    else:
        image.save(path, format="PNG", compress_level=6, optimize=False)
