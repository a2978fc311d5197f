"""Layer constructors: plain and spectral-normed convs and linears.

Blocks and models take *constructors* (``conv_layer=sn_conv2d``,
``norm_layer=functools.partial(nn.BatchNorm2d, momentum=0.1)``,
``act_layer=nn.ReLU``), the timm / BigGAN-PyTorch way. The names a checkpoint
stores (``"bn"``, ``"leaky_relu"``) are resolved only by the registered
builders (:mod:`condgan.models.names`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from torch import nn
from torch.nn.utils import parametrizations

__all__ = [
    "ActLayer",
    "NormLayer",
    "conv2d",
    "conv_transpose2d",
    "leaky_relu",
    "linear",
    "sn_conv2d",
    "sn_conv_transpose2d",
    "sn_linear",
    "spectral_norm",
]

M = TypeVar("M", bound=nn.Module)

#: ``(channels) -> norm module`` (conditional norms have a ``cond_dim`` and take ``c`` too).
NormLayer = Callable[[int], nn.Module]
#: ``() -> activation module``.
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


#: ``LeakyReLU(0.2)``'s constructor, the GAN convention (DCGAN critics, SRResNet's critic).
leaky_relu = functools.partial(nn.LeakyReLU, 0.2)

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
