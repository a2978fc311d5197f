"""R3 ``cartoon-infogan``: unsupervised codes, least squares, code CE and MSE."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from condgan.losses import LeastSquares
from condgan.recipes import build, run_variant, variants

INFOGAN = "cartoon-infogan"


def _count(module: nn.Module, kind: type) -> int:
    return sum(isinstance(m, kind) for m in module.modules())


def test_one_variant():
    assert variants(INFOGAN) == ["default"]


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
