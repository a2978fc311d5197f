"""ADL cartoon faces: ``cartoon_attr.txt`` + ``images/``, and the condition-only test label files.

File layout (DATASETS.md): line 1 the row count, line 2 the 15 one-hot column
names (:data:`~condgan.data.CARTOON_HEADER`), then one row per image,
``filename`` and 15 zeros/ones. Test label files have the same two lines and
rows without the file name.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import torch
from torch import Tensor

from condgan.data.dataset import BadInput, ConditionSet, LabeledImages
from condgan.data.files import read_lines, safe_join
from condgan.data.spaces import CARTOON_ATTRIBUTES, CARTOON_HEADER, cartoon_space

__all__ = [
    "CARTOON_LABEL_FILE",
    "CARTOON_TEST_FILES",
    "cartoon_conditions",
    "format_cartoon_row",
    "load_cartoon",
]

#: The label file of the training images.
CARTOON_LABEL_FILE = "cartoon_attr.txt"
#: The condition-only test label files of the course.
CARTOON_TEST_FILES: tuple[str, ...] = (
    "sample_fid_testing_labels.txt",
    "sample_human_testing_labels.txt",
)
_SIZES = [len(v) for v in CARTOON_ATTRIBUTES.values()]


def _header(lines: list[str], path: Path) -> int:
    """Check the two header lines; return the declared row count."""
    if len(lines) < 2:
        raise ValueError(
            f"{path}: expected a row count and a header line, got {len(lines)} line(s)"
        )
    try:
        count = int(lines[0].strip())
    except ValueError:
        raise ValueError(f"{path}, line 1: expected the row count, got {lines[0]!r}") from None
    header = tuple(lines[1].split())
    if header != CARTOON_HEADER:
        raise ValueError(
            f"{path}, line 2: wrong header; expected {' '.join(CARTOON_HEADER)!r}, got {lines[1]!r}"
        )
    return count


def _one_hot_row(values: list[str], path: Path, lineno: int) -> Tensor:
    where = f"{path}, line {lineno}"
    if len(values) != len(CARTOON_HEADER):
        raise ValueError(f"{where}: expected {len(CARTOON_HEADER)} zeros/ones, got {len(values)}")
    if any(v not in ("0", "1") for v in values):
        raise ValueError(f"{where}: expected only 0 and 1, got {' '.join(values)!r}")
    bits = [int(v) for v in values]
    out, start = [], 0
    for (attr, names), size in zip(CARTOON_ATTRIBUTES.items(), _SIZES):
        block = bits[start : start + size]
        if sum(block) != 1:
            raise ValueError(
                f"{where}: attribute {attr!r} ({', '.join(names)}) must have exactly one 1, "
                f"got {block}"
            )
        out.append(block.index(1))
        start += size
    return torch.tensor(out, dtype=torch.long)


def format_cartoon_row(y: Tensor) -> str:
    """One condition ``y`` long ``(4,)`` as the file's 15 space-separated zeros/ones."""
    bits: list[str] = []
    for v, size in zip(y.tolist(), _SIZES):
        bits += ["1" if i == v else "0" for i in range(size)]
    return " ".join(bits)


def load_cartoon(
    root: str | Path,
    *,
    size: int | None = 128,
    transform: Callable[[Tensor], Tensor] | None = None,
    skip_bad: bool = False,
) -> LabeledImages:
    """ADL cartoon faces: ``(image (3, size, size), y long (4,))`` (hair, eye, face, glasses).

    Args:
        root: the folder with ``cartoon_attr.txt`` and ``images/``.
        size: output side (the files are 128x128).
        transform: applied to each image tensor.
        skip_bad: skip and count malformed rows, missing and corrupt images.

    Raises:
        FileNotFoundError: the label file (or, without ``skip_bad``, an image) is missing.
        ValueError: wrong header, malformed or duplicate row (file and line
            named), a file name that leaves ``root``, or a row count that
            disagrees with line 1.
    """
    root = Path(root)
    path = root / CARTOON_LABEL_FILE
    lines = read_lines(path, what="cartoon label file")
    count = _header(lines, path)
    bad = BadInput(skip_bad)
    files, ys = [], []
    seen: dict[str, int] = {}
    rows = 0
    for lineno, line in enumerate(lines[2:], start=3):
        if not line.strip():
            continue
        rows += 1
        parts = line.split()
        try:
            y = _one_hot_row(parts[1:], path, lineno)
            safe_join(root / "images", parts[0], what=f"{path}, line {lineno}: image file name")
            if parts[0] in seen:
                raise ValueError(
                    f"{path}, line {lineno}: duplicate row for image {parts[0]!r} "
                    f"(first on line {seen[parts[0]]}); each image must be listed once"
                )
        except ValueError as err:
            bad(err)
            continue
        seen[parts[0]] = lineno
        files.append(f"images/{parts[0]}")
        ys.append(y)
    if rows != count:
        bad(ValueError(f"{path}, line 1: declares {count} rows but the file has {rows}"))
    y = torch.stack(ys) if ys else torch.zeros(0, 4, dtype=torch.long)
    return LabeledImages(
        root, files, y, cartoon_space(), size=size, transform=transform, skip_bad=skip_bad,
        bad=bad,
    )  # fmt: skip


def cartoon_conditions(path: str | Path) -> ConditionSet:
    """A condition-only cartoon label file (``sample_*_testing_labels.txt``).

    Returns:
        A :class:`ConditionSet` with ``y`` long ``(N, 4)``.

    Raises:
        FileNotFoundError: the file is missing.
        ValueError: wrong header, malformed row (file and line named) or wrong count.
    """
    path = Path(path)
    lines = read_lines(path, what="cartoon test label file")
    count = _header(lines, path)
    ys = [
        _one_hot_row(line.split(), path, lineno)
        for lineno, line in enumerate(lines[2:], start=3)
        if line.strip()
    ]
    if len(ys) != count:
        raise ValueError(f"{path}, line 1: declares {count} rows but the file has {len(ys)}")
    if not ys:
        raise ValueError(f"{path} holds no rows")
    return ConditionSet(cartoon_space(), torch.stack(ys), source=path)
