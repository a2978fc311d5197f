"""The Objective's term seam, TAC's twin classifier, ADCGAN's classifier and MSGAN's mode seeking:
closed forms, module == function, gradients, recomputing missing extras, errors."""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn

from condgan.conditions import MultiCategorical, MultiLabel
from condgan.heads import Critic, DiscriminativeClassHead, ProjectionHead, auxiliary_head
from condgan.losses import (
    DiscriminativeAuxiliary,
    ModeSeeking,
    Objective,
    ObjectiveTerm,
    TwinAuxiliary,
)
from condgan.losses import functional as LF
from condgan.models import ConditionalGenerator
from condgan.types import CriticOutput

from testing_support import ADL, ICLEVR


class _Backbone(nn.Module):
    space = None

    def __init__(self) -> None:
        super().__init__()
        self.image_size, self.channels, self.out_dim = 4, 3, 8
        self.fc = nn.Linear(48, 8)

    def forward(self, x, y=None):
        return torch.tanh(self.fc(x.flatten(1)))


def _tac_critic(space):
    torch.manual_seed(0)
    return Critic(
        _Backbone(),
        adversarial=ProjectionHead(8, space),
        auxiliary=auxiliary_head(8, space),
        extra_heads={"twin": auxiliary_head(8, space)},
    )


@pytest.mark.parametrize("space", [MultiCategorical(ADL), MultiLabel(ICLEVR, max_labels=3)],
                         ids=["multi_categorical", "multi_label"])  # fmt: skip
def test_tac_is_the_space_aux_loss_of_the_twin(space):
    critic = _tac_critic(space)
    real, fake = torch.randn(5, 3, 4, 4), torch.randn(5, 3, 4, 4)
    y_real, y_fake = space.sample(5), space.sample(5)
    objective = Objective(
        "hinge", space=space, aux_real_weight=1.0, aux_gen_weight=1.0,
        terms=[(TwinAuxiliary(), 2.0)],
    )  # fmt: skip
    d = objective.critic_loss(critic, real, y_real, fake, y_fake)
    twin, _ = space.aux_loss(critic(fake, y_fake).extras["twin"], y_fake)
    torch.testing.assert_close(d.terms["tac"], twin)
    assert d.weights["tac"] == 2.0
    g = objective.generator_loss(critic, fake, y_fake)
    torch.testing.assert_close(g.terms["tac"], -twin)
    torch.testing.assert_close(g.total, g.terms["adv"] + g.terms["aux_fake"] - 2.0 * twin)
    g.total.backward()
    assert all(p.grad is not None for p in critic.extra_heads["twin"].parameters())


def test_outputs_without_the_extras_are_recomputed():
    space = MultiCategorical(ADL)
    critic = _tac_critic(space)
    calls = []

    def counting(x, y):
        calls.append(len(x))
        return critic(x, y)

    real, fake = torch.randn(4, 3, 4, 4), torch.randn(4, 3, 4, 4)
    y_real, y_fake = space.sample(4), space.sample(4)
    full_real, full_fake = critic(real, y_real), critic(fake, y_fake)
    stripped = CriticOutput(adv=full_fake.adv, aux=full_fake.aux)  # e.g. cut by an old slicer
    objective = Objective("hinge", space=space, terms=[TwinAuxiliary()])
    d = objective.critic_loss(
        counting, real, y_real, fake, y_fake, out_real=full_real, out_fake=stripped
    )
    assert calls == [4]  # one forward, for the fake half only
    torch.testing.assert_close(d.terms["tac"], space.aux_loss(full_fake.extras["twin"], y_fake)[0])


def test_select_keeps_every_field():
    space = MultiCategorical(ADL)
    out = _tac_critic(space)(torch.randn(6, 3, 4, 4), space.sample(6))
    half = out.select(slice(2, 5))
    assert half.batch_size == 3 and torch.equal(half.adv, out.adv[2:5])
    assert all(torch.equal(a, b[2:5]) for a, b in zip(half.aux, out.aux))
    assert all(torch.equal(a, b[2:5]) for a, b in zip(half.extras["twin"], out.extras["twin"]))
    assert torch.equal(half.features, out.features[2:5])


class _Generator(ConditionalGenerator):
    def __init__(self, space) -> None:
        super().__init__(space, nz=4, image_size=4, channels=3)
        self.fc = nn.Linear(4 + space.vector_dim, 48)

    def generate(self, z, y):
        h = self.fc(torch.cat([z, self.space.to_vector(y).to(z.dtype)], 1))
        return torch.tanh(h).view(-1, 3, 4, 4)


def test_mode_seeking_closed_form():
    x1, z1 = torch.zeros(2, 3, 4, 4), torch.zeros(2, 5)
    x2, z2 = torch.full((2, 3, 4, 4), 0.3), torch.full((2, 5), 2.0)
    got = LF.mode_seeking(x1, x2, z1, z2, eps=0.1)
    assert got.item() == pytest.approx(1.0 / (0.3 / 2.0 + 0.1))


def test_mode_seeking_term_reaches_the_generator():
    space = MultiCategorical(ADL)
    torch.manual_seed(0)
    generator = _Generator(space)
    term = ModeSeeking(generator, pairs=3)
    assert not list(term.parameters())  # the generator's parameters stay its own
    y = space.sample(8)
    fake = generator(generator.sample_noise(8), y)
    out = CriticOutput(adv=torch.zeros(8, requires_grad=True))
    objective = Objective("hinge", space=space, terms=[(term, 1.0)])
    g = objective.generator_loss(lambda x, y: out, fake, y, out_fake=out)
    value = g.terms["mode_seeking"]
    assert value.dim() == 0 and bool(torch.isfinite(value)) and value.item() > 0
    g.total.backward()
    assert generator.fc.weight.grad is not None and bool(generator.fc.weight.grad.abs().sum() > 0)
    d = objective.critic_loss(
        lambda x, y: out, fake.detach(), y, fake.detach(), y, out_real=out, out_fake=out
    )
    assert "mode_seeking" not in d.terms  # a generator-only term


def test_term_errors():
    with pytest.raises(TypeError, match=r"Objective.terms\[0\] must be an ObjectiveTerm"):
        Objective("hinge", terms=[nn.Linear(1, 1)])
    with pytest.raises(ValueError, match=r"must have distinct names, got \['tac'\] twice"):
        Objective("hinge", terms=[TwinAuxiliary(), TwinAuxiliary()])
    with pytest.raises(ValueError, match=r"Objective.terms\[0\] weight must be a finite"):
        Objective("hinge", terms=[(TwinAuxiliary(), -1.0)])
    with pytest.raises(TypeError, match="generator must be an nn.Module with sample_noise"):
        ModeSeeking(nn.Linear(1, 1))
    with pytest.raises(ValueError, match="images_1 and images_2 must have one shape"):
        LF.mode_seeking(torch.zeros(2, 3), torch.zeros(3, 3), torch.zeros(2, 1), torch.zeros(2, 1))
    out = CriticOutput(adv=torch.zeros(2))
    y = MultiCategorical(ADL).sample(2)
    with pytest.raises(ValueError, match="TwinAuxiliary needs the Objective's space"):
        Objective("hinge", terms=[TwinAuxiliary()]).generator_loss(
            lambda x, y: CriticOutput(adv=torch.zeros(2), extras={"twin": None}),
            torch.zeros(2, 1), y, out_fake=out,
        )  # fmt: skip


def test_a_user_term_plugs_in():
    class MeanScore(ObjectiveTerm):
        name = "mean_score"

        def critic_term(self, inputs):
            return inputs.out_real.adv.mean(), {"fake": inputs.out_fake.adv.mean()}

    out_r, out_f = CriticOutput(adv=torch.tensor([1.0, 3.0])), CriticOutput(adv=torch.zeros(2))
    d = Objective("wgan", terms=[(MeanScore(), 0.5)]).critic_loss(
        lambda x, y: None, torch.zeros(2, 1), torch.zeros(2), torch.zeros(2, 1), torch.zeros(2),
        out_real=out_r, out_fake=out_f,
    )  # fmt: skip
    assert d.terms["mean_score"].item() == 2.0 and d.terms["mean_score/fake"].item() == 0.0
    assert d.total.item() == pytest.approx(-2.0 + 0.5 * 2.0)


def test_adc_closed_form_and_term():
    z = torch.zeros(2, 4)  # n = 2 classes, uniform logits: every CE is log 4
    assert LF.adc_cross_entropy(z, torch.tensor([0, 1]), fake=True).item() == pytest.approx(
        math.log(4)
    )
    z = torch.tensor([[5.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 5.0]])
    real = LF.adc_cross_entropy(z, torch.tensor([0, 1]), fake=False)  # targets 0 and 2
    expected = 0.5 * (
        -torch.log_softmax(z[0], 0)[0] - torch.log_softmax(z[1], 0)[2]
    )  # fmt: skip
    torch.testing.assert_close(real, expected)
    with pytest.raises(ValueError, match="even width 2n"):
        LF.adc_cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1]), fake=False)

    space = MultiCategorical(ADL)
    torch.manual_seed(0)
    critic = Critic(
        _Backbone(), adversarial=ProjectionHead(8, space),
        extra_heads={"adc": DiscriminativeClassHead(8, space)},
    )  # fmt: skip
    real_x, fake_x = torch.randn(5, 3, 4, 4), torch.randn(5, 3, 4, 4)
    y_r, y_f = space.sample(5), space.sample(5)
    objective = Objective("hinge", space=space, terms=[DiscriminativeAuxiliary()])
    d = objective.critic_loss(critic, real_x, y_r, fake_x, y_f)
    lr, lf = critic(real_x, y_r).extras["adc"], critic(fake_x, y_f).extras["adc"]
    want = sum(
        LF.adc_cross_entropy(lr[a], y_r[:, a], fake=False)
        + LF.adc_cross_entropy(lf[a], y_f[:, a], fake=True)
        for a in range(4)
    )
    torch.testing.assert_close(d.terms["adc"], want)
    assert set(k for k in d.terms if k.startswith("adc/")) == {f"adc/{n}" for n in ADL}
    g = objective.generator_loss(critic, fake_x, y_f)
    want_g = sum(
        LF.adc_cross_entropy(lf[a], y_f[:, a], fake=False)
        - LF.adc_cross_entropy(lf[a], y_f[:, a], fake=True)
        for a in range(4)
    )
    torch.testing.assert_close(g.terms["adc"], want_g)
    assert [t.shape for t in lr] == [(5, 12), (5, 8), (5, 6), (5, 4)]
