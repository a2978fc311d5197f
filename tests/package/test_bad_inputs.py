"""Every bad input of docs/bad_inputs.rst gets its documented error, and the table is current.

The cases live in ``bad_input_cases.py``; ``python docs/gen_bad_inputs.py``
rewrites the table after a message changes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from bad_input_cases import CASES, outcome  # noqa: E402

ROOT = HERE.parents[1]


@pytest.fixture(autouse=True)
def _one_thread():
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def test_at_least_60_distinct_cases():
    assert len(CASES) >= 60
    assert len({c.id for c in CASES}) == len(CASES)
    assert len({(c.what, c.call) for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case, tmp_path):
    out = outcome(case, tmp_path)
    if isinstance(case.expect, int):
        assert out.code == case.expect, out
        # exactly one line, in the documented shape
        assert out.lines == 1, out
        assert out.message.startswith("condgan: error: ") and out.message.endswith(")"), out
    else:
        assert out.error is not None and issubclass(out.error, case.expect), out
    assert case.fragment in out.message, out


def test_table_is_current():
    """docs/bad_inputs.rst equals a fresh run of every case (in its own process)."""
    env = dict(os.environ, OMP_NUM_THREADS="1")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    proc = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "gen_bad_inputs.py"), "--check"],
        capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
