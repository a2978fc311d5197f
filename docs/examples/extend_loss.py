"""Extension point: an adversarial loss (a pure function plus a thin module).

Registered by name, it is usable wherever a loss name is accepted
(``Objective(adversarial="wgan-drift")``). Here the Wasserstein loss with the
epsilon-drift term of Karras et al. 2018 (progressive GAN), which keeps the
critic's real scores near zero.
"""

import torch
from torch import Tensor

from condgan.losses import AdversarialLoss, Objective, register_adversarial
from condgan.losses import functional as LF
from condgan.types import CriticOutput


def wasserstein_drift_d(real: Tensor, fake: Tensor, *, eps: float = 1e-3) -> Tensor:
    """``mean(fake) - mean(real) + eps * mean(real^2)``; scores ``(B,)`` -> ``()``."""
    return LF.wasserstein_d(real, fake) + eps * real.float().square().mean()


@register_adversarial("wgan-drift")
class WassersteinDrift(AdversarialLoss):
    name = "wgan-drift"

    def __init__(self, *, eps: float = 1e-3) -> None:
        super().__init__()
        self.eps = eps

    def critic(self, real_out, fake_out, *, generator=None) -> Tensor:
        return wasserstein_drift_d(real_out.adv, fake_out.adv, eps=self.eps)

    def critic_fake(self, scores: Tensor) -> Tensor:
        return LF.wasserstein_d_fake(scores)

    def generator(self, fake_out) -> Tensor:
        return LF.wasserstein_g(fake_out.adv)


real, fake = torch.tensor([1.0, 3.0]), torch.tensor([0.0, 2.0])
loss = Objective(adversarial="wgan-drift").adversarial
value = loss.critic(CriticOutput(adv=real), CriticOutput(adv=fake))
assert torch.isclose(value, torch.tensor(1.0 - 2.0 + 1e-3 * 5.0))  # closed form
