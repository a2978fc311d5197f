"""Evaluator classifiers: small ResNets that read a condition back from an image.

An evaluator maps images ``(B, 3, H, W)`` in ``[-1, 1]`` (any size; resized to
``input_size`` inside) to scores ``(B, space.vector_dim)``: one block of logits
per attribute for categorical spaces (one head each), one logit per label for
multi-label spaces. Its penultimate features (:meth:`Evaluator.features`) are the
*domain* feature space of :mod:`condgan.metrics.fidelity`.

The library ships one trained evaluator per procedural stand-in (``"cartoon"``,
``"iclevr"``, ``"anime"`` (2018 tags), ``"anime2017"``; see :func:`load_evaluator`),
and reads the course's own i-CLEVR evaluator checkpoint with :func:`load_course_evaluator`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from condgan.conditions import ConditionSpace, MultiLabel, space_from_dict
from condgan.data.files import load_torch_file
from condgan.data.image_spec import to_rgb
from condgan.data.spaces import ICLEVR_OBJECTS
from condgan.errors import InputFileError

__all__ = [
    "COURSE_PREFIX",
    "CourseEvaluator",
    "Evaluator",
    "ICLEVR_OBJECTS",
    "WEIGHTS_DIR",
    "load_course_evaluator",
    "load_evaluator",
    "numpy_scalar_globals",
    "prepare_images",
    "evaluator_for_space",
    "shipped_evaluators",
    "state_fingerprint",
]

#: ``load_evaluator("course:PATH")`` (``--evaluator course:PATH``) reads the course checkpoint.
COURSE_PREFIX = "course:"
#: Folder of the shipped evaluator weights (``<name>.pt``).
WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"


def prepare_images(images: Tensor, size: int) -> Tensor:
    """Check ``images (B, 3, H, W)``, map ``uint8`` to ``[-1, 1]``, resize to ``size x size``.

    Grayscale ``(B, 1, H, W)`` is repeated to three channels first.
    """
    if not isinstance(images, Tensor):
        raise TypeError(f"images must be a torch.Tensor, got {type(images).__name__}")
    images = to_rgb(images)
    if images.dim() != 4 or images.shape[1] != 3:
        raise ValueError(f"images must have shape (B, 3, H, W), got {tuple(images.shape)}")
    x = images.float() / 127.5 - 1.0 if images.dtype == torch.uint8 else images.float()
    if x.shape[-2:] != (size, size):
        x = F.interpolate(x, (size, size), mode="bilinear", align_corners=False, antialias=True)
    return x


class _BasicBlock(nn.Module):
    def __init__(self, c_in: int, c_out: int, stride: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(c_out)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(c_out)
        self.skip: nn.Module = nn.Identity()
        if stride != 1 or c_in != c_out:
            self.skip = nn.Sequential(
                nn.Conv2d(c_in, c_out, 1, stride, bias=False), nn.BatchNorm2d(c_out)
            )

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(h)) + self.skip(x))


class Evaluator(nn.Module):
    """A small ResNet classifier over a finite condition space.

    Args:
        space: what to recognise; one linear head per block of ``space.groups``
            (per attribute for categorical spaces, one multi-label head otherwise).
        widths: channels of the four residual stages (one basic block each; the
            stem halves the resolution, each later stage halves it again).
        input_size: images are resized to ``input_size x input_size`` first.
        name: a short name (``"cartoon"``), kept in checkpoints.

    ``forward(images (B, 3, H, W) in [-1, 1] or uint8) -> scores (B, space.vector_dim)``
    (logits). ``features(images) -> (B, widths[-1])``.
    """

    def __init__(
        self,
        space: ConditionSpace,
        *,
        widths: Sequence[int] = (32, 64, 96, 128),
        input_size: int = 64,
        name: str = "evaluator",
    ) -> None:
        super().__init__()
        if not space.groups:
            raise ValueError(
                f"an evaluator needs a space with label groups (categorical or multi-label), "
                f"got {type(space).__name__}"
            )
        self.space = space
        self.widths = [int(w) for w in widths]
        self.input_size = int(input_size)
        self.name = name
        w0 = self.widths[0]
        self.stem = nn.Sequential(
            nn.Conv2d(3, w0, 3, 2, 1, bias=False), nn.BatchNorm2d(w0), nn.ReLU(inplace=True)
        )
        blocks, c = [], w0
        for i, w in enumerate(self.widths):
            blocks.append(_BasicBlock(c, w, 1 if i == 0 else 2))
            c = w
        self.blocks = nn.Sequential(*blocks)
        self.heads = nn.ModuleList(nn.Linear(c, size) for _, size in space.groups)

    @property
    def feature_dim(self) -> int:
        return self.widths[-1]

    def features(self, images: Tensor) -> Tensor:
        """Penultimate features ``(B, feature_dim)`` (after global average pooling)."""
        x = prepare_images(images, self.input_size)
        return self.blocks(self.stem(x)).mean(dim=(2, 3))

    def forward(self, images: Tensor) -> Tensor:
        h = self.features(images)
        return torch.cat([head(h) for head in self.heads], dim=1)

    @torch.no_grad()
    def predict(self, images: Tensor) -> Tensor:
        """Scores ``(B, space.vector_dim)`` in eval mode (no gradients)."""
        was = self.training
        self.eval()
        try:
            return self(images)
        finally:
            self.train(was)

    # -- checkpoints ----------------------------------------------------------------
    def checkpoint(self, *, half: bool = False, **extra: Any) -> dict[str, Any]:
        """A plain dict (tensors, str, numbers, lists) that :meth:`from_checkpoint` reads.

        ``half=True`` stores floating-point weights as float16 (half the file size;
        they are cast back to float32 on loading).
        """

        def _store(v: Tensor) -> Tensor:
            v = v.detach().cpu()
            return v.half() if half and v.is_floating_point() else v

        return {
            "format": "condgan.evaluator/1",
            "name": self.name,
            "space": self.space.to_dict(),
            "widths": list(self.widths),
            "input_size": self.input_size,
            "state_dict": {k: _store(v) for k, v in self.state_dict().items()},
            **extra,
        }

    @classmethod
    def from_checkpoint(cls, data: dict[str, Any]) -> Evaluator:
        if not isinstance(data, dict) or data.get("format") != "condgan.evaluator/1":
            raise InputFileError(
                "not a condgan evaluator checkpoint (expected a dict with "
                "format='condgan.evaluator/1'); for the course's i-CLEVR evaluator use "
                "load_course_evaluator(path)"
            )
        model = cls(
            space_from_dict(data["space"]),
            widths=data["widths"],
            input_size=data["input_size"],
            name=data.get("name", "evaluator"),
        )
        try:
            model.load_state_dict(data["state_dict"])
        except RuntimeError as err:
            raise InputFileError(
                f"the evaluator weights do not fit its recorded architecture: {err}"
            ) from None
        model.info = {k: v for k, v in data.items() if k not in ("state_dict", "space")}
        return model.eval()


def state_fingerprint(module: nn.Module) -> str:
    """A short hash of a module's parameters and buffers (keys cached features)."""
    h = hashlib.sha1()
    for key, value in module.state_dict().items():
        h.update(key.encode())
        h.update(value.detach().cpu().contiguous().numpy().tobytes())
    return h.hexdigest()[:16]


def shipped_evaluators() -> list[str]:
    """Names of the evaluators shipped with the package (``load_evaluator(name)``)."""
    return sorted(p.stem for p in WEIGHTS_DIR.glob("*.pt"))


def load_evaluator(
    name_or_path: str | Path, *, device: torch.device | str = "cpu"
) -> Evaluator | CourseEvaluator:
    """A trained :class:`Evaluator` by shipped name (``"cartoon"``, ``"iclevr"``,
    ``"anime"``, ``"anime2017"``) or from a checkpoint file written by
    :func:`~condgan.metrics.train_evaluator` (or ``condgan train-evaluator --data``),
    loaded with ``weights_only=True``; ``"course:PATH"`` reads the course's own
    i-CLEVR checkpoint (:func:`load_course_evaluator`).

    Raises:
        FileNotFoundError: no such shipped evaluator or file.
        InputFileError: the file is not an evaluator checkpoint (named), or its
            weights do not fit its recorded architecture.
    """
    if isinstance(name_or_path, str) and name_or_path.startswith(COURSE_PREFIX):
        return load_course_evaluator(name_or_path[len(COURSE_PREFIX) :], device=device)
    path = Path(name_or_path)
    if path.suffix != ".pt" and not path.exists():
        path = WEIGHTS_DIR / f"{name_or_path}.pt"
        if not path.is_file():
            raise FileNotFoundError(
                f"no shipped evaluator named {str(name_or_path)!r} (missing weights file {path}); "
                f"shipped: {shipped_evaluators()}. Train one with "
                "`condgan train-evaluator KIND --out FILE` (KIND: cartoon, iclevr, anime, "
                "anime2017) and pass its path."
            )
    if not path.exists():
        raise FileNotFoundError(f"evaluator weights file not found: {path}")
    data = load_torch_file(path, what="condgan evaluator")
    try:
        return Evaluator.from_checkpoint(data).to(device)
    except InputFileError as err:
        raise InputFileError(f"{path}: {err}") from None


def evaluator_for_space(space: ConditionSpace, *, device: torch.device | str = "cpu") -> Evaluator:
    """The shipped evaluator trained on ``space`` (compared with ``==``).

    Raises:
        ValueError: no shipped evaluator has this space.
    """
    for name in shipped_evaluators():
        data = torch.load(WEIGHTS_DIR / f"{name}.pt", map_location="cpu", weights_only=True)
        if space_from_dict(data["space"]) == space:
            return Evaluator.from_checkpoint(data).to(device)
    raise ValueError(
        f"no shipped evaluator was trained on {space!r} (shipped: {shipped_evaluators()}); "
        "pass evaluator=PATH of one trained with `condgan train-evaluator`"
    )


class CourseEvaluator(nn.Module):
    """The course's i-CLEVR evaluator: torchvision ResNet-18 with
    ``fc = Linear(512, 24) + Sigmoid``, inputs normalised with mean 0.5 / std 0.5.

    Images in ``[-1, 1]`` are exactly that normalisation of ``[0, 1]`` images, so
    they go in unchanged (after resizing to 64x64). ``forward`` returns the
    sigmoid probabilities ``(B, 24)``; ``features`` the 512 pooled features.
    Build it with :func:`load_course_evaluator`.
    """

    def __init__(self) -> None:
        super().__init__()
        import torchvision

        net = torchvision.models.resnet18(weights=None)
        net.fc = nn.Sequential(nn.Linear(512, 24), nn.Sigmoid())
        self.net = net
        self.space = MultiLabel(list(ICLEVR_OBJECTS), min_labels=1, max_labels=3)
        self.input_size = 64
        self.name = "iclevr-course"

    def features(self, images: Tensor) -> Tensor:
        n = self.net
        x = prepare_images(images, self.input_size)
        x = n.maxpool(n.relu(n.bn1(n.conv1(x))))
        x = n.layer4(n.layer3(n.layer2(n.layer1(x))))
        return torch.flatten(n.avgpool(x), 1)

    def forward(self, images: Tensor) -> Tensor:
        return self.net.fc(self.features(images))


def numpy_scalar_globals() -> list[Any]:
    """The NumPy names a checkpoint holding NumPy scalars (``np.float64(0.93)``) pickles.

    Passed to ``torch.serialization.safe_globals`` so such files load with
    ``weights_only=True``: only these constructors are allowed, nothing else runs.
    Files written with NumPy 1.x name ``numpy.core.multiarray.scalar``; NumPy 2 names
    ``numpy._core.multiarray.scalar``; both are accepted.
    """
    import importlib

    import numpy as np

    out: list[Any] = [np.dtype]
    for module in ("numpy._core.multiarray", "numpy.core.multiarray"):
        try:
            scalar = importlib.import_module(module).scalar
        except (ImportError, AttributeError):
            continue
        out += [scalar, (scalar, "numpy.core.multiarray.scalar"),
                (scalar, "numpy._core.multiarray.scalar")]  # fmt: skip
        break
    dtypes = getattr(np, "dtypes", None)
    if dtypes is not None:
        out += [getattr(dtypes, n) for n in dir(dtypes) if n.endswith("DType")]
    return out


def load_course_evaluator(
    path: str | Path, *, device: torch.device | str = "cpu"
) -> CourseEvaluator:
    """Load the course's i-CLEVR evaluator checkpoint (``checkpoint['model']``) from ``path``.

    No weights are downloaded (the ResNet-18 is built with ``weights=None``). A
    ``module.`` prefix left by ``DataParallel`` is removed. The file is read with
    ``weights_only=True``; NumPy scalars some saved copies hold (an accuracy, an
    epoch) are allowed (:func:`numpy_scalar_globals`). From the command line:
    ``--evaluator course:PATH``.

    Raises:
        FileNotFoundError: ``path`` does not exist.
        InputFileError: the file is not a ``torch.save`` file, has no ``'model'``
            state dict, or it does not fit (a ``ValueError``).
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"course evaluator checkpoint not found: {path} (the course ships it as "
            "'checkpoint.pth'; pass its path)"
        )
    data = load_torch_file(
        path, what="course evaluator checkpoint", safe_globals=numpy_scalar_globals()
    )
    if not isinstance(data, dict) or not isinstance(data.get("model"), dict):
        keys = sorted(data) if isinstance(data, dict) else type(data).__name__
        raise InputFileError(
            f"{path} is not the course evaluator checkpoint: expected a dict with a 'model' "
            f"state dict, got {keys}"
        )
    state = {k.removeprefix("module."): v for k, v in data["model"].items()}
    model = CourseEvaluator()
    try:
        model.net.load_state_dict(state)
    except RuntimeError as err:
        raise InputFileError(
            f"{path}: the state dict does not fit ResNet-18 + Linear(512, 24): {err}"
        ) from err
    return model.eval().to(device)
