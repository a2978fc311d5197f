"""Explicit DCGAN weight initialisation."""

from __future__ import annotations

from torch import nn
from torch.nn.utils import parametrize

from condgan.conditions.fusion import ConditionalBatchNorm2d

__all__ = ["init_weights"]

_WEIGHTED = (nn.Conv1d, nn.Conv2d, nn.ConvTranspose2d, nn.Linear)


def _raw_weight(module: nn.Module):
    if parametrize.is_parametrized(module, "weight"):
        return module.parametrizations.weight.original
    return module.weight


def init_weights(module: nn.Module, std: float = 0.02) -> nn.Module:
    """Initialise ``module`` in place the DCGAN way and return it.

    * conv / transposed conv / linear weights ~ N(0, ``std``), biases 0 (for a
      spectral-normed layer the raw weight before normalisation);
    * batch-norm weights ~ N(1, ``std``), biases 0;
    * :class:`~condgan.conditions.ConditionalBatchNorm2d` is left as built (its
      gamma/beta maps start at zero so that it begins as plain BN), and so are
      buffers such as fixed embedding tables.
    """
    if not isinstance(module, nn.Module):
        raise TypeError(f"module must be an nn.Module, got {type(module).__name__}")
    if isinstance(std, bool) or not isinstance(std, (int, float)) or std <= 0:
        raise ValueError(f"std must be a positive number, got {std!r}")
    stack = [module]
    while stack:
        m = stack.pop()
        if isinstance(m, ConditionalBatchNorm2d):
            continue
        if isinstance(m, _WEIGHTED):
            nn.init.normal_(_raw_weight(m), 0.0, std)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.modules.batchnorm._BatchNorm) and m.affine:
            nn.init.normal_(m.weight, 1.0, std)
            nn.init.zeros_(m.bias)
        stack.extend(m.children())
    return module
