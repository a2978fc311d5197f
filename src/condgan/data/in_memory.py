"""A labelled image set held in memory (decoded once, augmented per item)."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import Tensor
from torch.utils.data import Dataset

from condgan.conditions import ConditionSpace

__all__ = ["InMemoryImages"]


class InMemoryImages(Dataset):
    """A labelled image set held in memory: ``(image (C, S, S) in [-1, 1], y)`` pairs.

    Decoding PNGs once instead of at every step makes small CPU runs several
    times faster. ``transform`` (e.g. :func:`condgan.data.r5_augment`) runs per
    item, so augmentation stays random.

    Args:
        images: float ``(N, C, S, S)``, ``C`` 1 or 3.
        y: conditions ``(N, ...)``.
        space: the condition space of ``y``.
        transform: optional per-image transform.
        source: where the images came from (shown in ``repr``).
    """

    def __init__(
        self,
        images: Tensor,
        y: Tensor,
        space: ConditionSpace,
        *,
        transform: Callable[[Tensor], Tensor] | None = None,
        source: str = "",
    ) -> None:
        if images.ndim != 4 or images.shape[1] not in (1, 3):
            raise ValueError(
                f"images must be (N, C, S, S) with C = 1 or 3, got {tuple(images.shape)}"
            )
        if len(images) != len(y):
            raise ValueError(f"got {len(images)} images but {len(y)} conditions")
        self.images = images
        self.y = y
        self.space = space
        self.transform = transform
        self.source = source

    @classmethod
    def from_dataset(
        cls, data: Dataset, *, transform: Callable[[Tensor], Tensor] | None = None
    ) -> InMemoryImages:
        """Read every ``(image, y)`` of ``data`` once (``data.space`` must exist).

        Raises:
            ValueError: the set is empty, or items could not be read (each unreadable
                file is listed, up to 20, with the reader's reason).
        """
        n = len(data)  # type: ignore[arg-type]
        if n == 0:
            raise ValueError("the data set is empty")
        pairs, bad = [], []
        for i in range(n):
            try:
                pairs.append(data[i])
            except (OSError, ValueError) as err:
                bad.append(str(err))
        if bad:
            more = f"\n  ... and {len(bad) - 20} more" if len(bad) > 20 else ""
            listed = "\n  ".join(bad[:20])
            raise ValueError(f"{len(bad)} unreadable item(s) in {data!r}:\n  {listed}{more}")
        images = torch.stack([p[0] for p in pairs])
        y = torch.stack([torch.as_tensor(p[1]) for p in pairs])
        return cls(images, y, data.space, transform=transform, source=repr(data))

    @property
    def image_size(self) -> int:
        """``S``, the side of the images."""
        return int(self.images.shape[-1])

    @property
    def channels(self) -> int:
        """``C``, 1 (grayscale) or 3 (RGB)."""
        return int(self.images.shape[1])

    def __len__(self) -> int:
        return len(self.images)

    def __getitem__(self, index: int) -> tuple[Tensor, Tensor]:
        x = self.images[index]
        if self.transform is not None:
            x = self.transform(x)
        return x, self.y[index]

    def names(self, index: int) -> str:
        """The condition of row ``index`` in words."""
        return self.space.describe(self.y[index : index + 1])[0]

    def __repr__(self) -> str:
        return f"InMemoryImages(n={len(self)}, size={self.images.shape[-1]}, from {self.source})"
