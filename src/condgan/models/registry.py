"""The model registry: ``create(name, **kwargs)``, ``list_models()``, ``register``.

Who registers what, and how a checkpoint finds its builder again:

* The generic families (:mod:`condgan.models.builders`: ``dcgan_generator``,
  ``dcgan_critic``, ``srresnet_generator``, ``srresnet_critic``,
  ``infogan_generator``) register when :mod:`condgan.models` is imported.
* Any other module registers its own builders with ``@register(...)`` when it is
  imported: condgan's recipes do so for the reports' networks
  (``r1_generator`` ... ``r5_critic``, in :mod:`condgan.recipes.networks`), and
  so can user code. This registry never names them: a lower floor never
  imports a higher one, and a name read from a checkpoint never chooses code
  to import.
* Installed packages declare such modules as plugins, in the ``condgan.models``
  entry-point group of their metadata (condgan declares
  ``reports = "condgan.recipes.networks"`` in its ``pyproject.toml``; a package of
  yours can declare its own). When a name is not registered, :func:`model_entry`
  imports every declared plugin once (:func:`load_plugins`) and looks again, so
  ``condgan.load_generator(run)`` works in a fresh interpreter. The code imported
  is chosen by what is installed, never by the checkpoint.
* :func:`create` records ``{"name", "kwargs"}`` on the model (``model.spec``);
  the trainer stores it in each checkpoint and
  :func:`condgan.training.load_generator` calls ``create`` again. So, before
  loading a checkpoint of a model registered elsewhere, import the module that
  registers it, unless an installed plugin declares it (the reports' networks
  are declared). An unknown name raises a ``ValueError`` that says so.
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any

from torch import nn

__all__ = ["RENAMED_KWARGS", "ModelEntry", "create", "list_models", "model_entry", "register"]

#: builder keywords renamed since checkpoints stored them, old -> new: the builders
#: once took ``norm=``/``act=`` where the network classes take ``norm_layer=`` /
#: ``act_layer=``; :func:`create` still accepts the old names (a checkpoint written
#: before the rename rebuilds as it was) with a ``DeprecationWarning``.
RENAMED_KWARGS: dict[str, str] = {"norm": "norm_layer", "act": "act_layer"}


@dataclass(frozen=True)
class ModelEntry:
    """One registered model.

    Attributes:
        name: the registered name.
        build: ``build(space, **kwargs) -> nn.Module``.
        kind: ``"generator"`` or ``"critic"``.
        spaces: the condition space classes it supports (by name).
        tiny: keyword arguments of a tiny CPU-sized instance (used by the tests).
    """

    name: str
    build: Callable[..., nn.Module]
    kind: str
    spaces: tuple[str, ...]
    tiny: dict[str, Any] = field(default_factory=dict)


_REGISTRY: dict[str, ModelEntry] = {}
_KINDS = ("generator", "critic")


def register(
    name: str, *, kind: str, spaces: tuple[str, ...], tiny: dict[str, Any] | None = None
) -> Callable[[Callable[..., nn.Module]], Callable[..., nn.Module]]:
    """Decorator registering ``build(space, **kwargs)`` under ``name``.

    Raises:
        ValueError: ``name`` is taken or ``kind`` unknown.
    """
    if kind not in _KINDS:
        raise ValueError(f"kind must be one of {_KINDS}, got {kind!r}")

    def deco(build: Callable[..., nn.Module]) -> Callable[..., nn.Module]:
        if name in _REGISTRY:
            raise ValueError(f"a model named {name!r} is already registered")
        _REGISTRY[name] = ModelEntry(name, build, kind, tuple(spaces), dict(tiny or {}))
        return build

    return deco


def list_models(kind: str | None = None) -> list[str]:
    """Registered names (sorted), optionally only ``"generator"`` or ``"critic"`` ones."""
    if kind is not None and kind not in _KINDS:
        raise ValueError(f"kind must be None or one of {_KINDS}, got {kind!r}")
    return sorted(n for n, e in _REGISTRY.items() if kind is None or e.kind == kind)


#: the entry-point group whose modules register models (see the module docstring).
PLUGIN_GROUP = "condgan.models"
_plugins_loaded = False


def load_plugins() -> list[str]:
    """Import every module that installed packages declare in the ``condgan.models``
    entry-point group (once per process); returns the names of those loaded now."""
    global _plugins_loaded
    if _plugins_loaded:
        return []
    _plugins_loaded = True
    loaded = []
    for plugin in entry_points(group=PLUGIN_GROUP):
        plugin.load()
        loaded.append(plugin.name)
    return loaded


def model_entry(name: str) -> ModelEntry:
    """The :class:`ModelEntry` of ``name`` (declared plugins are imported first when
    ``name`` is not registered yet).

    Raises:
        ValueError: unknown name (the message lists the known ones).
    """
    if name not in _REGISTRY:
        load_plugins()
    if name not in _REGISTRY:
        raise ValueError(
            f"unknown model {name!r}; registered models: {list_models()}. A model registered "
            "outside condgan.models must be imported first (your module that calls "
            "register(...)), or declared in the 'condgan.models' entry-point group of an "
            "installed package"
        )
    return _REGISTRY[name]


def create(name: str, **kwargs: Any) -> nn.Module:
    """Build the registered model ``name`` with ``kwargs`` (``space=`` among them).

    The model gets a ``spec`` attribute ``{"name": name, "kwargs": kwargs}`` so that
    a checkpoint can rebuild it (:func:`condgan.training.load_generator`).

    Example:
        >>> G = create("dcgan_generator", space=MultiLabel(names), image_size=64)
    """
    entry = model_entry(name)
    kwargs = _renamed(name, entry.build, kwargs)
    model = entry.build(**kwargs)
    model.spec = {"name": name, "kwargs": dict(kwargs)}
    return model


def _renamed(name: str, build: Callable[..., nn.Module], kwargs: dict[str, Any]) -> dict[str, Any]:
    """``kwargs`` with the old names of :data:`RENAMED_KWARGS` that ``build`` no longer
    takes replaced by the new ones."""
    params = inspect.signature(build).parameters
    out = dict(kwargs)
    for old, new in RENAMED_KWARGS.items():
        if old not in out or old in params or new not in params:
            continue
        if new in out:
            raise TypeError(f"create({name!r}): give {new}= only, not also its old name {old}=")
        warnings.warn(
            f"create({name!r}): {old}= is now {new}= (accepted for checkpoints written "
            "before the rename)",
            DeprecationWarning,
            stacklevel=3,
        )
        out[new] = out.pop(old)
    return out
