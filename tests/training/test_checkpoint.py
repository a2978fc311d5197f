"""Checkpoints: atomic writes, exact resume, safe loading, load_generator."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
import torch

import condgan
from condgan.training import (
    CheckpointError,
    Trainer,
    capture_rng,
    load_checkpoint,
    load_generator,
    restore_rng,
    save_checkpoint,
)


def _trainer(tiny, quiet, **overrides):
    g, d, obj, data = tiny.tiny_setup(batchnorm=True)
    g.drop.p = 0.3  # dropout draws from the global RNG, which must be restored too
    cfg = {**quiet, "critic_steps": 2, "ema_decay": 0.9, "batch_size": 16, **overrides}
    return Trainer(g, d, obj, data, cfg)


def _assert_same_state(a: Trainer, b: Trainer):
    for (name, p), q in zip(a.generator.state_dict().items(), b.generator.state_dict().values()):
        assert torch.equal(p, q), name
    for (name, p), q in zip(a.critic.state_dict().items(), b.critic.state_dict().values()):
        assert torch.equal(p, q), name
    for (name, p), q in zip(a.ema.state_dict().items(), b.ema.state_dict().values()):
        assert torch.equal(p, q), name
    for opt_a, opt_b in ((a.opt_g, b.opt_g), (a.opt_d, b.opt_d)):
        sa, sb = opt_a.state_dict(), opt_b.state_dict()
        assert sa["param_groups"] == sb["param_groups"]
        assert sa["state"].keys() == sb["state"].keys()
        for k in sa["state"]:
            for key, v in sa["state"][k].items():
                assert torch.equal(v, sb["state"][k][key]), (k, key)
    assert (a.step, a.critic_step, a.epoch, a.batch_in_epoch) == (
        b.step, b.critic_step, b.epoch, b.batch_in_epoch,
    )  # fmt: skip


def test_resume_is_bit_exact(tiny, quiet, tmp_path):
    # 64 samples / batch 16 = 4 batches per epoch; 2 critic steps per iteration,
    # so N = 5 iterations cross two epoch boundaries and k = 3 stops mid-epoch.
    n, k = 5, 3
    full = _trainer(tiny, quiet, out_dir=str(tmp_path / "full"))
    full.fit(n)

    first = _trainer(tiny, quiet, out_dir=str(tmp_path / "split"))
    first.fit(k)
    path = first.save_checkpoint()
    # disturb every global RNG: the checkpoint must restore them
    torch.manual_seed(123)
    random.seed(123)
    np.random.seed(123)  # noqa: NPY002
    second = _trainer(tiny, quiet, out_dir=str(tmp_path / "split"), seed=0)
    assert second.resume(path) == k
    second.fit(n)
    _assert_same_state(full, second)


def test_checkpoint_contents(tiny, quiet):
    t = _trainer(tiny, quiet)
    t.fit(2)
    state = load_checkpoint(t.checkpoint_dir)  # a folder: its latest checkpoint
    assert state["step"] == 2
    assert condgan.space_from_dict(state["space"]) == t.space
    assert state["config"]["critic_steps"] == 2
    assert state["generator_spec"]["name"] == "tiny"
    assert {"torch", "python", "numpy", "cuda", "generators"} <= set(state["rng"])
    for key in ("generator", "critic", "ema", "opt_g", "opt_d", "scaler_g", "scaler_d"):
        assert state[key] is not None


def test_save_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "ck.pt"
    save_checkpoint({"format": "condgan-checkpoint", "step": 1}, path)

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(torch, "save", boom)
    with pytest.raises(OSError, match="disk full"):
        save_checkpoint({"format": "condgan-checkpoint", "step": 2}, path)
    monkeypatch.undo()
    assert load_checkpoint(path)["step"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["ck.pt"]  # no temporary file left


class _Payload:
    """Unpickling this creates a file: proof that code ran."""

    def __init__(self, target: Path):
        self.target = target

    def __reduce__(self):
        return (Path.touch, (self.target,))


def test_malicious_checkpoint_is_refused_and_does_not_run(tmp_path):
    target = tmp_path / "pwned"
    path = tmp_path / "evil.pt"
    torch.save({"format": "condgan-checkpoint", "generator": _Payload(target)}, path)
    with pytest.raises(CheckpointError, match="refusing to load"):
        load_checkpoint(path)
    with pytest.raises(CheckpointError, match="refusing to load"):
        load_generator(path)
    assert not target.exists()
    # the payload is live: an unsafe load would have run it
    torch.load(path, weights_only=False)
    assert target.exists()


def test_not_a_checkpoint_and_missing(tmp_path):
    torch.save({"weights": torch.zeros(2)}, tmp_path / "other.pt")
    with pytest.raises(CheckpointError, match="not a condgan checkpoint"):
        load_checkpoint(tmp_path / "other.pt")
    with pytest.raises(FileNotFoundError):
        load_checkpoint(tmp_path / "nope.pt")


def test_rng_round_trip():
    g = torch.Generator().manual_seed(5)
    state = capture_rng({"g": g})
    a = (torch.rand(3), random.random(), np.random.rand(2), torch.rand(2, generator=g))  # noqa: NPY002
    restore_rng(state, {"g": g})
    b = (torch.rand(3), random.random(), np.random.rand(2), torch.rand(2, generator=g))  # noqa: NPY002
    assert torch.equal(a[0], b[0]) and a[1] == b[1] and np.array_equal(a[2], b[2])
    assert torch.equal(a[3], b[3])


def test_load_generator_rebuilds_from_checkpoint_alone(tiny, quiet):
    t = _trainer(tiny, quiet)
    t.fit(2)
    path = t.save_checkpoint()
    gen = load_generator(path, create=tiny.create_tiny)
    assert not gen.training and gen.space == t.space
    z = torch.randn(4, gen.nz)
    y = t.space.encode(["red colour small size", "blue colour large size"] * 2)
    with torch.no_grad():
        assert torch.equal(gen(z, y), t.ema.module.eval()(z, y))
        raw = load_generator(path, create=tiny.create_tiny, ema=False)
        assert torch.equal(raw(z, y), t.generator.eval()(z, y))


def test_load_generator_needs_a_spec(tiny, quiet):
    g, d, obj, data = tiny.tiny_setup()
    del g.spec
    t = Trainer(g, d, obj, data, {**quiet, "steps": 1})
    t.fit()
    with pytest.raises(CheckpointError, match="does not record how to build"):
        load_generator(t.checkpoint_dir, create=tiny.create_tiny)


def test_keep_checkpoints_prunes_old_ones(tiny, quiet):
    t = _trainer(tiny, quiet, checkpoint_every=1, keep_checkpoints=2, critic_steps=1)
    t.fit(4)
    assert sorted(p.name for p in t.checkpoint_dir.iterdir()) == [
        "step_0000003.pt",
        "step_0000004.pt",
    ]


def test_resume_rejects_another_space(tiny, quiet):
    t = _trainer(tiny, quiet)
    t.fit(1)
    g, d, obj, data = tiny.tiny_setup()
    other = condgan.MultiCategorical({"colour": ["red", "green", "blue"], "size": ["s", "l"]})
    g.space = d.space = other
    t2 = Trainer(g, d, obj, data, quiet)
    with pytest.raises(CheckpointError, match="condition space differs"):
        t2.resume(t.checkpoint_dir)
