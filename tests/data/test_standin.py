"""Stand-in writers: deterministic, atomic, the right label structure, and the CLI."""

from __future__ import annotations

import json

import pytest
import torch

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
