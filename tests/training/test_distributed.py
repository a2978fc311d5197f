"""DDP: 2 gloo ranks equal one process on the global batch; torchrun runs end to end."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import torch
import torch.multiprocessing as mp

from condgan.training import EpochSampler

HERE = Path(__file__).resolve().parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_epoch_sampler_splits_each_global_batch():
    one = list(EpochSampler(20, 8, seed=3))
    r0 = list(EpochSampler(20, 4, rank=0, world_size=2, seed=3))
    r1 = list(EpochSampler(20, 4, rank=1, world_size=2, seed=3))
    assert len(one) == 16 and len(r0) == len(r1) == 8
    for k in range(2):
        assert one[8 * k : 8 * k + 8] == r0[4 * k : 4 * k + 4] + r1[4 * k : 4 * k + 4]
    s = EpochSampler(20, 8, seed=3)
    s.set_epoch(0, start_batch=1)
    assert list(s) == one[8:]
    s.set_epoch(1)
    assert list(s) != one
    with pytest.raises(ValueError, match="fewer than one global batch"):
        EpochSampler(10, 8, world_size=2)


@pytest.mark.slow
def test_two_gloo_ranks_match_one_process_on_the_global_batch(tmp_path):
    import ddp_worker

    steps = 3
    result = tmp_path / "ddp.pt"
    mp.spawn(
        ddp_worker.spawn_worker,
        args=(2, _free_port(), steps, str(tmp_path / "ddp"), str(result)),
        nprocs=2,
        join=True,
    )
    ddp = torch.load(result, weights_only=True)
    single = ddp_worker.run_steps(steps, str(tmp_path / "single"))
    assert ddp.keys() == single.keys()
    for k in single:
        torch.testing.assert_close(ddp[k], single[k], rtol=1e-4, atol=1e-6, msg=k)
    # and training did move the weights
    init = ddp_worker.run_steps(0, str(tmp_path / "init"))
    moved = sum(not torch.equal(init[k], single[k]) for k in single)
    assert moved == len(single)


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("torchrun") is None and not (Path(sys.executable).parent / "torchrun").exists(),
    reason="no torchrun",
)
def test_torchrun_two_ranks_finish_and_write_one_checkpoint(tmp_path):
    torchrun = Path(sys.executable).parent / "torchrun"
    exe = str(torchrun) if torchrun.exists() else "torchrun"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
        "OMP_NUM_THREADS": "1",
    }
    out = tmp_path / "run"
    proc = subprocess.run(
        [exe, "--standalone", "--nproc_per_node", "2", str(HERE / "ddp_worker.py"), str(out)],
        capture_output=True, text=True, env=env, timeout=240,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "rank 0/2 done at step 2" in proc.stdout and "rank 1/2 done at step 2" in proc.stdout
    assert [p.name for p in (out / "checkpoints").iterdir()] == ["step_0000002.pt"]
    assert len((out / "metrics.jsonl").read_text().splitlines()) == 2
