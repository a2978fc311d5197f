"""Image sizes the generic families build at, and the check every family shares."""

from __future__ import annotations

__all__ = ["SUPPORTED_SIZES", "check_image_size", "default_first_size"]

#: output resolutions the DCGAN generator and critic support: 4 * 2^k (32-256) and 96.
SUPPORTED_SIZES = (32, 64, 96, 128, 256)


def default_first_size(image_size: int) -> int:
    """Spatial size of a DCGAN generator's first block: 6 for 96x96 (6 * 2^4), else 4."""
    return 6 if image_size == 96 else 4


def check_image_size(image_size: int) -> int:
    """Return ``image_size`` if the generic families build at it.

    Raises:
        TypeError: not an int.
        ValueError: not one of :data:`SUPPORTED_SIZES`.
    """
    if isinstance(image_size, bool) or not isinstance(image_size, int):
        raise TypeError(f"image_size must be an int, got {type(image_size).__name__}")
    if image_size not in SUPPORTED_SIZES:
        raise ValueError(
            f"image_size must be one of {SUPPORTED_SIZES} (4 * 2^k from 32 to 256, or 96), "
            f"got {image_size}"
        )
    return image_size
