"""The metrics subcommands parse and fail clearly."""

from __future__ import annotations

import json

import pytest
import torch

import condgan
from condgan.cli import build_parser, main
from condgan.metrics import format_table


def test_subcommands_are_registered():
    parser = build_parser()
    args = parser.parse_args(["evaluate", "g.pt", "--data", "d", "--n", "10", "--json", "o.json"])
    assert args.n == 10 and str(args.json) == "o.json" and callable(args.func)
    args = parser.parse_args(["train-evaluator", "iclevr", "--epochs", "1"])
    assert args.kind == "iclevr" and args.epochs == 1
    with pytest.raises(SystemExit):
        parser.parse_args(["train-evaluator", "mnist"])


def test_evaluate_without_a_checkpoint_reader_or_file(tmp_path, capsys, monkeypatch):
    code = main(["evaluate", str(tmp_path / "missing.pt")])
    assert code == 3  # a missing path (condgan.errors.EXIT_CODES)
    err = capsys.readouterr().err
    assert err.startswith("condgan: error:") and err.count("\n") == 1
    assert "load_generator" in err or "missing.pt" in err


def test_evaluate_with_a_loader(tmp_path, capsys, monkeypatch):
    from condgan.conditions import MultiCategorical

    space = MultiCategorical({"tint": ["red", "green"], "size": ["small", "big"]})
    from condgan.metrics import Evaluator

    ev = Evaluator(space, widths=(8, 8, 8, 8), input_size=32, name="t")
    torch.save(ev.checkpoint(), tmp_path / "ev.pt")
    monkeypatch.setattr(
        condgan, "load_generator", lambda path: ColourGenerator(space), raising=False
    )
    out = tmp_path / "r.json"
    code = main(["evaluate", "g.pt", "--n", "16", "--evaluator", str(tmp_path / "ev.pt"),
                 "--json", str(out)])  # fmt: skip
    assert code == 0
    result = json.loads(out.read_text())
    assert result["n"] == 16 and "all_correct" in result["accuracy"]
    assert "accuracy.per_attribute.tint" in capsys.readouterr().out


class ColourGenerator:
    def __init__(self, space):
        self.space = space

    def sample(self, y, generator=None):
        return torch.rand(len(y), 3, 32, 32, generator=generator) * 2 - 1


def test_format_table():
    text = format_table({"a": {"b": 0.5, "c": None}, "long_name": 3})
    assert text.splitlines() == ["a.b        0.5000", "long_name  3"]
