"""Names a checkpoint can store, and the parts they stand for.

Networks take modules and constructors; a checkpoint stores plain values. The
registered builders (:mod:`condgan.models.builders` and the recipes' networks)
take short names for their parts and look them up here, so
``create(name, **plain_kwargs)`` can rebuild a network from a file.

Each table maps a name to a factory; :func:`lookup` reports an unknown name
with the known ones.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import TypeVar

from torch import nn

from condgan.conditions import (
    ConditionalBatchNorm2d,
    ConditionSpace,
    FixedEmbedding,
    LearnedEmbedding,
    OneHot,
    Projection,
)
from condgan.layers import ActLayer, ConvTransposeToMap, LinearToMap, NormLayer, leaky_relu

__all__ = [
    "ACTIVATIONS",
    "ENCODERS",
    "FIRST_BLOCKS",
    "NORMS",
    "act_layer",
    "encoder",
    "lookup",
    "norm_layer",
]

T = TypeVar("T")


def lookup(table: Mapping[str, T], name: object, what: str) -> T:
    """``table[name]``.

    Raises:
        ValueError: ``name`` is not in ``table`` (the message lists the names).
    """
    if not isinstance(name, str) or name not in table:
        raise ValueError(f"{what} must be one of {sorted(table)}, got {name!r}")
    return table[name]


def _bn(cond_dim: int | None) -> NormLayer:
    return nn.BatchNorm2d


def _cbn(cond_dim: int | None) -> NormLayer:
    if cond_dim is None:
        raise ValueError(
            "norm_layer 'cbn' (conditional batch norm) needs the condition width cond_dim"
        )
    return functools.partial(ConditionalBatchNorm2d, cond_dim=cond_dim)


def _none(cond_dim: int | None) -> None:
    return None


#: norm name -> ``factory(cond_dim) -> norm constructor`` (``None``: no norm).
NORMS: dict[str, Callable[[int | None], NormLayer | None]] = {
    "bn": _bn,
    "cbn": _cbn,
    "none": _none,
}

#: activation name -> constructor (``leaky_relu``: slope 0.2, the GAN convention).
ACTIVATIONS: dict[str, ActLayer] = {
    "relu": nn.ReLU,
    "leaky_relu": leaky_relu,
    "tanh": nn.Tanh,
    "identity": nn.Identity,
}

#: encoder name -> ``factory(space, dim) -> encoder``; ``dim`` is the width per
#: attribute of the embeddings (default 16) or the projection's output (default 256, ReLU).
ENCODERS: dict[str, Callable[[ConditionSpace, int | None], nn.Module]] = {
    "one_hot": lambda space, dim: OneHot(space),
    "fixed": lambda space, dim: FixedEmbedding(space, dim or 16),
    "learned": lambda space, dim: LearnedEmbedding(space, dim or 16),
    "projection": lambda space, dim: Projection(space, dim or 256, act_layer=nn.ReLU),
}

#: first-block name -> constructor (see :mod:`condgan.layers.to_map`).
FIRST_BLOCKS: dict[str, Callable[..., nn.Module]] = {
    "convt": ConvTransposeToMap,
    "linear": LinearToMap,
}


def norm_layer(name: str, cond_dim: int | None = None) -> NormLayer | None:
    """The norm constructor named ``name`` (``"cbn"`` needs the condition width ``cond_dim``)."""
    return lookup(NORMS, name, "norm_layer")(cond_dim)


def act_layer(name: str) -> ActLayer:
    """The activation constructor named ``name``."""
    return lookup(ACTIVATIONS, name, "act_layer")


def encoder(name: str, space: ConditionSpace, dim: int | None = None) -> nn.Module:
    """The encoder named ``name`` for ``space`` (``dim``: see :data:`ENCODERS`)."""
    return lookup(ENCODERS, name, "encoder")(space, dim)
