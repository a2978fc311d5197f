"""Anime-face stand-in: 2018 ``tags.csv`` + ``images/`` or 2017 ``tags_clean.csv`` + ``faces/``."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np
import torch
from torch import Tensor

from condgan.data.anime import ANIME_LABEL_FILES
from condgan.data.spaces import anime_space
from condgan.data.standin.atomic import save_image
from condgan.data.standin.cartoon import balanced_labels
from condgan.data.standin.face import render_face
from condgan.data.standin.palette import EYE_RGB, HAIR_RGB
from condgan.files import atomic_folder

__all__ = ["ANIME_MISSING_2018", "ANIME_TEST_FILES", "anime_labels", "write_anime"]

#: The one hair/eye pair absent from the real 2018 set (and so from its stand-in).
ANIME_MISSING_2018: tuple[str, str] = ("purple", "black")
#: The test text file of each version.
ANIME_TEST_FILES: dict[int, str] = {2018: "testing_tags.txt", 2017: "testing_text.txt"}
_EXTRA_TAGS = ("long hair", "short hair", "smile", "blush", "open mouth", "ribbon", "twintails")
_SKIN = (252, 224, 206)
_LABELS, _IMAGES, _TEST, _TAGS = 0, 1, 2, 3


def _combinations(version: int) -> Tensor:
    space = anime_space(version)
    combos = space.combinations()
    if version == 2018:
        h, e = (space.values[0].index(ANIME_MISSING_2018[0]),
                space.values[1].index(ANIME_MISSING_2018[1]))  # fmt: skip
        combos = combos[~((combos[:, 0] == h) & (combos[:, 1] == e))]
    return combos


def anime_labels(n: int, seed: int, version: Literal[2017, 2018] = 2018) -> Tensor:
    """The conditions ``write_anime`` draws, long ``(n, 2)``, without rendering.

    Balanced over the combinations (119 for 2018: purple hair + black eyes is
    left out as in the real set; 132 for 2017).
    """
    return balanced_labels(_combinations(version), n, np.random.default_rng([seed, _LABELS]))


def write_anime(
    out: str | Path,
    n: int,
    seed: int = 0,
    *,
    version: Literal[2017, 2018] = 2018,
    size: int | None = None,
    overwrite: bool = False,
) -> Path:
    """Render ``n`` anime-style faces and write them in the 2018 or 2017 format.

    2018: ``tags.csv`` (``id,<c> hair <c> eyes``) and ``images/<id>.jpg``
    (64x64 by default). 2017: ``tags_clean.csv`` (``id,tag:count<TAB>...`` with
    extra tags; about one row in ten names two hair colours or no eye colour,
    which the loader filters out as for the real set) and ``faces/<id>.jpg``
    (96x96 by default). Both write the test text file (25 ``id,text`` lines).

    Raises:
        ValueError: ``n < 1``, a bad ``size`` or ``version``.
        FileExistsError: ``out`` is not empty and ``overwrite`` is false.
    """
    if version not in ANIME_LABEL_FILES:
        raise ValueError(f"anime version must be 2017 or 2018, got {version!r}")
    if size is None:
        size = 64 if version == 2018 else 96
    if n < 1 or size < 8:
        raise ValueError(f"need n >= 1 and size >= 8, got n={n}, size={size}")
    space = anime_space(version)
    hair_names, eye_names = space.values
    y = anime_labels(n, seed, version)
    label_file, folder = ANIME_LABEL_FILES[version]
    tag_rng = np.random.default_rng([seed, _TAGS])
    with atomic_folder(out, overwrite=overwrite) as tmp:
        (tmp / folder).mkdir()
        rows = []
        for i, (h, e) in enumerate(y.tolist()):
            im = render_face(
                np.random.default_rng([seed, _IMAGES, i]), size,
                hair=HAIR_RGB[hair_names[h]], eye=EYE_RGB[eye_names[e]], skin=_SKIN,
                glasses=False, style="anime",
            )  # fmt: skip
            save_image(im, tmp / folder / f"{i}.jpg")
            if version == 2018:
                rows.append(f"{i},{hair_names[h]} hair {eye_names[e]} eyes")
                continue
            tags = [f"{hair_names[h]} hair", f"{eye_names[e]} eyes"]
            noise = tag_rng.uniform()
            if noise < 0.05:
                tags.append(f"{hair_names[(h + 1) % len(hair_names)]} hair")
            elif noise < 0.1:
                tags.remove(f"{eye_names[e]} eyes")
            k = int(tag_rng.integers(0, 3))
            tags += [str(t) for t in tag_rng.choice(_EXTRA_TAGS, k, replace=False)]
            order = tag_rng.permutation(len(tags))
            fields = [f"{tags[j]}:{int(tag_rng.integers(1, 5000))}" for j in order]
            rows.append(f"{i}," + "\t".join(fields))
        (tmp / label_file).write_text("\n".join(rows) + "\n")
        test = space.sample(25, generator=torch.Generator().manual_seed(seed))
        lines = [f"{i + 1},{text}" for i, text in enumerate(space.describe(test))]
        (tmp / ANIME_TEST_FILES[version]).write_text("\n".join(lines) + "\n")
    return Path(out)
