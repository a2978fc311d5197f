"""The few things the metrics need from data folders.

``load_labeled_images(folder)`` -> images (uint8), conditions and space of a data
folder in any supported format (i-CLEVR, ADL cartoon, anime 2018 tags);
``write_standin(kind, folder, n, seed)`` renders a procedural stand-in there.

These are small adapters: they read the formats of DATASETS.md directly, and
render with :mod:`condgan.metrics._standin_fallback` (the data package's
stand-in writers were not available when the evaluators were trained).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import Tensor

from condgan.conditions import ConditionSpace, MultiCategorical, MultiLabel


@dataclass
class LabeledImages:
    """A data folder in memory: ``images`` uint8 ``(N, 3, H, W)``, ``y`` in ``space``'s format."""

    images: Tensor
    y: Tensor
    space: ConditionSpace


def write_standin(kind: str, folder: str | Path, n: int, seed: int) -> Path:
    from condgan.metrics._standin_fallback import WRITERS

    folder = Path(folder)
    WRITERS[kind](folder, n, seed)
    return folder


def _read_images(folder: Path, files: list[str], size: int | None) -> Tensor:
    from PIL import Image

    root = folder.resolve()
    arrays = []
    for name in files:
        p = (folder / name).resolve()
        if root not in p.parents:
            raise ValueError(f"image name {name!r} leaves the data folder {folder}")
        if not p.is_file():
            raise FileNotFoundError(f"image listed in the labels is missing: {p}")
        im = Image.open(p).convert("RGB")
        if size is not None and im.size != (size, size):
            im = im.resize((size, size), Image.BICUBIC)
        arrays.append(np.asarray(im))
    return torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2).contiguous()


def _cartoon(folder: Path, n: int | None) -> LabeledImages:
    lines = (folder / "cartoon_attr.txt").read_text().split("\n")
    header = lines[1].split()
    prefixes = [("hair", "hair_"), ("eye", "eye_"), ("face", "face_")]
    attrs = {a: [h[len(p) :] for h in header if h.startswith(p)] for a, p in prefixes}
    attrs["glasses"] = ["with", "without"]
    space = MultiCategorical(attrs)
    files, ys = [], []
    for line in lines[2:]:
        if not line.strip():
            continue
        parts = line.split()
        row = np.array([int(v) for v in parts[1:]])
        files.append(f"images/{parts[0]}")
        ys.append([int(row[0:6].argmax()), int(row[6:10].argmax()), int(row[10:13].argmax()),
                   int(row[13:15].argmax())])  # fmt: skip
        if n is not None and len(files) >= n:
            break
    return LabeledImages(_read_images(folder, files, 64), torch.tensor(ys), space)


def _iclevr(folder: Path, n: int | None) -> LabeledImages:
    obj_file = folder / "objects.json"
    if not obj_file.is_file():
        obj_file = folder / "object.json"
    mapping = json.loads(obj_file.read_text())
    names = [k for k, _ in sorted(mapping.items(), key=lambda kv: kv[1])]
    space = MultiLabel(names, min_labels=1, max_labels=3)
    items = list(json.loads((folder / "train.json").read_text()).items())[:n]
    y = torch.zeros(len(items), len(names))
    for i, (_, objs) in enumerate(items):
        y[i, [mapping[o] for o in objs]] = 1
    images = _read_images(folder, [f"images/{f}" for f, _ in items], 64)
    return LabeledImages(images, y, space)


def _anime(folder: Path, n: int | None) -> LabeledImages:
    from condgan.metrics._standin_fallback import ANIME_EYES, ANIME_HAIR

    space = MultiCategorical({"hair": ANIME_HAIR, "eyes": ANIME_EYES})
    rows = [r for r in (folder / "tags.csv").read_text().split("\n") if r.strip()][:n]
    files, ys = [], []
    for r in rows:
        idx, text = r.split(",", 1)
        ys.append(space.parse(text).tolist())
        found = [p for p in (folder / "images").glob(f"{idx}.*")]
        if not found:
            raise FileNotFoundError(f"image {idx} of {folder / 'tags.csv'} is missing")
        files.append(str(found[0].relative_to(folder)))
    return LabeledImages(_read_images(folder, files, 64), torch.tensor(ys), space)


_FORMATS = {"cartoon_attr.txt": _cartoon, "objects.json": _iclevr, "object.json": _iclevr,
            "tags.csv": _anime}  # fmt: skip


def load_labeled_images(folder: str | Path, *, n: int | None = None) -> LabeledImages:
    """Images (resized to 64x64), conditions and space of a data folder.

    Raises:
        FileNotFoundError: the folder does not exist or has no known label file.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"data folder not found: {folder}")
    for marker, reader in _FORMATS.items():
        if (folder / marker).is_file():
            return reader(folder, n)
    raise FileNotFoundError(
        f"{folder} holds no known label file (one of {sorted(_FORMATS)}); expected an i-CLEVR, "
        "ADL cartoon or anime (2018 tags.csv) data folder"
    )
