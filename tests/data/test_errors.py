"""Bad inputs: a clear exception naming the file (and line), or skipped and counted."""

from __future__ import annotations

import json
import shutil

import pytest

from condgan.data import (
    anime_conditions,
    cartoon_conditions,
    detect_format,
    iclevr_conditions,
    load_anime,
    load_cartoon,
    load_dataset,
    load_iclevr,
    safe_join,
)

HEADER = (
    "hair_blonde hair_orange hair_brown hair_black hair_blue hair_white eye_brown eye_blue "
    "eye_green eye_black face_African face_Asian face_Caucasian with_glasses without_glasses"
)
ROW = "0 0 0 0 1 0 0 1 0 0 0 0 1 0 1"


@pytest.fixture
def cartoon_copy(cartoon_dir, tmp_path):
    return shutil.copytree(cartoon_dir, tmp_path / "cartoon")


def _attr(folder, *rows, count=None):
    lines = [str(len(rows) if count is None else count), HEADER, *rows]
    (folder / "cartoon_attr.txt").write_text("\n".join(lines) + "\n")


def _first_image(folder):
    return sorted((folder / "images").iterdir())[0].name


def test_traversal_with_dotdot_is_refused(cartoon_copy):
    _attr(cartoon_copy, f"../secret.png {ROW}")
    with pytest.raises(ValueError, match=r"line 3: image file name '\.\./secret\.png' contains"):
        load_cartoon(cartoon_copy)


def test_absolute_file_name_is_refused(tmp_path):
    with pytest.raises(ValueError, match="'/etc/passwd' is an absolute path"):
        safe_join(tmp_path, "/etc/passwd")


def test_symlink_leaving_the_folder_is_refused(cartoon_copy, tmp_path):
    (tmp_path / "outside.png").write_bytes(
        (cartoon_copy / "images" / _first_image(cartoon_copy)).read_bytes()
    )
    (cartoon_copy / "images" / "link.png").symlink_to(tmp_path / "outside.png")
    _attr(cartoon_copy, f"link.png {ROW}")
    with pytest.raises(ValueError, match="outside the data folder"):
        load_cartoon(cartoon_copy)


def test_iclevr_traversal_in_train_json_is_refused(iclevr_dir, tmp_path):
    shutil.copytree(iclevr_dir, tmp_path / "d")
    (tmp_path / "d" / "train.json").write_text(json.dumps({"../../x.png": ["red cube"]}))
    with pytest.raises(ValueError, match=r"train\.json: image file name '\.\./\.\./x\.png'"):
        load_iclevr(tmp_path / "d")


def test_unknown_iclevr_object_name(iclevr_dir, tmp_path):
    shutil.copytree(iclevr_dir, tmp_path / "d")
    (tmp_path / "d" / "train.json").write_text(json.dumps({"a.png": ["pink cube"]}))
    with pytest.raises(
        ValueError, match=r"train\.json, entry 'a\.png': unknown object name\(s\) \['pink cube'\]"
    ):
        load_iclevr(tmp_path / "d")


def test_repeated_object_in_test_json(tmp_path):
    (tmp_path / "test.json").write_text(json.dumps([["red cube", "red cube"]]))
    with pytest.raises(ValueError, match=r"test\.json, entry 0: label 'red cube' is given twice"):
        iclevr_conditions(tmp_path / "test.json")


def test_wrong_objects_json_mapping(iclevr_dir, tmp_path):
    shutil.copytree(iclevr_dir, tmp_path / "d")
    mapping = json.loads((tmp_path / "d" / "objects.json").read_text())
    mapping["red cube"], mapping["gray cube"] = 0, 1
    (tmp_path / "d" / "objects.json").write_text(json.dumps(mapping))
    with pytest.raises(ValueError, match=r"objects\.json does not hold the 24 i-CLEVR objects"):
        load_iclevr(tmp_path / "d")


def test_invalid_json(tmp_path):
    (tmp_path / "test.json").write_text('[["red cube"],')
    with pytest.raises(ValueError, match=r"test\.json is not valid JSON"):
        iclevr_conditions(tmp_path)


def test_malformed_cartoon_row_names_file_and_line(cartoon_copy):
    name = _first_image(cartoon_copy)
    _attr(cartoon_copy, f"{name} {ROW}", f"{name} 0 0 1 1 0 0 0 1 0 0 0 0 1 0 1")
    with pytest.raises(
        ValueError, match=r"cartoon_attr\.txt, line 4: attribute 'hair' .* must have exactly one 1"
    ):
        load_cartoon(cartoon_copy)


def test_short_cartoon_row(cartoon_copy):
    _attr(cartoon_copy, f"{_first_image(cartoon_copy)} 0 1 0")
    with pytest.raises(ValueError, match=r"line 3: expected 15 zeros/ones, got 3"):
        load_cartoon(cartoon_copy)


def test_wrong_header(cartoon_copy):
    (cartoon_copy / "cartoon_attr.txt").write_text("1\nhair_red eye_blue\nx.png 1 1\n")
    with pytest.raises(ValueError, match=r"cartoon_attr\.txt, line 2: wrong header"):
        load_cartoon(cartoon_copy)


def test_row_count_disagrees_with_line_one(cartoon_copy):
    _attr(cartoon_copy, f"{_first_image(cartoon_copy)} {ROW}", count=7)
    with pytest.raises(ValueError, match="line 1: declares 7 rows but the file has 1"):
        load_cartoon(cartoon_copy)


def test_empty_label_file(cartoon_copy, tmp_path):
    (cartoon_copy / "cartoon_attr.txt").write_text("\n")
    with pytest.raises(ValueError, match=r"cartoon label file .*cartoon_attr\.txt is empty"):
        load_cartoon(cartoon_copy)
    (tmp_path / "labels.txt").write_text("")
    with pytest.raises(ValueError, match="is empty"):
        cartoon_conditions(tmp_path / "labels.txt")


def test_missing_label_file(tmp_path):
    with pytest.raises(
        FileNotFoundError, match=r"cartoon label file not found: .*cartoon_attr\.txt"
    ):
        load_cartoon(tmp_path)


def test_missing_image(cartoon_copy):
    _attr(cartoon_copy, f"{_first_image(cartoon_copy)} {ROW}", f"nothere.png {ROW}")
    with pytest.raises(
        FileNotFoundError, match=r"image 'images/nothere\.png' listed in the labels is missing"
    ):
        load_cartoon(cartoon_copy)


def test_corrupt_image_raises_on_load(cartoon_copy):
    name = _first_image(cartoon_copy)
    (cartoon_copy / "images" / name).write_bytes(b"\x89PNG\r\n\x1a\n not really a png")
    _attr(cartoon_copy, f"{name} {ROW}")
    ds = load_cartoon(cartoon_copy)
    with pytest.raises(ValueError, match=rf"corrupt or unreadable image .*{name}"):
        ds[0]


def test_skip_bad_skips_and_counts(cartoon_copy):
    names = sorted((cartoon_copy / "images").iterdir())
    names[1].write_bytes(b"garbage")
    _attr(
        cartoon_copy,
        f"{names[0].name} {ROW}",
        f"{names[1].name} {ROW}",  # corrupt image
        f"missing.png {ROW}",  # missing image
        f"{names[2].name} 1 1 1",  # malformed row
        f"../x.png {ROW}",  # traversal
        f"{names[3].name} {ROW}",
    )
    ds = load_cartoon(cartoon_copy, size=16, skip_bad=True)
    assert len(ds) == 2 and ds.num_skipped == 4
    assert [p.name for p in ds.paths] == [names[0].name, names[3].name]
    text = "\n".join(ds.skipped)
    assert "line 6" in text and "missing.png" in text and "corrupt" in text and "'..'" in text
    assert ds[1][0].shape == (3, 16, 16)


def test_unknown_anime_colour_names_line(anime2018_dir, tmp_path):
    shutil.copytree(anime2018_dir, tmp_path / "d")
    (tmp_path / "d" / "tags.csv").write_text("0,blue hair red eyes\n1,gold hair red eyes\n")
    with pytest.raises(ValueError, match=r"tags\.csv, line 2: cannot read 'gold'"):
        load_anime(tmp_path / "d")


def test_anime_row_without_comma_and_duplicate_id(anime2018_dir, tmp_path):
    shutil.copytree(anime2018_dir, tmp_path / "d")
    (tmp_path / "d" / "tags.csv").write_text("0 blue hair red eyes\n")
    with pytest.raises(ValueError, match=r"tags\.csv, line 1: expected 'id,text'"):
        load_anime(tmp_path / "d")
    (tmp_path / "d" / "tags.csv").write_text("0,blue hair red eyes\n0,blue hair red eyes\n")
    with pytest.raises(ValueError, match="line 2: id '0' appears twice"):
        load_anime(tmp_path / "d")


def test_malformed_2017_tag(anime2017_dir, tmp_path):
    shutil.copytree(anime2017_dir, tmp_path / "d")
    (tmp_path / "d" / "tags_clean.csv").write_text("0,blue hair:3\tred eyes\n")
    with pytest.raises(
        ValueError, match=r"tags_clean\.csv, line 1: expected 'tag:count', got 'red eyes'"
    ):
        load_anime(tmp_path / "d")


def test_anime_test_text_with_unknown_colour(tmp_path):
    (tmp_path / "testing_tags.txt").write_text("1,blue hair red eyes\n2,blue hair gray eyes\n")
    with pytest.raises(ValueError, match=r"testing_tags\.txt, line 2: cannot read 'gray'"):
        anime_conditions(tmp_path / "testing_tags.txt", version=2018)


def test_unknown_folder_and_kind(tmp_path):
    with pytest.raises(FileNotFoundError, match="holds no known label file"):
        detect_format(tmp_path)
    with pytest.raises(FileNotFoundError, match="data folder not found"):
        load_dataset(tmp_path / "nope")
    with pytest.raises(ValueError, match="unknown data format 'mnist'"):
        load_dataset(tmp_path, kind="mnist")


def test_loading_writes_nothing_into_the_data_folder(cartoon_dir, iclevr_dir, anime2017_dir):
    for folder in (cartoon_dir, iclevr_dir, anime2017_dir):
        before = sorted((p.relative_to(folder), p.stat().st_mtime_ns) for p in folder.rglob("*"))
        ds = load_dataset(folder, size=16, skip_bad=True)
        ds[0]
        after = sorted((p.relative_to(folder), p.stat().st_mtime_ns) for p in folder.rglob("*"))
        assert before == after
