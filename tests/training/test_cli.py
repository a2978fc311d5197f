"""``condgan train`` and ``condgan sample``."""

from __future__ import annotations

from types import SimpleNamespace

from PIL import Image

import condgan
from condgan import cli
from condgan.training import TrainConfig, checkpoint


def _recipe(tiny):
    g, d, obj, data = tiny.tiny_setup()
    return SimpleNamespace(
        space=g.space, generator=g, critic=d, objective=obj, data=data,
        train=TrainConfig(batch_size=8, tensorboard=False, sample_every=0, plot=False),
    )  # fmt: skip


def test_train_resume_and_sample(tiny, tmp_path, monkeypatch, capsys):
    calls = []

    def build(name, **kwargs):
        calls.append((name, kwargs))
        return _recipe(tiny)

    monkeypatch.setattr("condgan.recipes.registry.build", build)
    out = tmp_path / "run"
    args = ["train", "tiny", "--variant", "v", "--scale", "tiny", "--out", str(out),
            "--steps", "2", "--seed", "3", "--no-progress", "--data", str(tmp_path)]  # fmt: skip
    assert cli.main(args) == 0
    assert calls[0] == ("tiny", {"variant": "v", "scale": "tiny", "data_dir": str(tmp_path)})
    assert "done at step 2" in capsys.readouterr().out
    args[args.index("--steps") + 1] = "3"
    assert cli.main([*args, "--resume", str(out / "checkpoints")]) == 0
    captured = capsys.readouterr()
    assert "resumed from step 2" in captured.err and "done at step 3" in captured.out
    assert checkpoint.load_checkpoint(out)["config"]["seed"] == 3

    # sample needs only the checkpoint (and the model registry)
    monkeypatch.setattr(checkpoint, "_default_create", tiny.create_tiny)
    png = tmp_path / "grid.png"
    argv = ["sample", str(out), "--condition", "blue colour large size", "--n", "4", "--out"]
    assert cli.main([*argv, str(png)]) == 0
    grid = Image.open(png)  # 2 x 2 images of 8 px with 2 px padding, and a label margin
    assert grid.height == 22 and grid.width > 22
    argv[2:4] = ["--condition", "red colour small size", "--condition", "green colour large size"]
    assert cli.main([*argv, str(png)]) == 0
    grid = Image.open(png)  # 2 rows of 4, each labelled
    assert grid.height == 22 and grid.width > 42
    labels = png.with_suffix(".txt").read_text().splitlines()
    assert labels == ["red colour small size", "green colour large size"]
    assert cli.main(["sample", str(out), "--condition", "purple hair", "--out", str(png)]) == 2
    assert "purple" in capsys.readouterr().err


def test_lazy_reexports():
    assert condgan.load_generator is checkpoint.load_generator
    assert condgan.TrainConfig is TrainConfig
    assert condgan.Trainer.__name__ == "Trainer"
