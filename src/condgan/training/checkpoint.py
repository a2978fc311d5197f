"""Checkpoints: atomic writes, safe loads, RNG states, and :func:`load_generator`.

A checkpoint is one ``torch.save``-d dict of tensors and plain Python values
(no pickled classes), so it loads with ``torch.load(weights_only=True)``: a
file crafted to run code when unpickled is refused before anything runs.

Keys written by the trainer:

``format``, ``version``
    ``"condgan-checkpoint"`` and the layout version.
``step``, ``critic_step``, ``epoch``, ``batch_in_epoch``
    where the run is (iterations done, critic updates done, data position).
``generator``, ``critic``, ``ema``
    state dicts (``ema`` is ``None`` without an EMA).
``opt_g``, ``opt_d``, ``scaler_g``, ``scaler_d``
    optimiser and gradient-scaler states.
``config``
    :meth:`TrainConfig.to_dict`.
``space``
    the condition space's :meth:`~condgan.conditions.ConditionSpace.to_dict`.
``generator_spec``
    ``{"name": registered model name, "kwargs": constructor arguments}``, from
    which :func:`load_generator` rebuilds the generator, or ``None``.
``rng``
    every random state: torch CPU and CUDA, Python, NumPy and the trainer's
    own generators.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from condgan.conditions import ConditionSpace, space_from_dict
from condgan.data.files import load_torch_file
from condgan.errors import InputFileError
from condgan.files import atomic_save

__all__ = [
    "CheckpointError",
    "capture_rng",
    "checkpoint_step",
    "encode_spec",
    "find_checkpoint",
    "generator_spec",
    "list_checkpoints",
    "load_checkpoint",
    "load_generator",
    "load_weights",
    "summarize_load_error",
    "restore_rng",
    "save_checkpoint",
]

FORMAT = "condgan-checkpoint"
VERSION = 1
_SPACE_KEY = "__condition_space__"
_STEP_NAME = re.compile(r"step_(\d+)\.pt")


class CheckpointError(InputFileError):
    """A checkpoint is missing, unsafe, damaged, or lacks what is asked of it."""


# -- files --------------------------------------------------------------------


def save_checkpoint(state: Mapping[str, Any], path: str | os.PathLike) -> Path:
    """Write ``state`` to ``path`` atomically (:func:`condgan.files.atomic_save`).

    A crash while writing leaves the previous file at ``path`` untouched.
    """
    return atomic_save(dict(state), path)


def checkpoint_step(path: str | os.PathLike) -> int | None:
    """The step number in a checkpoint name ``step_<N>.pt``, or ``None`` for other names."""
    m = _STEP_NAME.fullmatch(Path(path).name)
    return int(m.group(1)) if m else None


def list_checkpoints(folder: str | os.PathLike) -> list[Path]:
    """The ``step_<N>.pt`` files of ``folder``, ordered by step number (not by name)."""
    found = [p for p in Path(folder).glob("step_*.pt") if checkpoint_step(p) is not None]
    return sorted(found, key=lambda p: checkpoint_step(p))


def find_checkpoint(path: str | os.PathLike) -> Path:
    """``path`` itself if it is a file; in a folder, the checkpoint with the highest step.

    Raises:
        FileNotFoundError: nothing there.
    """
    path = Path(path)
    if path.is_file():
        return path
    if path.is_dir():
        found = list_checkpoints(path) or list_checkpoints(path / "checkpoints")
        if found:
            return found[-1]
        raise FileNotFoundError(f"no checkpoint (step_*.pt) in folder {path}")
    raise FileNotFoundError(f"checkpoint {path} does not exist")


def load_checkpoint(path: str | os.PathLike, *, map_location: Any = "cpu") -> dict[str, Any]:
    """Load a checkpoint safely (``weights_only=True``).

    Args:
        path: a checkpoint file, or a folder (its latest ``step_*.pt``).
        map_location: where tensors go (default CPU).

    Raises:
        FileNotFoundError: no such file.
        CheckpointError: the file holds anything but tensors and plain values
            (refused without running it), is damaged, or is not a condgan checkpoint.
        OSError: the system could not read it (e.g. ``PermissionError``).
    """
    path = find_checkpoint(path)
    state = load_torch_file(
        path, what="condgan checkpoint", error=CheckpointError, map_location=map_location
    )
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise CheckpointError(f"{path} is not a condgan checkpoint (no format={FORMAT!r} key)")
    if state.get("version", 0) > VERSION:
        raise CheckpointError(
            f"{path} has checkpoint version {state['version']}; this condgan reads <= {VERSION}"
        )
    return state


def load_weights(module: nn.Module, weights: Mapping[str, Any], *, path: Any, what: str) -> None:
    """``module.load_state_dict(weights)``; a mismatch names the file and the first differences.

    Raises:
        CheckpointError: missing or unexpected keys, or a tensor of another shape.
    """
    try:
        module.load_state_dict(weights)
    except RuntimeError as err:
        raise CheckpointError(
            f"{path}: the {what} weights do not fit this {type(module).__name__} (another "
            f"architecture or size was trained): {summarize_load_error(err)}"
        ) from None


def summarize_load_error(err: BaseException, limit: int = 1) -> str:
    """The first ``limit`` lines of a ``load_state_dict`` error, on one line."""
    lines = [line.strip().rstrip(".") for line in str(err).splitlines() if line.strip()]
    if len(lines) > 1 and lines[0].startswith("Error(s) in loading state_dict"):
        lines = lines[1:]
    return "; ".join(lines[:limit]) + ("; ..." if len(lines) > limit else "")


# -- random states ------------------------------------------------------------


def capture_rng(generators: Mapping[str, torch.Generator] | None = None) -> dict[str, Any]:
    """Every global random state, plus the given ``torch.Generator`` objects', as plain values."""
    np_state = np.random.get_state()  # noqa: NPY002 (the legacy global state is saved)
    out: dict[str, Any] = {
        "torch": torch.get_rng_state(),
        "python": random.getstate(),
        "numpy": {
            "name": str(np_state[0]),
            "keys": torch.from_numpy(np.asarray(np_state[1], dtype=np.int64)),
            "pos": int(np_state[2]),
            "has_gauss": int(np_state[3]),
            "cached_gaussian": float(np_state[4]),
        },
        "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else [],
        "generators": {k: g.get_state() for k, g in (generators or {}).items()},
    }
    return out


def restore_rng(
    state: Mapping[str, Any], generators: Mapping[str, torch.Generator] | None = None
) -> None:
    """Undo :func:`capture_rng`: set the global states and the given generators'."""
    torch.set_rng_state(state["torch"].cpu())
    py = state["python"]
    random.setstate((py[0], tuple(py[1]), py[2]))
    npst = state["numpy"]
    np.random.set_state(  # noqa: NPY002
        (
            npst["name"],
            npst["keys"].numpy().astype(np.uint32),
            npst["pos"],
            npst["has_gauss"],
            npst["cached_gaussian"],
        )
    )
    cuda = state.get("cuda") or []
    if cuda and torch.cuda.is_available() and len(cuda) == torch.cuda.device_count():
        torch.cuda.set_rng_state_all([s.cpu() for s in cuda])
    saved = state.get("generators", {})
    for name, gen in (generators or {}).items():
        if name in saved:
            gen.set_state(saved[name].cpu())


# -- generator specs ----------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, ConditionSpace):
        return {_SPACE_KEY: value.to_dict()}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _encode(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str, torch.Tensor)):
        return value
    raise CheckpointError(
        f"generator constructor argument {value!r} ({type(value).__name__}) cannot be stored "
        "in a safe checkpoint; only condition spaces, tensors and plain values can"
    )


def _decode(value: Any) -> Any:
    if isinstance(value, Mapping):
        if set(value) == {_SPACE_KEY}:
            return space_from_dict(dict(value[_SPACE_KEY]))
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def encode_spec(spec: Mapping[str, Any]) -> dict[str, Any]:
    """A generator spec ``{"name", "kwargs"}`` as plain values for a safe checkpoint.

    Condition spaces among the keyword arguments become their dicts (undone
    by :func:`load_generator`).

    Raises:
        CheckpointError: ``spec`` has no string ``name``, or an argument is
            neither a condition space, a tensor nor a plain value.
    """
    if not isinstance(spec, Mapping) or not isinstance(spec.get("name"), str):
        raise CheckpointError(
            f"generator.spec must be a mapping with a 'name' (the registered model name) and "
            f"'kwargs', got {spec!r}"
        )
    return {"name": spec["name"], "kwargs": _encode(dict(spec.get("kwargs", {})))}


def generator_spec(generator: nn.Module) -> dict[str, Any] | None:
    """How to rebuild ``generator``: ``{"name": ..., "kwargs": ...}``, or ``None`` if unknown.

    Read from the generator's ``spec`` attribute (set by
    :func:`condgan.models.create`, or by hand: a mapping with ``name``, the
    registered model name, and ``kwargs``, its keyword arguments), encoded by
    :func:`encode_spec`.
    """
    spec = getattr(generator, "spec", None)
    if spec is None:
        return None
    return encode_spec(spec)


def _default_create(name: str, **kwargs: Any) -> nn.Module:
    try:
        from condgan.models import create
    except ImportError as err:  # pragma: no cover - the models package ships with condgan
        raise CheckpointError(f"cannot rebuild generator {name!r}: {err}") from err
    return create(name, **kwargs)


def load_generator(
    path: str | os.PathLike,
    *,
    ema: bool = True,
    map_location: Any = "cpu",
    create: Callable[..., nn.Module] | None = None,
) -> nn.Module:
    """Rebuild the generator of a checkpoint from the checkpoint alone, in eval mode.

    No training code, recipe or data is needed: the checkpoint stores the
    registered model name and constructor arguments (see :func:`generator_spec`)
    and the condition space.

    Args:
        path: a checkpoint file (or a run folder: its latest checkpoint).
        ema: use the EMA weights when the checkpoint has them.
        map_location: where the weights go.
        create: ``create(name, **kwargs) -> nn.Module``; default
            :func:`condgan.models.create` (the model registry only, never an
            import path taken from the file).

    Raises:
        CheckpointError: the checkpoint does not say how to rebuild its
            generator (it was trained with a generator not made by
            ``condgan.models.create`` and without a ``spec``), or its weights
            do not fit the rebuilt generator (the file is named).
    """
    state = load_checkpoint(path, map_location=map_location)
    spec = state.get("generator_spec")
    if not spec:
        raise CheckpointError(
            f"{path} does not record how to build its generator: train with a generator from "
            "condgan.models.create(...), or give your generator a `spec` attribute "
            "{'name': registered name, 'kwargs': {...}}"
        )
    kwargs = _decode(spec.get("kwargs", {}))
    try:
        gen = (create or _default_create)(spec["name"], **kwargs)
    except (ValueError, TypeError) as err:
        raise CheckpointError(
            f"{path}: cannot rebuild its generator {spec['name']!r} with this condgan: {err}"
        ) from err
    weights = state["ema"] if ema and state.get("ema") is not None else state["generator"]
    if ema and state.get("ema") is not None:
        weights = {
            k.removeprefix("module."): v for k, v in weights.items() if k.startswith("module.")
        }
    load_weights(gen, weights, path=path, what="generator")
    if state.get("space") is not None:
        saved = space_from_dict(dict(state["space"]))
        if getattr(gen, "space", None) is None:
            gen.space = saved
        elif gen.space != saved:
            raise CheckpointError(
                f"{path}: the rebuilt generator's condition space {gen.space!r} differs from "
                f"the space the checkpoint was trained on {saved!r}"
            )
    return gen.eval()
