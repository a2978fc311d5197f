"""Evaluate a module without changing it: eval mode inside, every flag restored after.

``module.train(was_training)`` restores only the *outer* flag onto every
submodule, so a wrapper (e.g. a text-to-label view around a generator) that was
created in train mode would leave an eval-mode generator in train mode; later
sampling would then use batch statistics and move BatchNorm's running
statistics. :func:`evaluation_mode` records each submodule's own flag.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from torch import nn

__all__ = ["evaluation_mode"]


@contextmanager
def evaluation_mode(module: Any) -> Iterator[Any]:
    """Put ``module`` (and every submodule) in eval mode; restore each one's flag on exit.

    Objects that are not :class:`torch.nn.Module` pass through unchanged.

    Example::

        with evaluation_mode(G):
            images = G.sample(y)
        # G.training and every submodule's flag are what they were before
    """
    if not isinstance(module, nn.Module):
        yield module
        return
    flags = [(m, m.training) for m in module.modules()]
    module.eval()
    try:
        yield module
    finally:
        for m, was_training in flags:
            m.training = was_training
