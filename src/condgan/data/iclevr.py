"""i-CLEVR: ``objects.json`` (or ``object.json``), ``train.json``, ``test.json``, and the images
in ``images/`` or, as the course's archive unpacks, ``iclevr/``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import torch
from torch import Tensor

from condgan.conditions import MultiLabel
from condgan.data.dataset import BadInput, ConditionSet, LabeledImages
from condgan.data.files import safe_join
from condgan.data.spaces import ICLEVR_OBJECTS, iclevr_space

__all__ = [
    "ICLEVR_IMAGE_DIRS",
    "ICLEVR_OBJECT_FILES",
    "iclevr_conditions",
    "iclevr_image_dir",
    "load_iclevr",
    "read_iclevr_objects",
]

#: The names the object -> index file has had, in the order they are looked for.
ICLEVR_OBJECT_FILES: tuple[str, ...] = ("objects.json", "object.json")
#: Image folders, in the order they are looked for (the course archive unpacks to ``iclevr/``).
ICLEVR_IMAGE_DIRS: tuple[str, ...] = ("images", "iclevr")


def iclevr_image_dir(root: str | Path) -> str:
    """The image folder of an i-CLEVR folder: the first of :data:`ICLEVR_IMAGE_DIRS` present
    (``"images"`` when none is, so that messages name the usual place)."""
    root = Path(root)
    return next((d for d in ICLEVR_IMAGE_DIRS if (root / d).is_dir()), ICLEVR_IMAGE_DIRS[0])


def _read_json(path: Path, what: str):
    if not path.is_file():
        raise FileNotFoundError(f"i-CLEVR {what} not found: {path}")
    text = path.read_text(encoding="utf-8")
    if not text.strip():
        raise ValueError(f"i-CLEVR {what} {path} is empty")
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"i-CLEVR {what} {path} is not valid JSON: {err}") from None


def read_iclevr_objects(root: str | Path) -> dict[str, int]:
    """The object -> index mapping of an i-CLEVR folder, checked against the course's.

    Raises:
        FileNotFoundError: neither ``objects.json`` nor ``object.json`` exists.
        ValueError: the mapping differs from ``index = shape * 8 + colour``.
    """
    root = Path(root)
    for name in ICLEVR_OBJECT_FILES:
        if (root / name).is_file():
            path = root / name
            break
    else:
        raise FileNotFoundError(
            f"i-CLEVR object file not found in {root} (looked for {list(ICLEVR_OBJECT_FILES)})"
        )
    mapping = _read_json(path, "object file")
    expected = {n: i for i, n in enumerate(ICLEVR_OBJECTS)}
    if mapping != expected:
        raise ValueError(
            f"{path} does not hold the 24 i-CLEVR objects with index = shape * 8 + colour "
            f"(expected {expected}, got {mapping})"
        )
    return mapping


def _conditions(space: MultiLabel, objs, where: str) -> Tensor:
    if not isinstance(objs, list) or not all(isinstance(o, str) for o in objs):
        raise ValueError(f"{where}: expected a list of object names, got {objs!r}")
    unknown = [o for o in objs if o not in space.names]
    if unknown:
        raise ValueError(f"{where}: unknown object name(s) {unknown}; valid: {list(space.names)}")
    try:
        return space.parse(objs)
    except ValueError as err:
        raise ValueError(f"{where}: {err}") from None


def load_iclevr(
    root: str | Path,
    *,
    size: int | None = 64,
    transform: Callable[[Tensor], Tensor] | None = None,
    skip_bad: bool = False,
    labels: str = "train.json",
) -> LabeledImages:
    """The i-CLEVR training images: ``(image (3, size, size), y float (24,))``.

    Args:
        root: folder with the object file, ``labels`` and ``images/`` (or ``iclevr/``).
        size: output side (the course resizes to 64).
        transform: applied to each image tensor.
        skip_bad: skip and count bad entries, missing and corrupt images.
        labels: the ``filename -> [object names]`` file.

    Raises:
        FileNotFoundError: a file is missing (without ``skip_bad`` also an image).
        ValueError: bad JSON, unknown names or a name that leaves ``root``.
    """
    root = Path(root)
    read_iclevr_objects(root)
    space = iclevr_space()
    path = root / labels
    table = _read_json(path, "label file")
    if not isinstance(table, dict):
        raise ValueError(f"{path} must map image file names to object lists, got a "
                         f"{type(table).__name__}")  # fmt: skip
    bad = BadInput(skip_bad)
    folder = iclevr_image_dir(root)
    files, ys = [], []
    for name, objs in table.items():
        try:
            y = _conditions(space, objs, f"{path}, entry {name!r}")
            safe_join(root / folder, name, what=f"{path}: image file name")
        except ValueError as err:
            bad(err)
            continue
        files.append(f"{folder}/{name}")
        ys.append(y)
    y = torch.stack(ys) if ys else torch.zeros(0, space.n)
    return LabeledImages(
        root, files, y, space, size=size, transform=transform, skip_bad=skip_bad, bad=bad
    )


def iclevr_conditions(path: str | Path) -> ConditionSet:
    """A condition-only i-CLEVR file (``test.json`` / ``new_test.json``): lists of object names.

    Args:
        path: the file, or a folder holding ``test.json``.

    Returns:
        A :class:`ConditionSet` with ``y`` float ``(N, 24)`` (N = 32 for the course files).

    Raises:
        FileNotFoundError: the file is missing.
        ValueError: not a JSON list of lists, an unknown name or a repeated object.
    """
    path = Path(path)
    if path.is_dir():
        path = path / "test.json"
    space = iclevr_space()
    data = _read_json(path, "test file")
    if not isinstance(data, list) or not data:
        raise ValueError(f"{path} must hold a non-empty JSON list of object lists")
    ys = [_conditions(space, objs, f"{path}, entry {i}") for i, objs in enumerate(data)]
    return ConditionSet(space, torch.stack(ys), source=path)
