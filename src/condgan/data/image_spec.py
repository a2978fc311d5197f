"""How a user's images become training tensors: side, channels, and the resize policy.

:class:`ImageSpec` says what every image turns into, ``(channels, size, size)``
float in ``[-1, 1]``, and :class:`Fit` how an image of another size gets there.
Without a policy (``Fit.NONE``) nothing is resized: mixed sizes are an error that
lists the sizes found.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

if TYPE_CHECKING:
    from condgan.data.survey import ImageSurvey

__all__ = [
    "CHANNELS",
    "GRAY_MODES",
    "MAX_SIZE",
    "MIN_SIZE",
    "Fit",
    "ImageSpec",
    "to_mode",
    "to_rgb",
]

#: Smallest and largest training side condgan builds networks for (the one definition:
#: :mod:`condgan.models.sizes` checks networks against these).
MIN_SIZE, MAX_SIZE = 8, 256
#: Channel counts a training image may have.
CHANNELS = (1, 3)
#: PIL modes read as one channel (the others become RGB).
GRAY_MODES = frozenset({"1", "L", "LA", "La", "I", "I;16", "I;16B", "I;16L", "F"})
_ALPHA_MODES = frozenset({"RGBA", "RGBa", "LA", "La", "PA"})


class Fit(str, Enum):
    """What happens to an image whose size is not ``size x size``.

    - ``RESIZE``: scale the whole image to ``size x size`` (antialiased bicubic;
      a non-square image is stretched).
    - ``CENTER_CROP``: scale the shorter side to ``size``, then cut the centre square.
    - ``NONE``: no resizing; every image must already have one common square size.
    """

    RESIZE = "resize"
    CENTER_CROP = "center-crop"
    NONE = "none"

    @classmethod
    def parse(cls, value: Fit | str) -> Fit:
        """A :class:`Fit` from itself or its value (``"resize"``, ``"center-crop"``, ``"none"``)."""
        if isinstance(value, Fit):
            return value
        for fit in cls:
            if value == fit.value or (
                isinstance(value, str) and value.replace("_", "-") == fit.value
            ):
                return fit
        raise ValueError(f"fit must be one of {[f.value for f in cls]}, got {value!r}")


@dataclass(frozen=True)
class ImageSpec:
    """The shape every image is turned into, and how.

    Args:
        size: output side in pixels (8 to 256); ``None``: the images' own common size.
        channels: 1 (grayscale) or 3 (RGB); ``None``: 1 when every image is
            grayscale, else 3. Transparent images are composited on white (a
            warning says so).
        fit: the resize policy (:class:`Fit` or its value).

    Raises:
        ValueError: a size outside 8-256, channels other than 1 or 3, an unknown fit.
    """

    size: int | None = None
    channels: int | None = None
    fit: Fit = Fit.NONE

    def __post_init__(self) -> None:
        object.__setattr__(self, "fit", Fit.parse(self.fit))
        if self.size is not None:
            if isinstance(self.size, bool) or not isinstance(self.size, int):
                raise TypeError(f"size must be an int or None, got {self.size!r}")
            if not MIN_SIZE <= self.size <= MAX_SIZE:
                raise ValueError(
                    f"size must be between {MIN_SIZE} and {MAX_SIZE} pixels, got {self.size}"
                )
        if self.channels is not None and self.channels not in CHANNELS:
            raise ValueError(f"channels must be 1 or 3 (or None to infer), got {self.channels!r}")

    @property
    def resolved(self) -> bool:
        """True when both ``size`` and ``channels`` are known."""
        return self.size is not None and self.channels is not None

    # -- deciding from what the files hold ------------------------------------------
    def resolve(self, survey: ImageSurvey, *, source: str = "the data") -> ImageSpec:
        """Fill ``size`` and ``channels`` from a survey of the images.

        Raises:
            ValueError: unreadable images (listed); mixed or non-square sizes
                without a resize policy (sizes listed); a common size outside
                8-256 without a policy; no images.
        """
        if survey.unreadable:
            shown = "\n  ".join(f"{p}: {why}" for p, why in survey.unreadable[:20])
            more = len(survey.unreadable) - 20
            raise ValueError(
                f"{len(survey.unreadable)} unreadable image(s) in {source}:\n  {shown}"
                + (f"\n  ... and {more} more" if more > 0 else "")
                + "\nremove or replace them and try again"
            )
        if not survey.sizes:
            raise ValueError(f"{source} holds no images")
        size = self.size
        if self.fit is Fit.NONE:
            found = survey.size_list()
            (w, h), *others = list(survey.sizes)
            if others or w != h or (size is not None and size != w):
                want = f"{size}x{size}" if size is not None else "one common square size"
                raise ValueError(
                    f"{source} has images of size(s) {found} (width x height: count) but "
                    f"fit='none' needs {want}; choose a resize policy, fit='resize' or "
                    "fit='center-crop' (--fit on the command line), and a size"
                )
            if not MIN_SIZE <= w <= MAX_SIZE:
                raise ValueError(
                    f"{source} has {w}x{w} images; condgan trains at {MIN_SIZE} to {MAX_SIZE} "
                    "pixels: pass a size and fit='resize' or fit='center-crop'"
                )
            size = w
        elif size is None:
            raise ValueError(f"fit={self.fit.value!r} needs a size (e.g. size=64, --size 64)")
        channels = self.channels
        if channels is None:
            channels = 1 if set(survey.modes) <= GRAY_MODES else 3
        alpha = sum(n for m, n in survey.modes.items() if m in _ALPHA_MODES)
        if alpha:
            warnings.warn(
                f"{alpha} image(s) in {source} have an alpha channel; they are composited on "
                f"white and read as {'grayscale' if channels == 1 else 'RGB'}",
                stacklevel=3,
            )
        return replace(self, size=size, channels=channels)

    # -- reading ---------------------------------------------------------------------
    def read(self, path: str | Path) -> Tensor:
        """One image file as float ``(channels, size, size)`` in ``[-1, 1]``.

        Raises:
            ValueError: the spec is not resolved, the file is unreadable, or (``fit='none'``)
                its size is not ``size x size``.
        """
        from PIL import Image, UnidentifiedImageError

        if not self.resolved:
            raise ValueError("ImageSpec.read needs a resolved spec (size and channels); "
                             "call resolve(survey) first")  # fmt: skip
        try:
            with Image.open(path) as im:
                arr = self.pil_to_array(im)
        except (UnidentifiedImageError, OSError, SyntaxError) as err:
            raise ValueError(f"corrupt or unreadable image {path}: {err}") from None
        x = torch.from_numpy(arr).float().div_(127.5).sub_(1.0)
        return x

    def pil_to_array(self, im) -> np.ndarray:
        """A PIL image -> uint8 array ``(channels, size, size)`` (converted and fitted)."""
        from PIL import Image

        assert self.size is not None and self.channels is not None
        im = to_mode(im, self.channels)
        w, h = im.size
        s = self.size
        if (w, h) != (s, s):
            if self.fit is Fit.NONE:
                raise ValueError(f"image is {w}x{h}, expected {s}x{s} (fit='none')")
            if self.fit is Fit.CENTER_CROP:
                scale = s / min(w, h)
                nw, nh = max(s, round(w * scale)), max(s, round(h * scale))
                im = im.resize((nw, nh), Image.BICUBIC, reducing_gap=None)
                left, top = (nw - s) // 2, (nh - s) // 2
                im = im.crop((left, top, left + s, top + s))
            else:
                im = im.resize((s, s), Image.BICUBIC, reducing_gap=None)
        arr = np.array(im, dtype=np.uint8)
        arr = arr[None] if arr.ndim == 2 else arr.transpose(2, 0, 1)
        return np.ascontiguousarray(arr)

    def fit_tensor(self, x: Tensor) -> Tensor:
        """Fit a float batch ``(N, C, H, W)`` in ``[-1, 1]`` to ``(N, channels, size, size)``.

        Channels: 3 -> 1 by luminance (ITU-R 601), 1 -> 3 by repetition.

        Raises:
            ValueError: (``fit='none'``) the batch is not ``size x size``.
        """
        assert self.size is not None and self.channels is not None
        c = x.shape[1]
        if c == 3 and self.channels == 1:
            w = torch.tensor([0.299, 0.587, 0.114], dtype=x.dtype).view(1, 3, 1, 1)
            x = (x * w).sum(dim=1, keepdim=True)
        elif c == 1 and self.channels == 3:
            x = x.repeat(1, 3, 1, 1)
        h, w = x.shape[-2:]
        s = self.size
        if (h, w) == (s, s):
            return x
        if self.fit is Fit.NONE:
            raise ValueError(
                f"the images are {w}x{h} but size={s} with fit='none'; "
                "pass fit='resize' or fit='center-crop'"
            )
        if self.fit is Fit.CENTER_CROP:
            scale = s / min(h, w)
            nh, nw = max(s, round(h * scale)), max(s, round(w * scale))
            x = F.interpolate(x, (nh, nw), mode="bicubic", align_corners=False, antialias=True)
            top, left = (nh - s) // 2, (nw - s) // 2
            x = x[..., top : top + s, left : left + s]
        else:
            x = F.interpolate(x, (s, s), mode="bicubic", align_corners=False, antialias=True)
        return x.clamp_(-1.0, 1.0)


def to_mode(im, channels: int):
    """A PIL image in mode ``"L"`` (1 channel) or ``"RGB"`` (3); alpha composited on white."""
    from PIL import Image

    if im.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        arr = np.asarray(im, dtype=np.float64)
        top = 65535.0 if im.mode.startswith("I") and arr.max() > 255 else 255.0
        im = Image.fromarray(np.clip(arr / top * 255.0, 0, 255).astype(np.uint8), "L")
    if im.mode == "P" and "transparency" in im.info:
        im = im.convert("RGBA")
    if im.mode in _ALPHA_MODES:
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        im = Image.alpha_composite(white, rgba)
    return im.convert("L" if channels == 1 else "RGB")


def to_rgb(images: Tensor) -> Tensor:
    """A grayscale batch ``(B, 1, H, W)`` repeated to ``(B, 3, H, W)``; other shapes unchanged.

    For feature extractors and judges that read RGB (Inception, the evaluators):
    a gray image is the RGB image with three equal channels.
    """
    if isinstance(images, Tensor) and images.dim() == 4 and images.shape[1] == 1:
        return images.expand(-1, 3, -1, -1).contiguous()
    return images
