"""The API page names every public object of condgan.data; the guide shows every stand-in."""

from __future__ import annotations

from pathlib import Path

import pytest

import condgan.data
import condgan.data.standin

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize(
    "name", [*condgan.data.__all__, *(f"standin.{n}" for n in condgan.data.standin.__all__)]
)
def test_every_public_data_name_is_documented(name):
    text = (DOCS / "api" / "data.rst").read_text()
    short = name.rsplit(".", 1)[-1]
    assert f"condgan.data.{name}\n" in text or f".{short}\n" in text


def test_guide_shows_every_standin_grid_and_the_speed():
    text = (DOCS / "data.rst").read_text()
    for grid in ("cartoon", "iclevr", "anime2018", "anime2017"):
        assert f"_static/standin_{grid}.png" in text
        assert (DOCS / "_static" / f"standin_{grid}.png").is_file()
    assert "images / minute" in text and "--data DIR" in text
