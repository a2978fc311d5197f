"""One entry for a user's data: :func:`load` reads any supported layout into a training set.

The layouts are a registry (:data:`DATA_SOURCES`, add one with
:func:`register_source`), tried in order; each says whether it recognises the
input and reads it either into :class:`~condgan.data.LabelRecords` (files with
raw labels, turned into a space and a data set here) or straight into a data set.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from torch import Tensor
from torch.utils.data import Dataset

from condgan.conditions import ConditionSpace
from condgan.data.folder import read_folder
from condgan.data.image_files import ImageFiles
from condgan.data.image_spec import Fit, ImageSpec
from condgan.data.infer import encode_records, infer_space
from condgan.data.records import LabelRecords
from condgan.data.survey import ImageSurvey
from condgan.data.table import TABLE_SUFFIXES, Columns, read_table
from condgan.data.tensors import TENSOR_FILE_SUFFIXES, from_dataset, from_tensors, read_tensor_file

__all__ = [
    "DATA_SOURCES",
    "TABLE_NAMES",
    "DataSource",
    "LoadOptions",
    "find_source",
    "load",
    "load_records",
    "records_dataset",
    "register_source",
]

#: Label tables looked for inside a folder (the Hugging Face ``imagefolder`` names first).
TABLE_NAMES = ("metadata.csv", "metadata.jsonl", "metadata.json",
               "labels.csv", "labels.jsonl", "labels.json")  # fmt: skip


@dataclass
class LoadOptions:
    """What :func:`load` was asked for (passed to every source).

    Attributes:
        space: the condition space to encode labels in (``None``: inferred).
        spec: size, channels and resize policy.
        columns: the table's column roles.
        transform: applied to each image tensor of a file-backed set.
        check: decode every image once before training (unreadable files are listed).
    """

    space: ConditionSpace | None = None
    spec: ImageSpec = field(default_factory=ImageSpec)
    columns: Columns | None = None
    transform: Callable[[Tensor], Tensor] | None = None
    check: bool = True


@dataclass(frozen=True)
class DataSource:
    """A data layout :func:`load` understands.

    Attributes:
        name: the layout's name (``format=`` picks it explicitly).
        detect: ``obj -> bool``, whether ``obj`` is in this layout.
        records: ``(obj, options) -> LabelRecords`` for file layouts, or ``None``.
        open: ``(obj, options) -> Dataset`` for layouts read straight into a data set.
        describe: one line for the docs and ``--help``.
    """

    name: str
    detect: Callable[[Any], bool]
    records: Callable[[Any, LoadOptions], LabelRecords] | None = None
    open: Callable[[Any, LoadOptions], Dataset] | None = None
    describe: str = ""


#: Layout name -> :class:`DataSource`, in the order :func:`find_source` tries them.
DATA_SOURCES: dict[str, DataSource] = {}


def register_source(source: DataSource, *, before: str | None = None) -> DataSource:
    """Add a layout (tried before ``before``, else last).

    Raises:
        ValueError: the name is taken, or the source reads neither records nor data sets.
    """
    if source.name in DATA_SOURCES:
        raise ValueError(f"a data source named {source.name!r} is already registered")
    if (source.records is None) == (source.open is None):
        raise ValueError(f"data source {source.name!r} needs exactly one of records= or open=")
    items = list(DATA_SOURCES.items())
    at = next((i for i, (k, _) in enumerate(items) if k == before), len(items))
    items.insert(at, (source.name, source))
    DATA_SOURCES.clear()
    DATA_SOURCES.update(items)
    return source


def _path(obj: Any) -> Path | None:
    return Path(obj) if isinstance(obj, (str, Path)) else None


def _is_course(obj: Any) -> bool:
    from condgan.data.detect import detect_format

    path = _path(obj)
    if path is None or not path.is_dir():
        return False
    try:
        detect_format(path)
    except FileNotFoundError:
        return False
    return True


def _open_course(obj: Any, options: LoadOptions) -> Dataset:
    from condgan.data.detect import load_dataset

    if options.spec.channels == 1:
        raise ValueError(f"{obj} is a course data set (RGB); channels=1 is not supported for it")
    return load_dataset(obj, size=options.spec.size, transform=options.transform)


def _folder_table(obj: Any) -> Path | None:
    path = _path(obj)
    if path is None or not path.is_dir():
        return None
    return next((path / n for n in TABLE_NAMES if (path / n).is_file()), None)


def _is_tensor_pair(obj: Any) -> bool:
    return isinstance(obj, (tuple, list)) and len(obj) == 2 and not isinstance(obj[0], (str, Path))


register_source(DataSource(
    "course", _is_course, open=_open_course,
    describe="a course data set (i-CLEVR, ADL cartoon, anime 2018/2017) in its own format",
))  # fmt: skip
register_source(DataSource(
    "folder-table", lambda o: _folder_table(o) is not None,
    records=lambda o, opt: read_table(_folder_table(o), columns=opt.columns),  # type: ignore[arg-type]
    describe=f"a folder with a label table named one of {list(TABLE_NAMES)}",
))  # fmt: skip
register_source(DataSource(
    "folder", lambda o: (p := _path(o)) is not None and p.is_dir(),
    records=lambda o, opt: read_folder(o),
    describe="an image-folder tree: one folder per class, or attribute=value folders",
))  # fmt: skip
register_source(DataSource(
    "table", lambda o: (p := _path(o)) is not None and p.suffix.lower() in TABLE_SUFFIXES,
    records=lambda o, opt: read_table(o, columns=opt.columns),
    describe="a label table (.csv, .json, .jsonl) with a file column",
))  # fmt: skip
register_source(DataSource(
    "tensor-file",
    lambda o: (p := _path(o)) is not None and p.suffix.lower() in TENSOR_FILE_SUFFIXES,
    open=lambda o, opt: read_tensor_file(o, space=opt.space, spec=opt.spec),
    describe="a .pt or .npz file holding images and labels",
))  # fmt: skip
register_source(DataSource(
    "tensors", _is_tensor_pair,
    open=lambda o, opt: from_tensors(o[0], o[1], space=opt.space, spec=opt.spec),
    describe="a pair (images, labels) of tensors or sequences",
))  # fmt: skip
register_source(DataSource(
    "dataset", lambda o: hasattr(o, "__getitem__") and hasattr(o, "__len__"),
    open=lambda o, opt: from_dataset(o, space=opt.space, spec=opt.spec),
    describe="any map-style torch Dataset of (image, label) pairs",
))  # fmt: skip


def find_source(obj: Any, format: str | None = None) -> DataSource:
    """The registered layout of ``obj`` (or the one named ``format``).

    Raises:
        FileNotFoundError: ``obj`` is a path that does not exist.
        ValueError: an unknown ``format``, or no layout recognises ``obj``.
    """
    if format is not None:
        if format not in DATA_SOURCES:
            raise ValueError(f"format must be one of {list(DATA_SOURCES)}, got {format!r}")
        return DATA_SOURCES[format]
    path = _path(obj)
    if path is not None and not path.exists():
        raise FileNotFoundError(f"data not found: {path}")
    for source in DATA_SOURCES.values():
        if source.detect(obj):
            return source
    raise ValueError(
        f"cannot tell how to read {obj!r}; expected one of: "
        + "; ".join(f"{s.name} ({s.describe})" for s in DATA_SOURCES.values())
    )


def records_dataset(records: LabelRecords, options: LoadOptions) -> ImageFiles:
    """A file-backed training set from records: space, survey and spec decided here."""
    space = options.space if options.space is not None else infer_space(records)
    y = encode_records(records, space)
    survey = ImageSurvey.scan(records.paths, decode=options.check)
    spec = options.spec.resolve(survey, source=records.source)
    data = ImageFiles(records.paths, y, space, spec, transform=options.transform,
                      source=records.source)  # fmt: skip
    data.survey = survey  # type: ignore[attr-defined]
    data.records = records  # type: ignore[attr-defined]
    return data


def load(
    data: Any,
    *,
    space: ConditionSpace | None = None,
    size: int | None = None,
    channels: int | None = None,
    fit: Fit | str = Fit.NONE,
    columns: Columns | None = None,
    format: str | None = None,
    transform: Callable[[Tensor], Tensor] | None = None,
    check: bool = True,
) -> Dataset:
    """Your labelled images as a training set of ``(image (C, S, S) in [-1, 1], y)`` pairs.

    Args:
        data: an image-folder tree, a folder with a label table, a label table
            (``.csv``/``.json``/``.jsonl``), a ``.pt``/``.npz`` tensor file, a pair
            ``(images, labels)``, any torch ``Dataset`` of ``(image, label)``, or a
            course data folder (see :data:`DATA_SOURCES`).
        space: the condition space (default: inferred from the labels, see
            :mod:`condgan.data.infer`); labels it does not know are an error.
        size: training side, 8 to 256 (default: the images' own common size).
        channels: 1 or 3 (default: 1 when every image is grayscale, else 3).
        fit: ``"none"`` (every image already ``size x size``), ``"resize"`` or
            ``"center-crop"`` (:class:`~condgan.data.Fit`).
        columns: a table's column roles (default: found by name).
        format: a layout name from :data:`DATA_SOURCES`, instead of detecting it.
        transform: applied to each image tensor (file layouts).
        check: decode every image file once first, so unreadable ones are listed
            before any training (``False``: headers only).

    Returns:
        A data set with ``space``, ``y``, ``image_size`` and ``channels``
        (:class:`~condgan.data.ImageFiles` for files,
        :class:`~condgan.data.InMemoryImages` for tensors and data sets).

    Raises:
        FileNotFoundError: the path, or an image a table names, does not exist.
        ValueError: no images, unreadable images (listed), mixed sizes without a
            resize policy (sizes listed), an unknown label (where it was read).

    Example:
        >>> data = load("flowers/", size=64, fit="center-crop")
        >>> data.space
        Categorical(n=5, names=['daisy', 'dandelion', 'rose', 'sunflower', 'tulip'])
    """
    options = LoadOptions(space, ImageSpec(size, channels, fit), columns, transform, check)
    source = find_source(data, format)
    if source.records is not None:
        return records_dataset(source.records(data, options), options)
    assert source.open is not None
    out = source.open(data, options)
    if options.space is not None and getattr(out, "space", options.space) != options.space:
        raise ValueError(f"the data's space {out.space!r} differs from space={options.space!r}")
    return out


def load_records(data: Any, *, columns: Columns | None = None, format: str | None = None
                 ) -> tuple[DataSource, LabelRecords | None]:  # fmt: skip
    """The layout of ``data`` and, for file layouts, its records (nothing decoded)."""
    source = find_source(data, format)
    if source.records is None:
        return source, None
    return source, source.records(data, LoadOptions(columns=columns))
