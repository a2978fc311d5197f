"""The recipes API page names every public object; the package imports lazily."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import condgan.recipes

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize("name", condgan.recipes.__all__)
def test_every_public_recipes_name_is_documented(name):
    text = (DOCS / "api" / "recipes.rst").read_text()
    assert f"condgan.recipes.{name}\n" in text


def test_every_recipe_has_a_reproduction_page():
    pages = {p.stem for p in (DOCS / "reproductions").glob("*.rst")} - {"index"}
    assert pages == set(condgan.recipes.names())


def test_commands_import_stays_light():
    code = (
        "import sys, condgan.recipes, condgan.recipes.commands\n"
        "heavy = [m for m in ('condgan.training', 'condgan.models', 'condgan.recipes.reports',"
        " 'torch_fidelity') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
