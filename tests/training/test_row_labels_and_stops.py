"""Sample grids carry row labels; a stopped run still writes its GIF and loss plot."""

from __future__ import annotations

import os
import signal

import numpy as np
import pytest
import torch
from PIL import Image

from condgan.training import Trainer
from condgan.training.visuals import grid_image, save_grid


def test_labels_are_drawn_left_of_their_rows(tmp_path):
    images = torch.zeros(6, 3, 8, 8)
    plain = grid_image(images, 3)
    labelled = grid_image(images, 3, labels=["blue hair", "red hair"])
    assert labelled.height == plain.height and labelled.width > plain.width
    margin = np.asarray(labelled.convert("L"))[:, : labelled.width - plain.width]
    assert (margin < 128).any(), "the label text is drawn in the margin"
    save_grid(images, tmp_path / "g.png", 3, labels=["a", "b"])
    assert (tmp_path / "g.txt").read_text() == "a\nb\n"
    with pytest.raises(ValueError, match="one entry per row"):
        grid_image(images, 3, labels=["only one"])


def test_a_stopped_run_writes_its_gif_and_plot(tiny, quiet):
    pytest.importorskip("matplotlib")
    g, d, obj, data = tiny.tiny_setup()

    def hook(trainer, step):
        if step == 3:
            os.kill(os.getpid(), signal.SIGINT)

    cfg = {**quiet, "steps": 100, "sample_every": 1, "gif": True, "plot": True, "log_every": 1}
    t = Trainer(g, d, obj, data, cfg, hooks=[(hook, 1)])
    t.fit()
    assert t.interrupted == "SIGINT"
    assert (t.out_dir / "progress.gif").is_file() and (t.out_dir / "loss_curves.png").is_file()
    assert Image.open(t.out_dir / "progress.gif").n_frames >= 2
