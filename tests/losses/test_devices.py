"""Losses on every device and in float32 / bfloat16: results match the float32 CPU
reference, come out in float32 on the inputs' device, and carry gradients."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from condgan.conditions import MultiCategorical
from condgan.heads import Critic, ProjectionHead, auxiliary_head
from condgan.losses import WGANGP, Objective, available_adversarial_losses
from condgan.losses import functional as LF

from devices import DEVICES, DTYPES, tolerance
from testing_support import ADL

PAIRS = [LF.nonsaturating_d, LF.lsgan_d, LF.wasserstein_d, LF.hinge_d]
SINGLES = [LF.nonsaturating_g, LF.lsgan_g, LF.wasserstein_g, LF.hinge_g, LF.hinge_d_fake]


@pytest.mark.parametrize("fn", PAIRS + SINGLES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_adversarial_functions_match_the_fp32_reference(fn, device, dtype):
    g = torch.Generator().manual_seed(0)
    real, fake = torch.randn(16, generator=g), torch.randn(16, generator=g)
    args = (real, fake) if fn in PAIRS else (fake,)
    expected = fn(*args)
    moved = [a.to(device, dtype).requires_grad_(True) for a in args]
    got = fn(*moved)
    assert got.dtype == torch.float32 and got.device.type == device
    torch.testing.assert_close(got.cpu(), expected, **tolerance(dtype))
    got.backward()
    assert all(a.grad is not None and a.grad.dtype == dtype for a in moved)


class _Backbone(nn.Module):
    space = None

    def __init__(self) -> None:
        super().__init__()
        self.image_size, self.channels, self.out_dim = 4, 3, 8
        self.fc = nn.Linear(3 * 4 * 4, 8)

    def forward(self, x, y=None):
        return torch.tanh(self.fc(x.flatten(1)))


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", available_adversarial_losses())
def test_objective_on_device(device, name):
    torch.manual_seed(0)
    space = MultiCategorical(ADL)
    backbone = _Backbone()
    critic = Critic(
        backbone,
        adversarial=ProjectionHead(8, space),
        auxiliary=auxiliary_head(8, space),
    ).to(device)
    objective = Objective(
        name, space=space, penalties=[(WGANGP(), 10.0)], aux_real_weight=1.0,
        aux_gen_weight=1.0, match_weight=1.0,
    )  # fmt: skip
    real, fake = torch.randn(6, 3, 4, 4, device=device), torch.randn(6, 3, 4, 4, device=device)
    y_real, y_fake = space.sample(6, device=device), space.sample(6, device=device)
    rng = torch.Generator(device=device).manual_seed(0)
    d = objective.critic_loss(critic, real, y_real, fake, y_fake, generator=rng)
    assert set(d.terms) >= {"adv", "gp", "aux_real", "match", "aux_real/hair"}
    assert d.total.device.type == device and bool(torch.isfinite(d.total))
    d.total.backward()
    assert all(p.grad is not None for p in critic.parameters())
    g = objective.generator_loss(critic, fake.requires_grad_(True), y_fake)
    g.total.backward()
    assert fake.grad is not None and bool(torch.isfinite(fake.grad).all())
