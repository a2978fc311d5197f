"""The training API page names every public object of condgan.training."""

from __future__ import annotations

from pathlib import Path

import pytest

import condgan.training

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize("name", condgan.training.__all__)
def test_every_public_training_name_is_documented(name):
    text = (DOCS / "api" / "training.rst").read_text()
    assert f"condgan.training.{name}\n" in text
