"""Learning-rate schedules: closed forms, the registry, and the trainer applying them."""

from __future__ import annotations

import math

import pytest
import torch

from condgan.training import TrainConfig, Trainer
from condgan.training.lr_schedule import list_lr_schedules, lr_factor, register_lr_schedule


@pytest.mark.parametrize(
    ("name", "step", "start", "expected"),
    [
        ("constant", 7, 0.0, 1.0),
        ("linear", 0, 0.0, 1.0),
        ("linear", 25, 0.0, 0.75),
        ("linear", 50, 0.5, 1.0),
        ("linear", 75, 0.5, 0.5),
        ("linear", 100, 0.5, 0.0),
        ("linear", 150, 0.5, 0.0),  # beyond the run: the final factor
        ("cosine", 50, 0.0, 0.5),
        ("cosine", 60, 0.2, 0.5),
        ("cosine", 20, 0.2, 1.0),
    ],
)
def test_factors_match_their_closed_forms(name, step, start, expected):
    assert lr_factor(name, step, 100, start) == pytest.approx(expected, abs=1e-12)


def test_cosine_is_half_a_cosine_after_the_start():
    for step in range(0, 101, 10):
        p = max(0.0, (step / 100 - 0.3) / 0.7)
        assert lr_factor("cosine", step, 100, 0.3) == pytest.approx(
            0.5 * (1 + math.cos(math.pi * p))
        )


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"name": "exp"}, r"lr schedule must be one of \['constant', 'cosine', 'linear'.*'exp'"),
        ({"total": 0}, "total must be an int >= 1, got 0"),
        ({"step": -1}, "step must be an int >= 0, got -1"),
        ({"start": 1.0}, r"start must be a fraction in \[0, 1\), got 1.0"),
    ],
)
def test_bad_arguments_are_named(kwargs, match):
    args = {"name": "linear", "step": 0, "total": 10, "start": 0.0, **kwargs}
    with pytest.raises(ValueError, match=match):
        lr_factor(args["name"], args["step"], args["total"], args["start"])


def test_config_checks_the_schedule_and_its_start():
    with pytest.raises(ValueError, match="lr_schedule must be one of"):
        TrainConfig(lr_schedule="exp")
    with pytest.raises(ValueError, match=r"lr_decay_start must be a fraction in \[0, 1\), got 1"):
        TrainConfig(lr_decay_start=1)
    cfg = TrainConfig(lr_schedule="cosine", lr_decay_start=0.25)
    assert TrainConfig.from_dict(cfg.to_dict()) == cfg


def test_a_registered_schedule_is_accepted_by_the_config(monkeypatch):
    from condgan.training import lr_schedule

    monkeypatch.setattr(lr_schedule, "_SCHEDULES", dict(lr_schedule._SCHEDULES))
    register_lr_schedule("test-half", lambda progress, start: 0.5)
    assert "test-half" in list_lr_schedules()
    assert TrainConfig(lr_schedule="test-half").lr_schedule == "test-half"
    assert lr_factor("test-half", 3, 10) == 0.5


def _lrs(tiny, quiet, **cfg):
    g, d, obj, data = tiny.tiny_setup()
    t = Trainer(g, d, obj, data, {**quiet, **cfg})
    seen = []

    def hook(trainer, step):
        seen.append((trainer.opt_g.param_groups[0]["lr"], trainer.opt_d.param_groups[0]["lr"]))

    t.add_hook(hook, 1)
    t.fit()
    return t, seen


def test_the_trainer_scales_both_rates_by_the_factor_of_each_iteration(tiny, quiet):
    _, seen = _lrs(tiny, quiet, steps=4, lr_g=1e-3, lr_d=4e-3, lr_schedule="linear",
                   lr_decay_start=0.5)  # fmt: skip
    # iteration k runs with the factor at k / 4: 1, 1, 1, then half-way down
    assert [g for g, _ in seen] == pytest.approx([1e-3, 1e-3, 1e-3, 5e-4])
    assert [d for _, d in seen] == pytest.approx([4e-3, 4e-3, 4e-3, 2e-3])


def test_the_constant_schedule_leaves_the_rates_alone(tiny, quiet):
    g, d, obj, data = tiny.tiny_setup()
    t = Trainer(g, d, obj, data, quiet)
    for group in t.opt_g.param_groups:
        group["lr"] = 1e-5  # the user's own scheduler
    t.fit()
    assert t.opt_g.param_groups[0]["lr"] == 1e-5


def test_a_resumed_run_continues_the_schedule_exactly(tiny, quiet, tmp_path):
    cfg = {"steps": 4, "lr_schedule": "cosine"}
    full, _ = _lrs(tiny, quiet, out_dir=str(tmp_path / "full"), **cfg)
    g, d, obj, data = tiny.tiny_setup()
    first = Trainer(g, d, obj, data, {**quiet, "out_dir": str(tmp_path / "split"), **cfg})
    first.fit(2)
    g, d, obj, data = tiny.tiny_setup()
    second = Trainer(g, d, obj, data, {**quiet, "out_dir": str(tmp_path / "split"), **cfg})
    assert second.resume(first.checkpoint_dir) == 2
    second.fit()
    for p, q in zip(full.generator.parameters(), second.generator.parameters(), strict=True):
        assert torch.equal(p, q)


def test_fit_beyond_the_decayed_schedule_is_refused_before_any_work(tiny, quiet, tmp_path):
    g, d, obj, data = tiny.tiny_setup()
    t = Trainer(g, d, obj, data, {**quiet, "lr_schedule": "linear"})
    with pytest.raises(ValueError, match=r"fit\(steps=6\) goes beyond config.steps=4.*'linear'"):
        t.fit(6)
    assert t.step == 0 and not (tmp_path / "run").exists()
