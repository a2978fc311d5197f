"""Faults: NaN/Inf losses stop the run naming term and step; signals save and stop cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from condgan.training import NonFiniteLossError, SignalGuard, Trainer, load_checkpoint


def test_nan_at_step_3_stops_and_step_2_checkpoint_loads(tiny, quiet):
    # each iteration calls the critic twice (one joint real+fake forward, one in
    # the generator step), so call 5 is the critic step of iteration 3
    g, d, obj, data = tiny.tiny_setup(nan_at_call=5)
    t = Trainer(g, d, obj, data, {**quiet, "steps": 10, "checkpoint_every": 1})
    with pytest.raises(NonFiniteLossError, match=r"'d/.*' is nan at step 3") as info:
        t.fit()
    assert info.value.step == 3 and info.value.term.startswith("d/")
    names = sorted(p.name for p in t.checkpoint_dir.iterdir())
    assert names == ["step_0000001.pt", "step_0000002.pt"]
    state = load_checkpoint(t.checkpoint_dir)
    assert state["step"] == 2
    g2, d2, obj2, data2 = tiny.tiny_setup()
    t2 = Trainer(g2, d2, obj2, data2, quiet)
    assert t2.resume(t.checkpoint_dir) == 2


def test_deferred_check_still_names_the_first_bad_step(tiny, quiet):
    g, d, obj, data = tiny.tiny_setup(nan_at_call=5)
    t = Trainer(g, d, obj, data, {**quiet, "steps": 10, "check_every": 4})
    with pytest.raises(NonFiniteLossError, match="at step 3") as info:
        t.fit()
    assert t.step == 4  # found at the check after step 4, attributed to step 3
    assert info.value.term == "d/total" or info.value.term.startswith("d/")
    assert not t.checkpoint_dir.exists()


def test_signal_handler_saves_and_returns(tiny, quiet, capsys):
    g, d, obj, data = tiny.tiny_setup()

    def hook(trainer, step):
        if step == 2:
            os.kill(os.getpid(), signal.SIGINT)

    t = Trainer(g, d, obj, data, {**quiet, "steps": 100}, hooks=[(hook, 1)])
    before = signal.getsignal(signal.SIGINT)  # SIG_IGN when the suite runs in the background
    t.fit()
    assert t.interrupted == "SIGINT" and t.step == 3
    assert load_checkpoint(t.checkpoint_dir)["step"] == 3
    # fit says it stopped, where the checkpoint is and how to resume
    err = capsys.readouterr().err
    assert "stopped by SIGINT at step 3; checkpoint: " in err
    assert str(t.checkpoint_dir / "step_0000003.pt") in err and "resume with: " in err
    assert signal.getsignal(signal.SIGINT) is before  # restored


def test_guard_flags_and_restores():
    before = signal.getsignal(signal.SIGTERM)
    with SignalGuard() as guard:
        guard.handler(signal.SIGTERM)
        assert guard.name == "SIGTERM"
    assert signal.getsignal(signal.SIGTERM) == before


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.slow
def test_sigterm_to_a_training_process_saves_and_exits_cleanly(tmp_path):
    here = Path(__file__).resolve().parent
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(here), os.environ.get("PYTHONPATH", "")]),
    }
    proc = subprocess.Popen(
        [sys.executable, str(here / "sigterm_script.py"), str(tmp_path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not (tmp_path / "started").exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "training never started"
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "interrupted=SIGTERM" in out
    step = int(out.split("step=")[1])
    assert load_checkpoint(tmp_path / "checkpoints")["step"] == step
