"""Recognise a data folder's format and open it with the right loader."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from torch import Tensor

from condgan.data.anime import ANIME_LABEL_FILES, load_anime
from condgan.data.cartoon import CARTOON_LABEL_FILE, load_cartoon
from condgan.data.dataset import LabeledImages
from condgan.data.iclevr import ICLEVR_OBJECT_FILES, load_iclevr

__all__ = ["DATA_FORMATS", "detect_format", "load_dataset"]

#: Format name -> the file that marks it.
DATA_FORMATS: dict[str, str] = {
    "iclevr": ICLEVR_OBJECT_FILES[0],
    "cartoon": CARTOON_LABEL_FILE,
    "anime2018": ANIME_LABEL_FILES[2018][0],
    "anime2017": ANIME_LABEL_FILES[2017][0],
}
# Sub-folders the courses ship the data in (looked into when the folder itself has no marker).
_NESTED = ("extra_data", "selected_cartoonset100k", "iclevr", "data")


def _marker(folder: Path) -> str | None:
    if any((folder / f).is_file() for f in ICLEVR_OBJECT_FILES):
        return "iclevr"
    for kind, marker in DATA_FORMATS.items():
        if (folder / marker).is_file():
            return kind
    return None


def detect_format(folder: str | Path) -> tuple[str, Path]:
    """The format of a data folder and the folder that holds its label file.

    Looks in ``folder`` itself, then in the sub-folders the courses used
    (``extra_data/``, ``selected_cartoonset100k/``, ...).

    Returns:
        ``(kind, root)`` with ``kind`` one of :data:`DATA_FORMATS`.

    Raises:
        FileNotFoundError: ``folder`` does not exist or holds no known label file.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"data folder not found: {folder}")
    for candidate in (folder, *(folder / n for n in _NESTED)):
        if candidate.is_dir():
            kind = _marker(candidate)
            if kind is not None:
                return kind, candidate
    raise FileNotFoundError(
        f"{folder} holds no known label file (looked for {sorted(set(DATA_FORMATS.values()))} "
        f"and {ICLEVR_OBJECT_FILES[1]!r}, also in {list(_NESTED)}); expected an i-CLEVR, ADL "
        "cartoon or anime data folder"
    )


def load_dataset(
    folder: str | Path,
    *,
    kind: str | None = None,
    size: int | None = None,
    transform: Callable[[Tensor], Tensor] | None = None,
    skip_bad: bool = False,
) -> LabeledImages:
    """Open any supported data folder (real or stand-in) as ``(image, y)`` pairs.

    Args:
        folder: the data folder (see :func:`detect_format`).
        kind: force a format (one of :data:`DATA_FORMATS`) instead of detecting it.
        size: output side; default the format's (i-CLEVR 64, cartoon 128,
            anime 2018 64, anime 2017 96).
        transform: applied to each image tensor ``(3, size, size)``.
        skip_bad: skip and count bad rows, missing and corrupt images.

    Raises:
        FileNotFoundError: no such folder or no known label file.
        ValueError: unknown ``kind``, or the loaders' errors.
    """
    if kind is None:
        kind, root = detect_format(folder)
    elif kind not in DATA_FORMATS:
        raise ValueError(f"unknown data format {kind!r}; choose one of {list(DATA_FORMATS)}")
    else:
        root = Path(folder)
    opts = {"transform": transform, "skip_bad": skip_bad}
    if kind == "iclevr":
        return load_iclevr(root, size=size or 64, **opts)
    if kind == "cartoon":
        return load_cartoon(root, size=size or 128, **opts)
    return load_anime(root, version=int(kind[-4:]), size=size, **opts)  # type: ignore[arg-type]
