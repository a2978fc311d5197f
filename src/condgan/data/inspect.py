"""What :func:`~condgan.data.load` would infer from a data set, without training anything.

:func:`inspect_data` reads the labels, looks at every image (sizes, modes,
unreadable files) and reports the layout, the condition space, the counts per
value and what the image spec would resolve to; problems are collected, not raised.
``condgan inspect-data PATH`` prints :meth:`DataReport.format`.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from torch import Tensor

from condgan.conditions import ConditionSpace
from condgan.data.image_spec import Fit, ImageSpec
from condgan.data.infer import encode_records, infer_space
from condgan.data.load import LoadOptions, find_source, load
from condgan.data.survey import ImageSurvey
from condgan.data.table import Columns

__all__ = ["COUNTERS", "DataReport", "count_values", "inspect_data"]


def _categorical(space: Any, y: Tensor) -> dict[str, dict[str, int]]:
    counts = Counter(y.tolist())
    return {"class": {name: counts.get(i, 0) for i, name in enumerate(space.names)}}


def _multi_categorical(space: Any, y: Tensor) -> dict[str, dict[str, int]]:
    out = {}
    for a, attr in enumerate(space.attribute_names):
        counts = Counter(y[:, a].tolist())
        out[attr] = {v: counts.get(i, 0) for i, v in enumerate(space.values[a])}
    return out


def _multi_label(space: Any, y: Tensor) -> dict[str, dict[str, int]]:
    sums = y.sum(dim=0).long().tolist()
    return {"label": dict(zip(space.names, sums))}


def _text(space: Any, y: Tensor) -> dict[str, dict[str, int]]:
    counts = Counter(space.describe(y))
    return {"text": dict(counts.most_common())}


#: Space ``type_name`` -> ``(space, y) -> {group: {value: count}}``.
COUNTERS: dict[str, Callable[[Any, Tensor], dict[str, dict[str, int]]]] = {
    "categorical": _categorical,
    "multi_categorical": _multi_categorical,
    "multi_label": _multi_label,
    "text": _text,
}


def count_values(space: ConditionSpace, y: Tensor) -> dict[str, dict[str, int]]:
    """How often each value occurs in ``y``, grouped by attribute (``{}`` for unknown spaces)."""
    counter = COUNTERS.get(space.type_name)
    return counter(space, y) if counter is not None else {}


@dataclass
class DataReport:
    """What :func:`inspect_data` found.

    Attributes:
        source: what was read; ``format``: the layout (:data:`~condgan.data.DATA_SOURCES`).
        n: labelled images; ``space``: the condition space (``None`` when it failed).
        counts: per attribute, value -> count.
        survey: image sizes, modes and unreadable files.
        spec: the resolved image spec (``None`` when it cannot resolve).
        notes: what the reader decided; ``problems``: what stops :func:`~condgan.data.load`.
    """

    source: str
    format: str
    n: int = 0
    space: ConditionSpace | None = None
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    survey: ImageSurvey | None = None
    spec: ImageSpec | None = None
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when :func:`~condgan.data.load` would succeed with the same options."""
        return not self.problems

    def format_text(self, *, top: int = 30) -> str:
        """A human-readable report (at most ``top`` values per attribute)."""
        lines = [f"data:    {self.source}", f"layout:  {self.format}", f"images:  {self.n}"]
        lines += [f"  {note}" for note in self.notes]
        if self.space is not None:
            lines.append(f"space:   {self.space!r}")
        for group, counts in self.counts.items():
            lines.append(f"{group} ({len(counts)} values):")
            for value, k in list(counts.items())[:top]:
                lines.append(f"  {value:<24} {k}")
            if len(counts) > top:
                lines.append(f"  ... {len(counts) - top} more")
        if self.survey is not None:
            lines.append(f"sizes:   {self.survey.size_list() or '-'}")
            lines.append(f"modes:   {self.survey.mode_list() or '-'}")
            lines.append(f"unreadable: {len(self.survey.unreadable)}")
            lines += [f"  {p}: {why}" for p, why in self.survey.unreadable]
        if self.spec is not None:
            lines.append(f"training images: {self.spec.channels} x {self.spec.size} x "
                         f"{self.spec.size} (fit={self.spec.fit.value!r})")  # fmt: skip
        for problem in self.problems:
            lines.append(f"problem: {problem}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Plain values, for JSON."""
        return {
            "source": self.source, "format": self.format, "n": self.n,
            "space": None if self.space is None else repr(self.space), "counts": self.counts,
            "sizes": {} if self.survey is None else
            {f"{w}x{h}": k for (w, h), k in self.survey.sizes.items()},
            "modes": {} if self.survey is None else dict(self.survey.modes),
            "unreadable": [] if self.survey is None else [p for p, _ in self.survey.unreadable],
            "size": None if self.spec is None else self.spec.size,
            "channels": None if self.spec is None else self.spec.channels,
            "notes": self.notes, "problems": self.problems,
        }  # fmt: skip


def inspect_data(
    data: Any,
    *,
    space: ConditionSpace | None = None,
    size: int | None = None,
    channels: int | None = None,
    fit: Fit | str = Fit.NONE,
    columns: Columns | None = None,
    format: str | None = None,
) -> DataReport:
    """Report what :func:`~condgan.data.load` would make of ``data`` (same options).

    Problems in the labels or the images are collected in
    :attr:`DataReport.problems`; only a missing path or an unknown layout raises.
    """
    source = find_source(data, format)
    name = str(data) if isinstance(data, (str, Path)) else type(data).__name__
    report = DataReport(name, source.name)
    spec = ImageSpec(size, channels, fit)
    if source.records is None:
        try:
            loaded = load(data, space=space, size=size, channels=channels, fit=fit,
                          format=source.name)  # fmt: skip
        except (ValueError, TypeError, FileNotFoundError) as err:
            report.problems.append(str(err))
            return report
        report.n, report.space = len(loaded), loaded.space  # type: ignore[arg-type]
        report.counts = count_values(loaded.space, loaded.y)  # type: ignore[attr-defined]
        paths = getattr(loaded, "paths", None)
        if paths is not None:
            report.survey = ImageSurvey.scan(paths)
        else:
            report.survey = ImageSurvey.of_tensor(tuple(loaded.images.shape))  # type: ignore[attr-defined]
        report.spec = ImageSpec(loaded.image_size, loaded.channels, fit)  # type: ignore[attr-defined]
        return report
    try:
        records = source.records(data, LoadOptions(columns=columns))
    except (ValueError, FileNotFoundError) as err:
        report.problems.append(str(err))
        return report
    report.n, report.notes = len(records), list(records.notes)
    try:
        report.space = space if space is not None else infer_space(records)
        report.counts = count_values(report.space, encode_records(records, report.space))
    except (ValueError, TypeError) as err:
        report.problems.append(str(err))
    report.survey = ImageSurvey.scan(records.paths)
    surveys = [report.survey]
    if report.survey.unreadable:  # also check the sizes of the readable ones
        surveys.append(dataclasses.replace(report.survey, unreadable=[]))
    for survey in surveys:
        try:
            report.spec = spec.resolve(survey, source=records.source)
        except ValueError as err:
            report.problems.append(str(err))
    return report
