"""Procedural stand-ins that write the real data sets' formats (see the Data guide).

``write_standin("cartoon" | "iclevr" | "anime", out, n, seed)`` renders a
look-alike data set into ``out`` (atomically; same seed -> byte-identical
files), readable by the same loaders as the real data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from condgan.data.standin.anime import (
    ANIME_MISSING_2018,
    ANIME_TEST_FILES,
    anime_labels,
    write_anime,
)
from condgan.data.standin.atomic import save_image
from condgan.data.standin.cartoon import balanced_labels, cartoon_labels, write_cartoon
from condgan.data.standin.face import HAIR_STYLES, render_face
from condgan.data.standin.iclevr import (
    iclevr_objects_json,
    iclevr_test_conditions,
    iclevr_train_labels,
    write_iclevr,
)
from condgan.data.standin.scene import SceneObject, Stage, place_objects, random_stage, render_scene

__all__ = [
    "ANIME_MISSING_2018",
    "ANIME_TEST_FILES",
    "HAIR_STYLES",
    "STANDIN_KINDS",
    "SceneObject",
    "Stage",
    "anime_labels",
    "balanced_labels",
    "cartoon_labels",
    "iclevr_objects_json",
    "iclevr_test_conditions",
    "iclevr_train_labels",
    "place_objects",
    "random_stage",
    "render_face",
    "render_scene",
    "save_image",
    "write_anime",
    "write_cartoon",
    "write_iclevr",
    "write_standin",
]

#: The kinds :func:`write_standin` (and ``condgan make-data``) can write.
STANDIN_KINDS: tuple[str, ...] = ("cartoon", "iclevr", "anime")


def write_standin(
    kind: Literal["cartoon", "iclevr", "anime"],
    out: str | Path,
    n: int,
    seed: int = 0,
    *,
    size: int | None = None,
    version: Literal[2017, 2018] = 2018,
    overwrite: bool = False,
) -> Path:
    """Write a stand-in data set of ``kind`` with ``n`` images into ``out``.

    Args:
        kind: ``"cartoon"`` (ADL format, 128 px), ``"iclevr"`` (64 px) or
            ``"anime"`` (2018: 64 px, 2017: 96 px).
        out: the folder to create (must be absent or empty unless ``overwrite``).
        n: number of images.
        seed: random seed; equal seeds give byte-identical files.
        size: image side in pixels (default per kind, as above).
        version: anime format, 2018 or 2017.
        overwrite: replace a non-empty ``out``.

    Returns:
        ``out`` as a :class:`~pathlib.Path`.

    Raises:
        ValueError: unknown ``kind``, ``n < 1`` or a bad ``size``.
        FileExistsError: ``out`` is not empty and ``overwrite`` is false.
    """
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 8):
        raise ValueError(f"size must be an int >= 8 (pixels per image side), got {size!r}")
    if kind == "cartoon":
        return write_cartoon(out, n, seed, size=128 if size is None else size, overwrite=overwrite)
    if kind == "iclevr":
        return write_iclevr(out, n, seed, size=64 if size is None else size, overwrite=overwrite)
    if kind == "anime":
        return write_anime(out, n, seed, version=version, size=size, overwrite=overwrite)
    raise ValueError(f"unknown stand-in kind {kind!r}; choose one of {list(STANDIN_KINDS)}")
