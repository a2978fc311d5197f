"""The README's Python snippets run as written (a newcomer pastes them first)."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)


def test_readme_has_python_snippets() -> None:
    assert BLOCKS


def test_readme_python_snippets_run() -> None:
    for i, code in enumerate(BLOCKS):
        exec(compile(code, f"README.md:python-block-{i}", "exec"), {"__name__": "__readme__"})
