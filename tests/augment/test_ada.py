"""ADA's controller: the update rule in closed form, clipping, the objective seam."""

from __future__ import annotations

import pytest
import torch

from condgan.augment import AdaptiveAugment, DiffAugment
from condgan.losses import Objective
from condgan.types import CriticOutput


def test_update_rule():
    ada = AdaptiveAugment(target=0.6, interval=2, speed=100)
    assert ada.p == 0.0 and ada.rt is None
    assert ada.observe(torch.ones(10)) is False  # first step of the interval: no update
    assert ada.observe(torch.ones(10)) is True
    assert ada.rt == 1.0 and ada.p == pytest.approx(20 / 100)  # r_t > target: p rises N/speed
    ada.observe(torch.tensor([1.0, -1.0, -1.0, -1.0]))
    ada.observe(torch.tensor([1.0, 1.0, -1.0, -1.0]))
    assert ada.rt == pytest.approx(-2 / 8) and ada.p == pytest.approx(0.2 - 8 / 100)
    for _ in range(10):  # keeps falling and is clipped at 0
        ada.observe(-torch.ones(10))
    assert ada.p == 0.0
    hold = AdaptiveAugment(target=0.5, interval=1, speed=10, initial=0.3)
    hold.observe(torch.tensor([1.0, 1.0, 1.0, -1.0]))  # r_t = 0.5 = target: unchanged
    assert hold.p == pytest.approx(0.3)
    up = AdaptiveAugment(interval=1, speed=1, initial=0.9)
    up.observe(torch.ones(4))
    assert up.p == 1.0  # clipped at 1


def test_diffaugment_reads_the_controller():
    ada = AdaptiveAugment(interval=1, speed=8)
    aug = DiffAugment(probability=ada)
    assert aug.p == 0.0
    ada.observe(torch.ones(4))
    assert aug.p == pytest.approx(0.5)


def test_objective_hands_it_the_real_scores():
    ada = AdaptiveAugment(interval=1, speed=4)

    def critic(x, y):
        return CriticOutput(adv=x.flatten(1).sum(1))

    objective = Objective("hinge", terms=[ada])
    real, fake, y = torch.ones(4, 1, 2, 2), -torch.ones(4, 1, 2, 2), torch.zeros(4)
    out = objective.critic_loss(critic, real, y, fake, y)
    assert ada.p == pytest.approx(1.0)
    assert out.terms["ada/p"].item() == pytest.approx(1.0) and out.terms["ada/rt"].item() == 1.0
    assert "ada" not in out.weights and "ada/p" not in out.weights  # logged, not a loss


def test_errors():
    with pytest.raises(ValueError, match="speed must be > 0"):
        AdaptiveAugment(speed=0)
    with pytest.raises(ValueError, match=r"initial must be in \[0, 1\]"):
        AdaptiveAugment(initial=2.0)
    with pytest.raises(ValueError, match=r"real_scores must have shape \(B,\)"):
        AdaptiveAugment().observe(torch.zeros(2, 2))
