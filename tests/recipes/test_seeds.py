"""Several seeds per variant: mean and spread, the ordering beyond the spread, the table,
and ``reproduce --seeds`` end to end on the toy recipe."""

from __future__ import annotations

import json
import statistics

import pytest

from condgan.cli import main
from condgan.recipes import Reported, VariantResult, load_results, reproduce
from condgan.recipes.seeds import Spread, ordering_verdict, seed_summary, seeds_table


def _r(variant: str, seed: int, fid: float, reported: float | None):
    rep = None if reported is None else Reported("FID", reported)
    r = VariantResult("toy", variant, "cpu", 10, 60.0, 0.5 + seed / 100, 0.25, fid, rep)
    r.seed = seed
    return r


def test_summary_is_mean_and_sample_sd():
    rows = [_r("a", s, f, 10.0) for s, f in enumerate([10.0, 12.0, 17.0])]
    d = seed_summary(rows)["a"]
    assert d["seeds"] == [0, 1, 2] and d["fid"].n == 3
    assert d["fid"].mean == pytest.approx(13.0)
    assert d["fid"].sd == pytest.approx(statistics.stdev([10.0, 12.0, 17.0]))
    assert d["accuracy"].mean == pytest.approx(0.51)
    assert seed_summary([_r("a", 0, 5.0, None)])["a"]["fid"].sd is None


def test_beyond_the_spread():
    assert Spread(10.0, 1.0, 3).beyond(Spread(12.5, 1.0, 3))
    assert not Spread(10.0, 1.0, 3).beyond(Spread(11.5, 1.0, 3))
    assert not Spread(10.0, None, 1).beyond(Spread(50.0, 1.0, 3))  # one seed: never


def test_ordering_verdict_three_ways():
    clear = [_r("a", s, 10.0 + s * 0.1, 80.0) for s in range(3)]
    clear += [_r("b", s, 20.0 + s * 0.1, 90.0) for s in range(3)]
    assert ordering_verdict(clear).startswith("FID ordering of the report reproduced (a < b), "
                                              "every step beyond the spread")  # fmt: skip
    noisy = [_r("a", s, f, 80.0) for s, f in enumerate([10.0, 14.0, 18.0])]
    noisy += [_r("b", s, f, 90.0) for s, f in enumerate([12.0, 16.0, 20.0])]
    assert "within the spread for a vs b" in ordering_verdict(noisy)
    flipped = [_r("a", s, 30.0, 80.0) for s in range(2)] + [
        _r("b", s, 20.0, 90.0) for s in range(2)
    ]
    expected = "the report orders a < b, the mean FIDs order b < a"
    assert ordering_verdict(flipped) == f"FID ordering of the report not reproduced: {expected}."
    assert ordering_verdict([_r("a", 0, 1.0, None), _r("b", 0, 2.0, 3.0)]) is None


def test_table_rows_per_variant():
    rows = [_r("a", s, 10.0 + s, 80.0) for s in range(3)]
    table = seeds_table(rows)
    assert "| a | 0,1,2 | 10 | 0.510 ± 0.010 | 0.250 ± 0.000 | 11.000 ± 1.000 |" in table
    assert table.splitlines()[0].startswith("| variant | seeds | steps |")


def test_reproduce_with_seeds_end_to_end(toy_registry, tmp_path, capsys):
    argv = ["reproduce", "toy", "--variants", "b", "--seeds", "0,1", "--smoke", "--out",
            str(tmp_path)]  # fmt: skip
    assert main(argv) == 0
    results = load_results(tmp_path / "toy" / "results.json")
    assert [(r.variant, r.seed) for r in results] == [("b", 0), ("b", 1)]
    assert [r.out_dir for r in results] == [
        str(tmp_path / "toy" / "b" / f"seed{s}") for s in (0, 1)
    ]
    md = (tmp_path / "toy" / "results.md").read_text()
    assert "| b | 0,1 | 2 |" in md and "| b (seed 1) |" in md
    # different seeds, different networks: the runs differ
    assert json.loads((tmp_path / "toy" / "results.json").read_text())[0]["seed"] == 0
    assert results[0].fid != results[1].fid


@pytest.mark.parametrize(
    ("seeds", "message"),
    [("0,x", "--seeds must be comma-separated integers >= 0"), ("1,1", "names a seed twice")],
)
def test_bad_seeds_are_refused(toy_registry, tmp_path, capsys, seeds, message):
    argv = ["reproduce", "toy", "--seeds", seeds, "--smoke", "--out", str(tmp_path)]
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "toy").exists()


def test_reproduce_without_seeds_keeps_one_run_per_variant(toy_registry, tmp_path):
    [r] = reproduce("toy", ["b"], "smoke", out=tmp_path, n_eval=16, progress=False)
    assert r.seed is None and r.out_dir == str(tmp_path / "toy" / "b")
