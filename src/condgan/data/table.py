"""A label table (CSV, JSON or JSON Lines) as labelled records.

A table has one row per image: a *file* column (a path relative to the
table's folder) and the labels, in one of three shapes:

- attribute columns (``hair,eyes``), one value name each -> several attributes
  (one column: a single categorical attribute);
- a label-list column (``labels`` or ``tags``: a JSON list, or names separated
  by ``;`` or ``|``) -> multi-label;
- a text column (``text``, ``caption``, ...) -> text conditions.

Column roles are found by name (:class:`Columns` lists the names looked for)
or given explicitly. Columns not used are listed by ``inspect-data``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from condgan.data.files import safe_join
from condgan.data.records import LabelRecords

__all__ = ["Columns", "TABLE_READERS", "TABLE_SUFFIXES", "read_table"]

_FILE_NAMES = ("file", "file_name", "filename", "path", "image", "img", "image_path")
_LABEL_NAMES = ("labels", "label_list", "tags", "objects")
_TEXT_NAMES = ("text", "caption", "description", "prompt", "sentence")
_LIST_SPLIT = re.compile(r"\s*[;|]\s*")


@dataclass(frozen=True)
class Columns:
    """Which columns of a table hold what (``None``: found by name).

    Args:
        file: the image file column (looked for: ``file``, ``file_name``,
            ``filename``, ``path``, ``image``, ``img``, ``image_path``).
        attributes: attribute columns (default: every other column, when there is
            no label-list or text column).
        labels: a label-list column (looked for: ``labels``, ``label_list``, ``tags``, ``objects``).
        text: a text column (looked for: ``text``, ``caption``, ``description``,
            ``prompt``, ``sentence``).
    """

    file: str | None = None
    attributes: Sequence[str] | None = None
    labels: str | None = None
    text: str | None = None


Rows = list[tuple[int, dict[str, Any]]]


def _read_csv(path: Path) -> Rows:
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise ValueError(f"{path} is empty or has no header row")
    rows = []
    for row in reader:
        if None in row:
            raise ValueError(f"{path}, line {reader.line_num}: more fields than the header has")
        if any(v is not None and v.strip() for v in row.values()):
            rows.append((reader.line_num, {k.strip(): (v or "").strip() for k, v in row.items()}))
    return rows


def _read_json(path: Path) -> Rows:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as err:
        raise ValueError(f"{path} is not valid JSON: {err}") from None
    if isinstance(data, dict) and all(isinstance(v, (dict, list, str)) for v in data.values()):
        # {"file": {...labels...}} or {"file": [labels]} or {"file": "text"}
        data = [_keyed(k, v) for k, v in data.items()]
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise ValueError(f"{path} must hold a list of objects (one per image) or a mapping "
                         "file -> labels")  # fmt: skip
    return [(i + 1, r) for i, r in enumerate(data)]


def _keyed(name: str, value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return {"file": name, **value}
    return {"file": name, ("labels" if isinstance(value, list) else "text"): value}


def _read_jsonl(path: Path) -> Rows:
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise ValueError(f"{path}, line {lineno}: not valid JSON: {err}") from None
        if not isinstance(row, dict):
            raise ValueError(f"{path}, line {lineno}: expected a JSON object, got {row!r}")
        rows.append((lineno, row))
    return rows


#: File ending -> the reader returning ``[(line, row dict), ...]``.
TABLE_READERS: dict[str, Callable[[Path], Rows]] = {
    ".csv": _read_csv,
    ".json": _read_json,
    ".jsonl": _read_jsonl,
}
TABLE_SUFFIXES = tuple(TABLE_READERS)


def _pick(given: str | None, names: Sequence[str], header: list[str], what: str) -> str | None:
    if given is not None:
        if given not in header:
            raise ValueError(f"the {what} column {given!r} is not in the table; columns: {header}")
        return given
    lowered = {h.lower(): h for h in header}
    return next((lowered[n] for n in names if n in lowered), None)


def _as_list(value: Any, where: str) -> list[str]:
    if isinstance(value, list):
        items = value
    elif isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                items = json.loads(text)
            except json.JSONDecodeError:
                raise ValueError(f"{where}: label list {value!r} is not valid JSON") from None
        else:
            items = [t for t in _LIST_SPLIT.split(text) if t] if text else []
    else:
        raise ValueError(f"{where}: expected a list of labels, got {value!r}")
    if not all(isinstance(i, str) and i.strip() for i in items):
        raise ValueError(f"{where}: labels must be non-empty names, got {items!r}")
    return [i.strip() for i in items]


def read_table(path: str | Path, *, columns: Columns | None = None) -> LabelRecords:
    """The records of a label table; image files are relative to the table's folder.

    Raises:
        FileNotFoundError: the table, or an image it names, is missing (file and line named).
        ValueError: an unknown ending, no file column, an empty label, a name leaving the folder.
    """
    path = Path(path)
    columns = columns or Columns()
    if not path.is_file():
        raise FileNotFoundError(f"label table not found: {path}")
    reader = TABLE_READERS.get(path.suffix.lower())
    if reader is None:
        raise ValueError(f"{path}: a label table must end in one of {list(TABLE_READERS)}")
    rows = reader(path)
    if not rows:
        raise ValueError(f"{path} holds no rows")
    header = list(dict.fromkeys(k for _, r in rows for k in r))
    file_col = _pick(columns.file, _FILE_NAMES, header, "file")
    if file_col is None:
        raise ValueError(
            f"{path} has no file column; name one of {list(_FILE_NAMES)} or pass "
            f"Columns(file=...) (--file-column); columns: {header}"
        )
    label_col = _pick(columns.labels, _LABEL_NAMES, header, "label-list")
    text_col = _pick(columns.text, _TEXT_NAMES, header, "text")
    if columns.attributes is not None:
        attrs = [_pick(a, (), header, "attribute") for a in columns.attributes]
        kind = "attributes"
    elif label_col is not None:
        kind, attrs = "labels", []
    elif text_col is not None:
        kind, attrs = "text", []
    else:
        kind, attrs = "attributes", [h for h in header if h != file_col]
    if kind == "attributes" and not attrs:
        raise ValueError(f"{path} has a file column but no label column; columns: {header}")
    used = {file_col, *attrs, *([label_col] if kind == "labels" else []),
            *([text_col] if kind == "text" else [])}  # fmt: skip
    root = path.parent
    paths, labels, where = [], [], []
    for lineno, row in rows:
        here = f"{path}, line {lineno}"
        name = row.get(file_col)
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"{here}: empty file name in column {file_col!r}")
        image = safe_join(root, name.strip(), what=f"{here}: file name")
        if not image.is_file():
            raise FileNotFoundError(f"{here}: image {name!r} is missing (looked for {image})")
        if kind == "labels":
            label: Any = _as_list(row.get(label_col), here)
        elif kind == "text":
            label = row.get(text_col)
            if not isinstance(label, str) or not label.strip():
                raise ValueError(f"{here}: empty text in column {text_col!r}")
        else:
            label = {}
            for a in attrs:
                value = row.get(a)
                if value is None or str(value).strip() == "":
                    raise ValueError(f"{here}: no value for attribute {a!r}")
                label[a] = str(value).strip()
        paths.append(image)
        labels.append(label)
        where.append(here)
    notes = [f"file column: {file_col!r}"]
    if kind == "attributes":
        notes.append(f"attribute columns: {attrs}")
    else:
        notes.append(f"{'label-list' if kind == 'labels' else 'text'} column: "
                     f"{label_col if kind == 'labels' else text_col!r}")  # fmt: skip
    unused = [h for h in header if h not in used]
    if unused:
        notes.append(f"columns not used: {unused}")
    return LabelRecords(
        kind, paths, labels, where, str(path), "table", attributes=attrs,  # type: ignore[arg-type]
        notes=notes,
    )  # fmt: skip
