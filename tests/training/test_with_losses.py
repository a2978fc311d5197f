"""The trainer with the real condgan.losses Objective (on the tiny networks)."""

from __future__ import annotations

import pytest
import torch

from condgan.training import Trainer

losses = pytest.importorskip("condgan.losses")


def _aux_accuracy(critic, data) -> float:
    with torch.no_grad():
        out = critic(data.x, data.y)
    return float((out.aux[0].argmax(1) == data.y[:, 0]).float().mean())


def test_wgan_gp_acgan_learns_the_condition(tiny, quiet):
    g, d, _, data = tiny.tiny_setup(n=128)
    objective = losses.Objective(
        "wasserstein", space=g.space, penalties=[(losses.WGANGP(every=2), 10.0)],
        aux_real_weight=1.0, aux_gen_weight=1.0,
    )  # fmt: skip
    before = _aux_accuracy(d, data)
    t = Trainer(g, d, objective, data, {**quiet, "steps": 30, "batch_size": 32,
                                        "critic_steps": 2, "lr_d": 1e-3, "lr_g": 1e-3})  # fmt: skip
    metrics = t.fit()
    assert {"d/adv", "d/gp", "d/aux_real", "g/adv", "g/aux_fake"} <= set(metrics)
    after = _aux_accuracy(d, data)
    assert after > 0.9 > before + 0.3  # colour is 3-way: chance is 1/3


def test_wgan_clipping_with_rmsprop(tiny, quiet):
    g, d, _, data = tiny.tiny_setup()
    objective = losses.Objective("wgan", space=g.space)
    cfg = {**quiet, "optimizer_d": "rmsprop", "optimizer_g": "rmsprop", "lr_d": 5e-5,
           "lr_g": 5e-5, "clip_value": 0.01, "critic_steps": 5}  # fmt: skip
    t = Trainer(g, d, objective, data, cfg)
    t.fit(2)
    assert max(float(p.detach().abs().max()) for p in d.parameters()) <= 0.01
