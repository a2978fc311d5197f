"""What a user sees: grids, GIF, CSV/JSONL/TensorBoard logs, loss curves."""

from __future__ import annotations

import csv
import sys

import numpy as np
import pytest
import torch
from PIL import Image

from condgan.training import MetricsLogger, Trainer, grid_image, plot_losses, save_gif


def test_grid_layout():
    images = torch.zeros(6, 3, 8, 8)
    images[3:] = 1.0  # second row white
    img = grid_image(images, nrow=3)
    assert img.size == (3 * 10 + 2, 2 * 10 + 2)
    px = torch.from_numpy(np.array(img))
    assert px.shape == (22, 32, 3)
    assert px[5, 5].tolist() == [128, 128, 128] and px[15, 5].tolist() == [255, 255, 255]


def test_full_run_writes_every_visual(tiny, quiet):
    g, d, obj, data = tiny.tiny_setup()
    cfg = {**quiet, "steps": 6, "sample_every": 2, "gif": True, "plot": True,
           "grid_rows": 4, "grid_cols": 5}  # fmt: skip
    t = Trainer(g, d, obj, data, cfg)
    t.fit()
    out = t.out_dir
    samples = sorted((out / "samples").glob("*.png"))
    assert [p.stem for p in samples] == ["step_0000002", "step_0000004", "step_0000006"]
    grid = Image.open(samples[0])  # columns = noise; the row labels in a margin on the left
    assert grid.height == 4 * 10 + 2 and grid.width > 5 * 10 + 2
    labels = (out / "samples" / "step_0000002.txt").read_text().splitlines()
    assert len(labels) == 4 and labels[0] == "red colour small size"
    gif = Image.open(out / "progress.gif")
    assert gif.n_frames == 3
    assert (out / "loss_curves.png").exists()
    rows = list(csv.DictReader((out / "metrics.csv").open()))
    assert [r["step"] for r in rows] == ["2", "4", "6"]


def test_tensorboard_events_written(tiny, quiet):
    pytest.importorskip("torch.utils.tensorboard", reason="TensorBoard is the optional [tb] extra")
    g, d, obj, data = tiny.tiny_setup()
    t = Trainer(g, d, obj, data, {**quiet, "steps": 2, "sample_every": 2, "tensorboard": True})
    t.fit()
    assert list((t.out_dir / "tb").glob("events.out.tfevents.*"))


def test_trainer_without_tensorboard_notes_it(tiny, quiet, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "torch.utils.tensorboard", None)
    monkeypatch.setattr("condgan.training.logging.TENSORBOARD_NOTE_GIVEN", [])  # once per process
    g, d, obj, data = tiny.tiny_setup()
    t = Trainer(g, d, obj, data, {**quiet, "steps": 2, "tensorboard": True})
    t.fit()
    assert not (t.out_dir / "tb").exists()
    assert "pip install condgan[tb]" in capsys.readouterr().err


def test_same_noise_per_column_same_condition_per_row(tiny, quiet):
    g, d, obj, data = tiny.tiny_setup()
    t = Trainer(g, d, obj, data, {**quiet, "grid_rows": 3, "grid_cols": 4})
    z, y, _, labels = t._grid_inputs()
    assert torch.equal(z[0], z[4]) and not torch.equal(z[0], z[1])
    assert torch.equal(y[0], y[3]) and not torch.equal(y[0], y[4])
    assert len(labels) == 3


def test_missing_matplotlib_is_a_note(tiny, quiet, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert plot_losses({"d/total": ([1], [1.0])}, "x.png") is None
    g, d, obj, data = tiny.tiny_setup()
    t = Trainer(g, d, obj, data, {**quiet, "plot": True})
    t.fit()
    assert not (t.out_dir / "loss_curves.png").exists()
    assert "loss-curve plot skipped" in capsys.readouterr().err


def test_missing_tensorboard_is_a_note(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "torch.utils.tensorboard", None)
    monkeypatch.setattr("condgan.training.logging.TENSORBOARD_NOTE_GIVEN", [])  # once per process
    log = MetricsLogger(tmp_path, tensorboard=True)
    assert "TensorBoard logging skipped" in log.notes[0]


def test_logger_resume_drops_rows_after_the_checkpoint(tmp_path):
    log = MetricsLogger(tmp_path, tensorboard=False)
    for step in (1, 2, 3):
        log.log(step, {"a": float(step)})
    log.log(4, {"a": 4.0, "b": float("nan")})
    log.close()
    again = MetricsLogger(tmp_path, tensorboard=False, resume_step=2)
    assert [r["step"] for r in again.rows] == [1, 2]
    assert (tmp_path / "metrics.csv").read_text().splitlines() == ["step,a", "1,1.0", "2,2.0"]


def test_gif_of_nothing(tmp_path):
    assert save_gif([], tmp_path / "x.gif") is None
