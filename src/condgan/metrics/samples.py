"""Images as torch-fidelity wants them: ``uint8`` tensors ``(3, H, W)``.

torch-fidelity reads a :class:`~torch.utils.data.Dataset` of ``uint8`` images or
an *unconditional* generative model (its conditional path uses ``np.int`` and
fails on current NumPy), so condgan turns everything into one of those:
:func:`to_uint8`, :class:`Uint8Images` and :func:`generate_samples` (draws
images and their conditions from a generator with ``G.space`` and
``G.sample(y, generator=...)``). The generative-model side is
:mod:`condgan.metrics.fidelity_model`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from torch import Tensor
from torch.utils.data import Dataset

from condgan.data.image_spec import to_rgb
from condgan.metrics.modes import evaluation_mode

__all__ = ["Uint8Images", "generate_samples", "read_image_folder", "to_uint8"]


def to_uint8(images: Tensor) -> Tensor:
    """``(B, 3, H, W)`` floats in ``[-1, 1]`` -> ``uint8`` in ``[0, 255]`` (``uint8`` passes).

    Grayscale ``(B, 1, H, W)`` is repeated to three channels first.
    """
    if not isinstance(images, Tensor):
        raise TypeError(f"images must be a torch.Tensor, got {type(images).__name__}")
    images = to_rgb(images)
    if images.dim() != 4 or images.shape[1] != 3:
        raise ValueError(f"images must have shape (B, 3, H, W), got {tuple(images.shape)}")
    if images.dtype == torch.uint8:
        return images
    if not images.is_floating_point():
        raise TypeError(f"images must be float in [-1, 1] or uint8, got dtype {images.dtype}")
    return ((images.detach().float().clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8).cpu()


class Uint8Images(Dataset):
    """A dataset over a ``uint8`` tensor ``(N, 3, H, W)``; item ``i`` is image ``i``."""

    def __init__(self, images: Tensor) -> None:
        self.images = to_uint8(images)
        if self.images.shape[0] == 0:
            raise ValueError("images must hold at least one image, got N = 0")

    def __len__(self) -> int:
        return int(self.images.shape[0])

    def __getitem__(self, i: int) -> Tensor:
        return self.images[i]


@torch.no_grad()
def generate_samples(
    G: Any,
    n: int,
    *,
    y: Tensor | None = None,
    batch_size: int = 64,
    seed: int = 0,
) -> tuple[Tensor, Tensor]:
    """Draw ``n`` images from ``G`` with conditions ``y`` (default: ``G.space.sample(n)``).

    Args:
        G: an object with ``space`` and ``sample(y, generator=...)`` returning
            images ``(B, 3, H, W)`` in ``[-1, 1]``. It samples in eval mode
            (:func:`~condgan.metrics.modes.evaluation_mode`); its mode and
            buffers are left as they were.
        n: number of images.
        y: conditions in ``G.space``'s format, ``n`` rows (optional).
        seed: seeds both the conditions and ``G``'s noise.

    Returns:
        ``(images uint8 (n, 3, H, W) on the CPU, y (n, ...) on the CPU)``.
    """
    if not hasattr(G, "sample") or not hasattr(G, "space"):
        raise TypeError("G must have .space and .sample(y, generator=...)")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive int, got {n!r}")
    gen = torch.Generator().manual_seed(seed)
    if y is None:
        y = G.space.sample(n, generator=gen)
    else:
        G.space.validate(y)
        if y.shape[0] != n:
            raise ValueError(f"y must have n={n} rows, got {y.shape[0]}")
    device = _device_of(G)
    g_dev = torch.Generator(device=device).manual_seed(seed + 1)
    out = []
    with evaluation_mode(G):
        for i in range(0, n, batch_size):
            images = G.sample(y[i : i + batch_size].to(device), generator=g_dev)
            out.append(to_uint8(images))
    return torch.cat(out), y.cpu()


def _device_of(G: Any) -> torch.device:
    try:
        return next(G.parameters()).device
    except (AttributeError, StopIteration, TypeError):
        return torch.device("cpu")


def read_image_folder(path: str | Path, *, recursive: bool = True) -> Tensor:
    """All ``png``/``jpg`` images under ``path`` (sorted by path) as ``uint8 (N, 3, H, W)``.

    Each file is read with :func:`condgan.data.load_image`.

    Raises:
        FileNotFoundError: ``path`` is not a folder.
        ValueError: no images, unreadable images, or images of different sizes.
    """
    from condgan.data import load_image

    path = Path(path)
    if not path.is_dir():
        raise FileNotFoundError(f"image folder not found: {path}")
    pattern = "**/*" if recursive else "*"
    files = sorted(p for p in path.glob(pattern) if p.suffix.lower() in (".png", ".jpg", ".jpeg"))
    if not files:
        raise ValueError(f"no png/jpg images found in {path}")
    images = [to_uint8(load_image(p)[None]) for p in files]
    shapes = {tuple(x.shape[1:]) for x in images}
    if len(shapes) != 1:
        raise ValueError(f"images in {path} have different sizes: {sorted(shapes)[:4]}")
    return torch.cat(images)
