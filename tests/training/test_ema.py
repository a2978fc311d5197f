"""EMA: the warm-up schedule, closed-form updates, standing BatchNorm statistics."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from condgan.training import EMA, Trainer
from condgan.training.ema import ema_decay_at, standing_batchnorm_stats


def test_decay_schedule_closed_form():
    assert ema_decay_at(0.999, 0) == pytest.approx(1 / 10)
    assert ema_decay_at(0.999, 10) == pytest.approx(11 / 20)
    assert ema_decay_at(0.9, 1000) == 0.9  # the ramp never exceeds the decay
    assert ema_decay_at(0.999, 3, start=5) == 0.0  # before the start: copy
    assert ema_decay_at(0.999, 5, start=5) == pytest.approx(1 / 10)
    assert ema_decay_at(0.999, 5, start=5, ramp=False) == 0.999


def test_update_follows_the_schedule():
    live = nn.Linear(3, 2)
    ema = EMA(live, decay=0.99, start=1)
    expected = [p.detach().clone() for p in live.parameters()]
    for t in range(4):
        with torch.no_grad():
            for p in live.parameters():
                p.add_(1.0)
        d = ema_decay_at(0.99, t, start=1)
        expected = [d * e + (1 - d) * p.detach() for e, p in zip(expected, live.parameters())]
        ema.update(live)
    for e, p in zip(expected, ema.module.parameters()):
        torch.testing.assert_close(p, e)
    assert int(ema.num_updates) == 4


@pytest.mark.parametrize("bad", [{"decay": 1.0}, {"decay": 0.0}, {"start": -1}, {"start": 1.5}])
def test_bad_arguments(bad):
    with pytest.raises(ValueError, match=next(iter(bad))):
        EMA(nn.Linear(2, 2), **{"decay": 0.9, **bad})


def test_standing_stats_equal_the_closed_form_batch_mean_and_variance():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3), nn.Dropout(0.5), nn.Linear(3, 2))
    net[1].running_mean.fill_(7.0)  # stale statistics from other weights
    net.train()
    batches = [(torch.randn(16, 4) * 3 + 1,) for _ in range(5)]
    assert standing_batchnorm_stats(net, batches) == 5
    with torch.no_grad():
        h = [net[0](x) for (x,) in batches]
    # momentum=None: the plain average of the per-batch means and unbiased variances
    mean = torch.stack([a.mean(0) for a in h]).mean(0)
    var = torch.stack([a.var(0, unbiased=True) for a in h]).mean(0)
    torch.testing.assert_close(net[1].running_mean, mean)
    torch.testing.assert_close(net[1].running_var, var)
    assert not net.training and not net[1].training
    assert net[1].momentum == 0.1  # restored


def test_standing_stats_of_one_batch_are_its_moments_and_eval_output_matches_train():
    torch.manual_seed(1)
    net = nn.Sequential(nn.Linear(5, 4), nn.BatchNorm1d(4))
    x = torch.randn(64, 5)
    standing_batchnorm_stats(net, [(x,)])
    h = net[0](x).detach()
    torch.testing.assert_close(net[1].running_mean, h.mean(0))
    torch.testing.assert_close(net[1].running_var, h.var(0, unbiased=True))
    # eval output equals the batch-statistics output up to the unbiased/biased factor
    with torch.no_grad():
        out_eval = net(x)
        net.train()
        out_train = net(x)
    torch.testing.assert_close(out_eval, out_train * ((63 / 64) ** 0.5), atol=1e-3, rtol=1e-3)


def test_standing_stats_without_batchnorm_run_nothing():
    calls = []
    net = nn.Linear(2, 2)
    assert standing_batchnorm_stats(net, [(torch.zeros(1, 2),)], forward=calls.append) == 0
    assert calls == []


def test_trainer_refreshes_standing_stats_without_touching_training_randomness(tiny, quiet):
    def run(sample: bool) -> Trainer:
        g, d, obj, data = tiny.tiny_setup(batchnorm=True)
        t = Trainer(g, d, obj, data, {**quiet, "ema_decay": 0.99, "steps": 3})
        for _ in range(3):
            t.train_step()
            if sample:
                t.sample_grid()
        return t

    a, b = run(True), run(False)
    for p, q in zip(a.generator.state_dict().values(), b.generator.state_dict().values()):
        assert torch.equal(p, q)
    # the EMA generator's BN statistics are its own, not the live generator's
    live_mean = a.generator.norm.running_mean
    assert not torch.equal(a.ema.module.norm.running_mean, live_mean)
    assert a.refresh_ema_stats() == 0  # already fresh for this step
    b.refresh_ema_stats()
    torch.testing.assert_close(a.ema.module.norm.running_mean, b.ema.module.norm.running_mean)
    # a checkpoint carries the standing statistics
    state = b.state_dict()
    torch.testing.assert_close(
        state["ema"]["module.norm.running_var"], b.ema.module.norm.running_var
    )
