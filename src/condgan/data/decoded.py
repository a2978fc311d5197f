"""A data folder decoded once: ``uint8`` images at one size, cached on disk.

Decoding every row of a large folder takes tens of seconds (35-40 s for 36k
JPEGs) and used to happen at every start and resume. :func:`decode_folder`
writes the decoded ``uint8 (N, 3, S, S)`` tensor and its conditions under
``cache_dir`` the first time, keyed by the folder's path, its label files'
and image folders' sizes and modification times, and ``S``, and reads it back
afterwards (an image overwritten in place, under the same name, is not noticed).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import Tensor

from condgan.conditions import ConditionSpace

__all__ = ["DecodedImages", "decode_folder", "folder_key"]

#: Files whose size and modification time key the cache (the label files of every format).
_LABEL_SUFFIXES = (".csv", ".json", ".jsonl", ".txt")


@dataclass
class DecodedImages:
    """A folder in memory: ``images`` uint8 ``(N, 3, S, S)``, ``y`` ``(N, ...)`` in ``space``."""

    images: Tensor
    y: Tensor
    space: ConditionSpace
    source: str

    def __len__(self) -> int:
        return len(self.images)

    def as_float(self, index: Tensor | None = None) -> Tensor:
        """Images (all, or rows ``index``) as float in ``[-1, 1]``."""
        x = self.images if index is None else self.images[index]
        return x.float() / 127.5 - 1.0


def folder_key(folder: str | Path, size: int) -> str:
    """A short hash of the folder's resolved path, its label files' and sub-folders' sizes and
    modification times, and ``size``."""
    root = Path(folder).resolve()
    h = hashlib.sha1(f"{root}|{size}".encode())
    base = root.parent if root.is_file() else root  # a label table: its folder
    for p in sorted(base.iterdir()):
        if p.is_dir() or p.suffix.lower() in _LABEL_SUFFIXES:  # image folders change when
            st = p.stat()  # files are added, removed or renamed
            h.update(f"|{p.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def decode_folder(
    folder: str | Path, *, size: int, cache_dir: str | Path | None = None
) -> DecodedImages:
    """Every image of ``folder`` (any format :func:`condgan.data.load_dataset` reads, or your
    own data as :func:`condgan.data.load` reads it, as RGB resized to ``size``) at
    ``size x size`` as ``uint8``, with its conditions; cached in ``cache_dir`` when given.

    Raises:
        FileNotFoundError: the folder or its label file is missing.
        ValueError: ``size < 1``, an empty folder, or the loader's errors.
    """
    from condgan.data.detect import detect_format, load_dataset
    from condgan.data.load import load
    from condgan.files import atomic_save

    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ValueError(f"size must be a positive int, got {size!r}")
    try:
        detect_format(folder)
    except FileNotFoundError:  # not a course data set: your own data
        data = load(folder, size=size, channels=3, fit="resize")
    else:
        data = load_dataset(folder, size=size)
    if len(data) == 0:
        raise ValueError(f"data folder {folder} holds no images")
    entry = None
    if cache_dir is not None:
        entry = Path(cache_dir) / f"{folder_key(folder, size)}-{len(data)}.pt"
        if entry.is_file():  # written atomically: an existing file is whole
            cached = torch.load(entry, map_location="cpu", weights_only=True)
            return DecodedImages(cached["images"], cached["y"], data.space, str(folder))
    images = torch.empty(len(data), 3, size, size, dtype=torch.uint8)
    for i in range(len(data)):
        images[i] = ((data[i][0].clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8)
    out = DecodedImages(images, data.y, data.space, str(folder))
    if entry is not None:
        atomic_save({"images": images, "y": data.y}, entry)
    return out
