"""Optimiser presets: the published values, applying them, the registry and its errors."""

from __future__ import annotations

import pytest

from condgan.training import (
    OptimPreset,
    TrainConfig,
    apply_optim_preset,
    list_optim_presets,
    optim_preset,
    register_optim_preset,
)
from condgan.training.optim_presets import _PRESETS

#: name -> (lr_g, lr_d, betas (both networks), critic steps), as the papers state them
PUBLISHED = {
    "dcgan": (2e-4, 2e-4, (0.5, 0.999), 1),
    "wgan-gp": (1e-4, 1e-4, (0.0, 0.9), 5),
    "ttur": (1e-4, 4e-4, (0.0, 0.9), 1),
    "biggan": (5e-5, 2e-4, (0.0, 0.999), 2),
    "condgan": (2e-4, 2e-4, (0.0, 0.9), 1),
}


def test_the_shipped_presets_hold_the_published_values() -> None:
    assert set(PUBLISHED) <= set(list_optim_presets())
    for name, (lr_g, lr_d, betas, critic_steps) in PUBLISHED.items():
        p = optim_preset(name)
        assert (p.lr_g, p.lr_d, p.betas_g, p.betas_d, p.critic_steps) == (
            lr_g, lr_d, betas, betas, critic_steps,
        )  # fmt: skip
        assert p.source


def test_applying_a_preset_changes_its_fields_only() -> None:
    base = TrainConfig(steps=7, batch_size=16, lr_g=1.0, ema_decay=0.999, seed=3)
    config = apply_optim_preset(base, "ttur")
    assert (config.lr_g, config.lr_d, config.betas_d, config.critic_steps) == (
        1e-4, 4e-4, (0.0, 0.9), 1,
    )  # fmt: skip
    assert (config.steps, config.batch_size, config.ema_decay, config.seed) == (7, 16, 0.999, 3)
    assert base.lr_g == 1.0  # a copy


def test_the_recommended_model_uses_the_condgan_preset() -> None:
    from condgan.data.spaces import cartoon_space
    from condgan.recipes.own_data import own_parts

    *_, cfg, _ = own_parts(cartoon_space(), 32, 3, scale="smoke", n=100, out_dir="unused")
    assert {k: getattr(cfg, k) for k in optim_preset("condgan").fields()} == (
        optim_preset("condgan").fields()
    )


def test_registering_a_preset_and_the_errors(monkeypatch) -> None:
    monkeypatch.setattr("condgan.training.optim_presets._PRESETS", dict(_PRESETS))
    mine = register_optim_preset("mine", OptimPreset(1e-3, 1e-3, (0.9, 0.99), [0, 0.9], 3, "me"))
    assert mine.betas_d == (0.0, 0.9) and "mine" in list_optim_presets()
    assert apply_optim_preset(TrainConfig(), "mine").critic_steps == 3
    with pytest.raises(ValueError, match="optimiser preset must be one of .*got 'nope'"):
        optim_preset("nope")
    with pytest.raises(ValueError, match="non-empty string, got ''"):
        register_optim_preset("", mine)
    with pytest.raises(TypeError, match="must be an OptimPreset, got dict"):
        register_optim_preset("x", {"lr_g": 1e-4})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"lr_g": 0.0}, ValueError, "OptimPreset.lr_g must be a positive number, got 0.0"),
        ({"lr_d": True}, ValueError, "OptimPreset.lr_d must be a positive number, got True"),
        ({"betas_g": (0.5,)}, ValueError, r"OptimPreset.betas_g must be two numbers in \[0, 1\)"),
        (
            {"betas_d": (0.5, 1.0)},
            ValueError,
            r"OptimPreset.betas_d must be two numbers in \[0, 1\)",
        ),
        ({"critic_steps": 0}, ValueError, "OptimPreset.critic_steps must be >= 1, got 0"),
        ({"critic_steps": 1.0}, TypeError, "OptimPreset.critic_steps must be an int, got float"),
    ],
)
def test_bad_preset_values_are_refused_with_the_field_named(kwargs, error, message) -> None:
    values = dict(lr_g=1e-4, lr_d=1e-4, betas_g=(0.0, 0.9), betas_d=(0.0, 0.9), critic_steps=1,
                  source="test")  # fmt: skip
    with pytest.raises(error, match=message):
        OptimPreset(**{**values, **kwargs})
