"""Write docs/bad_inputs.rst: every bad input of the tests, run, with the message it gets.

Usage (from the repository root, with condgan and pytest installed)::

    python docs/gen_bad_inputs.py          # rewrite the table
    python docs/gen_bad_inputs.py --check  # exit 1 if the committed table is stale

The cases are ``tests/package/bad_input_cases.py``; ``tests/package/test_bad_inputs.py``
runs ``--check`` in a fresh process (so no other test's registrations leak into
the messages) and fails when the table is stale.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "bad_inputs.rst"


def render() -> tuple[str, int]:
    """The table's text and its number of cases."""
    sys.path.insert(0, str(ROOT / "tests" / "package"))
    import torch
    from bad_input_cases import CASES, outcome, table_rst

    torch.set_num_threads(1)
    rows = []
    for case in CASES:
        with tempfile.TemporaryDirectory(prefix=f"condgan-{case.id}-") as tmp:
            rows.append((case, outcome(case, Path(tmp))))
    return table_rst(rows), len(rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true", help="only compare with the committed table")
    args = p.parse_args(argv)
    text, count = render()
    if args.check:
        if not OUT.is_file() or OUT.read_text() != text:
            print(f"{OUT} is stale: run `python docs/gen_bad_inputs.py` and commit it")
            return 1
        print(f"{OUT} is current ({count} cases)")
        return 0
    OUT.write_text(text)
    print(f"wrote {OUT} ({count} cases)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
