"""Every public name of condgan.metrics is in the API reference."""

from __future__ import annotations

from pathlib import Path

import pytest

import condgan.metrics

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize("name", condgan.metrics.__all__)
def test_every_public_metrics_name_is_documented(name):
    text = (DOCS / "api" / "metrics.rst").read_text()
    assert f"condgan.metrics.{name}\n" in text
