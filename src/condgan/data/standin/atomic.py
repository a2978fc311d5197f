"""Images written without metadata (byte-reproducible); data sets are written inside
:func:`condgan.files.atomic_folder`."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from condgan.data.standin.png import PNG_MODES, encode_png

__all__ = ["save_image", "save_png_with_pil"]


def save_image(image: Image.Image, path: Path) -> None:
    """Save as PNG (or JPEG for ``.jpg``) with no metadata, so equal pixels give equal bytes.

    PNGs of 8-bit greyscale, RGB or RGBA images go through :func:`~condgan.data.standin.png.
    encode_png` (unfiltered, zlib level 1: faster than PIL's encoder on the stand-ins),
    other modes through PIL.
    """
    if path.suffix.lower() in (".jpg", ".jpeg"):
        image.save(path, format="JPEG", quality=95, optimize=False)
    elif image.mode in PNG_MODES:
        path.write_bytes(encode_png(image))
    else:
        save_png_with_pil(image, path)


def save_png_with_pil(image: Image.Image, path: Path) -> None:
    """Save as PNG through PIL's encoder (zlib level 1, no metadata): the fallback of
    :func:`save_image` for modes :func:`~condgan.data.standin.png.encode_png` does not
    write, and what every stand-in PNG used before it."""
    image.save(path, format="PNG", compress_level=1, optimize=False)
