"""Every loader reads the stand-in of its format; names round-trip."""

from __future__ import annotations

import json

import pytest
import torch

from condgan.data import (
    ConditionSet,
    LabeledImages,
    anime_conditions,
    cartoon_conditions,
    detect_format,
    human_test_conditions,
    iclevr_conditions,
    load_anime,
    load_cartoon,
    load_dataset,
    load_iclevr,
    r5_augment,
)


def _check_images(ds: LabeledImages, size: int) -> None:
    x, y = ds[0]
    assert x.shape == (3, size, size) and x.dtype == torch.float32
    assert -1.0 <= float(x.min()) and float(x.max()) <= 1.0
    assert float(x.std()) > 0.05  # a picture, not a flat colour
    assert torch.equal(y, ds.y[0])
    ds.space.validate(ds.y)


def test_cartoon_loader_reads_the_standin_and_names_round_trip(cartoon_dir):
    ds = load_cartoon(cartoon_dir, size=32)
    assert len(ds) == 24 and ds.num_skipped == 0
    _check_images(ds, 32)
    rows = (cartoon_dir / "cartoon_attr.txt").read_text().splitlines()[2:]
    for i in (0, 5, 23):
        name, *bits = rows[i].split()
        assert ds.paths[i].name == name
        assert ds.space.to_vector(ds.y[i : i + 1])[0].long().tolist() == [int(b) for b in bits]
        assert torch.equal(ds.space.encode([ds.names(i)])[0], ds.y[i])


def test_iclevr_loader_reads_the_standin_and_names_round_trip(iclevr_dir):
    ds = load_iclevr(iclevr_dir, size=32)
    assert len(ds) == 20
    _check_images(ds, 32)
    table = json.loads((iclevr_dir / "train.json").read_text())
    for i, (name, objs) in enumerate(table.items()):
        assert ds.paths[i].name == name
        assert sorted(ds.space.labels(ds.y[i : i + 1])[0]) == sorted(objs)


def test_iclevr_loader_accepts_the_older_object_json(iclevr_dir, tmp_path):
    for f in ("train.json", "test.json"):
        (tmp_path / f).write_text((iclevr_dir / f).read_text())
    (tmp_path / "object.json").write_text((iclevr_dir / "objects.json").read_text())
    (tmp_path / "images").mkdir()
    for p in (iclevr_dir / "images").iterdir():
        (tmp_path / "images" / p.name).write_bytes(p.read_bytes())
    assert len(load_iclevr(tmp_path)) == 20


@pytest.mark.parametrize("version", [2018, 2017])
def test_anime_loaders_read_their_standins(version, anime2018_dir, anime2017_dir):
    folder = anime2018_dir if version == 2018 else anime2017_dir
    ds = load_anime(folder, size=32)
    assert ds.version == version
    _check_images(ds, 32)
    if version == 2018:
        assert len(ds) == 20 and ds.filtered == 0
        rows = (folder / "tags.csv").read_text().splitlines()
        assert [ds.names(i) for i in range(3)] == [r.split(",", 1)[1] for r in rows[:3]]
    else:
        # Rows naming two hair colours or no eye colour are filtered, not errors.
        assert ds.filtered > 0 and len(ds) + ds.filtered == 40
        assert all(p.parent.name == "faces" for p in ds.paths)


def test_condition_only_files(iclevr_dir, cartoon_dir, anime2018_dir, anime2017_dir):
    for name in ("test.json", "new_test.json"):
        cs = iclevr_conditions(iclevr_dir / name)
        assert isinstance(cs, ConditionSet) and cs.y.shape == (32, 24)
        first = json.loads((iclevr_dir / name).read_text())[0]
        assert sorted(cs.describe()[0].split(", ")) == sorted(first)
    human = cartoon_conditions(cartoon_dir / "sample_human_testing_labels.txt")
    assert torch.equal(human.y, human_test_conditions())
    assert len(cartoon_conditions(cartoon_dir / "sample_fid_testing_labels.txt")) == 5000
    tags = anime_conditions(anime2018_dir / "testing_tags.txt")
    assert len(tags) == 25 and tags.ids[0] == "1"
    text = anime_conditions(anime2017_dir / "testing_text.txt", version=2017)
    assert text.y.shape == (25, 2) and text[0].dtype == torch.long


def test_human_test_order_is_glasses_fastest_then_face_eye_hair():
    y = human_test_conditions()
    assert y.shape == (720, 4)
    assert y[:4].tolist() == [[0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0], [0, 0, 1, 1]]
    assert y[6].tolist() == [0, 1, 0, 0] and y[24].tolist() == [1, 0, 0, 0]
    assert torch.equal(y[:144], y[144:288])
    assert len({tuple(r) for r in y[:144].tolist()}) == 144


def test_load_dataset_detects_every_format(
    iclevr_dir, cartoon_dir, anime2018_dir, anime2017_dir, tmp_path
):
    expected = {
        iclevr_dir: "iclevr",
        cartoon_dir: "cartoon",
        anime2018_dir: "anime2018",
        anime2017_dir: "anime2017",
    }
    for folder, kind in expected.items():
        assert detect_format(folder) == (kind, folder)
        assert len(load_dataset(folder, size=16)[0][0][0]) == 16
    # The course ships the 2018 set inside extra_data/.
    (tmp_path / "extra_data").symlink_to(anime2018_dir, target_is_directory=True)
    assert detect_format(tmp_path)[0] == "anime2018"


def test_r5_augment_keeps_shape_range_and_changes_pixels(cartoon_dir):
    ds = load_cartoon(cartoon_dir, size=32, transform=r5_augment(5.0))
    torch.manual_seed(0)
    plain = load_cartoon(cartoon_dir, size=32)[0][0]
    outs = [ds[0][0] for _ in range(6)]
    assert all(o.shape == (3, 32, 32) and float(o.abs().max()) <= 1.0 + 1e-6 for o in outs)
    assert any(not torch.allclose(o, plain) for o in outs)
    # A rotation of at most 5 degrees keeps the picture close to the original or its mirror.
    for o in outs:
        assert min((o - plain).abs().mean(), (o.flip(-1) - plain).abs().mean()) < 0.25


def test_horizontal_flip_and_rotation_are_exact_where_they_should_be():
    from condgan.data import RandomHorizontalFlip, RandomRotation

    x = torch.rand(3, 8, 8) * 2 - 1
    assert torch.equal(RandomHorizontalFlip(1.0)(x), x.flip(-1))
    assert torch.equal(RandomHorizontalFlip(0.0)(x), x)
    assert torch.allclose(RandomRotation(0.0)(x), x, atol=1e-5)


def test_dataloader_batches(cartoon_dir):
    from torch.utils.data import DataLoader

    x, y = next(iter(DataLoader(load_cartoon(cartoon_dir, size=32), batch_size=8)))
    assert x.shape == (8, 3, 32, 32) and y.shape == (8, 4) and y.dtype == torch.long
