"""Importing condgan is quiet and light; the CLI skeleton answers."""

from __future__ import annotations

import subprocess
import sys

import condgan
from condgan.cli import main


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)


def test_import_prints_nothing_and_stays_light():
    out = _run(
        "import sys, condgan\n"
        "heavy = [m for m in ('torch_fidelity', 'torchvision', 'matplotlib') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    assert out.stdout == "" and out.stderr == ""


def test_version():
    assert condgan.__version__ == "0.1.0"


def test_cli_version(capsys):
    try:
        main(["--version"])
    except SystemExit as exit_:
        assert exit_.code == 0
    assert capsys.readouterr().out.strip() == "condgan 0.1.0"


def test_cli_help(capsys):
    assert main([]) == 0
    assert "usage: condgan" in capsys.readouterr().out


def test_unknown_attribute():
    try:
        condgan.does_not_exist  # noqa: B018
    except AttributeError as err:
        assert "does_not_exist" in str(err)
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")
