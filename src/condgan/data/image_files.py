"""Labelled image files read on demand, shaped by an :class:`~condgan.data.ImageSpec`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from torch import Tensor
from torch.utils.data import Dataset

from condgan.conditions import ConditionSpace
from condgan.data.image_spec import ImageSpec

__all__ = ["ImageFiles"]


class ImageFiles(Dataset):
    """Image files with their conditions: ``dataset[i]`` is ``(image, y)``.

    ``image`` is float ``(spec.channels, spec.size, spec.size)`` in ``[-1, 1]``
    (after ``transform``); ``y`` one row of ``space``'s format.

    Args:
        paths: the image files, one per row of ``y``.
        y: the conditions ``(N, ...)``.
        space: their condition space.
        spec: a resolved :class:`~condgan.data.ImageSpec` (size and channels known).
        transform: applied to each image tensor.
        source: the folder or table read (shown in ``repr``).

    Attributes:
        image_size, channels: the spec's side and channel count.
    """

    def __init__(
        self,
        paths: Sequence[str | Path],
        y: Tensor,
        space: ConditionSpace,
        spec: ImageSpec,
        *,
        transform: Callable[[Tensor], Tensor] | None = None,
        source: str = "",
    ) -> None:
        if len(paths) != len(y):
            raise ValueError(f"got {len(paths)} image files but {len(y)} conditions")
        if not spec.resolved:
            raise ValueError(f"spec must be resolved (size and channels known), got {spec!r}")
        space.validate(y)
        self.paths = [Path(p) for p in paths]
        self.y = y
        self.space = space
        self.spec = spec
        self.transform = transform
        self.source = source

    @property
    def image_size(self) -> int:
        assert self.spec.size is not None
        return self.spec.size

    @property
    def channels(self) -> int:
        assert self.spec.channels is not None
        return self.spec.channels

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, index: int) -> tuple[Tensor, Tensor]:
        image = self.spec.read(self.paths[index])
        if self.transform is not None:
            image = self.transform(image)
        return image, self.y[index]

    def names(self, index: int) -> str:
        """The condition of row ``index`` in words."""
        return self.space.describe(self.y[index : index + 1])[0]

    def __repr__(self) -> str:
        return (
            f"ImageFiles(n={len(self)}, size={self.image_size}, channels={self.channels}, "
            f"fit={self.spec.fit.value!r}, space={self.space!r}, source={self.source!r})"
        )
