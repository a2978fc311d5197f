"""Where a recipe's training images come from: a real data folder or a cached stand-in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from torch import Tensor
from torch.utils.data import Dataset

from condgan.cache import cache_root
from condgan.data.in_memory import InMemoryImages

__all__ = ["REFERENCE_SEED", "DataSpec", "InMemoryImages", "Reference", "standin_cache_dir"]

#: The stand-in seed of the FID reference set (never the training seed).
REFERENCE_SEED = 1000


def standin_cache_dir() -> Path:
    """``$CONDGAN_CACHE/standin`` if set, else ``~/.cache/condgan/standin``."""
    return cache_root() / "standin"


@dataclass
class Reference:
    """Real images to compare samples with: ``images`` uint8 ``(n, 3, S, S)``, ``y``, ``space``,
    and ``source``: where they come from (recorded beside every figure computed on them)."""

    images: Tensor
    y: Tensor
    space: Any
    source: dict[str, Any]


@dataclass
class DataSpec:
    """A recipe's data: a real folder, or a procedural stand-in written once and cached.

    Calling the spec (``spec()``) returns the training set. With ``data_dir``
    the folder is read in its own format (:func:`condgan.data.load_dataset`);
    without it the stand-in of ``kind`` with ``standin_n`` images and
    ``standin_seed`` is written under :func:`standin_cache_dir` the first time
    (atomically) and reused afterwards.

    Args:
        kind: stand-in kind, ``"cartoon"``, ``"iclevr"`` or ``"anime"``.
        image_size: side of the training images (resized when loading).
        standin_n: number of stand-in images.
        standin_seed: the stand-in's seed (evaluation uses other seeds).
        version: anime format (2018: 64 px hair/eyes, 2017: 96 px tags).
        data_dir: a real (or stand-in) data folder to use instead. A seeded,
            stratified, duplicate-aware share ``heldout_fraction`` of its rows
            is held out (:meth:`split`): training never reads it, and FID
            references are drawn from it (:meth:`reference`).
        transform: per-image augmentation.
        preload: decode all images into memory once (:class:`InMemoryImages`);
            with ``data_dir`` the decoded images are cached on disk
            (:func:`condgan.data.decode_folder`), so later starts skip decoding.
        heldout_fraction, split_seed: the held-out split of ``data_dir``.
    """

    kind: str
    image_size: int
    standin_n: int = 5000
    standin_seed: int = 0
    version: int = 2018
    data_dir: str | None = None
    transform: Callable[[Tensor], Tensor] | None = None
    preload: bool = True
    heldout_fraction: float = 0.1
    split_seed: int = 0
    _memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        from condgan.data.standin import STANDIN_KINDS

        if self.kind not in STANDIN_KINDS:
            raise ValueError(
                f"DataSpec.kind must be one of {list(STANDIN_KINDS)}, got {self.kind!r}"
            )
        if self.version not in (2017, 2018):
            raise ValueError(f"DataSpec.version must be 2017 or 2018, got {self.version!r}")
        for name in ("image_size", "standin_n"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or v < 1:
                raise ValueError(f"DataSpec.{name} must be a positive int, got {v!r}")
        if self.data_dir is not None and not Path(self.data_dir).is_dir():
            raise FileNotFoundError(f"data_dir {str(self.data_dir)!r} is not a folder")
        if not 0.0 < self.heldout_fraction < 1.0:
            raise ValueError(
                f"DataSpec.heldout_fraction must be in (0, 1), got {self.heldout_fraction!r}"
            )

    @property
    def folder(self) -> Path:
        """The data folder: ``data_dir``, or the stand-in's cache folder (written if absent)."""
        if self.data_dir is not None:
            return Path(self.data_dir)
        return self.standin_folder(self.standin_n, self.standin_seed)

    def standin_folder(self, n: int, seed: int) -> Path:
        """Write (once) and return a stand-in folder of this kind with ``n`` images."""
        from condgan.data.standin import write_standin

        tag = f"{self.kind}{self.version if self.kind == 'anime' else ''}-n{n}-seed{seed}"
        out = standin_cache_dir() / tag
        if not out.is_dir():  # written atomically: an existing folder is complete
            write_standin(self.kind, out, n, seed, version=self.version, overwrite=True)  # type: ignore[arg-type]
        return out

    def decoded(self) -> Any:
        """``data_dir`` decoded at ``image_size`` (:class:`condgan.data.DecodedImages`; cached)."""
        if "decoded" not in self._memo:
            from condgan.data.decoded import decode_folder

            if self.data_dir is None:
                raise ValueError("DataSpec.decoded() needs a data_dir (stand-ins are not split)")
            self._memo["decoded"] = decode_folder(
                self.data_dir, size=self.image_size, cache_dir=cache_root() / "decoded"
            )
        return self._memo["decoded"]

    def split(self) -> Any:
        """The held-out split of ``data_dir`` (:class:`condgan.data.HeldoutSplit`), or ``None``
        for a stand-in (its references are another stand-in, rendered with
        :data:`REFERENCE_SEED`). Copies (exact or mirrored) stay on one side; what
        was found is in ``split().duplicates``."""
        if self.data_dir is None:
            return None
        if "split" not in self._memo:
            self._memo["split"] = self._cached_split()
        return self._memo["split"]

    def _cached_split(self) -> Any:
        """The split, from the cache when this folder (same label files) was split before."""
        import json

        from condgan.data.decoded import folder_key
        from condgan.data.duplicates import find_duplicates
        from condgan.data.split import HeldoutSplit, heldout_split
        from condgan.files import atomic_write_text

        assert self.data_dir is not None
        key = folder_key(self.data_dir, self.image_size)
        entry = cache_root() / "splits" / f"{key}-{self.heldout_fraction}-{self.split_seed}.json"
        if entry.is_file():  # written atomically: an existing file is whole
            return HeldoutSplit.from_dict(json.loads(entry.read_text()))
        data = self.decoded()
        dups = find_duplicates(data.images)
        split = heldout_split(
            data.y, fraction=self.heldout_fraction, seed=self.split_seed, groups=dups.group,
            duplicates=dups.summary(),
        )  # fmt: skip
        atomic_write_text(entry, split.to_json())
        return split

    def train_size(self) -> int:
        """How many images training reads (the training side of the split, or the stand-in)."""
        split = self.split()
        return self.standin_n if split is None else len(split.train)

    def split_record(self) -> dict[str, Any]:
        """What to record in a run folder: the data, the split and the duplicates found."""
        split = self.split()
        if split is None:
            return {
                "data": "stand-in", "kind": self.kind, "train": {"n": self.standin_n,
                "seed": self.standin_seed}, "reference": {"seed": REFERENCE_SEED,
                "note": "a stand-in rendered with another seed: never trained on"},
            }  # fmt: skip
        return {"data": str(self.data_dir), "image_size": self.image_size, **split.to_dict()}

    def reference(self, n: int, *, seed: int = 0) -> Reference:
        """``n`` real images to score samples against, never trained on, drawn at random.

        With ``data_dir``: a seeded sample of the held-out split, stratified over
        the conditions when they are categorical (its histogram follows the
        held-out side's, whatever the order of the label file). Without: ``n``
        stand-in images rendered with :data:`REFERENCE_SEED`.
        """
        split = self.split()
        if split is None:
            from condgan.data.decoded import decode_folder

            data = decode_folder(self.standin_folder(n, REFERENCE_SEED), size=self.image_size)
            source = {"kind": "stand-in", "seed": REFERENCE_SEED, "n": len(data)}
            return Reference(data.images, data.y, data.space, source)
        from condgan.data.split import stratified_sample

        data = self.decoded()
        rows = stratified_sample(data.y, split.heldout, n, seed=seed)
        source = {
            "kind": "held-out split", "data": str(self.data_dir), "n": len(rows),
            "seed": seed, "heldout": len(split.heldout), "stratified": split.stratified,
        }  # fmt: skip
        return Reference(data.images[rows], data.y[rows], data.space, source)

    def __call__(self) -> Dataset:
        """The training set: ``(image (3, image_size, image_size), y)`` pairs (with
        ``data_dir``: its training side only)."""
        from condgan.data import load_dataset

        split = self.split()
        if split is not None:
            if self.preload:
                data = self.decoded()
                return InMemoryImages(
                    data.as_float(split.train), data.y[split.train], data.space,
                    transform=self.transform, source=f"{data.source} (training side)",
                )  # fmt: skip
            full = load_dataset(self.folder, size=self.image_size, transform=self.transform)
            return _Rows(full, split.train)
        if self.preload:
            data = load_dataset(self.folder, size=self.image_size)
            return InMemoryImages.from_dataset(data, transform=self.transform)
        return load_dataset(self.folder, size=self.image_size, transform=self.transform)


class _Rows(Dataset):
    """Rows ``index`` of a labelled data set, keeping its ``space`` and ``y``."""

    def __init__(self, base: Any, index: Tensor) -> None:
        self.base, self.index = base, index
        self.space, self.y = base.space, base.y[index]

    def __len__(self) -> int:
        return len(self.index)

    def __getitem__(self, i: int) -> tuple[Tensor, Tensor]:
        return self.base[int(self.index[i])]
