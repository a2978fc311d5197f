"""The ablation script: its summary is the mean and sample sd per recipe and variant, its plot
keeps to one recipe, and a variant runs end to end (2 steps) and writes its own JSON; the
critic-reads diagnostic scores a critic's classifier beside the judge; the classifier-guidance
probe runs its three modes."""

from __future__ import annotations

import json
import statistics

import pytest

from benchmark_scripts import load_script


@pytest.fixture(scope="module")
def A():
    return load_script("ablation")


def test_summary_groups_by_recipe_and_variant(A):
    rows = [{"variant": "proj", "fid": f, "accuracy": 0.9} for f in (4.0, 5.0, 9.0)]
    rows += [{"recipe": "iclevr-acwgan-gp", "variant": "proj", "fid": 40.0, "accuracy": None}]
    s = A.summarise(rows)
    assert list(s) == ["proj", "iclevr-acwgan-gp--proj"]
    assert s["proj"]["fid"]["mean"] == pytest.approx(6.0)
    assert s["proj"]["fid"]["sd"] == pytest.approx(statistics.stdev([4.0, 5.0, 9.0]))
    assert s["iclevr-acwgan-gp--proj"]["fid"]["sd"] is None
    assert s["iclevr-acwgan-gp--proj"]["accuracy"] == {"mean": None, "sd": None, "n": 0}


def test_the_plot_draws_one_recipes_variants(A, tmp_path):
    rows = [{"variant": "proj", "fid": 4.0}, {"variant": "base", "fid": 9.0}]
    rows += [{"recipe": "iclevr-acwgan-gp", "variant": v, "fid": 40.0}
             for v in ("proj-ema", "proj-wide-ema")]  # fmt: skip
    s = A.summarise(rows)
    assert A.plot(s, tmp_path / "a.png") == ["base", "proj"]
    assert A.plot(s, tmp_path / "b.png", "iclevr-acwgan-gp") == ["proj-ema", "proj-wide-ema"]
    assert (tmp_path / "b.png").stat().st_size > 0


def test_a_variant_runs_and_writes_its_row(A, tmp_path, monkeypatch):
    monkeypatch.setenv("CONDGAN_CACHE", str(tmp_path / "cache"))
    row = A.run("proj-ema", 0, 2, tmp_path / "runs", scale="smoke")
    assert (row["variant"], row["seed"], row["steps"]) == ("proj-ema", 0, 2)
    assert 0.0 <= row["accuracy"] <= 1.0 and row["judge"] > 0.9 and row["fid"] > 0.0
    saved = json.loads((tmp_path / "runs" / "proj-ema-seed0.json").read_text())
    assert saved == row


@pytest.mark.parametrize("name", ["proj-ema-ttur", "proj-wide-ema-ttur"])
def test_the_ttur_variants_take_the_presets_rates_on_the_recommended_parts(A, name):
    from condgan.recipes import build
    from condgan.training import optim_preset

    base = A.VARIANTS["proj-ema"](build("cartoon-acwgan", "hidden-concat", "smoke"))
    recipe = A.VARIANTS[name](build("cartoon-acwgan", "hidden-concat", "smoke"))
    preset = optim_preset("ttur").fields()
    assert {k: getattr(recipe.train, k) for k in preset} == preset
    assert recipe.train.ema_decay == base.train.ema_decay == 0.999
    assert type(recipe.critic) is type(base.critic)
    wide = name.startswith("proj-wide")
    widths = recipe.generator.spec["kwargs"]["widths"]
    assert list(widths) == [(2 if wide else 1) * w for w in base.generator.spec["kwargs"]["widths"]]


def test_time_to_quality_reads_the_demo_recipes_rows(tmp_path):
    T = load_script("time_to_quality")
    runs = [
        {"variant": "base", "cpu_minutes": 4.0, "accuracy": 0.9, "ratio": 0.2, "coverage": 0.1,
         "fid": 15.0},
        {"recipe": "iclevr-acwgan-gp", "variant": "base", "cpu_minutes": 1.0},
        {"recipe": "cartoon-acwgan", "variant": "proj-ema", "cpu_minutes": 1.3, "accuracy": 0.99,
         "ratio": 1.1, "coverage": 0.8, "fid": 4.4},
        {"variant": "ms", "cpu_minutes": 3.0},
    ]  # fmt: skip
    (tmp_path / "ablation-x.json").write_text(json.dumps({"runs": runs}))
    rows = T.load_rows(tmp_path, ["base", "proj-ema"])
    assert [r["cpu_minutes"] for r in rows] == [4.0, 1.3]
    T.plot(rows, ["base", "proj-ema"], tmp_path / "t.png")
    assert (tmp_path / "t.png").stat().st_size > 0


def test_critic_reads_scores_the_critic_beside_the_judge(tmp_path, monkeypatch):
    monkeypatch.setenv("CONDGAN_CACHE", str(tmp_path / "cache"))
    C = load_script("critic_reads")
    row = C.run("cartoon-acwgan", 2, scale="smoke", n_eval=64)
    assert (row["steps"], row["eval_images"], row["train_images"]) == (2, 64, 32)
    assert 0.0 <= row["critic"] <= 1.0 and row["judge"] > 0.9
    assert row["final_train_loss"] > 0.0


def test_classifier_guidance_probe_runs_its_three_modes(tmp_path, monkeypatch):
    monkeypatch.setenv("CONDGAN_CACHE", str(tmp_path / "cache"))
    G = load_script("classifier_guidance")
    rows = G.run(0, steps=2, weight=1.0, guide_epochs=1, guide_only_steps=2, scale="smoke",
                 out=tmp_path, n_eval=64)  # fmt: skip
    assert [r["mode"] for r in rows] == ["gan", "gan+guide", "guide-only"]
    assert [r["weight"] for r in rows] == [0.0, 1.0, None]
    assert all(0.0 <= r["judge_fake"] <= 1.0 and 0.0 <= r["guide_fake"] <= 1.0 for r in rows)
    assert rows[0]["judge_real"] > 0.9  # the judge's own figure, printed beside
    # the guide adds a term to the generator's loss only
    log = (tmp_path / "gan+guide-seed0" / "metrics.jsonl").read_text()
    assert '"g/guide"' in log and '"d/guide"' not in log


def test_save_runs_writes_the_dated_record_and_makes_the_folder(tmp_path):
    import datetime

    from harness import save_runs

    path = save_runs(tmp_path / "new", "probe", [{"seed": 0}], note="x")
    record = json.loads(path.read_text())
    assert path.name == f"probe-{datetime.date.today().isoformat()}.json"
    assert record["runs"] == [{"seed": 0}] and record["note"] == "x"
    assert record["cores"] >= 1 and record["date"] == path.stem.removeprefix("probe-")


def test_the_biggan_variant_swaps_only_the_generators_conditioning(A):
    from condgan.recipes import build

    base = A.VARIANTS["proj-ema"](build("cartoon-acwgan", "hidden-concat", "smoke"))
    recipe = A.VARIANTS["proj-biggan-ema"](build("cartoon-acwgan", "hidden-concat", "smoke"))
    g, kw = recipe.generator, recipe.generator.spec["kwargs"]
    assert g.noise_split is not None and sum(g.noise_split.chunks) == kw["nz"]
    assert (kw["encoder"], kw["norm_layer"], kw["input_concat"]) == ("learned", "cbn", False)
    assert kw["widths"] == base.generator.spec["kwargs"]["widths"]
    assert recipe.critic.spec == base.critic.spec and recipe.train == base.train
    g(g.sample_noise(2), recipe.space.sample(2))  # it runs on the recipe's space


def test_the_critic_bn_variant_adds_batch_norm_and_keeps_spectral_norm(A):
    from torch import nn

    from condgan.recipes import build

    recipe = A.VARIANTS["proj-dbn-ema"](build("cartoon-acwgan", "hidden-concat", "smoke"))
    assert recipe.critic.spec["kwargs"]["norm_layer"] == "bn"
    assert recipe.critic.spec["kwargs"]["spectral_norm"] is True
    assert any(isinstance(m, nn.BatchNorm2d) for m in recipe.critic.modules())
    assert recipe.critic.has_batch_stats


def test_critic_reads_in_the_gan_reads_at_each_mark_and_judges_the_generator(tmp_path, monkeypatch):
    monkeypatch.setenv("CONDGAN_CACHE", str(tmp_path / "cache"))
    C = load_script("critic_reads")
    row = C.run_gan("cartoon-acwgan", "proj-ema", 4, scale="smoke", n_eval=64, marks=2,
                    out=tmp_path / "runs")  # fmt: skip
    assert [step for step, _ in row["critic_reads"]] == [2, 4]
    assert all(0.0 <= acc <= 1.0 for _, acc in row["critic_reads"])
    assert row["critic"] == row["critic_reads"][-1][1]
    assert 0.0 <= row["generator"] <= 1.0 and row["judge"] > 0.9 and row["steps"] == 4
    assert (tmp_path / "runs" / "cartoon-acwgan--proj-ema-seed0").is_dir()
    with pytest.raises(ValueError, match="no classifier head trained on real images"):
        C.run_gan("cartoon-acwgan", "proj-noaux", 2, scale="smoke", out=tmp_path / "r2")
