"""Recipe.with_steps: a longer or shorter run keeps the recipe's share of grids and logs."""

from __future__ import annotations

import pytest

from condgan.recipes import build, run_variant


def test_steps_rescale_sample_and_log_intervals_not_checkpoints(monkeypatch):
    monkeypatch.setenv("CONDGAN_TEXT_ENCODER", "hashed")
    recipe = build("text2anime", "dcgan-bce", "cpu")
    cfg = recipe.train
    assert (cfg.steps, cfg.sample_every, cfg.log_every) == (500, 50, 10)
    longer = recipe.with_steps(4000).train
    assert (longer.steps, longer.sample_every, longer.log_every) == (4000, 400, 80)
    assert longer.checkpoint_every == cfg.checkpoint_every > 0  # a safety interval stays
    shorter = recipe.with_steps(3).train
    assert (shorter.sample_every, shorter.log_every) == (1, 1)
    assert recipe.train.steps == 500  # the recipe itself is unchanged
    with pytest.raises(ValueError, match="steps must be a positive int"):
        recipe.with_steps(0)


def test_run_variant_applies_steps_to_the_intervals(toy_registry, tmp_path):
    r = run_variant("toy", "a", "smoke", out=tmp_path, n_eval=8, progress=False, steps=4)
    grids = sorted((tmp_path / "toy" / "a" / "samples").glob("*.png"))
    assert r.steps == 4 and len(grids) == 2  # the toy samples every step of 2: every 2 of 4
