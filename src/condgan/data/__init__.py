"""Data: your own labelled images, the real data sets' formats, condition samplers, stand-ins.

- Your data: :func:`load` (image-folder trees, label tables, tensors, any
  ``Dataset``; the condition space inferred), :class:`ImageSpec` and :class:`Fit`
  (size, channels, resize policy), :func:`inspect_data` (what was inferred).

- Spaces: :func:`cartoon_space`, :func:`iclevr_space`, :func:`anime_space`.
- Loaders (``(image (3, H, W) in [-1, 1], y)`` datasets): :func:`load_iclevr`,
  :func:`load_cartoon`, :func:`load_anime`, or :func:`load_dataset` for any folder;
  condition-only test files: :func:`iclevr_conditions`, :func:`cartoon_conditions`,
  :func:`anime_conditions`.
- Transforms: :func:`r5_augment` (flip + small rotation) and its parts.
- Samplers: :class:`EmpiricalSampler`, :class:`UniformSampler`,
  :func:`combination_grid`, :func:`human_test_conditions`,
  :func:`heldout_combinations`, :func:`split_by_combinations`.
- Stand-ins that write the same formats: :mod:`condgan.data.standin`
  (``condgan make-data``).
"""

from condgan.data.anime import (
    ANIME_LABEL_FILES,
    anime_conditions,
    detect_anime_version,
    load_anime,
    parse_tags_2017,
)
from condgan.data.cartoon import (
    CARTOON_LABEL_FILE,
    CARTOON_TEST_FILES,
    cartoon_conditions,
    format_cartoon_row,
    load_cartoon,
)
from condgan.data.dataset import BadInput, ConditionSet, LabeledImages
from condgan.data.decoded import DecodedImages, decode_folder
from condgan.data.detect import DATA_FORMATS, detect_format, load_dataset
from condgan.data.duplicates import DuplicateGroups, find_duplicates, thumbnails
from condgan.data.files import load_image, read_lines, safe_join
from condgan.data.folder import read_folder
from condgan.data.heldout import heldout_combinations, split_by_combinations
from condgan.data.iclevr import (
    ICLEVR_IMAGE_DIRS,
    ICLEVR_OBJECT_FILES,
    iclevr_conditions,
    iclevr_image_dir,
    load_iclevr,
    read_iclevr_objects,
)
from condgan.data.image_files import ImageFiles
from condgan.data.image_spec import MAX_SIZE, MIN_SIZE, Fit, ImageSpec
from condgan.data.in_memory import InMemoryImages
from condgan.data.infer import encode_records, infer_space, infer_tensor_space
from condgan.data.load import DATA_SOURCES, DataSource, find_source, load, register_source
from condgan.data.records import LabelRecords
from condgan.data.samplers import (
    EmpiricalSampler,
    UniformSampler,
    combination_grid,
    human_test_conditions,
)
from condgan.data.spaces import (
    ANIME_EYES_2017,
    ANIME_EYES_2018,
    ANIME_HAIR_2017,
    ANIME_HAIR_2018,
    CARTOON_ATTRIBUTES,
    CARTOON_HEADER,
    ICLEVR_COLOURS,
    ICLEVR_OBJECTS,
    ICLEVR_SHAPES,
    anime_space,
    cartoon_space,
    iclevr_space,
)
from condgan.data.split import HeldoutSplit, heldout_split, stratified_sample
from condgan.data.survey import ImageSurvey
from condgan.data.table import Columns, read_table
from condgan.data.tensors import from_dataset, from_tensors, read_tensor_file
from condgan.data.transforms import (
    CenterCrop,
    Compose,
    RandomHorizontalFlip,
    RandomRotation,
    r5_augment,
)

__all__ = [
    "ANIME_EYES_2017",
    "ANIME_EYES_2018",
    "ANIME_HAIR_2017",
    "ANIME_HAIR_2018",
    "ANIME_LABEL_FILES",
    "CARTOON_ATTRIBUTES",
    "CARTOON_HEADER",
    "CARTOON_LABEL_FILE",
    "CARTOON_TEST_FILES",
    "DATA_FORMATS",
    "DATA_SOURCES",
    "ICLEVR_COLOURS",
    "ICLEVR_IMAGE_DIRS",
    "ICLEVR_OBJECTS",
    "ICLEVR_OBJECT_FILES",
    "ICLEVR_SHAPES",
    "MAX_SIZE",
    "MIN_SIZE",
    "BadInput",
    "CenterCrop",
    "Columns",
    "Compose",
    "ConditionSet",
    "DataSource",
    "DecodedImages",
    "DuplicateGroups",
    "EmpiricalSampler",
    "Fit",
    "HeldoutSplit",
    "ImageFiles",
    "ImageSpec",
    "ImageSurvey",
    "InMemoryImages",
    "LabelRecords",
    "LabeledImages",
    "RandomHorizontalFlip",
    "RandomRotation",
    "UniformSampler",
    "anime_conditions",
    "anime_space",
    "cartoon_conditions",
    "cartoon_space",
    "combination_grid",
    "decode_folder",
    "detect_anime_version",
    "detect_format",
    "encode_records",
    "find_duplicates",
    "find_source",
    "format_cartoon_row",
    "from_dataset",
    "from_tensors",
    "heldout_combinations",
    "heldout_split",
    "human_test_conditions",
    "iclevr_conditions",
    "iclevr_image_dir",
    "iclevr_space",
    "infer_space",
    "infer_tensor_space",
    "load",
    "load_anime",
    "load_cartoon",
    "load_dataset",
    "load_iclevr",
    "load_image",
    "parse_tags_2017",
    "r5_augment",
    "read_folder",
    "read_iclevr_objects",
    "read_lines",
    "read_table",
    "read_tensor_file",
    "register_source",
    "safe_join",
    "split_by_combinations",
    "stratified_sample",
    "thumbnails",
]
