"""A minimal procedural stand-in renderer, used only while :mod:`condgan.data` is absent.

It writes the real formats of DATASETS.md (``cartoon_attr.txt`` + ``images/``;
i-CLEVR ``objects.json`` / ``train.json`` / ``images/``; anime ``tags.csv`` +
``images/``), so :mod:`condgan.metrics._data`'s readers load it like the real data.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from condgan.metrics.evaluator import ICLEVR_OBJECTS

CARTOON_HEADER = (
    "hair_blonde hair_orange hair_brown hair_black hair_blue hair_white eye_brown eye_blue "
    "eye_green eye_black face_African face_Asian face_Caucasian with_glasses without_glasses"
).split()
ANIME_HAIR = ["aqua", "black", "blonde", "blue", "brown", "gray", "green", "orange", "pink",
              "purple", "red", "white"]  # fmt: skip
ANIME_EYES = ["aqua", "black", "blue", "brown", "green", "orange", "pink", "purple", "red",
              "yellow"]  # fmt: skip
RGB = {
    "blonde": (240, 215, 110), "orange": (235, 130, 40), "brown": (120, 70, 35),
    "black": (25, 25, 30), "blue": (50, 80, 220), "white": (240, 240, 240), "aqua": (60, 215, 215),
    "gray": (140, 140, 140), "green": (50, 170, 60), "pink": (245, 140, 190),
    "purple": (140, 60, 190), "red": (210, 35, 35), "yellow": (235, 220, 40),
    "cyan": (40, 200, 220),
}  # fmt: skip
SKIN = {"African": (110, 70, 45), "Asian": (240, 210, 170), "Caucasian": (250, 195, 180)}


def _face(rng, size, hair, eye, skin, glasses) -> Image.Image:
    s = 2 * size
    bg = tuple(int(v) for v in rng.integers(170, 250, 3))
    im = Image.new("RGB", (s, s), bg)
    d = ImageDraw.Draw(im)
    cx = s / 2 + rng.uniform(-0.05, 0.05) * s
    cy = s / 2 + rng.uniform(-0.03, 0.05) * s
    fw, fh = rng.uniform(0.26, 0.34) * s, rng.uniform(0.32, 0.38) * s
    style = rng.integers(0, 3)
    hc = RGB[hair]
    if style == 2:  # long hair behind the face
        d.rectangle([cx - fw * 1.15, cy - fh * 0.6, cx + fw * 1.15, cy + fh * 1.0], fill=hc)
    d.ellipse([cx - fw, cy - fh, cx + fw, cy + fh], fill=skin)
    d.pieslice([cx - fw * 1.1, cy - fh * 1.15, cx + fw * 1.1, cy + fh * (0.2 + 0.2 * style)],
               180, 360, fill=hc)  # fmt: skip
    gap = rng.uniform(0.38, 0.5) * fw
    ey = cy + rng.uniform(-0.05, 0.08) * fh
    er = 0.2 * fw
    for sx in (-1, 1):
        ex = cx + sx * gap
        d.ellipse([ex - er * 1.3, ey - er, ex + er * 1.3, ey + er], fill=(255, 255, 255))
        d.ellipse([ex - er * 0.75, ey - er * 0.75, ex + er * 0.75, ey + er * 0.75], fill=RGB[eye])
        d.ellipse([ex - er * 0.3, ey - er * 0.3, ex + er * 0.3, ey + er * 0.3], fill=(0, 0, 0))
        if glasses:
            d.ellipse([ex - er * 1.8, ey - er * 1.6, ex + er * 1.8, ey + er * 1.6],
                      outline=(20, 20, 20), width=max(2, s // 64))  # fmt: skip
    if glasses:
        d.line([cx - gap + er * 1.8, ey, cx + gap - er * 1.8, ey], fill=(20, 20, 20),
               width=max(2, s // 64))  # fmt: skip
    my = cy + 0.55 * fh
    d.arc([cx - 0.3 * fw, my - 0.15 * fh, cx + 0.3 * fw, my + 0.1 * fh], 20, 160,
          fill=(90, 30, 30), width=max(2, s // 80))  # fmt: skip
    return im.resize((size, size), Image.LANCZOS)


def write_cartoon(folder: Path, n: int, seed: int, size: int = 128) -> None:
    rng = np.random.default_rng(seed)
    (folder / "images").mkdir(parents=True, exist_ok=True)
    lines = [str(n), " ".join(CARTOON_HEADER)]
    for i in range(n):
        h, e, f, g = rng.integers(0, 6), rng.integers(0, 4), rng.integers(0, 3), rng.integers(0, 2)
        names = CARTOON_HEADER
        im = _face(rng, size, names[h][5:], names[6 + e][4:], SKIN[names[10 + f][5:]], g == 0)
        fn = f"cs{seed}_{i:06d}.png"
        im.save(folder / "images" / fn)
        row = [0] * 15
        row[h], row[6 + e], row[10 + f], row[13 + g] = 1, 1, 1, 1
        lines.append(fn + " " + " ".join(map(str, row)))
    (folder / "cartoon_attr.txt").write_text("\n".join(lines) + "\n")


def write_anime(folder: Path, n: int, seed: int, size: int = 64) -> None:
    rng = np.random.default_rng(seed)
    (folder / "images").mkdir(parents=True, exist_ok=True)
    rows = []
    for i in range(n):
        h, e = ANIME_HAIR[rng.integers(0, 12)], ANIME_EYES[rng.integers(0, 10)]
        _face(rng, size, h, e, SKIN["Asian"], False).save(folder / "images" / f"{i}.jpg",
                                                          quality=95)  # fmt: skip
        rows.append(f"{i},{h} hair {e} eyes")
    (folder / "tags.csv").write_text("\n".join(rows) + "\n")


def _scene(rng, objects: list[int], size: int) -> Image.Image:
    s = 2 * size
    im = Image.new("RGB", (s, s))
    arr = np.zeros((s, s, 3), np.float32)
    grad = np.linspace(95, 150, s, dtype=np.float32)[:, None]
    arr[:] = grad[..., None]
    im = Image.fromarray(arr.astype(np.uint8))
    d = ImageDraw.Draw(im)
    placed: list[tuple[float, float, float]] = []
    items = []
    for obj in objects:
        for _ in range(50):
            r = rng.uniform(0.09, 0.14) * s
            x, y = rng.uniform(0.18, 0.82) * s, rng.uniform(0.35, 0.82) * s
            if all((x - px) ** 2 + (y - py) ** 2 > (r + pr) ** 2 * 0.8 for px, py, pr in placed):
                break
        placed.append((x, y, r))
        items.append((y, x, r, obj))
    for y, x, r, obj in sorted(items):  # far (top) first
        shape = obj // 8
        base = np.array(RGB.get(ICLEVR_OBJECTS[obj].split()[0], (128, 128, 128)), np.float32)
        if ICLEVR_OBJECTS[obj].startswith("gray"):
            base = np.array((150, 150, 150), np.float32)
        dark = tuple(int(v) for v in base * 0.6)
        lite = tuple(int(min(255, v * 1.15 + 20)) for v in base)
        col = tuple(int(v) for v in base)
        d.ellipse([x - r * 1.1, y + r * 0.6, x + r * 1.3, y + r * 1.1], fill=(70, 70, 75))
        if shape == 0:  # cube
            d.rectangle([x - r, y - r * 0.7, x + r, y + r], fill=col)
            d.polygon([(x - r, y - r * 0.7), (x - r * 0.5, y - r * 1.2), (x + r * 1.4, y - r * 1.2),
                       (x + r, y - r * 0.7)], fill=lite)  # fmt: skip
            d.polygon([(x + r, y - r * 0.7), (x + r * 1.4, y - r * 1.2), (x + r * 1.4, y + r * 0.5),
                       (x + r, y + r)], fill=dark)  # fmt: skip
        elif shape == 1:  # sphere
            d.ellipse([x - r, y - r, x + r, y + r], fill=dark)
            d.ellipse([x - r * 0.85, y - r * 0.9, x + r * 0.7, y + r * 0.6], fill=col)
            d.ellipse([x - r * 0.45, y - r * 0.55, x - r * 0.05, y - r * 0.2], fill=lite)
        else:  # cylinder
            d.rectangle([x - r * 0.8, y - r * 0.8, x + r * 0.8, y + r], fill=col)
            d.ellipse([x - r * 0.8, y + r * 0.75, x + r * 0.8, y + r * 1.25], fill=col)
            d.rectangle([x + r * 0.3, y - r * 0.8, x + r * 0.8, y + r], fill=dark)
            d.ellipse([x - r * 0.8, y - r * 1.1, x + r * 0.8, y - r * 0.5], fill=lite)
    return im.resize((size, size), Image.LANCZOS)


def write_iclevr(folder: Path, n: int, seed: int, size: int = 64) -> None:
    rng = np.random.default_rng(seed)
    (folder / "images").mkdir(parents=True, exist_ok=True)
    (folder / "objects.json").write_text(json.dumps({k: i for i, k in enumerate(ICLEVR_OBJECTS)}))
    train: dict[str, list[str]] = {}
    for i in range(n):
        k = int(rng.integers(1, 4))
        objs = [int(v) for v in rng.choice(24, size=k, replace=False)]
        fn = f"CLEVR_train_{seed:03d}{i:06d}_{k - 1}.png"
        _scene(rng, objs, size).save(folder / "images" / fn)
        train[fn] = [ICLEVR_OBJECTS[o] for o in objs]
    (folder / "train.json").write_text(json.dumps(train))


WRITERS = {"cartoon": write_cartoon, "iclevr": write_iclevr, "anime": write_anime}
