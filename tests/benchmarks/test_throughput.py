"""The throughput benchmark's building blocks at tiny sizes: the equivalence gate
(passes on equal loops, fails on a changed one), the plain loop, the FLOP count."""

from __future__ import annotations

import pytest
import torch

from benchmark_scripts import load_script


@pytest.fixture(scope="module")
def T():
    return load_script("throughput")


def _params(m):
    return [p.detach().clone() for p in m.parameters()]


def test_gate_passes_for_equal_loops(T):
    res = T.equivalence_gate(T.direct_setup("tiny"), batch_size=4, steps=2)
    assert res["loop"]["passed"], res
    assert res["loop"]["max_abs_diff"] < 1e-6
    # the tiny R2 critic has no BN: the concatenated pass applies and equals two passes
    assert res["concat"]["applies"]
    assert res["concat"]["grad_rel_diff"] < 1e-4
    assert res["passed"]


def test_gate_fails_when_the_plain_loop_differs(T, monkeypatch):
    original = T.PlainSpec.from_objective.__func__

    def wrong(cls, objective, config):
        spec = original(cls, objective, config)
        spec.gp_weight = spec.gp_weight * 2  # a loop that is not the same training
        return spec

    monkeypatch.setattr(T.PlainSpec, "from_objective", classmethod(wrong))
    res = T.equivalence_gate(T.direct_setup("tiny"), batch_size=4, steps=1)
    assert not res["loop"]["passed"]
    assert not res["passed"]
    assert res["loop"]["max_abs_diff"] > 1e-6


def test_builders_share_weights_and_hyper_parameters(T):
    setup = T.direct_setup("tiny")
    plain, ours = T.build_pair(setup, 4, "cpu")
    for a, b in zip(_params(plain.G), _params(ours.generator)):
        assert torch.equal(a, b)
    for a, b in zip(_params(plain.D), _params(ours.critic)):
        assert torch.equal(a, b)
    assert plain.D is not ours.critic
    assert isinstance(plain.opt_d, torch.optim.Adam)
    group = plain.opt_d.param_groups[0]
    assert group["lr"] == ours.config.lr_d and group["betas"] == ours.config.betas_d
    assert plain.spec.critic_steps == ours.config.critic_steps == 5
    assert plain.spec.gp_weight == 10.0 and plain.spec.aux_real == 5.0
    before = _params(plain.D)
    plain.iteration()
    assert len(plain.log) == 1 and all(isinstance(v, float) for v in plain.log[0])
    assert any(not torch.equal(a, b) for a, b in zip(before, _params(plain.D)))


def test_lazy_option_reaches_condgan_only(T):
    setup = T.direct_setup("tiny")
    plain, ours = T.build_pair(setup, 4, "cpu", T.OPTIONS["lazy-gp-4"])
    assert [p.every for p, _ in ours.objective.penalties] == [4]
    assert plain.spec.gp_weight == 10.0  # the hand-written loop keeps the penalty every step


def test_plain_spec_rejects_terms_it_does_not_write(T):
    from condgan.losses import Objective
    from condgan.training import TrainConfig

    with pytest.raises(NotImplementedError, match="bce"):
        T.PlainSpec.from_objective(Objective("bce"), TrainConfig())


def test_flop_count_matches_flop_counter_mode(T):
    from torch.utils.flop_counter import FlopCounterMode

    net = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.Flatten(), torch.nn.LazyLinear(2))
    x = torch.randn(2, 3, 8, 8)
    net(x)
    with FlopCounterMode(display=False) as counter:
        net(x).sum().backward()
    assert T.flops_per_iteration(lambda: net(x).sum().backward()) == counter.get_total_flops() > 0


def test_time_paths_reports_ratio_of_medians(T):
    calls = []
    res = T.time_paths(
        {"plain": lambda: calls.append("p"), "condgan": lambda: calls.append("c")},
        rounds=4, warmup=1, device="cpu",
    )  # fmt: skip
    assert calls == ["p", "c", "c", "p", "p", "c", "c", "p", "p", "c"]  # interleaved, alternating
    assert res["plain"]["n"] == res["condgan"]["n"] == 4
    assert res["ratio"] == pytest.approx(res["condgan"]["median_s"] / res["plain"]["median_s"])
    assert res["plain"]["q1_s"] <= res["plain"]["median_s"] <= res["plain"]["q3_s"]


def test_unknown_setup_scale_is_rejected(T):
    with pytest.raises(ValueError, match="scale"):
        T.direct_setup("huge")
