"""Evaluation you can trust (issue 17): references from a held-out split, no leaked copies,
no evaluation changes a generator, every recipe's checkpoint scorable, schedules from the data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

import condgan
from condgan.cli import main
from condgan.data.standin import write_anime, write_cartoon
from condgan.recipes import DataSpec, build, load_results, reproduce
from condgan.recipes.reports import text2anime as r4
from condgan.recipes.runner import evaluate_recipe
from condgan.training import Trainer


@pytest.fixture(autouse=True)
def _hashed(monkeypatch):
    monkeypatch.setenv("CONDGAN_TEXT_ENCODER", "hashed")


@pytest.fixture(scope="module")
def sorted_anime(tmp_path_factory) -> Path:
    """240 anime faces whose tags.csv is sorted by tag, as a real one is."""
    folder = write_anime(tmp_path_factory.mktemp("sorted") / "a", 240, seed=7, size=16)
    lines = (folder / "tags.csv").read_text().splitlines()
    lines.sort(key=lambda line: line.split(",", 1)[1])
    (folder / "tags.csv").write_text("\n".join(lines) + "\n")
    return folder


@pytest.fixture(scope="module")
def mirrored_anime(tmp_path_factory) -> Path:
    """40 faces plus a mirrored, re-encoded copy of each of the first 20 (ids 40-59)."""
    folder = write_anime(tmp_path_factory.mktemp("mirrored") / "a", 40, seed=8, size=32)
    tags = dict(line.split(",", 1) for line in (folder / "tags.csv").read_text().splitlines())
    with (folder / "tags.csv").open("a") as f:
        for i in range(20):
            image = Image.open(folder / "images" / f"{i}.jpg").transpose(Image.FLIP_LEFT_RIGHT)
            image.save(folder / "images" / f"{40 + i}.jpg", quality=90)
            f.write(f"{40 + i},{tags[str(i)]}\n")
    return folder


def _hair_histogram(y: torch.Tensor) -> torch.Tensor:
    h = torch.bincount(y[:, 0], minlength=12).float()
    return h / h.sum()


def test_a_sorted_label_file_gives_a_reference_with_the_heldout_histogram(sorted_anime):
    spec = DataSpec("anime", 16, data_dir=str(sorted_anime), heldout_fraction=0.25)
    split = spec.split()
    y = spec.decoded().y
    ref = spec.reference(30, seed=0)
    tv = 0.5 * (_hair_histogram(ref.y) - _hair_histogram(y[split.heldout])).abs().sum()
    first_rows = 0.5 * (_hair_histogram(y[:30]) - _hair_histogram(y[split.heldout])).abs().sum()
    assert tv < 0.1 < 0.5 < first_rows  # the first rows of a sorted file are a few colours
    assert len(ref.images) == 30 and ref.source["kind"] == "held-out split"
    assert set(spec.reference(30, seed=0).source) >= {"n", "seed", "heldout", "stratified"}
    rows_in_training = len(spec())
    assert rows_in_training == len(split.train) == 240 - len(split.heldout)


def test_planted_mirrored_copies_are_split_without_leaks(mirrored_anime):
    spec = DataSpec("anime", 32, data_dir=str(mirrored_anime), heldout_fraction=0.3)
    split = spec.split()
    held = set(split.heldout.tolist())
    assert held and all((i in held) == (40 + i in held) for i in range(20))
    found = split.duplicates
    assert found["images"] == 60 and found["with_mirrored_copy"] >= 40
    assert found["distinct"] <= 40
    record = spec.split_record()
    assert record["n_heldout"] == len(held) and record["duplicates"] == found


def _state(m: torch.nn.Module):
    flags = [(n, s.training) for n, s in m.named_modules()]
    return flags, {k: v.clone() for k, v in m.state_dict().items()}


def _assert_unchanged(m: torch.nn.Module, before) -> None:
    flags, buffers = _state(m)
    assert flags == before[0], "an evaluation changed a module's mode"
    for k, v in before[1].items():
        assert torch.equal(buffers[k], v), f"an evaluation changed {k}"


@pytest.mark.parametrize("mode", ["eval", "train"])
def test_no_evaluation_entry_point_changes_the_generator(mode, toy_registry, monkeypatch, capsys):
    toy = build("toy", "a", "smoke")
    text = build("text2anime", "dcgan-bce", "smoke")
    for recipe in (toy, text):
        g = recipe.generator.train(mode == "train")
        before = _state(g)
        evaluate_recipe(recipe, g, n=8)  # the runner (text2anime: its recipe.evaluate)
        _assert_unchanged(g, before)
        monkeypatch.setattr(condgan, "load_generator", lambda path, _g=g: _g, raising=False)
        assert main(["evaluate", "ckpt", "--n", "8"]) == 0  # the evaluate command
        _assert_unchanged(g, before)
    capsys.readouterr()


def test_condgan_evaluate_scores_a_smoke_text2anime_checkpoint(tmp_path, capsys):
    recipe = build("text2anime", "dcgan-bce", "smoke")
    trainer = Trainer.from_recipe(
        recipe, out_dir=str(tmp_path / "run"), steps=1, gif=False, plot=False, sample_every=0
    )
    trainer.fit()
    out = tmp_path / "r.json"
    code = main(["evaluate", str(tmp_path / "run"), "--n", "16", "--json", str(out)])
    assert code == 0, capsys.readouterr().err
    result = json.loads(out.read_text())
    assert result["evaluator"] == "anime" and result["accuracy"]["n"] == 16
    assert set(result["accuracy"]["per_attribute"]) == {"hair", "eyes"}


def test_runs_record_their_split_and_results_hold_relative_paths(toy_registry, tmp_path):
    data = write_cartoon(tmp_path / "data", 24, seed=5, size=32)
    reproduce("toy", ["a"], "smoke", out=tmp_path / "runs", data_dir=data, n_eval=8,
              progress=False)  # fmt: skip
    split = json.loads((tmp_path / "runs" / "toy" / "a" / "split.json").read_text())
    assert split["data"] == "../../../data" and split["n_heldout"] >= 1
    assert split["n_train"] + split["n_heldout"] == 24 and "duplicates" in split
    stored = json.loads((tmp_path / "runs" / "toy" / "results.json").read_text())[0]
    assert stored["out_dir"] == "a" and stored["data_dir"] == "../../data"
    assert stored["details"]["reference"]["data"] == "../../data"
    moved = tmp_path / "elsewhere"
    shutil.copytree(tmp_path / "runs", moved)
    back = load_results(moved / "toy" / "results.json")[0]
    assert Path(back.out_dir) == moved / "toy" / "a"


def test_epoch_schedules_count_the_images_training_reads(tmp_path):
    data = write_anime(tmp_path / "anime", 120, seed=2, size=32)
    pretrain = build("text2anime", "pretrain", "cpu", data_dir=str(data))
    n_train = pretrain.data.train_size()
    assert n_train < 120
    ((hook, _),) = pretrain.hooks
    assert hook.start == r4.epochs_to_steps(r4.PRETRAIN_EPOCHS, n_train, 64) < 391
    paper = build("text2anime", "dcgan-bce", "paper", data_dir=str(data))
    assert paper.train.steps == r4.epochs_to_steps(100, n_train, 64)


def test_decoded_data_is_reused_on_a_second_start(tmp_path, monkeypatch):
    import condgan.data.dataset as dataset_module

    data = write_anime(tmp_path / "anime", 12, seed=3, size=16)
    first = DataSpec("anime", 16, data_dir=str(data))()
    monkeypatch.setattr(dataset_module, "load_image", lambda *a, **k: np.zeros(0))
    again = DataSpec("anime", 16, data_dir=str(data))()
    assert torch.equal(first.images, again.images)


def test_condgan_train_records_the_split_in_its_run_folder(toy_registry, tmp_path, capsys):
    data = write_cartoon(tmp_path / "data", 24, seed=6, size=32)
    out = tmp_path / "run"
    argv = ["train", "toy", "--scale", "smoke", "--data", str(data), "--out", str(out),
            "--steps", "2", "--no-progress"]  # fmt: skip
    assert main(argv) == 0
    split = json.loads((out / "split.json").read_text())
    assert split["data"] == "../data" and split["n_train"] + split["n_heldout"] == 24
    assert "24 images" in capsys.readouterr().err


def test_condgan_evaluate_prints_diversity_beside_the_judge(tmp_path, capsys):
    recipe = build("cartoon-acwgan", "hidden-concat", "smoke")
    trainer = Trainer.from_recipe(
        recipe, out_dir=str(tmp_path / "run"), steps=1, gif=False, plot=False, sample_every=0
    )
    trainer.fit()
    data = write_cartoon(tmp_path / "data", 40, seed=11, size=32)
    out = tmp_path / "r.json"
    argv = ["evaluate", str(tmp_path / "run"), "--data", str(data), "--n", "40", "--json",
            str(out), "--per-value"]  # fmt: skip
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    [acc] = [x for x in lines if x.startswith("conditional accuracy ")]
    assert "(judge 'cartoon' reads real images of " in acc
    [div] = [x for x in lines if x.startswith("diversity within conditions (domain features): ")]
    assert "ratio " in div and "recall " in div and "coverage " in div
    result = json.loads(out.read_text())
    d = result["diversity"]
    assert d["features"] == "domain" and d["ratio"] is not None and 0 <= d["coverage"] <= 1
    assert "per_value" not in d and "blue hair" in result["diversity_per_value"]
    assert set(result["fid_per_value"]) == set(result["diversity_per_value"])
