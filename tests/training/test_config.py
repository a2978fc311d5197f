"""TrainConfig validation, and a bad setup failing before any work."""

from __future__ import annotations

import pytest
import torch

from condgan.training import TrainConfig, Trainer, build_optimizer, list_optimizers


def test_defaults_round_trip():
    cfg = TrainConfig()
    data = cfg.to_dict()
    assert data["betas_g"] == [0.5, 0.999]
    assert TrainConfig.from_dict(data) == cfg


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("critic_steps", 0, "critic_steps must be >= 1"),
        ("g_steps", 0, "g_steps must be >= 1"),
        ("batch_size", 0, "batch_size must be >= 1"),
        ("steps", -1, "steps must be >= 0"),
        ("lr_g", 0.0, "lr_g must be a positive number"),
        ("betas_d", (0.5, 1.5), "betas_d must be two numbers"),
        ("optimizer_d", "sgdx", "optimizer_d must be one of"),
        ("precision", "fp8", "precision must be one of"),
        ("clip_value", -0.01, "clip_value must be a positive number"),
        ("ema_decay", 1.0, "ema_decay must be in"),
        ("device", "tpu:9", "device must be"),
    ],
)
def test_bad_values_fail_with_the_field_named(field, value, match):
    with pytest.raises(ValueError, match=match):
        TrainConfig(**{field: value})


def test_wrong_types_and_unknown_fields():
    with pytest.raises(TypeError, match="critic_steps must be an int"):
        TrainConfig(critic_steps=1.5)
    with pytest.raises(ValueError, match=r"unknown TrainConfig fields \['critic_step'\]"):
        TrainConfig.from_dict({"critic_step": 5})
    with pytest.raises(ValueError, match="unknown TrainConfig fields"):
        TrainConfig().replace(lr=1.0)


def test_optimizer_registry():
    assert {"adam", "adamw", "rmsprop"} <= set(list_optimizers())
    p = [torch.nn.Parameter(torch.zeros(2))]
    opt = build_optimizer("adam", p, lr=1e-4, betas=(0.0, 0.9))
    assert opt.param_groups[0]["betas"] == (0.0, 0.9)
    assert isinstance(build_optimizer("rmsprop", p, lr=5e-5), torch.optim.RMSprop)
    with pytest.raises(ValueError, match="optimizer must be one of"):
        build_optimizer("nope", p, lr=1.0)


def test_bad_setup_fails_before_any_work(tiny, quiet, tmp_path):
    g, d, obj, data = tiny.tiny_setup(n=16)
    out = tmp_path / "run"
    with pytest.raises(ValueError, match="fewer than one batch"):
        Trainer(g, d, obj, data, {**quiet, "batch_size": 32})
    with pytest.raises(TypeError, match="objective must have a `critic_loss` method"):
        Trainer(g, d, object(), data, quiet)
    with pytest.raises(TypeError, match="generator must have a `space`"):
        Trainer(torch.nn.Linear(2, 2), d, obj, data, quiet)
    with pytest.raises(TypeError, match="map-style data set"):
        Trainer(g, d, obj, iter([]), quiet)
    with pytest.raises(ValueError, match="critic_steps must be >= 1"):
        Trainer(g, d, obj, data, {**quiet, "critic_steps": 0})
    assert not out.exists()
