"""i-CLEVR-like stand-in: objects.json, staged train.json, test.json, new_test.json, images/."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from condgan.data.spaces import ICLEVR_OBJECTS
from condgan.data.standin.atomic import save_image
from condgan.data.standin.scene import place_objects, random_stage, render_scene
from condgan.files import atomic_folder

__all__ = ["iclevr_objects_json", "iclevr_test_conditions", "iclevr_train_labels", "write_iclevr"]

_LABELS, _LAYOUT, _TEST, _NEW_TEST = 0, 1, 2, 3  # random streams of one seed


def iclevr_objects_json() -> dict[str, int]:
    """The course's mapping: object name -> ``shape_index * 8 + colour_index``."""
    return {name: i for i, name in enumerate(ICLEVR_OBJECTS)}


def iclevr_train_labels(n: int, seed: int) -> dict[str, list[str]]:
    """``train.json``'s content for ``n`` images, without rendering.

    Scenes of three stages: ``CLEVR_train_<scene>_0.png`` holds one object,
    ``_1`` adds a second and ``_2`` a third (all distinct); the last scene is
    cut short when ``n`` is not a multiple of 3.
    """
    rng = np.random.default_rng([seed, _LABELS])
    out: dict[str, list[str]] = {}
    scene = 0
    while len(out) < n:
        objs = [str(o) for o in rng.choice(ICLEVR_OBJECTS, 3, replace=False)]
        for stage in range(3):
            if len(out) == n:
                break
            out[f"CLEVR_train_{scene:06d}_{stage}.png"] = objs[: stage + 1]
        scene += 1
    return out


def iclevr_test_conditions(seed: int, stream: int = _TEST, n: int = 32) -> list[list[str]]:
    """A ``test.json``-like list of ``n`` condition lists (1-3 distinct objects each)."""
    rng = np.random.default_rng([seed, stream])
    return [
        [str(o) for o in rng.choice(ICLEVR_OBJECTS, int(rng.integers(1, 4)), replace=False)]
        for _ in range(n)
    ]


def write_iclevr(
    out: str | Path, n: int, seed: int = 0, *, size: int = 64, overwrite: bool = False
) -> Path:
    """Render ``n`` i-CLEVR-like images and write them in the course's format.

    Writes ``objects.json`` (the exact course mapping), ``train.json`` (staged
    scenes, see :func:`iclevr_train_labels`), ``test.json`` and
    ``new_test.json`` (32 condition lists each) and ``images/*.png``.

    Raises:
        ValueError: ``n < 1`` or ``size < 8``.
        FileExistsError: ``out`` is not empty and ``overwrite`` is false.
    """
    if n < 1 or size < 8:
        raise ValueError(f"need n >= 1 and size >= 8, got n={n}, size={size}")
    labels = iclevr_train_labels(n, seed)
    with atomic_folder(out, overwrite=overwrite) as tmp:
        (tmp / "images").mkdir()
        objects: tuple = ()
        stage = None
        for name, objs in labels.items():
            scene = int(name.split("_")[2])
            if name.endswith("_0.png"):
                rng = np.random.default_rng([seed, _LAYOUT, scene])
                stage = random_stage(rng)
                objects = ()
            objects = place_objects(rng, objs[len(objects) :], objects)
            save_image(render_scene(objects, stage, size), tmp / "images" / name)
        dump = {"indent": None, "separators": (", ", ": ")}
        (tmp / "objects.json").write_text(json.dumps(iclevr_objects_json(), **dump))
        (tmp / "train.json").write_text(json.dumps(labels, **dump))
        (tmp / "test.json").write_text(json.dumps(iclevr_test_conditions(seed, _TEST), **dump))
        (tmp / "new_test.json").write_text(
            json.dumps(iclevr_test_conditions(seed, _NEW_TEST), **dump)
        )
    return Path(out)
