"""Cartoon-face stand-in writing the ADL format: ``cartoon_attr.txt``, ``images/``, test labels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from torch import Tensor

from condgan.data.cartoon import CARTOON_LABEL_FILE, CARTOON_TEST_FILES, format_cartoon_row
from condgan.data.samplers import human_test_conditions
from condgan.data.spaces import CARTOON_ATTRIBUTES, CARTOON_HEADER, cartoon_space
from condgan.data.standin.atomic import save_image
from condgan.data.standin.face import render_face
from condgan.data.standin.palette import EYE_RGB, HAIR_RGB, SKIN_RGB
from condgan.files import atomic_folder

__all__ = ["balanced_labels", "cartoon_labels", "write_cartoon"]

_LABELS, _IMAGES, _NAMES, _TEST = 0, 1, 2, 3  # random streams of one seed


def balanced_labels(combinations: Tensor, n: int, rng: np.random.Generator) -> Tensor:
    """``n`` rows cycling through ``combinations`` (each cycle shuffled).

    Every combination occurs once per full cycle, so ``n >= K`` covers all ``K``.
    """
    k = len(combinations)
    order = np.concatenate([rng.permutation(k) for _ in range(-(-n // k))])[:n]
    return combinations[torch.from_numpy(order)]


def cartoon_labels(n: int, seed: int) -> Tensor:
    """The conditions ``write_cartoon(out, n, seed)`` writes, long ``(n, 4)``, without rendering.

    All 144 combinations occur once in every block of 144 rows (in shuffled order).
    """
    return balanced_labels(
        cartoon_space().combinations(), n, np.random.default_rng([seed, _LABELS])
    )


def _file_names(n: int, seed: int) -> list[str]:
    rng = np.random.default_rng([seed, _NAMES])
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        name = "cs" + "".join(str(d) for d in rng.integers(0, 10, 20))
        if name not in seen:
            seen.add(name)
            names.append(f"{name}.png")
    return names


def write_cartoon(
    out: str | Path, n: int, seed: int = 0, *, size: int = 128, overwrite: bool = False
) -> Path:
    """Render ``n`` cartoon faces and write them in the ADL format.

    Writes ``cartoon_attr.txt`` (row count, the 15-column header, rows),
    ``images/cs<digits>.png`` (``size x size`` RGB), and the condition-only
    ``sample_fid_testing_labels.txt`` (5000 rows) and
    ``sample_human_testing_labels.txt`` (720 rows, the human-test order).

    Returns:
        ``out``.

    Raises:
        ValueError: ``n < 1`` or ``size < 8``.
        FileExistsError: ``out`` is not empty and ``overwrite`` is false.
    """
    if n < 1 or size < 8:
        raise ValueError(f"need n >= 1 and size >= 8, got n={n}, size={size}")
    y = cartoon_labels(n, seed)
    names = _file_names(n, seed)
    hair, eye, face, glasses = (list(v) for v in CARTOON_ATTRIBUTES.values())
    with atomic_folder(out, overwrite=overwrite) as tmp:
        (tmp / "images").mkdir()
        rows = [str(n), " ".join(CARTOON_HEADER)]
        for i, (row, name) in enumerate(zip(y.tolist(), names)):
            h, e, f, g = row
            im = render_face(
                np.random.default_rng([seed, _IMAGES, i]), size,
                hair=HAIR_RGB[hair[h]], eye=EYE_RGB[eye[e]], skin=SKIN_RGB[face[f]],
                glasses=glasses[g] == "with",
            )  # fmt: skip
            save_image(im, tmp / "images" / name)
            rows.append(f"{name} {format_cartoon_row(y[i])}")
        (tmp / CARTOON_LABEL_FILE).write_text("\n".join(rows) + "\n")
        fid = cartoon_space().sample(5000, generator=torch.Generator().manual_seed(seed))
        for fname, ys in zip(CARTOON_TEST_FILES, (fid, human_test_conditions())):
            lines = [str(len(ys)), " ".join(CARTOON_HEADER)]
            lines += [format_cartoon_row(r) for r in ys]
            (tmp / fname).write_text("\n".join(lines) + "\n")
    return Path(out)
