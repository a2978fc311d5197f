"""The loop itself: steps, concatenated critic forward, precision, EMA, clipping, hooks, recipes."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
import torch

from condgan.training import TrainConfig, Trainer


def _params(module):
    return [p.detach().clone() for p in module.parameters()]


def test_train_step_counts_and_returns_device_scalars(tiny, quiet):
    g, d, obj, data = tiny.tiny_setup()
    t = Trainer(g, d, obj, data, {**quiet, "critic_steps": 3, "g_steps": 2})
    before_g, before_d = _params(g), _params(d)
    out = t.train_step()
    assert t.step == 1 and t.critic_step == 3 and t.batch_in_epoch == 3
    assert {"d/total", "d/adv", "d/aux_real", "g/total", "g/adv", "g/aux_fake"} == set(out)
    assert all(isinstance(v, torch.Tensor) and v.dim() == 0 for v in out.values())
    assert all(not torch.equal(a, b) for a, b in zip(before_g, g.parameters()))
    assert all(not torch.equal(a, b) for a, b in zip(before_d, d.parameters()))


def test_fit_runs_to_a_total_and_logs(tiny, quiet):
    g, d, obj, data = tiny.tiny_setup()
    t = Trainer(g, d, obj, data, quiet)
    metrics = t.fit()
    assert t.step == 4 and set(metrics) >= {"d/total", "g/total"}
    assert t.fit() == metrics and t.step == 4  # already done
    lines = (t.out_dir / "metrics.jsonl").read_text().splitlines()
    assert len(lines) == 2  # log_every=2


@pytest.mark.parametrize("gp", [0.0, 10.0])
def test_concatenated_critic_forward_equals_two_passes(tiny, quiet, gp):
    results = []
    for concat in (True, False):
        g, d, obj, data = tiny.tiny_setup(gp_weight=gp)
        t = Trainer(g, d, obj, data, {**quiet, "concat_real_fake": concat})
        assert t.concat is concat
        real, y_real = t._next_batch()
        z, y_fake, _ = t._latents(real.shape[0])
        fake = g(z, y_fake).detach()
        if concat:
            from condgan.training.steps import slice_output

            out = d(torch.cat([real, fake]), torch.cat([y_real, y_fake]))
            o_r, o_f = slice_output(out, slice(0, 8)), slice_output(out, slice(8, None))
        else:
            o_r, o_f = d(real, y_real), d(fake, y_fake)
        losses = obj.critic_loss(
            d, real, y_real, fake, y_fake, generator=t._rng_dev, out_real=o_r, out_fake=o_f
        )
        losses.total.backward()
        results.append((losses, [p.grad.clone() for p in d.parameters()]))
    (a, ga), (b, gb) = results
    for k in a.terms:
        torch.testing.assert_close(a.terms[k], b.terms[k], rtol=1e-6, atol=1e-7)
    for x, y in zip(ga, gb):
        torch.testing.assert_close(x, y, rtol=1e-5, atol=1e-7)


def test_concat_is_off_for_critics_with_batch_stats(tiny, quiet):
    g, d, obj, data = tiny.tiny_setup()
    d.__class__ = type("BNCritic", (type(d),), {"has_batch_stats": True})
    assert Trainer(g, d, obj, data, quiet).concat is False


@pytest.mark.parametrize("precision", ["bf16", "fp16"])
def test_mixed_precision_runs(tiny, quiet, precision):
    g, d, obj, data = tiny.tiny_setup(gp_weight=1.0)
    t = Trainer(g, d, obj, data, {**quiet, "precision": precision, "steps": 2})
    t.fit()
    assert t.scaler_d.is_enabled() is (precision == "fp16")
    assert all(torch.isfinite(p).all() for p in g.parameters())


def test_channels_last_ema_clipping_rmsprop(tiny, quiet):
    g, d, obj, data = tiny.tiny_setup()
    cfg = {**quiet, "channels_last": True, "ema_decay": 0.5, "clip_value": 0.01,
           "optimizer_d": "rmsprop", "lr_d": 5e-5, "steps": 3}  # fmt: skip
    t = Trainer(g, d, obj, data, cfg)
    t.fit()
    assert isinstance(t.opt_d, torch.optim.RMSprop)
    assert all(p.abs().max() <= 0.01 for p in d.parameters())
    ema_p = list(t.ema.module.parameters())
    assert int(t.ema.num_updates) == 3
    assert any(not torch.equal(a, b) for a, b in zip(ema_p, g.parameters()))
    # samples come from the EMA generator
    z, y, _, _ = t._grid_inputs()
    with torch.no_grad():
        assert torch.equal(t.sample_grid(), t.ema.module(z, y))


def test_hooks_are_logged(tiny, quiet):
    g, d, obj, data = tiny.tiny_setup()
    seen = []

    def hook(trainer, step):
        seen.append(step)
        return {"eval/score": step * 10.0}

    t = Trainer(g, d, obj, data, {**quiet, "log_every": 4}, hooks=[(hook, 3)])
    t.add_hook(lambda trainer, step: None, 1)
    t.fit(6)
    assert seen == [3, 6]
    rows = [json.loads(x) for x in (t.out_dir / "metrics.jsonl").read_text().splitlines()]
    assert rows[0] == {"step": 3, "eval/score": 30.0}
    assert rows[1]["step"] == 4 and "d/total" in rows[1]
    assert rows[2]["step"] == 6 and rows[2]["eval/score"] == 60.0 and "g/total" in rows[2]
    header = (t.out_dir / "metrics.csv").read_text().splitlines()[0].split(",")
    assert {"step", "eval/score", "d/total", "g/total"} <= set(header)
    with pytest.raises(ValueError, match="every"):
        t.add_hook(hook, 0)


def test_from_recipe(tiny, quiet):
    g, d, obj, data = tiny.tiny_setup()
    recipe = SimpleNamespace(
        space=g.space, generator=g, critic=d, objective=obj,
        train=TrainConfig(critic_steps=2, lr_d=1e-4), data=lambda: data,
    )  # fmt: skip
    t = Trainer.from_recipe(recipe, **quiet)
    assert t.config.critic_steps == 2 and t.config.batch_size == 8 and t.data is data
    recipe.train = {"g_steps": 2}
    assert Trainer.from_recipe(recipe, **quiet).config.g_steps == 2
    with pytest.raises(ValueError, match="unknown TrainConfig fields"):
        Trainer.from_recipe(recipe, bogus=1)


def test_infogan_codes_flow_through_the_loop(tiny, quiet):
    g0, d, obj, data = tiny.tiny_setup()
    g = tiny.TinyInfoGenerator(g0.space)
    d.add_info_head()
    t = Trainer(g, d, obj, data, {**quiet, "steps": 2, "sample_every": 1})
    out = t.train_step()
    assert "d/info" in out and "g/info" in out
    t.fit()
    assert (t.out_dir / "samples" / "step_0000002.png").exists()
    z, _, codes, _ = t._grid_inputs()
    assert codes.categorical[0].shape == (z.shape[0],)
    assert torch.equal(codes.continuous[0], codes.continuous[quiet.get("grid_cols", 8)])


def test_worker_processes_do_not_change_the_data_order(tiny, quiet):
    finals = []
    for workers in (0, 1):
        g, d, obj, data = tiny.tiny_setup()
        out = f"{quiet['out_dir']}-{workers}"  # a run folder belongs to one run
        Trainer(
            g, d, obj, data, {**quiet, "num_workers": workers, "steps": 3, "out_dir": out}
        ).fit()
        finals.append(_params(g))
    assert all(torch.equal(a, b) for a, b in zip(*finals))
