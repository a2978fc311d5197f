"""The ``"recommended"`` variant: condgan's model for a report's data, buildable by name,
outside the report's variant list, trained by ``condgan demo``."""

from __future__ import annotations

import pytest
import torch

from condgan.heads import ProjectionHead
from condgan.losses import Hinge
from condgan.recipes import build, variants
from condgan.recipes.recommended import RECOMMENDED, RECOMMENDED_STEPS, recommended_recipe
from condgan.training import Trainer


def test_it_is_an_extra_not_a_report_variant():
    assert RECOMMENDED not in variants("cartoon-acwgan")
    assert variants("cartoon-acwgan", extras=True) == [*variants("cartoon-acwgan"), RECOMMENDED]
    r = build("cartoon-acwgan", RECOMMENDED, "cpu")
    assert (r.name, r.variant, r.reported) == ("cartoon-acwgan", RECOMMENDED, None)
    assert "not the report's" in r.notes


def test_its_parts_are_the_ablation_winner():
    r = build("cartoon-acwgan", RECOMMENDED, "cpu")
    assert isinstance(r.critic.adversarial, ProjectionHead) and r.critic.auxiliary is not None
    assert not r.critic.joint_pass_exact  # spectral norm: two passes
    assert isinstance(r.objective.adversarial, Hinge)
    assert r.objective.aux_real_weight == r.objective.aux_gen_weight == 1.0
    assert (r.train.critic_steps, r.train.lr_g, r.train.lr_d) == (1, 2e-4, 2e-4)
    assert r.train.steps == RECOMMENDED_STEPS["cpu"] and r.train.ema_decay == 0.999
    assert not any(isinstance(m, torch.nn.Dropout) for m in r.generator.modules())
    assert r.data.image_size == 32 and r.data.kind == "cartoon"


FAMILIES = ["cartoon-acwgan", "iclevr-acwgan-gp", "anime-srresnet-dragan", "text2anime"]


@pytest.mark.parametrize("name", FAMILIES)
def test_only_multi_label_scenes_get_biggans_conditioning(name):
    g = build(name, RECOMMENDED, "cpu").generator
    biggan = name == "iclevr-acwgan-gp"  # the ablation's winner there, neutral elsewhere
    assert (g.noise_split is not None) == biggan
    assert g.fusion_points == ({} if biggan else {0: "InputConcat"})


@pytest.mark.parametrize("name", FAMILIES)
def test_each_family_offers_it_on_its_own_data(name):
    report = build(name, None, "cpu")
    r = build(name, RECOMMENDED, "cpu")
    assert RECOMMENDED in variants(name, extras=True) and RECOMMENDED not in variants(name)
    assert r.space == report.space

    def where(d):
        return (d.kind, d.image_size, d.standin_n, d.version, d.data_dir)

    assert where(r.data) == where(report.data)
    assert isinstance(r.critic.adversarial, ProjectionHead)
    # the anime recipe keeps its own evaluation (the 2017 tags read by a 2018 judge)
    assert (r.evaluate is None) == (report.evaluate is None)


@pytest.mark.parametrize("name", FAMILIES)
def test_it_trains_two_smoke_steps_and_samples(name, tmp_path):
    r = build(name, RECOMMENDED, "smoke")
    trainer = Trainer.from_recipe(r, out_dir=str(tmp_path), progress=False)
    trainer.fit()
    assert trainer.step == 2
    x = trainer.eval_generator()(r.generator.sample_noise(3), r.space.sample(3))
    assert x.shape == (3, 3, r.data.image_size, r.data.image_size) and torch.isfinite(x).all()


def test_text_conditions_get_the_projection_critic_without_a_classifier():
    r = build("text2anime", RECOMMENDED, "cpu")
    assert r.critic.auxiliary is None
    assert r.objective.aux_real_weight == r.objective.aux_gen_weight == 0.0
    assert type(r.data).__name__ == "TextDataSpec"  # (image, text embedding) pairs
    assert "classifier where the conditions are labels" in r.notes


def test_reproduce_all_leaves_it_out(tmp_path, capsys):
    from condgan.cli import main

    argv = ["reproduce", "cartoon-acwgan", "--variants", "nope", "--out", str(tmp_path)]
    assert main(argv) == 2
    assert "'recommended'" in capsys.readouterr().err  # offered by name


def test_unknown_scale_is_refused():
    r = build("cartoon-acwgan", RECOMMENDED, "smoke")
    with pytest.raises(ValueError, match=r"scale must be one of \['paper', 'cpu', 'smoke'\]"):
        recommended_recipe("cartoon-acwgan", r.space, r.data, "huge")
