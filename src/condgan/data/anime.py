"""Anime faces: 2018 ``tags.csv`` + ``images/``, 2017 ``tags_clean.csv`` + ``faces/``, test texts.

- 2018 rows: ``id,<colour> hair <colour> eyes``; images ``images/<id>.<ext>``.
- 2017 rows: ``id,tag:count<TAB>tag:count...``; images ``faces/<id>.<ext>``; only
  images with exactly one hair colour and one eye colour of the vocabulary are
  kept (the others are *filtered*, not errors).
- Test text files (``testing_tags.txt`` / ``testing_text.txt``): ``id,text``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

import torch
from torch import Tensor

from condgan.conditions import MultiCategorical
from condgan.data.dataset import BadInput, ConditionSet, LabeledImages
from condgan.data.files import read_lines, safe_join
from condgan.data.spaces import anime_space

__all__ = [
    "ANIME_LABEL_FILES",
    "anime_conditions",
    "detect_anime_version",
    "load_anime",
    "parse_tags_2017",
]

#: Label file and image folder of each version.
ANIME_LABEL_FILES: dict[int, tuple[str, str]] = {
    2018: ("tags.csv", "images"),
    2017: ("tags_clean.csv", "faces"),
}
_IMAGE_EXTS = (".jpg", ".jpeg", ".png", ".bmp", ".webp")


def _split_id(line: str, path: Path, lineno: int) -> tuple[str, str]:
    if "," not in line:
        raise ValueError(f"{path}, line {lineno}: expected 'id,text', got {line!r}")
    idx, rest = line.split(",", 1)
    idx = idx.strip()
    if not idx:
        raise ValueError(f"{path}, line {lineno}: empty id in {line!r}")
    return idx, rest.strip()


def _parse_text(space: MultiCategorical, text: str, path: Path, lineno: int) -> Tensor:
    try:
        return space.parse(text)
    except ValueError as err:
        raise ValueError(f"{path}, line {lineno}: {err}") from None


def parse_tags_2017(
    field: str, space: MultiCategorical, path: Path | str = "<tags>", lineno: int = 0
) -> Tensor | None:
    """One 2017 tag field (``tag:count<TAB>...``) -> ``y`` long ``(2,)``, or ``None``.

    ``None`` when the tags do not name exactly one hair colour and one eye
    colour of ``space``'s vocabulary (such images are left out).

    Raises:
        ValueError: a tag is not ``name:count`` with an integer count.
    """
    hair, eyes = set(), set()
    hair_vals, eye_vals = space.values
    for tag in field.split("\t"):
        tag = tag.strip()
        if not tag:
            continue
        name, sep, count = tag.rpartition(":")
        if not sep or not name.strip() or not count.strip().lstrip("-").isdigit():
            raise ValueError(f"{path}, line {lineno}: expected 'tag:count', got {tag!r}")
        words = name.split()
        if len(words) == 2 and words[1] == "hair" and words[0] in hair_vals:
            hair.add(words[0])
        elif len(words) == 2 and words[1] == "eyes" and words[0] in eye_vals:
            eyes.add(words[0])
    if len(hair) != 1 or len(eyes) != 1:
        return None
    return torch.tensor([hair_vals.index(hair.pop()), eye_vals.index(eyes.pop())])


def detect_anime_version(root: str | Path) -> int:
    """2018 when ``root`` has ``tags.csv``, 2017 when it has ``tags_clean.csv``.

    Raises:
        FileNotFoundError: neither file exists.
    """
    root = Path(root)
    for version, (label, _) in ANIME_LABEL_FILES.items():
        if (root / label).is_file():
            return version
    raise FileNotFoundError(f"no anime label file (tags.csv or tags_clean.csv) in {root}")


def load_anime(
    root: str | Path,
    *,
    version: Literal[2017, 2018] | None = None,
    size: int | None = None,
    transform: Callable[[Tensor], Tensor] | None = None,
    skip_bad: bool = False,
) -> LabeledImages:
    """Anime faces: ``(image (3, size, size), y long (2,))`` (hair, eyes).

    Args:
        root: the folder with the label file and the image folder (for 2018 the
            course's ``extra_data/``).
        version: 2018 or 2017; default: from the label file present.
        size: output side; default 64 (2018) or 96 (2017).
        transform: applied to each image tensor (R5: :func:`condgan.data.r5_augment`).
        skip_bad: skip and count malformed rows, missing and corrupt images.

    The result's ``filtered`` attribute counts 2017 rows left out for not having
    exactly one hair and one eye colour.

    Raises:
        FileNotFoundError: the label file (or, without ``skip_bad``, an image) is missing.
        ValueError: malformed row or unknown colour (file and line named), a
            duplicate id, or an id that leaves the image folder.
    """
    root = Path(root)
    version = detect_anime_version(root) if version is None else version
    if version not in ANIME_LABEL_FILES:
        raise ValueError(f"anime version must be 2017 or 2018, got {version!r}")
    label, folder = ANIME_LABEL_FILES[version]
    space = anime_space(version)
    path = root / label
    lines = read_lines(path, what=f"anime {version} label file")
    image_dir = root / folder
    if not image_dir.is_dir():
        raise FileNotFoundError(f"anime image folder not found: {image_dir}")
    by_stem: dict[str, str] = {}
    for p in sorted(image_dir.iterdir()):
        if p.suffix.lower() in _IMAGE_EXTS:
            by_stem.setdefault(p.stem, p.name)
    bad = BadInput(skip_bad)
    files, ys, seen = [], [], set()
    filtered = 0
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            idx, rest = _split_id(line, path, lineno)
            safe_join(image_dir, idx, what=f"{path}, line {lineno}: image id")
            if idx in seen:
                raise ValueError(f"{path}, line {lineno}: id {idx!r} appears twice")
            if version == 2018:
                y = _parse_text(space, rest, path, lineno)
            else:
                y = parse_tags_2017(rest, space, path, lineno)
        except ValueError as err:
            bad(err)
            continue
        seen.add(idx)
        if y is None:
            filtered += 1
            continue
        files.append(f"{folder}/{by_stem.get(idx, idx + '.jpg')}")
        ys.append(y)
    y = torch.stack(ys) if ys else torch.zeros(0, 2, dtype=torch.long)
    out = LabeledImages(
        root, files, y, space, size=size or (64 if version == 2018 else 96),
        transform=transform, skip_bad=skip_bad, bad=bad,
    )  # fmt: skip
    out.filtered = filtered
    out.version = version
    return out


def anime_conditions(
    path: str | Path,
    *,
    version: Literal[2017, 2018] = 2018,
    prior: Tensor | None = None,
    seed: int = 0,
) -> ConditionSet:
    """A test text file (``id,<colour> hair <colour> eyes`` per line) as conditions.

    A line may give one attribute only (``3,blue hair``, as some 2017 test files
    do); the other is left free and drawn from ``prior`` (the data's conditions,
    ``(N, 2)``) or uniformly, with ``seed``. :attr:`ConditionSet.partial` keeps
    the lines as given (``-1`` where free).

    Returns:
        A :class:`ConditionSet` with ``y`` long ``(N, 2)`` and the file's ids.

    Raises:
        FileNotFoundError: the file is missing.
        ValueError: empty file, a line without ``id,`` or an unknown colour
            (file and line named).
    """
    path = Path(path)
    space = anime_space(version)
    ids, ys = [], []
    for lineno, line in enumerate(read_lines(path, what="anime test text file"), start=1):
        if not line.strip():
            continue
        idx, text = _split_id(line, path, lineno)
        ids.append(idx)
        try:
            ys.append(space.parse_partial(text))
        except ValueError as err:
            raise ValueError(f"{path}, line {lineno}: {err}") from None
    partial = torch.stack(ys)
    y = space.complete(partial, prior=prior, generator=torch.Generator().manual_seed(seed))
    return ConditionSet(space, y, ids=ids, source=path, partial=partial)
