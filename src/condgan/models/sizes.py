"""Image sizes: what every family builds at (8 to 256 pixels, not only powers of two),
the check they share and the default layout of a size.

A DCGAN generator doubles its first map in each up-block, so an image of side
``S`` is ``first_size * 2 ** k``; :func:`doublings` picks ``k`` (the first map at
least 4 wide: 64 = 4 * 2^4, 96 = 6 * 2^4, 28 = 7 * 2^2, 48 = 6 * 2^3). A critic
halves the map with each strided conv; :func:`halvings` counts the convs that
bring it down to at most 4 x 4.
"""

from __future__ import annotations

from condgan.data.image_spec import MAX_SIZE, MIN_SIZE

__all__ = [
    "check_image_size",
    "default_widths",
    "doublings",
    "halvings",
]


def check_image_size(image_size: int, *, family: str = "this network", multiple_of: int = 1) -> int:
    """Return ``image_size`` if ``family`` builds at it.

    Args:
        image_size: the image side.
        family: the network's name, for the message.
        multiple_of: a divisor the family needs (InfoGAN's generator: 4).

    Raises:
        TypeError: not an int.
        ValueError: outside ``[8, 256]`` or not a multiple of ``multiple_of``; the
            message names the size and what is supported.
    """
    if isinstance(image_size, bool) or not isinstance(image_size, int):
        raise TypeError(f"image_size must be an int, got {type(image_size).__name__}")
    if not MIN_SIZE <= image_size <= MAX_SIZE or image_size % multiple_of:
        what = f"multiples of {multiple_of} " if multiple_of > 1 else ""
        raise ValueError(
            f"{family} builds at image sizes {what}from {MIN_SIZE} to {MAX_SIZE}, "
            f"got image_size={image_size}"
        )
    return image_size


def doublings(image_size: int, *, min_first: int = 4, most: int | None = None) -> int:
    """The largest ``k`` (at most ``most``) with ``image_size = first * 2 ** k`` and
    ``first >= min_first``; 0 when ``image_size`` is odd or too small.

    Examples: 8 -> 1 (4 * 2), 28 -> 2 (7 * 4), 48 -> 3 (6 * 8), 64 -> 4, 96 -> 4 (6 * 16).
    """
    k = 0
    while (
        image_size % 2 ** (k + 1) == 0
        and image_size // 2 ** (k + 1) >= min_first
        and (most is None or k < most)
    ):
        k += 1
    return k


def halvings(image_size: int, *, kernel_size: int = 4, smallest: int = 4) -> int:
    """Strided convs (stride 2, padding ``(kernel_size - 1) // 2``) that bring an
    ``image_size`` map down to at most ``smallest`` (64 -> 4, 28 -> 3: 14, 7, 3)."""
    pad, size, k = (kernel_size - 1) // 2, image_size, 0
    while size > smallest:
        size = (size + 2 * pad - kernel_size) // 2 + 1
        k += 1
    return k


def default_widths(n: int, *, base: int = 64, top: int = 512, increasing: bool) -> tuple[int, ...]:
    """``n`` widths doubling from ``base`` and capped at ``top``: increasing for a
    critic (64, 128, 256, 512), decreasing for a generator (512, 256, 128, 64)."""
    widths = tuple(min(top, base * 2**i) for i in range(n))
    return widths if increasing else widths[::-1]
