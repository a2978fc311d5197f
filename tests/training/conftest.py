"""Fixtures for the training tests: the tiny GAN of ``tiny_gan.py`` and quiet configs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # tiny_gan must be importable by spawned workers too
    sys.path.insert(0, str(HERE))

import tiny_gan  # noqa: E402


@pytest.fixture
def tiny():
    """The ``tiny_gan`` helper module."""
    return tiny_gan


@pytest.fixture
def quiet(tmp_path):
    """TrainConfig fields for fast, silent test runs writing under ``tmp_path``."""
    return {
        "batch_size": 8,
        "steps": 4,
        "out_dir": str(tmp_path / "run"),
        "progress": False,
        "tensorboard": False,
        "sample_every": 0,
        "checkpoint_every": 0,
        "gif": False,
        "plot": False,
        "log_every": 2,
        "check_every": 1,
    }


@pytest.fixture(autouse=True)
def _one_thread():
    """Tiny models run fastest on one thread, and a busy 2-core machine punishes more."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
