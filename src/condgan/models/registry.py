"""The model registry: ``create(name, **kwargs)``, ``list_models()``, ``register``.

Who registers what, and how a checkpoint finds its builder again:

* The generic families (:mod:`condgan.models.builders`: ``dcgan_generator``,
  ``dcgan_critic``, ``srresnet_generator``, ``srresnet_critic``,
  ``infogan_generator``) register when :mod:`condgan.models` is imported.
* Any other module registers its own builders with ``@register(...)`` when it is
  imported: condgan's recipes do so for the reports' networks
  (``r1_generator`` ... ``r5_critic``, in :mod:`condgan.recipes.networks`), and
  so can user code. This registry never imports them: a lower floor never
  imports a higher one, and a name read from a checkpoint never chooses code
  to import.
* :func:`create` records ``{"name", "kwargs"}`` on the model (``model.spec``);
  the trainer stores it in each checkpoint and
  :func:`condgan.training.load_generator` calls ``create`` again. So, before
  loading a checkpoint of a model registered elsewhere, import the module that
  registers it (``import condgan.recipes.networks`` for the reports'
  networks; the ``condgan`` command does this itself). An unknown name raises a
  ``ValueError`` that says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from torch import nn

__all__ = ["ModelEntry", "create", "list_models", "model_entry", "register"]


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


def model_entry(name: str) -> ModelEntry:
    """The :class:`ModelEntry` of ``name``.

    Raises:
        ValueError: unknown name (the message lists the known ones).
    """
    if name not in _REGISTRY:
        raise ValueError(
            f"unknown model {name!r}; registered models: {list_models()}. A model registered "
            "outside condgan.models must be imported first: `import condgan.recipes.networks` "
            "for the reports' networks, or your own module that calls register(...)"
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
    model = entry.build(**kwargs)
    model.spec = {"name": name, "kwargs": dict(kwargs)}
    return model
