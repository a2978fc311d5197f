"""The API reference names every public object of the documented packages."""

from __future__ import annotations

from pathlib import Path

import pytest

import condgan.conditions

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize("name", condgan.conditions.__all__)
def test_every_public_condition_name_is_documented(name):
    text = (DOCS / "api" / "conditions.rst").read_text()
    assert f"condgan.conditions.{name}\n" in text
