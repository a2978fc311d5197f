"""What a folder tree or a table says before any space exists: files and their raw labels."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

__all__ = ["IMAGE_EXTENSIONS", "LABEL_KINDS", "LabelRecords"]

#: File endings read as images (lower case).
IMAGE_EXTENSIONS = frozenset(
    {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff", ".ppm", ".pgm"}
)

#: How a record's label looks: ``{"hair": "blue", ...}``, ``["red cube", ...]`` or ``"a text"``.
LABEL_KINDS = ("attributes", "labels", "text")
LabelKind = Literal["attributes", "labels", "text"]


@dataclass
class LabelRecords:
    """Image files with raw labels, as a reader found them.

    Attributes:
        kind: one of :data:`LABEL_KINDS`: ``"attributes"`` (each label a dict
            attribute -> value name), ``"labels"`` (a list of label names) or
            ``"text"`` (a string).
        paths: the image files, one per label.
        labels: the raw labels.
        where: for each record, where it was read (``"labels.csv, line 7"``), for messages.
        source: the folder or file read.
        format: the reader's name (``"folder"``, ``"table"``, ...).
        attributes: for ``"attributes"``, the attribute names in order.
        notes: what the reader decided (columns used, ...), shown by ``inspect-data``.
    """

    kind: LabelKind
    paths: list[Path]
    labels: list[Any]
    where: list[str]
    source: str
    format: str
    attributes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.kind not in LABEL_KINDS:
            raise ValueError(f"kind must be one of {LABEL_KINDS}, got {self.kind!r}")
        if not (len(self.paths) == len(self.labels) == len(self.where)):
            raise ValueError(
                f"got {len(self.paths)} paths, {len(self.labels)} labels and "
                f"{len(self.where)} places"
            )
        if not self.paths:
            raise ValueError(f"{self.source} holds no labelled images")

    def __len__(self) -> int:
        return len(self.paths)
