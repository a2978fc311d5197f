"""The runner: train + evaluate a variant, result files, tables and the ordering verdict."""

from __future__ import annotations

import json

import pytest
import torch

from condgan.recipes import (
    Reported,
    VariantResult,
    load_results,
    ordering_reproduced,
    reproduce,
    results_table,
    run_variant,
    write_results,
)


def _result(variant: str, fid: float | None, reported: float | None, metric: str = "FID"):
    rep = None if reported is None else Reported(metric, reported)
    return VariantResult("toy", variant, "cpu", 10, 60.0, 0.5, 0.25, fid, rep)


def test_run_variant_trains_evaluates_and_writes(toy_registry, tmp_path):
    r = run_variant("toy", "b", "smoke", out=tmp_path, n_eval=24, progress=False)
    assert (r.recipe, r.variant, r.scale, r.steps) == ("toy", "b", "smoke", 2)
    assert r.out_dir == str(tmp_path / "toy" / "b")
    assert 0.0 <= r.accuracy <= 1.0 and 0.0 <= r.chance <= 1.0
    assert r.fid is not None and r.fid >= 0.0
    assert r.details["accuracy_details"]["n"] == 24
    assert r.reported == Reported("FID", 20.0)
    div = r.details["diversity"]  # from the FID's features, beside the judge's figure
    assert r.diversity_ratio == div["ratio"] and r.coverage == div["coverage"]
    assert div["features"] == "domain" and set(div["per_value"]) >= {"blue hair", "with glasses"}
    assert r.details["judge"]["real_accuracy"] > 0.0
    assert sorted(p.name for p in (tmp_path / "toy" / "b" / "samples").glob("*.png"))


def test_out_dir_override_and_train_overrides(toy_registry, tmp_path):
    r = run_variant("toy", out=tmp_path, n_eval=8, progress=False, steps=1,
                    out_dir=str(tmp_path / "here"))  # fmt: skip
    assert r.steps == 1 and r.out_dir == str(tmp_path / "here") and r.variant == "a"


def test_reproduce_writes_json_and_markdown(toy_registry, tmp_path):
    results = reproduce("toy", out=tmp_path, n_eval=8, progress=False)
    assert [r.variant for r in results] == ["a", "b"]
    back = load_results(tmp_path / "toy" / "results.json")
    assert [b.to_dict() for b in back] == [r.to_dict() for r in results]
    md = (tmp_path / "toy" / "results.md").read_text()
    assert md.splitlines()[0].startswith("| variant | steps |") and "| a | 2 |" in md
    assert "FID ordering of the report reproduced:" in md


def test_ordering_verdict():
    same = [_result("a", 50.0, 80.0), _result("b", 60.0, 84.0), _result("c", 90.0, 139.8)]
    assert ordering_reproduced(same) is True
    swapped = [_result("a", 70.0, 80.0), _result("b", 60.0, 84.0)]
    assert ordering_reproduced(swapped) is False
    # variants without a reported FID (or without our FID) are left out
    few = [_result("a", 50.0, 80.0), _result("b", None, 84.0), _result("c", 1.0, None)]
    assert ordering_reproduced(few) is None
    acc = [_result("a", 50.0, 0.7, "accuracy"), _result("b", 60.0, 0.8, "accuracy")]
    assert ordering_reproduced(acc) is None


def test_table_rows_and_observations():
    r = _result("x", 12.345, None)
    r.reported = Reported("FID", None, note="collapsed")
    table = results_table([r, _result("y", None, 84.0)])
    lines = table.splitlines()
    assert lines[2] == "| x | 10 | 1.0 | 0.500 | 0.250 | - | 12.3 | - | - | collapsed |"
    assert lines[3] == "| y | 10 | 1.0 | 0.500 | 0.250 | - | - | - | - | FID 84 |"
    assert "ordering" not in table


def test_table_prints_the_judge_on_real_images_and_flags_an_unfit_one():
    fit, unfit = _result("fit", 10.0, None), _result("unfit", 11.0, None)
    fit.details["judge"] = {"real_accuracy": 0.95, "fit": True}
    unfit.details["judge"] = {"real_accuracy": 0.29, "fit": False}
    lines = results_table([fit, unfit]).splitlines()
    assert "judge on real" in lines[0]
    assert "| 0.950 | 10.0 |" in lines[2] and "| 0.290 UNFIT | 11.0 |" in lines[3]
    assert "below its threshold (unfit)" in lines[-1]


def test_table_has_diversity_columns_and_names_collapsed_variants():
    varied, collapsed = _result("varied", 10.0, None), _result("same", 11.0, None)
    varied.diversity_ratio, varied.coverage = 0.91, 0.62
    collapsed.diversity_ratio, collapsed.coverage = 0.12, 0.05
    lines = results_table([varied, collapsed]).splitlines()
    assert "| FID (domain) | diversity | coverage | report |" in lines[0]
    assert "| 10.0 | 0.91 | 0.62 |" in lines[2] and "| 11.0 | 0.12 | 0.05 |" in lines[3]
    assert lines[-1].startswith("Samples collapse within conditions (same): diversity ratio below")


def test_write_is_atomic_and_load_checks_path(tmp_path, monkeypatch):
    path, _ = write_results([_result("a", 1.0, 2.0)], tmp_path)
    before = path.read_text()

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(json, "dumps", boom)
    with pytest.raises(RuntimeError):
        write_results([_result("b", 1.0, 2.0)], tmp_path)
    assert path.read_text() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    with pytest.raises(FileNotFoundError, match="no results file"):
        load_results(tmp_path / "missing.json")


def test_rescore_reevaluates_from_checkpoints(toy_registry, tmp_path, capsys):
    from condgan.cli import main
    from condgan.recipes import rescore

    first = reproduce("toy", ["a"], "smoke", out=tmp_path, n_eval=16, progress=False)
    again = rescore(tmp_path / "toy")
    # same checkpoint, same evaluator, same seed: the same figures
    assert again[0].accuracy == pytest.approx(first[0].accuracy)
    assert again[0].fid == pytest.approx(first[0].fid, rel=1e-4)
    assert again[0].details["accuracy_details"]["n"] == 16
    assert main(["reproduce", "toy", "--rescore", "--out", str(tmp_path)]) == 0
    assert "rescored 1 run(s)" in capsys.readouterr().out
    for ckpt in (tmp_path / "toy" / "a" / "checkpoints").glob("*.pt"):
        ckpt.unlink()
    with pytest.raises(FileNotFoundError, match="no checkpoint"):
        rescore(tmp_path / "toy")


class FixedPerCondition(torch.nn.Module):
    """A generator that ignores its noise: one fixed image per condition."""

    def __init__(self, space):
        super().__init__()
        self.space = space
        self.scale = torch.nn.Parameter(torch.ones(1))

    def sample(self, y, generator=None):
        code = torch.stack([y[:, 0] / 5, y[:, 1] / 3, y[:, 2] / 2 + y[:, 3] / 4], 1) * 2 - 1
        ramp = torch.linspace(-0.3, 0.3, 32)
        return (code[:, :, None, None] + ramp[None, None, :, None]).clamp(-1, 1) * self.scale


def test_a_generator_that_ignores_its_noise_is_flagged_after_the_run(toy_registry, capsys):
    from condgan.metrics import warn_if_collapsed
    from condgan.recipes import build
    from condgan.recipes.runner import evaluate_recipe

    recipe = build("toy", "a", "smoke")
    metrics = evaluate_recipe(recipe, FixedPerCondition(recipe.space), n=200)
    div = metrics["diversity"]
    assert div["grouping"] == "condition" and div["n_groups"] >= 3
    assert div["ratio"] == 0.0 and div["collapsed"] and div["recall"] < 0.5
    assert warn_if_collapsed(metrics, label="toy a")
    err = capsys.readouterr().err.strip()
    assert err.startswith(
        "condgan: warning: samples collapse within conditions (diversity ratio 0.00 < 0.3)"
    )
    assert err.endswith("[toy a]") and "\n" not in err


def test_a_result_built_from_an_evaluate_generator_dict_reads_its_diversity():
    scores = {"diversity": {"ratio": 0.4, "coverage": 0.7}}  # as the example scripts pass it
    r = VariantResult("toy", "a", "cpu", 1, 1.0, 0.5, None, 3.0, details=scores)
    assert (r.diversity_ratio, r.coverage) == (0.4, 0.7)
    assert VariantResult.from_dict(r.to_dict()) == r
