"""The Architecture page's worked examples run, and the page shows each of them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
EXAMPLES = sorted((DOCS / "examples").glob("extend_*.py"))


def test_every_extension_point_has_an_example() -> None:
    kinds = {p.stem.removeprefix("extend_") for p in EXAMPLES}
    assert kinds >= {"fusion", "backbone", "loss", "penalty", "recipe"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_is_on_the_page(path: Path) -> None:
    page = (DOCS / "architecture.rst").read_text()
    assert f".. literalinclude:: examples/{path.name}" in page


def test_examples_run() -> None:
    """Each example ends in its own asserts; they run as scripts in a fresh process (so
    the names they register do not leak into the suite's registries)."""
    code = "import runpy, sys\nfor p in sys.argv[1:]:\n    runpy.run_path(p, run_name='__main__')\n"
    done = subprocess.run(
        [sys.executable, "-c", code, *map(str, EXAMPLES)], capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]


def test_included_test_sections_exist() -> None:
    page = (DOCS / "architecture.rst").read_text()
    source = (DOCS.parent / "tests" / "conditions" / "test_user_space.py").read_text()
    for marker in ("[start:ordinal]", "[end:ordinal]", "[start:head]", "[end:head]"):
        assert marker in page and marker in source
