"""Tiny user data sets written by the tests: folders, tables and tensors of small images."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from PIL import Image

COLOURS = {"red": (220, 30, 30), "green": (30, 200, 40), "blue": (30, 40, 220)}


def write_image(path: Path, colour=(128, 128, 128), size=16, mode="RGB", seed=0) -> Path:
    """A small noisy image of ``colour`` (``mode`` ``"RGB"``, ``"L"`` or ``"RGBA"``)."""
    rng = np.random.default_rng(seed)
    w, h = (size, size) if isinstance(size, int) else size
    arr = np.clip(np.array(colour)[None, None] + rng.normal(0, 12, (h, w, 3)), 0, 255)
    im = Image.fromarray(arr.astype(np.uint8), "RGB")
    if mode == "RGBA":
        im = im.convert("RGBA")
    elif mode == "L":
        im = im.convert("L")
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path)
    return path


def class_folder(root: Path, n_per_class=4, size=16, mode="RGB") -> Path:
    """``root/<colour>/<i>.png`` for three colours."""
    for c, rgb in COLOURS.items():
        for i in range(n_per_class):
            write_image(root / c / f"{i}.png", rgb, size, mode, seed=i)
    return root


def attribute_folder(root: Path, size=16) -> Path:
    """``root/colour=<c>/shape=<s>/<i>.png``: two attributes."""
    for c, rgb in COLOURS.items():
        for s in ("round", "square"):
            for i in range(2):
                write_image(root / f"colour={c}" / f"shape={s}" / f"{i}.png", rgb, size, seed=i)
    return root


def csv_table(root: Path, size=16, kind="attributes") -> Path:
    """``root/labels.csv`` with a ``file`` column and attributes, label lists or texts."""
    lines = []
    for c, rgb in COLOURS.items():
        for j in range(3):
            name = f"img/{c}{j}.png"
            write_image(root / name, rgb, size, seed=j)
            if kind == "attributes":
                lines.append(f"{name},{c},{'big' if j % 2 else 'small'}")
            elif kind == "labels":
                lines.append(f"{name},{c};{'big' if j % 2 else 'small'}")
            else:
                lines.append(f'{name},"a {c} {"big" if j % 2 else "small"} square"')
    header = {"attributes": "file,colour,size", "labels": "file,labels", "text": "file,text"}
    path = root / "labels.csv"
    path.write_text(header[kind] + "\n" + "\n".join(lines) + "\n")
    return path


def jsonl_table(root: Path, size=16) -> Path:
    rows = []
    for c, rgb in COLOURS.items():
        for j in range(2):
            name = f"{c}{j}.png"
            write_image(root / name, rgb, size, seed=j)
            rows.append(json.dumps({"file_name": name, "labels": [c, "thing"]}))
    path = root / "metadata.jsonl"
    path.write_text("\n".join(rows) + "\n")
    return path
