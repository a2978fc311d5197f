"""Extension point: a gradient penalty.

A penalty is called as ``penalty(f, real, fake, generator=None)`` with ``f`` the
critic closed over the conditions (``x -> (B,)``); the
:class:`~condgan.losses.Objective` weights it and applies its lazy schedule.
Here the zero-centred penalty on generated samples ("R2", Mescheder et al. 2018).
"""

import torch
from torch import Tensor

from condgan.losses import Objective, Penalty
from condgan.losses import functional as LF


class R2(Penalty):
    """``mean ||grad f(x_fake)||^2``."""

    name = "r2"

    def forward(self, f, real: Tensor, fake: Tensor | None = None, *, generator=None) -> Tensor:
        if fake is None:
            raise ValueError("R2 needs fake samples, got fake=None")
        return LF.r1(f, fake)  # the same per-sample squared norm, on the fakes


def f(x: Tensor) -> Tensor:  # a critic whose gradient is known: d/dx sum(2x) = 2
    return 2.0 * x.flatten(1).sum(dim=1)


fake = torch.randn(3, 1, 2, 2)
value = R2()(f, torch.randn(3, 1, 2, 2), fake)
assert torch.isclose(value, torch.tensor(4.0 * 4))  # |grad|^2 = 4 per pixel x 4 pixels
objective = Objective(adversarial="wgan", penalties=[(R2(every=2), 5.0)])
