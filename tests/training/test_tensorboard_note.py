"""The "TensorBoard not installed" note is given once per process, not once per run."""

from __future__ import annotations

import importlib.util

import pytest

import condgan.training.logging as logging_mod
from condgan.training.logging import MetricsLogger


@pytest.mark.skipif(
    importlib.util.find_spec("tensorboard") is not None, reason="TensorBoard is installed"
)
def test_note_once_per_process(tmp_path, monkeypatch):
    monkeypatch.setattr(logging_mod, "TENSORBOARD_NOTE_GIVEN", [])
    first = MetricsLogger(tmp_path / "a", tensorboard=True)
    second = MetricsLogger(tmp_path / "b", tensorboard=True)
    assert [n for n in first.notes if "TensorBoard" in n] == [
        "TensorBoard logging skipped: install the extra with `pip install condgan[tb]`"
    ]
    assert not [n for n in second.notes if "TensorBoard" in n]
    assert MetricsLogger(tmp_path / "c", tensorboard=False).notes == []
