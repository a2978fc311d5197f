"""condgan.data.load: every input layout, 1 and 3 channels, sizes 8-128, and clear errors."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
import torch

from condgan.conditions import Categorical, MultiCategorical, MultiLabel, Text
from condgan.data import (
    DATA_SOURCES,
    Columns,
    Fit,
    ImageFiles,
    ImageSpec,
    InMemoryImages,
    find_source,
    load,
)
from user_data import (
    COLOURS,
    attribute_folder,
    class_folder,
    csv_table,
    jsonl_table,
    write_image,
)


def _listing(root):
    return sorted((p.relative_to(root).as_posix(), p.stat().st_size) for p in root.rglob("*"))


# -- layouts -----------------------------------------------------------------------------


def test_class_folder_gives_a_categorical_space(tmp_path):
    data = load(class_folder(tmp_path))
    assert isinstance(data, ImageFiles) and len(data) == 12
    assert data.space == Categorical(3, names=["blue", "green", "red"])
    assert data.y.tolist() == [0] * 4 + [1] * 4 + [2] * 4
    x, _ = data[8]
    assert x.shape == (3, 16, 16) and x.dtype == torch.float32
    assert -1.0 <= float(x.min()) and float(x.max()) <= 1.0
    # the red channel dominates a red image
    assert float(x[0].mean()) > float(x[2].mean()) and data.names(8) == "red"


def test_attribute_value_folders_give_several_attributes(tmp_path):
    data = load(attribute_folder(tmp_path))
    assert data.space == MultiCategorical(
        {"colour": ["blue", "green", "red"], "shape": ["round", "square"]}
    )
    assert data.names(0) in {"blue colour round shape", "blue colour square shape"}
    assert torch.equal(torch.unique(data.y[:, 1]), torch.tensor([0, 1]))


@pytest.mark.parametrize(
    ("kind", "space_type"),
    [("attributes", MultiCategorical), ("labels", MultiLabel), ("text", Text)],
)
def test_csv_table_kinds(tmp_path, kind, space_type):
    data = load(csv_table(tmp_path, kind=kind))
    assert isinstance(data.space, space_type) and len(data) == 9
    data.space.validate(data.y)
    if kind == "labels":
        assert data.space.names == ["big", "blue", "green", "red", "small"]
        assert data.space.describe(data.y[:1]) == ["red, small"]
    if kind == "text":
        assert data.names(0) == "a red small square"


def test_jsonl_metadata_in_a_folder_is_found(tmp_path):
    jsonl_table(tmp_path)
    assert find_source(tmp_path).name == "folder-table"
    data = load(tmp_path)
    assert isinstance(data.space, MultiLabel) and data.space.max_labels == 2


def test_json_mapping_and_explicit_columns(tmp_path):
    for i, c in enumerate(COLOURS):
        write_image(tmp_path / f"{c}.png", COLOURS[c], 8, seed=i)
    table = {"red.png": {"tint": "warm", "id": 1}, "green.png": {"tint": "cold", "id": 2},
             "blue.png": {"tint": "cold", "id": 3}}  # fmt: skip
    (tmp_path / "t.json").write_text(json.dumps(table))
    data = load(tmp_path / "t.json", columns=Columns(attributes=["tint"]))
    assert data.space == Categorical(2, names=["cold", "warm"])
    assert data.y.tolist() == [1, 0, 0]


def test_tensor_pair_and_tensor_files(tmp_path):
    images = torch.randint(0, 256, (6, 28, 28), dtype=torch.uint8)
    labels = torch.tensor([0, 1, 2, 0, 1, 2])
    data = load((images, labels))
    assert isinstance(data, InMemoryImages) and data.channels == 1 and data.image_size == 28
    assert torch.allclose(data.images[0, 0], images[0].float() / 127.5 - 1)
    assert data.space == Categorical(3)
    torch.save({"images": images, "labels": labels}, tmp_path / "d.pt")
    np.savez(tmp_path / "d.npz", images=images.numpy(), labels=np.array(["a", "b"] * 3))
    assert torch.equal(load(tmp_path / "d.pt").images, data.images)
    from_npz = load(tmp_path / "d.npz")
    assert from_npz.space == Categorical(2, names=["a", "b"]) and from_npz.y.tolist() == [0, 1] * 3


def test_label_tensor_shapes_infer_spaces():
    x = torch.rand(4, 3, 8, 8)
    assert isinstance(load((x, torch.tensor([[0, 1], [1, 0], [2, 1], [0, 0]]))).space,
                      MultiCategorical)  # fmt: skip
    multi_hot = torch.tensor([[1.0, 0, 1], [0, 1, 0], [1, 1, 0], [0, 0, 1]])
    assert isinstance(load((x, multi_hot)).space, MultiLabel)
    with pytest.raises(ValueError, match="multi-hot"):
        load((x, torch.rand(4, 3)))


def test_any_torch_dataset_of_pil_images_and_ints():
    from PIL import Image

    class Digits(torch.utils.data.Dataset):
        def __len__(self):
            return 5

        def __getitem__(self, i):
            return Image.new("L", (8, 8), color=i * 40), i % 2

    data = load(Digits())
    assert data.channels == 1 and data.image_size == 8 and data.space == Categorical(2)
    assert data.y.tolist() == [0, 1, 0, 1, 0]
    assert float(data.images[0].max()) == -1.0  # black image -> -1


def test_explicit_space_override(tmp_path):
    space = Categorical(4, names=["red", "green", "blue", "yellow"])
    data = load(class_folder(tmp_path), space=space)
    assert data.space is space and data.y.tolist() == [2] * 4 + [1] * 4 + [0] * 4


def test_registry_lists_every_layout():
    assert list(DATA_SOURCES) == [
        "course", "folder-table", "folder", "table", "tensor-file", "tensors", "dataset"
    ]  # fmt: skip


def test_course_folders_still_load(cartoon_dir):
    data = load(cartoon_dir, size=32)
    assert data.space.num_attributes == 4 and data.channels == 3 and data.image_size == 32


# -- channels and sizes -----------------------------------------------------------------


@pytest.mark.parametrize("mode", ["L", "RGB"])
def test_one_and_three_channels(tmp_path, mode):
    data = load(class_folder(tmp_path, mode=mode))
    assert data.channels == (1 if mode == "L" else 3)
    assert data[0][0].shape == (data.channels, 16, 16)
    forced = load(tmp_path, channels=3)
    assert forced[0][0].shape == (3, 16, 16)


def test_rgba_is_converted_with_a_warning(tmp_path):
    class_folder(tmp_path, mode="RGBA")
    with pytest.warns(UserWarning, match="12 image.*alpha channel.*composited on white"):
        data = load(tmp_path)
    assert data.channels == 3 and data[0][0].shape == (3, 16, 16)


@pytest.mark.parametrize("size", [8, 16, 28, 48, 64, 128])
def test_sizes_8_to_128_load_as_is(tmp_path, size):
    data = load(class_folder(tmp_path, n_per_class=1, size=size))
    assert data.image_size == size and data[0][0].shape == (3, size, size)


@pytest.mark.parametrize("fit", ["resize", "center-crop"])
def test_resize_policies(tmp_path, fit):
    write_image(tmp_path / "a" / "1.png", size=(40, 20))
    write_image(tmp_path / "b" / "1.png", size=32)
    data = load(tmp_path, size=16, fit=fit)
    assert data.spec.fit is Fit.parse(fit)
    assert [tuple(data[i][0].shape) for i in range(2)] == [(3, 16, 16)] * 2


def test_center_crop_keeps_the_middle(tmp_path):
    from PIL import Image

    arr = np.zeros((10, 30, 3), np.uint8)
    arr[:, 10:20] = 255  # a white middle third
    (tmp_path / "c").mkdir()
    Image.fromarray(arr).save(tmp_path / "c" / "x.png")
    x = load(tmp_path, size=10, fit="center-crop")[0][0]
    assert float(x.min()) > 0.9


def test_image_spec_rejects_bad_values():
    with pytest.raises(ValueError, match="size must be between 8 and 256 pixels, got 4"):
        ImageSpec(4)
    with pytest.raises(ValueError, match="channels must be 1 or 3"):
        ImageSpec(16, channels=2)
    with pytest.raises(ValueError, match="fit must be one of"):
        ImageSpec(16, fit="stretch")


# -- errors, nothing written -------------------------------------------------------------


def test_folder_without_images(tmp_path):
    (tmp_path / "cats").mkdir()
    (tmp_path / "cats" / "notes.txt").write_text("hi")
    before = _listing(tmp_path)
    with pytest.raises(ValueError, match="no images found in"):
        load(tmp_path)
    assert _listing(tmp_path) == before


def test_images_outside_class_folders(tmp_path):
    write_image(tmp_path / "loose.png")
    with pytest.raises(ValueError, match="lies directly in"):
        load(tmp_path)


def test_table_naming_a_missing_file(tmp_path):
    table = csv_table(tmp_path)
    (tmp_path / "img" / "green1.png").unlink()
    before = _listing(tmp_path)
    missing = r"labels.csv, line 6: image 'img/green1.png' is missing"
    with pytest.raises(FileNotFoundError, match=missing):
        load(table)
    assert _listing(tmp_path) == before


def test_unknown_label_names_the_line(tmp_path):
    table = csv_table(tmp_path)
    space = MultiCategorical({"colour": ["red", "green"], "size": ["big", "small"]})
    with pytest.raises(ValueError, match=r"labels.csv, line 8: label .*'blue'"):
        load(table, space=space)


def test_unreadable_images_are_listed(tmp_path):
    class_folder(tmp_path)
    (tmp_path / "red" / "bad1.png").write_bytes(b"not a png")
    good = write_image(tmp_path / "blue" / "cut.png", size=16)
    good.write_bytes(good.read_bytes()[:60])  # truncated
    before = _listing(tmp_path)
    with pytest.raises(ValueError, match=r"2 unreadable image\(s\)") as err:
        load(tmp_path)
    assert "red/bad1.png" in str(err.value) and "blue/cut.png" in str(err.value)
    assert _listing(tmp_path) == before


def test_mixed_sizes_without_a_policy(tmp_path):
    class_folder(tmp_path, n_per_class=2)
    write_image(tmp_path / "red" / "big.png", size=24)
    with pytest.raises(ValueError, match=r"size\(s\) 16x16: 6, 24x24: 1 .*fit='resize'"):
        load(tmp_path)
    assert load(tmp_path, size=16, fit="resize").image_size == 16


def test_a_size_outside_the_range_needs_a_policy(tmp_path):
    class_folder(tmp_path, n_per_class=1, size=300)
    with pytest.raises(ValueError, match="300x300 images; condgan trains at 8 to 256"):
        load(tmp_path)


def test_unknown_layout_and_missing_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="data not found"):
        load(tmp_path / "nope")
    (tmp_path / "x.txt").write_text("a")
    with pytest.raises(ValueError, match="cannot tell how to read"):
        load(tmp_path / "x.txt")
    with pytest.raises(ValueError, match="format must be one of"):
        load(tmp_path, format="zip")


def test_warnings_are_quiet_for_plain_rgb(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load(class_folder(tmp_path))


# -- label files with attributes left free -------------------------------------------------


def test_anime_2017_test_file_with_one_attribute_per_line(tmp_path):
    from condgan.data import anime_conditions, anime_space

    path = tmp_path / "testing_text.txt"
    path.write_text("1,blue hair red eyes\n2,green hair\n3,brown eyes\n")
    space = anime_space(2017)
    out = anime_conditions(path, version=2017, seed=1)
    assert out.ids == ["1", "2", "3"] and out.partial is not None
    given = out.partial != -1
    assert torch.equal(out.y[given], out.partial[given])
    assert out.describe()[0] == "blue hair red eyes"
    assert out.describe()[1].startswith("green hair") and out.describe()[2].endswith("brown eyes")
    prior = space.encode(["green hair blue eyes", "aqua hair brown eyes"])
    again = anime_conditions(path, version=2017, prior=prior)
    assert again.describe()[1:] == ["green hair blue eyes", "aqua hair brown eyes"]


def test_unknown_label_in_a_test_file_names_the_line(tmp_path):
    from condgan.data import anime_conditions

    path = tmp_path / "t.txt"
    path.write_text("1,blue hair red eyes\n2,plaid hair\n")
    with pytest.raises(ValueError, match=r"t.txt, line 2: cannot read 'plaid'"):
        anime_conditions(path)


def test_iclevr_archive_layout_with_an_iclevr_image_folder(iclevr_dir, tmp_path):
    import shutil

    from condgan.data import load_dataset

    copy = tmp_path / "unpacked"
    shutil.copytree(iclevr_dir, copy)
    (copy / "images").rename(copy / "iclevr")
    data = load_dataset(copy, size=32)
    reference = load_dataset(iclevr_dir, size=32)
    assert len(data) == len(reference) and torch.equal(data[0][0], reference[0][0])
    assert data.paths[0].parent.name == "iclevr"
