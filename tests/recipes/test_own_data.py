"""The own-data recipe and ``condgan train --data``: any layout, 1 or 3 channels, sizes 8-128."""

from __future__ import annotations

import re

import pytest
import torch

from condgan.cli import main
from condgan.data import load
from condgan.metrics import Evaluator, evaluate_generator
from condgan.recipes.own_data import (
    BIGGAN_CONDITIONING,
    INPUT_CONDITIONING,
    build_own_data,
    generator_conditioning,
    network_plan,
    own_parts,
)
from condgan.training import Trainer, load_generator
from user_data import attribute_folder, class_folder, csv_table


@pytest.mark.parametrize(
    ("size", "plan"), [(8, (4, 1)), (16, (4, 2)), (28, (7, 2)), (48, (6, 3)), (64, (4, 4)),
                       (96, (6, 4)), (128, (4, 5)), (256, (4, 6))],
)  # fmt: skip
def test_network_plan(size, plan):
    assert network_plan(size) == plan


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    """Feature caches and stand-ins go to the test's folder, not ~/.cache."""
    monkeypatch.setenv("CONDGAN_CACHE", str(tmp_path / "cache"))


def test_network_plan_rejects_odd_sizes():
    with pytest.raises(ValueError, match="image_size 9 cannot be reached"):
        network_plan(9)


@pytest.mark.parametrize("size", [8, 16, 28, 48, 64, 128])
@pytest.mark.parametrize("mode", ["L", "RGB"])
def test_train_sample_at_each_size_and_channel_count(tmp_path, size, mode):
    data = load(class_folder(tmp_path / "d", n_per_class=2, size=size, mode=mode))
    recipe = build_own_data(data, scale="smoke", out_dir=tmp_path / "run")
    trainer = Trainer.from_recipe(recipe, steps=2, progress=False)
    trainer.fit()
    G = load_generator(tmp_path / "run")
    y = G.space.encode(["red", "blue"])
    x = G(G.sample_noise(2), y)
    assert x.shape == (2, data.channels, size, size)
    assert torch.isfinite(x).all()
    # evaluate: accuracy and FID in a (tiny, untrained) judge's features against the data
    judge = Evaluator(data.space, widths=(4, 4, 4, 4), input_size=32)
    result = evaluate_generator(G.eval(), data=tmp_path / "d", evaluator=judge, n=8)
    assert 0.0 <= result["accuracy"]["accuracy"] <= 1.0 and result["fidelity"]["fid"] >= 0.0


@pytest.mark.parametrize("layout", ["classes", "attributes", "labels", "text"])
def test_cli_trains_every_layout(tmp_path, capsys, layout):
    if layout == "classes":
        path = class_folder(tmp_path / "d", size=32)
    elif layout == "attributes":
        path = attribute_folder(tmp_path / "d", size=32)
    else:
        path = csv_table(tmp_path / "d", size=32, kind=layout)
    out = tmp_path / "run"
    argv = ["train", "--data", str(path), "--scale", "smoke", "--out", str(out), "--no-progress"]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "done at step 2" in printed and "next steps:" in printed
    assert (out / "config.toml").is_file() and sorted((out / "checkpoints").glob("*.pt"))


def test_cli_resizes_with_a_policy(tmp_path, capsys):
    path = class_folder(tmp_path / "d", n_per_class=2, size=20)
    out = tmp_path / "run"
    argv = ["train", "--data", str(path), "--scale", "smoke", "--out", str(out),
            "--no-progress", "--size", "32", "--fit", "resize"]  # fmt: skip
    assert main(argv) == 0
    assert load_generator(out).image_size == 32


@pytest.mark.parametrize(
    ("setup", "extra", "message"),
    [
        ("empty", [], "no images found in"),
        ("mixed", [], r"size\(s\) 16x16: 6, 24x24: 1"),
        ("bad", [], r"1 unreadable image\(s\)"),
        ("truncated", [], r"(?s)1 unreadable item\(s\) in .*corrupt or unreadable image .*x\.png"),
        ("classes", ["--variant", "x"], "--variant applies to recipes"),
        ("classes", ["--fit", "resize"], "fit='resize' needs a size"),
    ],
)
def test_cli_errors_write_nothing(tmp_path, capsys, setup, extra, message):
    from user_data import write_image

    root = tmp_path / "d"
    if setup == "empty":
        (root / "cats").mkdir(parents=True)
    else:
        class_folder(root, n_per_class=2)
    if setup == "mixed":
        write_image(root / "red" / "x.png", size=24)
    if setup == "bad":
        (root / "red" / "x.png").write_bytes(b"garbage")
    if setup == "truncated":  # a valid header, pixels cut short: only decoding finds it
        write_image(root / "red" / "x.png", size=16)
        whole = (root / "red" / "x.png").read_bytes()
        (root / "red" / "x.png").write_bytes(whole[: len(whole) // 2])
    out = tmp_path / "run"
    assert main(["train", "--data", str(root), "--out", str(out), *extra]) == 2
    assert re.search(message, capsys.readouterr().err)
    assert not out.exists()


def test_cli_decodes_each_image_once(tmp_path, monkeypatch):
    """A set small enough to preload is decoded once (by the preload), not also by a check."""
    from PIL import ImageFile

    path = class_folder(tmp_path / "d", n_per_class=3, size=16)
    decoded = []
    load = ImageFile.ImageFile.load

    def counting(self):
        if self.tile:  # pixels not decoded yet (PIL empties ``tile`` once it has)
            decoded.append(self.filename)
        return load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counting)
    out = tmp_path / "run"
    assert main(["train", "--data", str(path), "--scale", "smoke", "--out", str(out),
                 "--no-progress"]) == 0  # fmt: skip
    images = sorted(str(p) for p in path.rglob("*.png"))
    assert len(images) == 9
    assert sorted(f for f in decoded if f in images) == images


def test_data_options_need_own_data(capsys):
    assert main(["train", "cartoon-acwgan", "--size", "32"]) == 2
    assert "--size read your own data and apply only without a recipe" in capsys.readouterr().err


def test_no_recipe_and_no_data(capsys):
    assert main(["train"]) == 2
    assert "name a recipe" in capsys.readouterr().err


def test_sample_with_attributes_left_free(tmp_path, capsys):
    path = attribute_folder(tmp_path / "d", size=32)
    out = tmp_path / "run"
    argv = ["train", "--data", str(path), "--scale", "smoke", "--out", str(out), "--no-progress"]
    assert main(argv) == 0
    kept = torch.load(out / "conditions.pt", weights_only=True)
    assert kept.shape == (12, 2)
    grid = tmp_path / "red.png"
    argv = ["sample", str(out), "--condition", "red colour", "--condition", "square shape",
            "--n", "3", "--out", str(grid)]  # fmt: skip
    assert main(argv) == 0
    assert grid.is_file() and "2 condition(s) x 3" in capsys.readouterr().out
    assert main(["sample", str(out), "--condition", "plaid colour", "--out", str(grid)]) == 2
    assert "cannot read 'plaid'" in capsys.readouterr().err


@pytest.mark.parametrize("layout", ["labels", "text"])
def test_next_step_hints_for_tables(tmp_path, capsys, monkeypatch, layout):
    import shlex

    monkeypatch.chdir(tmp_path)
    table = csv_table(tmp_path / "d", size=32, kind=layout)
    assert main(["train", "--data", str(table), "--scale", "smoke", "--no-progress"]) == 0
    printed = capsys.readouterr().out
    hints = [line.strip() for line in printed.splitlines() if line.startswith("  condgan ")]
    expected = ["sample", "train-evaluator", "evaluate"] if layout == "labels" else ["sample"]
    assert [h.split()[1] for h in hints] == expected
    for hint in hints:
        extra = {"train-evaluator": ["--epochs", "1"], "evaluate": ["--n", "8"]}
        words = shlex.split(hint)
        assert main(words[1:] + extra.get(words[1], [])) == 0, hint


def test_next_step_hints_run_as_printed(tmp_path, capsys, monkeypatch):
    import shlex

    monkeypatch.chdir(tmp_path)
    class_folder(tmp_path / "my pics", n_per_class=4, size=16)
    argv = ["train", "--data", "my pics", "--scale", "smoke", "--no-progress", "--size", "32",
            "--fit", "resize"]  # fmt: skip
    assert main(argv) == 0
    printed = capsys.readouterr().out
    hints = [line.strip() for line in printed.splitlines() if line.startswith("  condgan ")]
    assert [h.split()[1] for h in hints] == ["sample", "train-evaluator", "evaluate"]
    assert "--size 32 --fit resize" in hints[1] and "'my pics'" in hints[1]
    for hint in hints:
        words = shlex.split(hint)
        assert words[0] == "condgan"
        extra = {"train-evaluator": ["--epochs", "1"], "evaluate": ["--n", "8"]}.get(words[1], [])
        assert main(words[1:] + extra) == 0, hint
    out = capsys.readouterr().out
    assert "heldout.accuracy" in out and "accuracy.accuracy" in out and "fidelity.fid" in out
    assert (tmp_path / "runs" / "my pics" / "sample.png").is_file()


def test_a_refused_out_folder_keeps_its_files(tmp_path, capsys):
    path = class_folder(tmp_path / "d", n_per_class=2, size=32)
    out = tmp_path / "run"
    argv = ["train", "--data", str(path), "--scale", "smoke", "--out", str(out), "--no-progress"]
    assert main(argv) == 0
    kept = (out / "config.toml").read_text()
    assert main([*argv, "--seed", "5"]) == 3  # the folder holds a run: refused (a path)
    assert "--overwrite" in capsys.readouterr().err
    assert (out / "config.toml").read_text() == kept


@pytest.mark.parametrize("size", [8, 32, 64, 128])
def test_multi_label_generators_take_biggans_conditioning_at_every_size(size):
    from condgan.conditions import ConditionalBatchNorm2d, MultiLabel

    space = MultiLabel([f"o{i}" for i in range(5)])
    for scale in ("smoke", "cpu"):
        g, _, _, _, notes = own_parts(space, size, 3, scale=scale)
        kw = g.spec["kwargs"]
        assert {k: kw[k] for k in BIGGAN_CONDITIONING} == BIGGAN_CONDITIONING
        assert sum(g.noise_split.chunks) == kw["nz"] and "BigGAN conditioning" in notes
        norms = [m for m in g.modules() if isinstance(m, ConditionalBatchNorm2d)]
        assert len(norms) == network_plan(size)[1]  # every block but the last
        y = space.sample(2, generator=torch.Generator().manual_seed(0))
        assert g(g.sample_noise(2), y).shape == (2, 3, size, size)


def test_other_kinds_keep_the_condition_at_the_input_and_the_choice_can_be_overridden():
    from condgan.conditions import MultiCategorical, MultiLabel

    space = MultiCategorical({"hair": ["a", "b"], "eyes": ["c", "d", "e"]})
    g, *_, notes = own_parts(space, 32, 3, scale="smoke")
    assert g.noise_split is None and g.fusion_points == {0: "InputConcat"}
    assert "BigGAN" not in notes
    multi = MultiLabel(["a", "b", "c"])
    g, *_ = own_parts(multi, 32, 3, scale="smoke", conditioning=INPUT_CONDITIONING)
    assert g.noise_split is None and g.fusion_points == {0: "InputConcat"}
    chosen = generator_conditioning(multi)
    chosen["encoder_dim"] = 1  # a copy: the table is unchanged
    assert generator_conditioning(multi) == BIGGAN_CONDITIONING
