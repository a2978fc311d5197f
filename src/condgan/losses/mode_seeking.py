"""``ModeSeeking``: MSGAN's mode-seeking term (Mao et al., CVPR 2019) for the generator.

:func:`~condgan.losses.functional.mode_seeking` needs two images of one
condition from two noise vectors. The trainer's batch has one image per
condition, so the term draws its own pairs: for the first ``pairs`` conditions
of the generated batch it draws :math:`z_1, z_2`, runs the generator once on
both halves, and scores how far the images move apart per unit of noise. It
costs one extra generator forward of ``2 * pairs`` samples per generator step
and adds nothing to the critic's loss.
"""

from __future__ import annotations

import torch
from torch import nn

from condgan.conditions.space import check_count
from condgan.losses import functional as LF
from condgan.losses.functional.checks import check_number
from condgan.losses.term import ObjectiveTerm, TermInputs, TermValue

__all__ = ["ModeSeeking"]


class ModeSeeking(ObjectiveTerm):
    """MSGAN's generator term.

    Args:
        generator: the generator being trained (``forward(z, y)`` and
            ``sample_noise(n, generator=None, device=None)``); the term calls it.
            Generators that take InfoGAN codes are not supported.
        pairs: conditions per step to draw pairs for (default: half the batch).
        eps: :math:`\\epsilon` of the ratio.

    MSGAN weighs it 1: ``terms=[(ModeSeeking(G), 1.0)]``.
    """

    name = "mode_seeking"

    def __init__(self, generator: nn.Module, *, pairs: int | None = None, eps: float = 1e-5):
        super().__init__()
        if not isinstance(generator, nn.Module) or not callable(
            getattr(generator, "sample_noise", None)
        ):
            raise TypeError(
                "generator must be an nn.Module with sample_noise(n, generator, device), got "
                f"{type(generator).__name__}"
            )
        self._generator = [generator]  # not a submodule: its parameters stay the generator's
        self.pairs = None if pairs is None else check_count(pairs, "pairs")
        self.eps = check_number(eps, "eps")

    @property
    def generator(self) -> nn.Module:
        return self._generator[0]

    def generator_term(self, inputs: TermInputs) -> TermValue:
        y = inputs.y_fake
        n = min(len(y), self.pairs or max(1, len(y) // 2))
        y = y[:n]
        g = self.generator
        z = g.sample_noise(2 * n, device=inputs.fake.device).to(inputs.fake.dtype)
        images = g(z, torch.cat([y, y]))
        return LF.mode_seeking(images[:n], images[n:], z[:n], z[n:], eps=self.eps), {}

    def extra_repr(self) -> str:
        return f"pairs={self.pairs}, eps={self.eps:g}"
