"""R3 recipes: ``cartoon-acgan`` (seven experiments) and ``cartoon-infogan``."""

from __future__ import annotations

import dataclasses

import pytest
import torch
from torch import nn

from condgan.losses import LeastSquares, NonSaturating
from condgan.recipes import build, run_variant, variants
from condgan.recipes.reports.cartoon_acgan import code_alignment
from condgan.training import Trainer

ACGAN = "cartoon-acgan"
INFOGAN = "cartoon-infogan"


def _count(module: nn.Module, kind: type) -> int:
    return sum(isinstance(m, kind) for m in module.modules())


def _objective_weights(recipe) -> dict[str, float]:
    o = recipe.objective
    names = ("adversarial_weight", "aux_real_weight", "aux_fake_weight", "aux_gen_weight",
             "info_cat_weight", "info_cont_weight")  # fmt: skip
    return {n: getattr(o, n) for n in names}


def _g_facts(recipe) -> dict:
    g = recipe.generator
    acts = sorted({type(m).__name__ for m in g.modules() if isinstance(m, (nn.ReLU, nn.LeakyReLU))})
    return {"nz": g.nz, "acts": acts}


def test_variants_in_report_order():
    assert variants(ACGAN) == [
        "baseline", "d-half", "cls-weight-2", "cls-weight-10", "latent-100", "lr-5e-5",
        "leaky-relu",
    ]  # fmt: skip
    assert variants(INFOGAN) == ["default"]


@pytest.mark.parametrize("variant", variants(ACGAN))
def test_acgan_variant_trains_two_steps(variant, tmp_path):
    recipe = build(ACGAN, variant, scale="smoke")
    trainer = Trainer.from_recipe(recipe, out_dir=str(tmp_path))
    trainer.fit()
    assert trainer.step == 2
    assert recipe.notes and recipe.reported is not None and recipe.reported.metric == "FID"


def test_acgan_paper_scale_is_the_reports():
    r = build(ACGAN, scale="paper")
    g, d = r.generator, r.critic
    assert g.nz == 200 and g.image_size == 128
    # five ConvTranspose + BN + ReLU blocks, then a transposed conv to 3 maps and tanh
    assert _count(g, nn.ConvTranspose2d) == 6 and _count(g, nn.BatchNorm2d) == 5
    assert _count(g, nn.ReLU) == 5 and _count(g, nn.Tanh) == 1
    assert g(torch.zeros(1, 200), r.space.sample(1)).shape == (1, 3, 128, 128)
    # five Conv + LeakyReLU blocks; adversarial output and four attribute classifiers
    convs = [m for m in d.modules() if isinstance(m, nn.Conv2d)]
    assert len(convs) == 5 and all(c.stride == (2, 2) for c in convs)
    assert _count(d, nn.LeakyReLU) == 5 and _count(d, nn.BatchNorm2d) == 0
    out = d(torch.zeros(2, 3, 128, 128), r.space.sample(2))
    assert out.adv.shape == (2,) and [a.shape[1] for a in out.aux] == [6, 4, 3, 2]
    assert isinstance(r.objective.adversarial, NonSaturating)
    assert _objective_weights(r) == {
        "adversarial_weight": 1.0, "aux_real_weight": 1.0, "aux_fake_weight": 1.0,
        "aux_gen_weight": 1.0, "info_cat_weight": 0.0, "info_cont_weight": 0.0,
    }  # fmt: skip
    t = r.train
    assert (t.lr_g, t.lr_d, t.critic_steps, t.g_steps, t.batch_size) == (2e-4, 2e-4, 1, 1, 64)
    assert r.data.kind == "cartoon" and r.data.image_size == 128


#: What each experiment changes from the baseline (TrainConfig fields, objective weights, G).
EXPECTED_CHANGES = {
    "baseline": ({}, {}, {}),
    "d-half": ({"g_steps": 2}, {}, {}),
    "cls-weight-2": (
        {},
        dict.fromkeys(("aux_real_weight", "aux_fake_weight", "aux_gen_weight"), 2.0),
        {},
    ),
    "cls-weight-10": (
        {},
        dict.fromkeys(("aux_real_weight", "aux_fake_weight", "aux_gen_weight"), 10.0),
        {},
    ),
    "latent-100": ({}, {}, {"nz": 100}),
    "lr-5e-5": ({"lr_g": 5e-5, "lr_d": 5e-5}, {}, {}),
    "leaky-relu": ({}, {}, {"acts": ["LeakyReLU"]}),
}


def _diff(a: dict, b: dict) -> dict:
    return {k: b[k] for k in b if a[k] != b[k]}


@pytest.mark.parametrize("variant", variants(ACGAN))
def test_acgan_variants_change_exactly_what_the_report_says(variant):
    base, r = build(ACGAN, scale="paper"), build(ACGAN, variant, scale="paper")
    train, weights, g = EXPECTED_CHANGES[variant]
    assert _diff(dataclasses.asdict(base.train), dataclasses.asdict(r.train)) == train
    assert _diff(_objective_weights(base), _objective_weights(r)) == weights
    assert _diff(_g_facts(base), _g_facts(r)) == g
    assert type(r.objective.adversarial) is type(base.objective.adversarial)
    assert r.critic.backbone.out_dim == base.critic.backbone.out_dim


def test_acgan_reported_numbers():
    got = {v: build(ACGAN, v, scale="smoke").reported for v in variants(ACGAN)}
    assert {v: r.value for v, r in got.items()} == {
        "baseline": 166.24, "d-half": 221.0, "cls-weight-2": 231.0, "cls-weight-10": None,
        "latent-100": 168.19, "lr-5e-5": 166.87, "leaky-relu": 166.87,
    }  # fmt: skip
    assert "diverged" in got["cls-weight-2"].note and got["cls-weight-10"].note


def test_acgan_cpu_scale_is_32px():
    r = build(ACGAN, scale="cpu")
    assert r.data.image_size == 32 and r.generator.image_size == 32 and r.generator.nz == 200


def test_infogan_paper_scale_is_the_reports():
    r = build(INFOGAN, scale="paper")
    g, d = r.generator, r.critic
    assert not g.use_condition and g.encoder is None  # unsupervised: y never enters G
    assert tuple(g.info_spec.categorical) == (6, 4, 3, 2) and g.info_spec.continuous == 2
    # a linear layer, then (BN, Upsample, Conv) blocks and tanh
    assert isinstance(g.linear, nn.Linear)
    assert _count(g, nn.BatchNorm2d) == 3 and _count(g, nn.Conv2d) == 3
    assert _count(g, nn.Upsample) == 2 and isinstance(g.blocks[-1], nn.Tanh)
    # four (Conv, LeakyReLU, Dropout2d) blocks; adversarial, categorical and continuous heads
    assert _count(d, nn.Conv2d) == 4 and _count(d, nn.LeakyReLU) == 4
    assert _count(d, nn.Dropout2d) == 4
    d.eval()
    out = d(torch.zeros(2, 3, 128, 128), r.space.sample(2))
    assert out.adv.shape == (2,) and [c.shape[1] for c in out.info.categorical] == [6, 4, 3, 2]
    assert out.info.mean.shape == (2, 2) and out.info.log_scale is None
    assert isinstance(r.objective.adversarial, LeastSquares)
    assert r.objective.info_continuous == "mse"
    assert r.objective.info_cat_weight > 0 and r.objective.info_cont_weight > 0
    assert r.objective.aux_real_weight == r.objective.aux_gen_weight == 0
    assert r.evaluate is not None and r.notes


def test_code_alignment_closed_forms():
    codes = torch.tensor([0, 1, 2, 0, 1, 2])
    # a relabelled copy aligns perfectly
    assert code_alignment(codes, (codes + 1) % 3, 3) == 1.0
    # confusion [[2,0,0],[0,1,1],[0,1,1]]: best matching 2 + 1 + 1 = 4 of 6
    predicted = torch.tensor([0, 1, 2, 0, 2, 1])
    assert code_alignment(codes, predicted, 3) == pytest.approx(4 / 6)
    # a constant prediction: only the largest code class can match
    assert code_alignment(torch.tensor([0, 0, 0, 1]), torch.tensor([1, 1, 1, 1]), 2) == 0.75
    # 3 code values against 6 attribute values: codes 1 and 2 both map to value 3, one wins
    rect = code_alignment(torch.tensor([0, 0, 1, 1, 2, 2]), torch.tensor([5, 5, 3, 3, 3, 3]), 3, 6)
    assert rect == pytest.approx(4 / 6)


@pytest.mark.parametrize(
    "codes, predicted, k, match",
    [
        (torch.tensor([0, 1]), torch.tensor([0, 1, 1]), 2, "same shape"),
        (torch.tensor([0, 2]), torch.tensor([0, 1]), 2, "codes must be long values in"),
        (torch.tensor([0.0, 1.0]), torch.tensor([0, 1]), 2, "codes must be long"),
        (torch.tensor([], dtype=torch.long), torch.tensor([0]), 2, "non-empty"),
        (torch.tensor([0, 1]), torch.tensor([0, 1]), 0, "num_codes"),
    ],
)
def test_code_alignment_errors(codes, predicted, k, match):
    with pytest.raises(ValueError, match=match):
        code_alignment(codes, predicted, k)


def test_infogan_runs_and_evaluates_alignment(tmp_path):
    res = run_variant(INFOGAN, scale="smoke", out=tmp_path, n_eval=16, progress=False)
    assert res.steps == 2 and res.fid is not None and res.fid >= 0
    details = res.details
    matrix, chance = details["alignment_matrix"], details["chance_matrix"]
    assert len(matrix) == len(chance) == 4 and all(len(row) == 4 for row in matrix + chance)
    assert all(0 < v <= 1 for row in matrix + chance for v in row)
    align = details["alignment"]  # four codes matched one-to-one to four attributes
    assert set(align) == {"hair", "eye", "face", "glasses"}
    assert sorted(a["code"] for a in align.values()) == [0, 1, 2, 3]
    names = ["hair", "eye", "face", "glasses"]
    for name, a in align.items():
        assert a["alignment"] == matrix[a["code"]][names.index(name)]
    assert res.accuracy == pytest.approx(sum(a["alignment"] for a in align.values()) / 4)
    # deterministic given the seed
    recipe = build(INFOGAN, scale="smoke")
    g = recipe.generator
    first, second = (recipe.evaluate(g, n=16, seed=3)["alignment"] for _ in range(2))
    assert first == second
