"""The data sets' spaces and the written files match the course files string for string."""

from __future__ import annotations

import json

import pytest

from condgan.data import (
    CARTOON_HEADER,
    anime_space,
    cartoon_space,
    iclevr_space,
    read_iclevr_objects,
)

COURSE_COLOURS = ["gray", "red", "blue", "green", "brown", "purple", "cyan", "yellow"]
COURSE_SHAPES = ["cube", "sphere", "cylinder"]
COURSE_HEADER = (
    "hair_blonde hair_orange hair_brown hair_black hair_blue hair_white eye_brown eye_blue "
    "eye_green eye_black face_African face_Asian face_Caucasian with_glasses without_glasses"
)


def test_written_objects_json_is_the_course_mapping(iclevr_dir):
    written = json.loads((iclevr_dir / "objects.json").read_text())
    expected = {
        f"{c} {s}": si * 8 + ci
        for si, s in enumerate(COURSE_SHAPES)
        for ci, c in enumerate(COURSE_COLOURS)
    }
    assert written == expected
    assert list(written) == list(expected)  # same order of keys too
    assert written["gray cube"] == 0 and written["yellow cube"] == 7
    assert written["gray sphere"] == 8 and written["yellow cylinder"] == 23
    assert read_iclevr_objects(iclevr_dir) == expected
    assert iclevr_space().names == list(expected)


def test_written_cartoon_header_is_the_courses_string_for_string(cartoon_dir):
    lines = (cartoon_dir / "cartoon_attr.txt").read_text().splitlines()
    assert lines[0] == "24"
    assert lines[1] == COURSE_HEADER
    assert " ".join(CARTOON_HEADER) == COURSE_HEADER
    for name in ("sample_fid_testing_labels.txt", "sample_human_testing_labels.txt"):
        assert (cartoon_dir / name).read_text().splitlines()[1] == COURSE_HEADER


def test_cartoon_space_reads_like_the_adl_attributes():
    space = cartoon_space()
    assert space.sizes == [6, 4, 3, 2] and space.num_combinations == 144
    y = space.parse("blue hair green eye Asian face with glasses")
    assert y.tolist() == [4, 2, 1, 0]
    assert space.describe(y[None]) == ["blue hair green eye Asian face with glasses"]


@pytest.mark.parametrize(
    ("version", "sizes", "absent"), [(2018, [12, 10], "gray eyes"), (2017, [12, 11], None)]
)
def test_anime_spaces(version, sizes, absent):
    space = anime_space(version)
    assert space.sizes == sizes
    y = space.parse("blue hair red eyes")
    assert space.describe(y[None]) == ["blue hair red eyes"]
    if absent:
        with pytest.raises(ValueError, match="gray"):
            space.parse(f"blue hair {absent}")


def test_anime_space_rejects_other_versions():
    with pytest.raises(ValueError, match="2017 or 2018"):
        anime_space(2019)
