"""The benchmark suite's runner: the GPU plan's shape, and the whole GPU plan run end to
end on the CPU with tiny networks (how the suite is tested until a GPU runs it)."""

from __future__ import annotations

import json

import pytest

from benchmark_scripts import load_script


@pytest.fixture(scope="module")
def R():
    return load_script("run_all")


def test_gpu_plan_covers_the_issue_matrix(R):
    plan = R.gpu_plan()
    assert {(i["side"], i["batch"]) for i in plan} == {(64, 64), (64, 256), (128, 64), (128, 256)}
    for item in plan:
        assert item["options"] == ("fp32", "bf16", "channels_last", "compile")
    # the gate runs once per setup (at batch 64), not once per batch
    assert [i["gate"] for i in plan] == [True, False, True, False]
    assert R._plan(False, "cuda") == plan


def test_tiny_gpu_plan_runs_on_cpu_and_writes_json_and_rst(R, tmp_path, capsys):
    argv = ["--tiny", "--options", "fp32", "--no-memory", "--out", str(tmp_path)]
    assert R.main(argv) == 0
    (path,) = tmp_path.glob("cpu-tiny-*.json")
    data = json.loads(path.read_text())
    rows = [r for r in data["results"] if "options" in r]
    assert [(r["setup"], r["batch"]) for r in rows] == [
        ("iclevr-acwgan-gp/tiny", 4), ("iclevr-acwgan-gp/tiny", 8),
        ("cartoon-acwgan/smoke", 4), ("cartoon-acwgan/smoke", 8),
    ]  # fmt: skip
    for r in rows:
        row = r["options"]["fp32"]
        assert row["images_per_s"]["condgan"] > 0 and row["ratio"] > 0
    assert rows[0]["gate"]["passed"] and "gate" not in rows[1]
    rst = path.with_suffix(".rst").read_text()
    assert rst.startswith(".. list-table::") and "img/s (plain / condgan)" in rst


def test_budget_skips_what_is_left(R, tmp_path):
    argv = ["--tiny", "--options", "fp32", "--no-memory", "--out", str(tmp_path),
            "--budget-s", "0"]  # fmt: skip
    assert R.main(argv) == 0
    data = json.loads(next(tmp_path.glob("cpu-tiny-*.json")).read_text())
    assert all(r["skipped"] == "time budget of 0 s spent" for r in data["results"])


def test_unknown_option_is_refused(R, tmp_path):
    with pytest.raises(ValueError, match=r"--options must be from .*got \['fp64'\]"):
        R.main(["--tiny", "--options", "fp64", "--out", str(tmp_path)])


@pytest.fixture(scope="module")
def Q():
    return load_script("quality")


def test_time_to_targets_is_the_first_point_meeting_all_of_them(Q):
    def p(minutes, acc, ratio, cov):
        return {"train_cpu_min": minutes, "accuracy": acc, "judge": 1.0, "ratio": ratio,
                "coverage": cov}  # fmt: skip

    curve = [p(1, 0.99, 0.3, 0.9), p(2, 0.94, 0.9, 0.9), p(3, 0.96, 0.7, 0.6), p(4, 1, 1, 1)]
    assert Q.time_to_targets(curve) == 3
    assert Q.time_to_targets(curve[:2]) is None
    assert Q.time_to_targets([{**curve[3], "ratio": None}]) is None


def test_quality_curve_records_time_and_diversity(Q, tmp_path):
    result = Q.main(["--runs", "cartoon-acwgan:recommended", "--scale", "smoke", "--steps", "2",
                     "--every", "1", "--n", "16", "--out", str(tmp_path)])  # fmt: skip
    [run] = result["runs"]
    assert [p["step"] for p in run["curve"]] == [1, 2]
    for point in run["curve"]:
        assert point["train_cpu_min"] >= 0 and point["judge"] > 0
        assert point["ratio"] is not None and point["coverage"] is not None
    assert "time_to_targets_cpu_min" in run


def test_scaling_times_an_iteration_of_the_recommended_model():
    S = load_script("scaling")
    assert S.seconds_per_iteration(16, 4, 1, "cpu") > 0.0
