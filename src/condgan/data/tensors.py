"""Images already in memory: a pair of tensors, a tensor file, or any torch ``Dataset``.

Images may be ``uint8`` (0-255), floats in ``[0, 1]`` or in ``[-1, 1]``, shaped
``(N, H, W)``, ``(N, C, H, W)`` or ``(N, H, W, C)`` with ``C`` 1, 3 or 4 (alpha
dropped with a warning); PIL images and NumPy arrays are accepted too. They
become an :class:`~condgan.data.InMemoryImages` of float ``(N, C, S, S)`` in ``[-1, 1]``.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import Tensor

from condgan.conditions import ConditionSpace
from condgan.data.image_spec import ImageSpec
from condgan.data.in_memory import InMemoryImages
from condgan.data.infer import infer_tensor_space
from condgan.data.survey import ImageSurvey

__all__ = ["TENSOR_FILE_SUFFIXES", "from_dataset", "from_tensors", "read_tensor_file", "to_unit"]

#: Endings of files holding ``images`` and ``labels`` (``torch.save`` / ``numpy.savez``).
TENSOR_FILE_SUFFIXES = (".pt", ".pth", ".npz")


def _as_tensor(image: Any) -> Tensor:
    if isinstance(image, Tensor):
        return image
    if isinstance(image, np.ndarray):
        return torch.from_numpy(np.ascontiguousarray(image))
    if hasattr(image, "convert") and hasattr(image, "size"):  # a PIL image
        from condgan.data.image_spec import to_mode

        gray = image.mode in ("1", "L", "I", "I;16", "F")
        arr = np.asarray(to_mode(image, 1 if gray else 3), dtype=np.uint8)
        return torch.from_numpy(np.array(arr, dtype=np.uint8))
    raise TypeError(
        f"an image must be a tensor, a NumPy array or a PIL image, got {type(image).__name__}"
    )


def to_unit(images: Tensor) -> Tensor:
    """A batch ``(N, C, H, W)`` (or ``(N, H, W)`` / ``(N, H, W, C)``) as float in ``[-1, 1]``.

    Raises:
        ValueError: an unknown layout or value range.
    """
    x = images
    if x.dim() == 3:
        x = x[:, None]
    if x.dim() != 4:
        raise ValueError(f"images must be (N, H, W), (N, C, H, W) or (N, H, W, C), "
                         f"got shape {tuple(images.shape)}")  # fmt: skip
    if x.shape[1] not in (1, 3, 4) and x.shape[-1] in (1, 3, 4):
        x = x.permute(0, 3, 1, 2)
    if x.shape[1] not in (1, 3, 4):
        raise ValueError(f"images must have 1, 3 or 4 channels, got shape {tuple(images.shape)}")
    if x.shape[1] == 4:
        warnings.warn("images have 4 channels; the alpha channel is dropped", stacklevel=3)
        x = x[:, :3]
    if x.dtype == torch.uint8:
        return x.float().div(127.5).sub(1.0)
    if not x.is_floating_point():
        raise ValueError(f"images must be uint8 or float, got {x.dtype}")
    x = x.float()
    lo, hi = (float(x.min()), float(x.max())) if x.numel() else (0.0, 0.0)
    if lo >= 0.0 and hi <= 1.0:
        return x * 2.0 - 1.0
    if lo >= -1.0 and hi <= 1.0:
        return x
    raise ValueError(
        f"float images must lie in [0, 1] or [-1, 1], got values in [{lo:.3g}, {hi:.3g}]"
    )


def from_tensors(
    images: Tensor | Sequence[Any],
    labels: Tensor | Sequence[Any],
    *,
    space: ConditionSpace | None = None,
    spec: ImageSpec | None = None,
    source: str = "tensors",
) -> InMemoryImages:
    """Images and labels in memory as a training set.

    Args:
        images: a batch or a sequence of images (see the module docstring).
        labels: class indices ``(N,)``, attribute indices ``(N, A)``, multi-hot
            ``(N, K)``, a list of names, or (with ``space``) anything ``space.encode`` reads.
        space: the condition space; default inferred
            (:func:`~condgan.data.infer_tensor_space`).
        spec: size, channels and resize policy (default: the images' own).

    Raises:
        ValueError: lengths differ, an unknown layout or label, mixed sizes in a sequence.
    """
    if not isinstance(images, Tensor):
        items = [_as_tensor(im) for im in images]
        if not items:
            raise ValueError(f"{source} holds no images")
        shapes = {tuple(t.shape) for t in items}
        if len(shapes) > 1:
            raise ValueError(f"{source}: images of different shapes {sorted(shapes)}; "
                             "resize them to one size first")  # fmt: skip
        images = torch.stack(items)
    x = to_unit(images)
    if len(x) == 0:
        raise ValueError(f"{source} holds no images")
    if space is None:
        space, y = infer_tensor_space(labels)
    elif isinstance(labels, Tensor):
        y = space.validate(labels.long() if not labels.is_floating_point() else labels)
    else:
        y = space.encode(list(labels))
    if len(y) != len(x):
        raise ValueError(f"{source}: got {len(x)} images but {len(y)} labels")
    spec = (spec or ImageSpec()).resolve(ImageSurvey.of_tensor(tuple(x.shape)), source=source)
    return InMemoryImages(spec.fit_tensor(x), y, space, source=source)


def from_dataset(
    data: Any,
    *,
    space: ConditionSpace | None = None,
    spec: ImageSpec | None = None,
) -> InMemoryImages:
    """Any map-style data set of ``(image, label)`` pairs, read once into memory.

    A ``space`` attribute of ``data`` is used when ``space`` is not given.
    """
    if not (hasattr(data, "__getitem__") and hasattr(data, "__len__")):
        raise TypeError(f"data must be a map-style data set (with __len__ and __getitem__), "
                        f"got {type(data).__name__}")  # fmt: skip
    n = len(data)
    if n == 0:
        raise ValueError(f"the data set {type(data).__name__} is empty")
    images, labels = [], []
    for i in range(n):
        item = data[i]
        if not (isinstance(item, (tuple, list)) and len(item) >= 2):
            raise ValueError(f"item {i} of {type(data).__name__} must be (image, label), "
                             f"got {type(item).__name__}")  # fmt: skip
        images.append(_as_tensor(item[0]))
        labels.append(item[1])
    space = space if space is not None else getattr(data, "space", None)
    if all(isinstance(v, (Tensor, np.ndarray, int, float)) for v in labels):
        labels = torch.stack([torch.as_tensor(v) for v in labels])
    return from_tensors(images, labels, space=space, spec=spec, source=type(data).__name__)


def read_tensor_file(
    path: str | Path,
    *,
    space: ConditionSpace | None = None,
    spec: ImageSpec | None = None,
) -> InMemoryImages:
    """A ``.pt`` file (``torch.save({"images": ..., "labels": ...})`` or a pair) or an
    ``.npz`` file (``numpy.savez(path, images=..., labels=...)``) as a training set.

    ``.pt`` files are read with ``weights_only=True`` (tensors and plain values only).

    Raises:
        FileNotFoundError: no such file.
        ValueError: the file does not hold ``images`` and ``labels``.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"tensor file not found: {path}")
    if path.suffix.lower() == ".npz":
        with np.load(path, allow_pickle=False) as npz:
            content: Any = {k: npz[k] for k in npz.files}
    else:
        content = torch.load(path, map_location="cpu", weights_only=True)
    if isinstance(content, (tuple, list)) and len(content) == 2:
        content = {"images": content[0], "labels": content[1]}
    if not isinstance(content, dict) or not {"images", "labels"} <= set(content):
        found = sorted(content) if isinstance(content, dict) else type(content).__name__
        raise ValueError(f"{path} must hold 'images' and 'labels' (a dict or a pair), got {found}")
    images, labels = content["images"], content["labels"]
    images = torch.as_tensor(images) if isinstance(images, np.ndarray) else images
    if isinstance(labels, np.ndarray):
        labels = labels.tolist() if labels.dtype.kind in "USO" else torch.as_tensor(labels)
    return from_tensors(images, labels, space=space, spec=spec, source=str(path))
