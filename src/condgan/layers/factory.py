"""Layer constructors: plain and spectral-normed convs/linears, and name -> constructor tables.

Blocks and models take *constructors* (``conv_layer``, ``norm_layer``,
``act_layer``). The registry entries in :mod:`condgan.models` accept short
names for them as well (so that a checkpoint can store the choice as plain
text); :data:`NORMS` and :data:`ACTIVATIONS` map those names to constructors.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from torch import nn
from torch.nn.utils import parametrizations

from condgan.conditions.fusion import ConditionalBatchNorm2d

__all__ = [
    "ACTIVATIONS",
    "NORMS",
    "conv2d",
    "conv_transpose2d",
    "linear",
    "resolve_act",
    "resolve_norm",
    "sn_conv2d",
    "sn_conv_transpose2d",
    "sn_linear",
    "spectral_norm",
]

M = TypeVar("M", bound=nn.Module)

NormLayer = Callable[[int], nn.Module]
ActLayer = Callable[[], nn.Module]


def spectral_norm(module: M, *, n_power_iterations: int = 1, eps: float = 1e-12) -> M:
    """Wrap ``module``'s ``weight`` in spectral normalisation and return the module.

    Uses :func:`torch.nn.utils.parametrizations.spectral_norm` (the weight becomes
    a parametrisation; ``module.parametrizations.weight.original`` holds the raw
    weight). For transposed convolutions the output-channel axis is ``dim=1``.
    """
    if not isinstance(module, nn.Module) or not hasattr(module, "weight"):
        raise TypeError(f"module must be an nn.Module with a weight, got {type(module).__name__}")
    dim = 1 if isinstance(module, nn.modules.conv._ConvTransposeNd) else 0
    return parametrizations.spectral_norm(
        module, n_power_iterations=n_power_iterations, eps=eps, dim=dim
    )


conv2d = nn.Conv2d
conv_transpose2d = nn.ConvTranspose2d
linear = nn.Linear


def sn_conv2d(*args: Any, **kwargs: Any) -> nn.Conv2d:
    """``nn.Conv2d(*args, **kwargs)`` with spectral norm."""
    return spectral_norm(nn.Conv2d(*args, **kwargs))


def sn_conv_transpose2d(*args: Any, **kwargs: Any) -> nn.ConvTranspose2d:
    """``nn.ConvTranspose2d(*args, **kwargs)`` with spectral norm."""
    return spectral_norm(nn.ConvTranspose2d(*args, **kwargs))


def sn_linear(*args: Any, **kwargs: Any) -> nn.Linear:
    """``nn.Linear(*args, **kwargs)`` with spectral norm."""
    return spectral_norm(nn.Linear(*args, **kwargs))


def _bn(cond_dim: int | None, **kw: Any) -> NormLayer:
    return functools.partial(nn.BatchNorm2d, **kw)


def _cbn(cond_dim: int | None, **kw: Any) -> NormLayer:
    if cond_dim is None:
        raise ValueError("norm 'cbn' (conditional batch norm) needs the condition width cond_dim")
    return functools.partial(ConditionalBatchNorm2d, cond_dim=cond_dim, **kw)


def _none(cond_dim: int | None, **kw: Any) -> None:
    return None


#: norm name -> ``factory(cond_dim, **bn_kwargs) -> norm_layer`` (``None`` for no norm).
NORMS: dict[str, Callable[..., NormLayer | None]] = {"bn": _bn, "cbn": _cbn, "none": _none}

#: activation name -> constructor (``leaky_relu`` takes the slope as ``negative_slope``).
ACTIVATIONS: dict[str, Callable[..., nn.Module]] = {
    "relu": nn.ReLU,
    "leaky_relu": nn.LeakyReLU,
    "tanh": nn.Tanh,
    "identity": nn.Identity,
}


def resolve_norm(
    norm: str | NormLayer | None, *, cond_dim: int | None = None, **kwargs: Any
) -> NormLayer | None:
    """A norm name (``"bn"``, ``"cbn"``, ``"none"``), a constructor or ``None`` -> a constructor.

    ``kwargs`` (``eps``, ``momentum``) go to the batch norm of a named norm.

    Raises:
        ValueError: an unknown name, or ``"cbn"`` without ``cond_dim``.
        TypeError: neither a name, a callable nor ``None``.
    """
    if norm is None:
        return None
    if isinstance(norm, str):
        if norm not in NORMS:
            raise ValueError(f"norm must be one of {sorted(NORMS)} or a constructor, got {norm!r}")
        return NORMS[norm](cond_dim, **kwargs)
    if callable(norm):
        return norm
    raise TypeError(f"norm must be a name, a constructor or None, got {type(norm).__name__}")


def resolve_act(act: str | ActLayer, **kwargs: Any) -> ActLayer:
    """An activation name (see :data:`ACTIVATIONS`) or constructor -> a constructor.

    Raises:
        ValueError: an unknown name.
        TypeError: neither a name nor a callable.
    """
    if isinstance(act, str):
        if act not in ACTIVATIONS:
            raise ValueError(
                f"activation must be one of {sorted(ACTIVATIONS)} or a constructor, got {act!r}"
            )
        return functools.partial(ACTIVATIONS[act], **kwargs) if kwargs else ACTIVATIONS[act]
    if callable(act):
        return act
    raise TypeError(f"activation must be a name or a constructor, got {type(act).__name__}")
