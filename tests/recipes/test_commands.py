"""``condgan reproduce``: wiring, output files and argument errors."""

from __future__ import annotations

import json

from condgan.cli import main


def test_reproduce_command(toy_registry, tmp_path, capsys):
    code = main(["reproduce", "toy", "--variants", "b", "--scale", "smoke", "--out",
                 str(tmp_path), "--n-eval", "8", "--no-progress"])  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    assert "| b | 2 |" in out and "results in" in out
    rows = json.loads((tmp_path / "toy" / "results.json").read_text())
    assert [r["variant"] for r in rows] == ["b"]


def test_reproduce_rejects_unknown_variant(toy_registry, tmp_path, capsys):
    code = main(["reproduce", "toy", "--variants", "a,zz", "--out", str(tmp_path)])
    assert code == 2
    err = capsys.readouterr().err
    assert "--variants ['zz'] are not variants of 'toy'" in err
    assert not (tmp_path / "toy").exists()


def test_reproduce_smoke(toy_registry, tmp_path, capsys):
    assert main(["reproduce", "toy", "--smoke", "--out", str(tmp_path), "--variants", "a"]) == 0
    rows = json.loads((tmp_path / "toy" / "results.json").read_text())
    assert rows[0]["scale"] == "smoke" and rows[0]["steps"] == 2
    assert rows[0]["details"]["accuracy_details"]["n"] == 32


def test_reproduce_errors_name_the_command(toy_registry, capsys):
    assert main(["reproduce", "toy", "--n-eval", "1"]) == 2
    assert capsys.readouterr().err == (
        "condgan: error: --n-eval must be >= 2, got 1 (see `condgan reproduce --help`)\n"
    )
