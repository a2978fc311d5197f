"""Objective: composition, names and weights, out_real/out_fake reuse, lazy penalties, errors."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from condgan.conditions import MultiCategorical
from condgan.losses import R1, WGANGP, Objective, Wasserstein
from condgan.losses import functional as LF
from condgan.types import CriticOutput, InfoCodes, InfoOutput

from testing_support import ADL


class Critic(nn.Module):
    """Conditional critic: flat features + one-hot y -> adv; 4 aux heads; an info head."""

    def __init__(self, space: MultiCategorical):
        super().__init__()
        self.space = space
        self.body = nn.Linear(3 * 4 * 4, 16)
        self.adv = nn.Linear(16 + space.vector_dim, 1)
        self.aux = nn.ModuleList(nn.Linear(16, s) for s in space.sizes)
        self.info = nn.Linear(16, 3 + 2)
        self.calls = 0

    def forward(self, x, y):
        self.calls += 1
        h = torch.tanh(self.body(x.flatten(1)))
        adv = self.adv(torch.cat([h, self.space.to_vector(y).to(h.dtype)], 1)).squeeze(1)
        q = self.info(h)
        info = InfoOutput(categorical=[q[:, :3]], mean=q[:, 3:])
        return CriticOutput(adv=adv, aux=[head(h) for head in self.aux], info=info, features=h)


@pytest.fixture
def setup():
    torch.manual_seed(0)
    space = MultiCategorical(ADL)
    critic = Critic(space)
    real, fake = torch.randn(6, 3, 4, 4), torch.randn(6, 3, 4, 4)
    y_real, y_fake = space.sample(6), space.sample(6)
    return space, critic, real, y_real, fake, y_fake


def test_r1_recipe_terms_and_total(setup):
    space, critic, real, y_real, fake, y_fake = setup
    obj = Objective(
        "wgan", space=space, adversarial_weight=0.01, aux_real_weight=0.2, aux_fake_weight=0.2,
        aux_gen_weight=0.2,
    )  # fmt: skip
    out = obj.critic_loss(critic, real, y_real, fake, y_fake)
    names = ["adv", "aux_real", *[f"aux_real/{a}" for a in ADL], "aux_fake"]
    assert set(names) <= set(out.terms)
    assert out.weights == {"adv": 0.01, "aux_real": 0.2, "aux_fake": 0.2}
    o_r, o_f = critic(real, y_real), critic(fake, y_fake)
    assert torch.allclose(out.terms["adv"], LF.wasserstein_d(o_r.adv, o_f.adv))
    assert torch.allclose(out.terms["aux_real"], LF.attribute_cross_entropy(o_r.aux, y_real))
    assert torch.allclose(
        out.terms["aux_real/hair"], LF.attribute_cross_entropies(o_r.aux, y_real)[0]
    )
    expected = sum(w * out.terms[n] for n, w in out.weights.items())
    assert torch.allclose(out.total, expected)

    g = obj.generator_loss(critic, fake, y_fake)
    assert set(g.weights) == {"adv", "aux_fake"}
    assert torch.allclose(g.terms["adv"], -o_f.adv.mean())


def test_given_outputs_are_used(setup):
    space, critic, real, y_real, fake, y_fake = setup
    obj = Objective("bce", space=space, aux_real_weight=1.0)
    o_r, o_f = critic(real, y_real), critic(fake, y_fake)
    calls = critic.calls
    a = obj.critic_loss(critic, real, y_real, fake, y_fake, out_real=o_r, out_fake=o_f)
    assert critic.calls == calls  # no extra forward
    b = obj.critic_loss(critic, real, y_real, fake, y_fake)
    assert torch.allclose(a.total, b.total)
    g = obj.generator_loss(critic, fake, y_fake, out_fake=o_f)
    assert critic.calls == calls + 2 and torch.isfinite(g.total)


def test_zero_weight_terms_are_not_computed(setup):
    space, critic, real, y_real, fake, y_fake = setup
    obj = Objective("wgan", space=space, aux_real_weight=0.0, penalties=[(WGANGP(), 0.0)])
    out = obj.critic_loss(critic, real, y_real, fake, y_fake)
    assert list(out.terms) == ["adv"]
    obj = Objective("wgan", space=space, adversarial_weight=0.0, aux_real_weight=1.0)
    critic.calls = 0
    out = obj.critic_loss(critic, real, y_real, fake, y_fake)
    assert "adv" not in out.terms and critic.calls == 1  # fake never went through the critic


def test_penalty_closes_over_y_and_lazy_schedule(setup):
    space, critic, real, y_real, fake, y_fake = setup
    obj = Objective("wgan", space=space, penalties=[(WGANGP(), 10.0), (R1(every=4), 5.0)])
    out0 = obj.critic_loss(critic, real, y_real, fake, y_fake, step=0,
                           generator=torch.Generator().manual_seed(1))  # fmt: skip
    assert out0.weights["gp"] == 10.0 and out0.weights["r1"] == 20.0
    f = lambda x: critic(x, y_real).adv  # noqa: E731
    expected = LF.wgan_gp(f, real, fake, generator=torch.Generator().manual_seed(1))
    assert torch.allclose(out0.terms["gp"], expected)
    assert torch.allclose(out0.terms["r1"], LF.r1(f, real))
    out1 = obj.critic_loss(critic, real, y_real, fake, y_fake, step=1)
    assert "r1" not in out1.terms and "gp" in out1.terms
    out0.total.backward()  # one ordinary backward through the penalty graph
    assert critic.body.weight.grad is not None


def test_matching_aware_term(setup):
    space, critic, real, y_real, fake, y_fake = setup
    obj = Objective(Wasserstein(), space=space, match_weight=0.5)
    out = obj.critic_loss(critic, real, y_real, fake, y_fake,
                          generator=torch.Generator().manual_seed(2))  # fmt: skip
    wrong = LF.mismatched_conditions(space, y_real, generator=torch.Generator().manual_seed(2))
    assert torch.allclose(out.terms["match"], critic(real, wrong).adv.mean())
    assert out.weights["match"] == 0.5


def test_info_terms(setup):
    space, critic, real, y_real, fake, y_fake = setup
    codes = InfoCodes(categorical=[torch.tensor([0, 1, 2, 0, 1, 2])], continuous=torch.rand(6, 2))
    obj = Objective("lsgan", space=space, info_cat_weight=1.0, info_cont_weight=0.5)
    out = obj.critic_loss(critic, real, y_real, fake, y_fake, codes=codes)
    info = critic(fake, y_fake).info
    assert torch.allclose(
        out.terms["info_cat"], LF.info_categorical(info.categorical, codes.categorical)
    )
    assert torch.allclose(out.terms["info_cont"], LF.continuous_mse(info.mean, codes.continuous))
    g = obj.generator_loss(critic, fake, y_fake, codes=codes)
    assert g.weights == {"adv": 1.0, "info_cat": 1.0, "info_cont": 0.5}


def test_no_backward_no_step(setup):
    space, critic, real, y_real, fake, y_fake = setup
    obj = Objective("hinge", space=space, aux_real_weight=1.0, penalties=[(WGANGP(), 10.0)])
    before = [p.detach().clone() for p in critic.parameters()]
    obj.critic_loss(critic, real, y_real, fake, y_fake)
    assert all(p.grad is None for p in critic.parameters())
    assert all(torch.equal(a, b) for a, b in zip(before, critic.parameters()))


# ------------------------------------------------------------------ errors --
def test_objective_errors(setup, iclevr_space):
    space, critic, real, y_real, fake, y_fake = setup
    with pytest.raises(ValueError, match=r"Objective.aux_real_weight must be a finite number >= 0, "
                       r"got -1.0"):  # fmt: skip
        Objective("wgan", space=space, aux_real_weight=-1)
    with pytest.raises(ValueError, match=r"Objective.space is required when \['match_weight'\]"):
        Objective("wgan", match_weight=1.0)
    with pytest.raises(ValueError, match=r"Objective.penalties\[0\] weight must be a finite"):
        Objective("wgan", penalties=[(WGANGP(), -10.0)])
    with pytest.raises(TypeError, match=r"Objective.penalties\[0\]\[0\] must be a Penalty"):
        Objective("wgan", penalties=[("gp", 10.0)])
    with pytest.raises(ValueError, match="unknown adversarial loss 'wgangp'"):
        Objective("wgangp")
    obj = Objective("wgan", space=space, aux_real_weight=1.0)
    with pytest.raises(ValueError, match=r"y_real must have shape \(B, 4\)"):
        obj.critic_loss(critic, real, y_real[:, :2], fake, y_fake)
    with pytest.raises(ValueError, match="y_fake has batch 5 but its images have batch 6"):
        obj.critic_loss(critic, real, y_real, fake, y_fake[:5])
    with pytest.raises(ValueError, match="out_fake has batch 3 but its images have batch 6"):
        obj.critic_loss(critic, real, y_real, fake, y_fake,
                        out_fake=CriticOutput(adv=torch.zeros(3)))  # fmt: skip
    with pytest.raises(TypeError, match="y_real must have dtype torch.long"):
        obj.critic_loss(critic, real, iclevr_space.sample(6), fake, y_fake)
