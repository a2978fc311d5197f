"""The two dataset shapes every loader returns: labelled images, and conditions only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import torch
from torch import Tensor
from torch.utils.data import Dataset

from condgan.conditions import ConditionSpace
from condgan.data.files import load_image, safe_join

__all__ = ["BadInput", "ConditionSet", "LabeledImages"]

#: A transform applied to each loaded image, float ``(3, H, W)`` in ``[-1, 1]`` -> same.
Transform = Callable[[Tensor], Tensor]


class BadInput:
    """Collects rows and images that a ``skip_bad=True`` loader skipped.

    Each entry of :attr:`entries` is a message naming the file (and line).
    Without ``skip_bad`` the same problems raise instead.
    """

    def __init__(self, skip: bool) -> None:
        self.skip = skip
        self.entries: list[str] = []

    def __call__(self, err: Exception) -> None:
        """Record ``err`` when skipping, else raise it."""
        if not self.skip:
            raise err
        self.entries.append(str(err))


class LabeledImages(Dataset):
    """Images listed in a label file, with their conditions.

    ``dataset[i]`` is ``(image, y)``: ``image`` float ``(3, size, size)`` in
    ``[-1, 1]`` (after ``transform``), ``y`` one row of ``space``'s format
    (long ``(A,)`` for categorical spaces, float ``(n,)`` multi-hot for
    multi-label spaces). :attr:`y` holds all rows, ``(N, ...)``.

    Args:
        root: the data folder; every file name must stay inside it.
        files: image file names relative to ``root``, one per row of ``y``.
        y: the conditions, ``(N, ...)`` in ``space``'s format.
        space: the condition space.
        size: output side in pixels; ``None`` keeps each file's size.
        transform: applied to each image tensor (e.g. :func:`condgan.data.r5_augment`).
        skip_bad: skip (and list in :attr:`skipped`) missing and unreadable
            images instead of raising; each image is then opened once here.
        bad: problems already skipped while reading the label file.

    Raises:
        ValueError: a file name leaves ``root``, or (without ``skip_bad``)
            lengths disagree.
        FileNotFoundError: (without ``skip_bad``) an image is missing.
    """

    def __init__(
        self,
        root: str | Path,
        files: Sequence[str],
        y: Tensor,
        space: ConditionSpace,
        *,
        size: int | None = None,
        transform: Transform | None = None,
        skip_bad: bool = False,
        bad: BadInput | None = None,
    ) -> None:
        if len(files) != len(y):
            raise ValueError(f"got {len(files)} file names but {len(y)} conditions")
        self.root = Path(root)
        self.space = space
        self.size = size
        self.transform = transform
        bad = bad if bad is not None else BadInput(skip_bad)
        bad.skip = skip_bad
        keep: list[int] = []
        paths: list[Path] = []
        for i, name in enumerate(files):
            path = safe_join(self.root, name, what="image file name")
            if not path.is_file():
                bad(FileNotFoundError(f"image {name!r} listed in the labels is missing: {path}"))
                continue
            if skip_bad and not _readable(path):
                bad(ValueError(f"corrupt or unreadable image {path}"))
                continue
            keep.append(i)
            paths.append(path)
        self.paths = paths
        self.y = y[torch.tensor(keep, dtype=torch.long)] if len(keep) != len(y) else y
        self.skipped: list[str] = bad.entries

    @property
    def image_size(self) -> int | None:
        """The output side (``None``: each file's own size)."""
        return self.size

    @property
    def channels(self) -> int:
        """Always 3: the course data sets are RGB."""
        return 3

    @property
    def num_skipped(self) -> int:
        """How many rows or images were skipped (``skip_bad=True``)."""
        return len(self.skipped)

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, index: int) -> tuple[Tensor, Tensor]:
        image = load_image(self.paths[index], self.size)
        if self.transform is not None:
            image = self.transform(image)
        return image, self.y[index]

    def names(self, index: int) -> str:
        """The condition of row ``index`` in words (e.g. ``"blue hair red eyes"``)."""
        return self.space.describe(self.y[index : index + 1])[0]

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(root={str(self.root)!r}, n={len(self)}, size={self.size}, "
            f"space={self.space!r}, skipped={self.num_skipped})"
        )


def _readable(path: Path) -> bool:
    from PIL import Image

    try:
        with Image.open(path) as im:
            im.load()
    except Exception:  # any decoder failure means "unreadable"
        return False
    return True


class ConditionSet(Dataset):
    """Conditions without images (test label files): ``dataset[i]`` is one ``y`` row.

    Attributes:
        space: the condition space.
        y: all conditions, ``(N, ...)`` in ``space``'s format.
        ids: one identifier per row (the file's ids, or row numbers as strings).
        source: the file the conditions were read from (if any).
        partial: the conditions as the file gave them, ``-1`` where an attribute
            was left free (``None`` when every row was complete).
    """

    def __init__(
        self,
        space: ConditionSpace,
        y: Tensor,
        ids: Sequence[str] | None = None,
        source: str | Path | None = None,
        partial: Tensor | None = None,
    ) -> None:
        space.validate(y)
        self.space = space
        self.y = y
        self.ids = list(ids) if ids is not None else [str(i) for i in range(len(y))]
        if len(self.ids) != len(y):
            raise ValueError(f"got {len(self.ids)} ids but {len(y)} conditions")
        self.source = None if source is None else Path(source)
        free = partial is not None and bool((partial < 0).any())
        self.partial = partial if free else None

    def __len__(self) -> int:
        return len(self.y)

    def __getitem__(self, index: int) -> Tensor:
        return self.y[index]

    def describe(self) -> list[str]:
        """Every condition in words."""
        return self.space.describe(self.y)

    def __repr__(self) -> str:
        return f"ConditionSet(n={len(self)}, space={self.space!r}, source={self.source})"
