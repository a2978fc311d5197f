"""Images written without metadata (byte-reproducible); data sets are written inside
:func:`condgan.files.atomic_folder`."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

__all__ = ["save_image"]


def save_image(image: Image.Image, path: Path) -> None:
    """Save as PNG (or JPEG for ``.jpg``) with no metadata, so equal pixels give equal bytes."""
    if path.suffix.lower() in (".jpg", ".jpeg"):
        image.save(path, format="JPEG", quality=95, optimize=False)
    else:
        image.save(path, format="PNG", compress_level=1, optimize=False)
