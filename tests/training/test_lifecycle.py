"""A run's life: seeding, periodic and best checkpoints, non-finite state, one run per folder,
resume rules, torn logs."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
import torch

from condgan.training import (
    CheckpointError,
    MetricsLogger,
    NonFiniteStateError,
    RunFolderError,
    RunFolderInUseError,
    Trainer,
    claim_run_folder,
    find_checkpoint,
    list_checkpoints,
    load_checkpoint,
    resume_config,
    seed_everything,
)
from condgan.training.logging import read_jsonl
from condgan.training.run_folder import RunLock


def _params(module):
    return [p.detach().clone() for p in module.state_dict().values()]


# -- seeding ------------------------------------------------------------------------


def test_seed_everything_covers_network_initialisation(tiny):
    nets = []
    for _ in range(2):
        seed_everything(5)
        nets.append(tiny.TinyGenerator(tiny.tiny_space()))
    assert all(torch.equal(a, b) for a, b in zip(_params(nets[0]), _params(nets[1])))
    with pytest.raises(ValueError, match="seed must be an int >= 0, got -1"):
        seed_everything(-1)


# -- checkpoints --------------------------------------------------------------------


def test_find_checkpoint_orders_by_step_number_not_text(tmp_path):
    for name in ("step_9.pt", "step_10.pt", "step_0000002.pt", "stepx.pt", "best.pt"):
        (tmp_path / name).write_bytes(b"")
    assert [p.name for p in list_checkpoints(tmp_path)] == [
        "step_0000002.pt", "step_9.pt", "step_10.pt",
    ]  # fmt: skip
    assert find_checkpoint(tmp_path).name == "step_10.pt"


def test_checkpoints_by_wall_time_keep_the_last_k(tiny, quiet):
    g, d, obj, data = tiny.tiny_setup()
    cfg = {**quiet, "steps": 5, "checkpoint_every": 0, "checkpoint_minutes": 1e-9,
           "keep_checkpoints": 2}  # fmt: skip
    t = Trainer(g, d, obj, data, cfg)
    t.fit()
    assert [p.name for p in list_checkpoints(t.checkpoint_dir)] == [
        "step_0000004.pt", "step_0000005.pt",
    ]  # fmt: skip


def test_the_best_checkpoint_follows_the_tracked_metric(tiny, quiet):
    g, d, obj, data = tiny.tiny_setup()
    fid = {1: 30.0, 2: 20.0, 3: 25.0, 4: 21.0}
    t = Trainer(
        g, d, obj, data, {**quiet, "best_metric": "eval/fid", "best_mode": "min"},
        hooks=[(lambda trainer, step: {"eval/fid": fid[step]}, 1)],
    )  # fmt: skip
    t.fit()
    best = load_checkpoint(t.checkpoint_dir / "best.pt")
    assert best["step"] == 2 and best["best"] == {"metric": "eval/fid", "value": 20.0, "step": 2}
    assert load_checkpoint(t.checkpoint_dir)["best"]["step"] == 2  # kept for a resumed run
    with pytest.raises(ValueError, match="best_mode must be 'min' or 'max'"):
        t.config.replace(best_mode="lowest")


# -- finiteness ---------------------------------------------------------------------


def test_a_non_finite_buffer_stops_training_and_is_never_checkpointed(tiny, quiet):
    g, d, obj, data = tiny.tiny_setup(batchnorm=True)

    def poison(trainer, step):
        if step == 3:
            trainer.generator.norm.running_var.fill_(float("inf"))

    t = Trainer(g, d, obj, data, {**quiet, "steps": 8, "checkpoint_every": 1}, hooks=[(poison, 1)])
    with pytest.raises(NonFiniteStateError, match="generator.norm.running_var holds NaN or Inf"):
        t.fit()
    # the hook poisons the buffer at step 3, after the step's own check: the checkpoint of
    # step 3 finds it and is not written
    assert [p.name for p in list_checkpoints(t.checkpoint_dir)] == [
        "step_0000001.pt", "step_0000002.pt",
    ]  # fmt: skip
    for path in list_checkpoints(t.checkpoint_dir):
        var = load_checkpoint(path)["generator"]["norm.running_var"]
        assert torch.isfinite(var).all()
    with pytest.raises(NonFiniteStateError) as info:
        t.save_checkpoint(t.out_dir / "direct.pt")
    assert info.value.tensor == "generator.norm.running_var"
    assert not (t.out_dir / "direct.pt").exists()


# -- run folders --------------------------------------------------------------------


def test_a_locked_folder_names_the_process_that_holds_it(tmp_path):
    with RunLock(tmp_path / "run"):
        assert (tmp_path / "run" / "run.lock").read_text().split()[0] == str(os.getpid())
        with pytest.raises(RunFolderInUseError, match=f"in use by process {os.getpid()}") as info:
            claim_run_folder(tmp_path / "run", resuming=True)
        assert info.value.pid == os.getpid()
    assert not (tmp_path / "run" / "run.lock").exists()
    # a lock file left by a killed process holds no lock: it is taken over
    (tmp_path / "run" / "run.lock").write_text("999999 elsewhere\n")
    claim_run_folder(tmp_path / "run", resuming=False).release()


def test_a_folder_holding_a_run_is_refused_and_overwrite_removes_only_run_files(tmp_path):
    run = tmp_path / "run"
    (run / "checkpoints").mkdir(parents=True)
    (run / "checkpoints" / "step_0000001.pt").write_bytes(b"x")
    (run / "metrics.jsonl").write_text("{}\n")
    (run / "notes.txt").write_text("mine")
    (run / "checkpoints" / ".step_0000002.pt.abc.tmp").write_bytes(b"torn")
    with pytest.raises(RunFolderError, match="already holds a run .*--resume.*--overwrite"):
        claim_run_folder(run, resuming=False)
    assert (run / "metrics.jsonl").exists() and not (run / "run.lock").exists()
    claim_run_folder(run, resuming=True).release()  # resuming keeps the run, cleans temporaries
    assert sorted(p.name for p in (run / "checkpoints").iterdir()) == ["step_0000001.pt"]
    claim_run_folder(run, resuming=False, overwrite=True).release()
    assert sorted(p.name for p in run.iterdir()) == ["notes.txt"]
    (tmp_path / "file").write_text("")
    with pytest.raises(NotADirectoryError, match="is not a folder"):
        claim_run_folder(tmp_path / "file", resuming=False)


def test_fit_refuses_to_reuse_another_runs_folder(tiny, quiet):
    g, d, obj, data = tiny.tiny_setup()
    Trainer(g, d, obj, data, quiet).fit(2)
    before = load_checkpoint(Path(quiet["out_dir"]))
    g, d, obj, data = tiny.tiny_setup()
    with pytest.raises(RunFolderError, match="already holds a run"):
        Trainer(g, d, obj, data, quiet).fit(2)
    after = load_checkpoint(Path(quiet["out_dir"]))
    assert all(
        torch.equal(a, b) for a, b in zip(before["generator"].values(), after["generator"].values())
    )
    t = Trainer(g, d, obj, data, quiet)
    t.resume(quiet["out_dir"])
    t.fit(3)  # a resumed trainer continues in its folder
    assert load_checkpoint(Path(quiet["out_dir"]))["step"] == 3


# -- resume rules -------------------------------------------------------------------


def test_resume_applies_the_new_learning_rates_and_logs_them(tiny, quiet, capsys):
    g, d, obj, data = tiny.tiny_setup()
    t = Trainer(g, d, obj, data, quiet)
    t.fit(2)
    g, d, obj, data = tiny.tiny_setup()
    t2 = Trainer(g, d, obj, data, {**quiet, "lr_d": 1e-5, "critic_steps": 2, "betas_g": (0.0, 0.9)})
    assert t2.resume(t.checkpoint_dir) == 2
    assert {grp["lr"] for grp in t2.opt_d.param_groups} == {1e-5}
    assert {grp["betas"] for grp in t2.opt_g.param_groups} == {(0.0, 0.9)}
    assert t2.resume_changes["lr_d"] == (2e-4, 1e-5)
    err = capsys.readouterr().err
    assert "resume: lr_d 0.0002 -> 1e-05" in err and "resume: critic_steps 1 -> 2" in err


def test_resume_refuses_fixed_settings_and_another_architecture(tiny, quiet):
    g, d, obj, data = tiny.tiny_setup()
    t = Trainer(g, d, obj, data, quiet)
    t.fit(1)
    g, d, obj, data = tiny.tiny_setup()
    with pytest.raises(ValueError, match=r"cannot change seed .*checkpoint 0, now 7"):
        Trainer(g, d, obj, data, {**quiet, "seed": 7}).resume(t.checkpoint_dir)
    space = tiny.tiny_space()
    wide = tiny.TinyGenerator(space, hidden=16)
    with pytest.raises(CheckpointError, match="architecture cannot change"):
        Trainer(wide, d, obj, data, quiet).resume(t.checkpoint_dir)


def test_resume_config_takes_the_checkpoints_settings_unless_given(tiny):
    from condgan.training import TrainConfig

    saved = TrainConfig(lr_g=1e-3, critic_steps=5, out_dir="old", progress=False).to_dict()
    base = TrainConfig(out_dir="new", progress=True)  # the recipe's defaults
    cfg = resume_config(saved, base, {"steps": 50})
    assert (cfg.lr_g, cfg.critic_steps, cfg.steps) == (1e-3, 5, 50)
    assert (cfg.out_dir, cfg.progress) == ("new", True)  # run-local: this process's
    with pytest.raises(ValueError, match="cannot change batch_size"):
        resume_config(saved, base, {"batch_size": 3})


# -- logs ---------------------------------------------------------------------------


def test_a_torn_last_jsonl_line_is_dropped_with_a_warning_naming_the_file(tmp_path):
    path = tmp_path / "metrics.jsonl"
    path.write_text('{"step": 1, "a": 1.0}\n{"step": 2, "a": 2.0}\n{"step": 3, "a"')
    with pytest.warns(RuntimeWarning, match=f"{path}: dropped a torn last line"):
        assert [r["step"] for r in read_jsonl(path)] == [1, 2]
    with pytest.warns(RuntimeWarning):
        log = MetricsLogger(tmp_path, tensorboard=False, resume_step=5)
    log.log(6, {"a": 6.0})
    log.close()
    assert [json.loads(x)["step"] for x in path.read_text().splitlines()] == [1, 2, 6]
    path.write_text('{"step": 1}\nnot json\n{"step": 3}\n')
    with pytest.raises(ValueError, match=f"{path}, line 2: not a JSON object"):
        read_jsonl(path)


def test_a_full_disk_while_logging_names_the_file(tmp_path, monkeypatch):
    log = MetricsLogger(tmp_path, tensorboard=False)

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "open", full)
    with pytest.raises(OSError, match=f"cannot write {tmp_path / 'metrics.jsonl'}"):
        log.log(1, {"a": 1.0})


def test_resume_may_add_an_ema_and_change_precision(tiny, quiet):
    g, d, obj, data = tiny.tiny_setup(batchnorm=True)
    t = Trainer(g, d, obj, data, quiet)
    t.fit(2)
    g, d, obj, data = tiny.tiny_setup(batchnorm=True)
    t2 = Trainer(g, d, obj, data, {**quiet, "ema_decay": 0.9, "precision": "fp16"})
    t2.resume(t.checkpoint_dir)
    assert t2.resume_changes["ema_decay"] == (None, 0.9)
    assert t2.resume_changes["precision"] == ("fp32", "fp16")
    # the new EMA starts from the resumed weights
    for a, b in zip(t2.ema.module.parameters(), t2.generator.parameters()):
        assert torch.equal(a, b)
    t2.fit(4)
    state = load_checkpoint(t2.checkpoint_dir)
    assert state["step"] == 4 and state["ema"] is not None and state["scaler_g"]
