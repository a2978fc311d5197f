"""Stand-in writers: deterministic, atomic, the right label structure, and the CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw, ImageFilter

from condgan.cli import main
from condgan.data import cartoon_space, load_cartoon
from condgan.data.standin import (
    anime_labels,
    cartoon_labels,
    iclevr_test_conditions,
    iclevr_train_labels,
    write_cartoon,
    write_standin,
)
from condgan.data.standin import scene as scene_module


def _files(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("kind", "version"), [("cartoon", 2018), ("iclevr", 2018), ("anime", 2018), ("anime", 2017)]
)
def test_same_seed_gives_byte_identical_files_and_other_seeds_differ(kind, version, tmp_path):
    a = write_standin(kind, tmp_path / "a", 8, seed=5, size=24, version=version)
    b = write_standin(kind, tmp_path / "b", 8, seed=5, size=24, version=version)
    c = write_standin(kind, tmp_path / "c", 8, seed=6, size=24, version=version)
    fa, fb, fc = _files(a), _files(b), _files(c)
    assert fa == fb
    images = [k for k in fa if k.endswith((".png", ".jpg"))]
    assert len(images) == 8
    if kind == "cartoon":  # file names come from the seed
        assert set(fa) != set(fc)
    else:
        assert set(fa) == set(fc)
        assert sum(fa[k] != fc[k] for k in images) >= 6


def test_all_144_cartoon_combinations_occur_with_2000_images():
    y = cartoon_labels(2000, seed=0)
    assert y.shape == (2000, 4)
    cartoon_space().validate(y)
    counts = torch.unique(y, dim=0, return_counts=True)[1]
    assert len(counts) == 144
    assert int(counts.min()) >= 13 and int(counts.max()) <= 14  # balanced cycles


def test_the_writer_uses_the_label_function(cartoon_dir):
    ds = load_cartoon(cartoon_dir, size=16)
    assert torch.equal(ds.y, cartoon_labels(24, seed=3))


def test_anime_2018_leaves_out_purple_hair_black_eyes():
    y = anime_labels(119 * 3, seed=1, version=2018)
    assert len(torch.unique(y, dim=0)) == 119
    assert not bool(((y[:, 0] == 9) & (y[:, 1] == 1)).any())  # purple, black
    assert len(torch.unique(anime_labels(132, seed=1, version=2017), dim=0)) == 132


def test_iclevr_train_scenes_grow_in_stages():
    labels = iclevr_train_labels(8, seed=2)
    names = list(labels)
    assert names[:3] == [f"CLEVR_train_000000_{k}.png" for k in range(3)]
    assert len(names) == 8 and names[-1] == "CLEVR_train_000002_1.png"
    for scene in range(2):
        stages = [labels[f"CLEVR_train_{scene:06d}_{k}.png"] for k in range(3)]
        assert [len(s) for s in stages] == [1, 2, 3]
        assert stages[1][:1] == stages[0] and stages[2][:2] == stages[1]
        assert len(set(stages[2])) == 3


def test_iclevr_test_files_have_32_entries_without_duplicates(iclevr_dir):
    for name in ("test.json", "new_test.json"):
        entries = json.loads((iclevr_dir / name).read_text())
        assert len(entries) == 32
        assert all(1 <= len(e) <= 3 and len(set(e)) == len(e) for e in entries)
    assert iclevr_test_conditions(0) != iclevr_test_conditions(0, stream=3)


def test_refuses_non_empty_out_unless_overwrite(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="is not empty; pass overwrite=True"):
        write_cartoon(out, 2, size=16)
    assert (out / "keep.txt").read_text() == "mine"
    write_cartoon(out, 2, size=16, overwrite=True)
    assert not (out / "keep.txt").exists() and (out / "cartoon_attr.txt").is_file()


def test_interrupted_write_leaves_nothing(tmp_path, monkeypatch):
    import condgan.data.standin.cartoon as mod

    calls = []

    def failing_save(image, path):
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        image.save(path, format="PNG")

    monkeypatch.setattr(mod, "save_image", failing_save)
    with pytest.raises(KeyboardInterrupt):
        write_cartoon(tmp_path / "out", 5, size=16)
    assert list(tmp_path.iterdir()) == []


def test_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match="unknown stand-in kind 'mnist'"):
        write_standin("mnist", tmp_path / "x", 2)
    with pytest.raises(ValueError, match="need n >= 1"):
        write_standin("iclevr", tmp_path / "x", 0)


def test_make_data_command(tmp_path, capsys):
    out = tmp_path / "iclevr"
    assert main(["make-data", "iclevr", str(out), "--n", "4", "--seed", "1", "--size", "16"]) == 0
    assert "wrote 4 iclevr images" in capsys.readouterr().out
    assert len(json.loads((out / "train.json").read_text())) == 4
    assert main(["make-data", "iclevr", str(out), "--n", "4"]) == 3  # an existing path
    assert "is not empty" in capsys.readouterr().err
    assert (
        main(["make-data", "anime", str(out), "--n", "3", "--version", "2017", "--overwrite"]) == 0
    )
    assert (out / "tags_clean.csv").is_file() and not (out / "train.json").exists()


def _full_floor(stage, S):
    """The floor over full pixel grids (what the cached, broadcast one must equal)."""
    v, u = np.mgrid[0:S, 0:S].astype(np.float32) / S
    base = stage.floor * (0.86 + 0.22 * v + stage.tilt * (u - 0.5))
    spot = np.exp(-((u - stage.spot_u) ** 2 + ((v - stage.spot_v) * 1.4) ** 2) / 0.18)
    g = base + 28.0 * spot
    return np.repeat(g[..., None], 3, axis=2) * np.array([0.99, 1.0, 1.02], dtype=np.float32)


def _full_shadows(canvas, objects):
    """The shadows blurred over the whole image (what the boxed blur must equal)."""
    S = canvas.shape[0]
    layer = Image.new("L", (S, S), 0)
    draw = ImageDraw.Draw(layer)
    blur = 0.0
    for o in objects:
        u0, v0, s, sp, _ = scene_module._project(o, S)
        r = o.radius * s
        cu, cv = u0 + 0.7 * r, v0 - 0.2 * r
        draw.ellipse([cu - 1.25 * r, cv - 1.1 * r * sp, cu + 1.25 * r, cv + 0.55 * r], fill=255)
        blur = max(blur, 0.22 * r)
    soft = np.asarray(layer.filter(ImageFilter.GaussianBlur(max(1.0, blur))), dtype=np.float32)
    return canvas * (1 - 0.55 * soft[..., None] / 255)


@pytest.mark.parametrize("S", [24, 96, 192])
def test_iclevr_renderer_shortcuts_equal_the_full_image_computations(S):
    rng = np.random.default_rng(3)
    for _ in range(20):
        stage = scene_module.random_stage(rng)
        floor = scene_module._floor(stage, S)
        np.testing.assert_array_equal(floor, _full_floor(stage, S))
        assert not floor.flags.writeable  # cached per stage: nobody may paint on it
        names = [
            f"{c} {s}"
            for c, s in zip(
                rng.choice(["red", "blue", "gray"], 3),
                rng.choice(["cube", "sphere", "cylinder"], 3),
            )
        ]
        objects = scene_module.place_objects(rng, names)
        shadows = scene_module._shadows(floor, objects)
        np.testing.assert_array_equal(shadows, _full_shadows(floor, objects))


def test_iclevr_render_is_unchanged_by_other_scenes_on_the_same_stage():
    rng = np.random.default_rng(0)
    stage = scene_module.random_stage(rng)
    one = scene_module.place_objects(rng, ["red cube", "blue sphere"])
    other = scene_module.place_objects(rng, ["gray cylinder", "cyan cube", "yellow sphere"])
    first = np.asarray(scene_module.render_scene(one, stage, 32))
    scene_module.render_scene(other, stage, 32)
    np.testing.assert_array_equal(np.asarray(scene_module.render_scene(one, stage, 32)), first)
