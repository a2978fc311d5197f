"""R5 anime-srresnet-dragan: both variants train at smoke scale, the report's facts at paper
scale, and the variants differ only in the critic's spectral norm."""

from __future__ import annotations

import pytest
import torch
from torch import nn
from torch.nn.utils import parametrize

from condgan.data import anime_space
from condgan.losses import DRAGAN
from condgan.recipes import build, variants
from condgan.recipes.reports import anime_srresnet_dragan as r5
from condgan.recipes.runner import evaluate_recipe
from condgan.training import Trainer

VARIANTS = ["default", "no-sn"]


def _sn_layers(module: nn.Module) -> int:
    return sum(
        parametrize.is_parametrized(m, "weight") or hasattr(m, "weight_orig")
        for m in module.modules()
        if isinstance(m, (nn.Conv2d, nn.Linear))
    )


def test_variants_in_report_order():
    assert variants("anime-srresnet-dragan") == VARIANTS


@pytest.mark.parametrize("variant", VARIANTS)
def test_smoke_trains_two_steps(variant, tmp_path):
    recipe = build("anime-srresnet-dragan", variant, "smoke")
    trainer = Trainer.from_recipe(recipe, out_dir=str(tmp_path), gif=False, plot=False)
    trainer.fit()
    assert trainer.step == 2
    assert list(tmp_path.glob("checkpoints/*"))
    terms = {"d/adv", "d/dragan", "d/aux_real", "g/adv", "g/aux_fake"}
    assert terms <= set(trainer.last_metrics) and "d/aux_fake" not in trainer.last_metrics
    x = recipe.generator.sample(recipe.space.sample(2))
    assert x.shape == (2, 3, 32, 32)


def test_paper_scale_facts():
    r = build("anime-srresnet-dragan", "default", "paper")
    assert r.space == anime_space(2017) and r.space.vector_dim == 23  # 12 hair + 11 eyes
    assert r.data.image_size == 96 and r.data.version == 2017 and r.data.transform is not None
    assert r.train.batch_size == 64 and r.generator.nz == 100
    assert r.generator.encoder.out_dim == 23
    assert r.train.steps == -(-500 * 33_400 // 64)  # ~500 epochs
    obj = r.objective
    assert obj.adversarial.name == "bce"
    ((pen, w),) = obj.penalties
    assert isinstance(pen, DRAGAN) and w == r5.DRAGAN_WEIGHT == 0.5
    assert obj.aux_real_weight == 1.0 and obj.aux_gen_weight == 1.0 and obj.aux_fake_weight == 0
    assert (r.train.lr_g, r.train.betas_g) == (2e-4, (0.5, 0.999))
    # G: 16 residual blocks, three pixel-shuffle stages 12 -> 96
    assert sum(isinstance(m, nn.PixelShuffle) for m in r.generator.modules()) == 3
    out = r.critic(torch.zeros(1, 3, 96, 96), r.space.sample(1))
    assert [a.shape[1] for a in out.aux] == [12, 11]


def test_variants_differ_only_in_spectral_norm():
    a = build("anime-srresnet-dragan", "default", "smoke")
    b = build("anime-srresnet-dragan", "no-sn", "smoke")
    assert _sn_layers(a.critic) > 0 and _sn_layers(b.critic) == 0
    assert a.train == b.train.replace(out_dir=a.train.out_dir)
    assert a.critic.spec["kwargs"]["spectral_norm"] and not b.critic.spec["kwargs"]["spectral_norm"]
    ka = {k: v for k, v in a.critic.spec["kwargs"].items() if k != "spectral_norm"}
    kb = {k: v for k, v in b.critic.spec["kwargs"].items() if k != "spectral_norm"}
    assert ka == kb
    assert a.generator.spec == b.generator.spec


def test_augmentation_is_random_per_item():
    data = build("anime-srresnet-dragan", "default", "smoke").data()
    torch.manual_seed(0)
    views = [data[0][0] for _ in range(6)]
    assert any(not torch.equal(views[0], v) for v in views[1:])
    assert all(v.shape == (3, 32, 32) for v in views)


def test_evaluate_scores_the_tags():
    recipe = build("anime-srresnet-dragan", "default", "smoke")
    out = evaluate_recipe(recipe, recipe.generator, n=16, seed=0)
    assert 0.0 <= out["accuracy"] <= 1.0 and 0.0 <= out["chance"] <= 1.0 and out["fid"] > 0
    assert set(out["accuracy_details"]["per_attribute"]) == {"hair", "eyes"}
