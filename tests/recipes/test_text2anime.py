"""R4 text2anime: every variant trains at smoke scale (fallback encoder), the report's facts
at paper scale, how the variants differ, the text data, the pre-training hook, evaluation."""

from __future__ import annotations

import dataclasses

import pytest
import torch

from condgan.conditions import HashedBagOfWords, Text
from condgan.data import anime_space
from condgan.losses import WGANGP
from condgan.recipes import build, variants
from condgan.recipes.reports import text2anime as r4
from condgan.recipes.runner import evaluate_recipe
from condgan.training import Trainer

VARIANTS = ["dcgan-bce", "lsgan", "wgan-clip", "wgan-gp", "pretrain"]


@pytest.fixture(autouse=True)
def _hashed(monkeypatch):
    """Tests use the fallback encoder, installed extra or not."""
    monkeypatch.setenv("CONDGAN_TEXT_ENCODER", "hashed")


def test_variants_in_report_order():
    assert variants("text2anime") == VARIANTS


@pytest.mark.parametrize("variant", VARIANTS)
def test_smoke_trains_two_steps_and_checkpoints(variant, tmp_path):
    recipe = build("text2anime", variant, "smoke")
    trainer = Trainer.from_recipe(recipe, out_dir=str(tmp_path), gif=False, plot=False)
    trainer.fit()
    assert trainer.step == 2
    assert list(tmp_path.glob("checkpoints/*")), "training must still checkpoint a Text space"
    x = recipe.generator.sample(recipe.space.sample(3))
    assert x.shape == (3, 3, 32, 32) and bool(x.abs().le(1).all())


def test_paper_scale_facts():
    r = build("text2anime", "dcgan-bce", "paper")
    assert r.data.image_size == 64 and r.data.version == 2018
    assert r.train.batch_size == 64
    assert r.train.betas_g == r.train.betas_d == (0.5, 0.9)
    assert r.generator.nz == 100
    z = r.generator.sample_noise(4000)
    assert float(z.min()) >= -1 and float(z.max()) <= 1 and float(z.std()) > 0.5  # uniform
    assert r.generator.encoder.out_dim == 256
    space = r.space
    assert isinstance(space, Text) and space.num_combinations == 120 and space.dim == 384
    assert "blue hair red eyes" in space.phrases
    assert r.objective.match_weight == 1.0


def test_variants_differ_as_the_report_says():
    r = {v: build("text2anime", v, "paper") for v in VARIANTS}
    assert r["dcgan-bce"].objective.adversarial.name == "bce"
    assert r["lsgan"].objective.adversarial.name == "lsgan"
    assert r["lsgan"].objective.adversarial.scale == 0.5
    clip = r["wgan-clip"]
    assert clip.objective.adversarial.name == "wgan" and not clip.objective.penalties
    assert (clip.train.clip_value, clip.train.optimizer_d, clip.train.lr_d) == (
        0.01, "rmsprop", 5e-5
    )  # fmt: skip
    gp = r["wgan-gp"]
    assert gp.objective.adversarial.name == "wgan" and gp.train.clip_value is None
    ((pen, w),) = gp.objective.penalties
    assert isinstance(pen, WGANGP) and w == 10.0
    assert (gp.train.optimizer_d, gp.train.lr_d) == ("adam", 1e-4)
    # the pre-training variant is dcgan-bce whose wrong-text term starts at 0 and a hook
    pre, base = r["pretrain"], r["dcgan-bce"]
    assert pre.objective.match_weight == 0.0 and not base.hooks
    assert pre.train == base.train.replace(out_dir=pre.train.out_dir)
    ((hook, every),) = pre.hooks
    assert every == 1 and hook.start == r4.epochs_to_steps(5, 10_966, 64) == 857


def test_pretrain_hook_switches_matching_on_during_training(tmp_path):
    recipe = build("text2anime", "pretrain", "smoke", steps=3)
    trainer = Trainer.from_recipe(recipe, out_dir=str(tmp_path), gif=False, plot=False)
    obj, seen = recipe.objective, []
    critic_loss = obj.critic_loss

    def spy(*args, **kwargs):
        terms = critic_loss(*args, **kwargs)
        seen.append("match" in terms.terms)
        return terms

    obj.critic_loss = spy
    trainer.fit()
    assert recipe.hooks[0][0].start == 1
    assert seen == [False, True, True]  # step 1 without the wrong-text term, then with it
    hook = r4.MatchingAfter(5, 2.0)

    class T:
        objective = recipe.objective

    recipe.objective.match_weight = 0.0
    assert hook(T, 4) is None and recipe.objective.match_weight == 0.0
    assert hook(T, 5) == {"match_weight": 2.0} and hook(T, 6) is None
    with pytest.raises(ValueError, match="start"):
        r4.MatchingAfter(-1)


def test_text_data_yields_the_phrase_embedding_of_each_label():
    recipe = build("text2anime", "dcgan-bce", "smoke")
    data = recipe.data()
    labels = anime_space(2018)
    base = r4.DataSpec.__call__(recipe.data)  # the labelled set under the text one
    x, emb = data[5]
    assert x.shape == (3, 32, 32) and emb.shape == (384,)
    phrase = labels.describe(base.y[5:6])[0]
    torch.testing.assert_close(emb, HashedBagOfWords(384)([phrase])[0])
    assert recipe.space.describe(emb[None]) == [phrase]
    lazy = dataclasses.replace(recipe.data, preload=False)()  # read per item, same pairs
    torch.testing.assert_close(lazy[5][1], emb)
    assert lazy[5][0].shape == x.shape and len(lazy) == len(data)
    with pytest.raises(TypeError, match="text_space"):
        r4.TextDataSpec("anime", 32)


def test_encoder_choice(monkeypatch):
    assert r4.text_encoder_kind() == "hashed"
    monkeypatch.setenv("CONDGAN_TEXT_ENCODER", "skipthoughts")
    with pytest.raises(ValueError, match="CONDGAN_TEXT_ENCODER"):
        r4.text_encoder_kind()
    with pytest.raises(ValueError, match="kind"):
        r4.anime_text_space("skipthoughts")


def test_evaluate_maps_phrases_back_to_labels():
    recipe = build("text2anime", "dcgan-bce", "smoke")
    out = evaluate_recipe(recipe, recipe.generator, n=16, seed=0)
    assert 0.0 <= out["accuracy"] <= 1.0 and 0.0 <= out["chance"] <= 1.0
    assert out["fid"] > 0
    assert set(out["accuracy_details"]["per_attribute"]) == {"hair", "eyes"}
    g = r4.PhraseGenerator(recipe.generator, recipe.space, anime_space(2018))
    y = torch.tensor([[3, 8]])  # blue hair, red eyes
    z = recipe.generator.sample_noise(1)
    emb = recipe.space.encode(["blue hair red eyes"])
    torch.testing.assert_close(g.sample(y, z=z), recipe.generator.sample(emb, z=z))


def test_sentence_encoder_space():
    pytest.importorskip("sentence_transformers", reason="the text extra is not installed")
    space = r4.anime_text_space("sentence")
    assert space.combinations().shape == (120, 384)
    assert space.describe(space.encode(["red hair blue eyes"])) == ["red hair blue eyes"]
