"""Metric logs: CSV and JSON Lines always, TensorBoard when it is installed."""

from __future__ import annotations

import csv
import io
import json
import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from condgan.files import atomic_write_text

__all__ = ["MetricsLogger", "read_jsonl"]

#: Non-empty once the "TensorBoard not installed" note was given in this process.
TENSORBOARD_NOTE_GIVEN: list[bool] = []


@contextmanager
def _names_file(path: Path, doing: str) -> Iterator[None]:
    """Re-raise an OSError (a full disk, a permission) with the file it concerns."""
    try:
        yield
    except OSError as err:
        if err.filename is not None:
            raise
        raise type(err)(
            err.errno, f"cannot {doing} {path}: {err.strerror or err}", str(path)
        ) from err


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """The rows of a JSON Lines file, tolerating a torn final line.

    A run killed while appending leaves a partial last line: it is dropped with
    a warning naming the file. A bad line elsewhere is damage, not a kill.

    Raises:
        ValueError: a line other than the last is not a JSON object (file and line named).
    """
    path = Path(path)
    with _names_file(path, "read"):
        lines = path.read_text().splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    rows: list[dict[str, Any]] = []
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ValueError("not a JSON object")
        except ValueError as err:
            if i == len(lines) - 1:
                warnings.warn(
                    f"{path}: dropped a torn last line (a run was killed while writing it): "
                    f"{line[:60]!r}",
                    RuntimeWarning,
                    stacklevel=2,
                )
                break
            raise ValueError(
                f"{path}, line {i + 1}: not a JSON object ({err}): {line[:60]!r}"
            ) from None
        rows.append(row)
    return rows


class MetricsLogger:
    """Append ``{name: float}`` rows keyed by step to ``metrics.jsonl`` and ``metrics.csv``.

    The CSV is rewritten with a wider header when a new metric appears (hooks
    may add columns late). On resume (``resume_step``), rows after that step from
    the interrupted run are dropped so the logs match the resumed run.

    Args:
        out_dir: folder for the files (created).
        tensorboard: also write TensorBoard events (``out_dir/tb``) if the
            ``tensorboard`` package is installed; otherwise a note is kept in
            :attr:`notes`.
        resume_step: keep only existing rows with ``step <= resume_step``;
            ``None`` starts fresh.
    """

    def __init__(
        self, out_dir: str | Path, *, tensorboard: bool = True, resume_step: int | None = None
    ) -> None:
        self.dir = Path(out_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.jsonl = self.dir / "metrics.jsonl"
        self.csv = self.dir / "metrics.csv"
        self.rows: list[dict[str, Any]] = []
        self.notes: list[str] = []
        if resume_step is not None and self.jsonl.exists():
            for row in read_jsonl(self.jsonl):
                if row.get("step", 0) <= resume_step:
                    self.rows.append(row)
        self._columns: list[str] = []
        for row in self.rows:
            self._add_columns(row)
        with _names_file(self.dir, "write the metric files in"):
            self._rewrite()
        self._tb = None
        if tensorboard:
            try:
                from torch.utils.tensorboard import SummaryWriter
            except ImportError:
                if not TENSORBOARD_NOTE_GIVEN:  # one line per process, not one per run
                    TENSORBOARD_NOTE_GIVEN.append(True)
                    self.notes.append(
                        "TensorBoard logging skipped: install the extra with "
                        "`pip install condgan[tb]`"
                    )
            else:
                self._tb = SummaryWriter(str(self.dir / "tb"))

    def _add_columns(self, row: dict[str, Any]) -> bool:
        new = [k for k in row if k not in self._columns]
        self._columns.extend(new)
        return bool(new)

    def _rewrite(self) -> None:
        atomic_write_text(self.jsonl, "".join(json.dumps(row) + "\n" for row in self.rows))
        text = io.StringIO(newline="")
        writer = csv.DictWriter(text, fieldnames=self._columns or ["step"])
        writer.writeheader()
        writer.writerows(self.rows)
        atomic_write_text(self.csv, text.getvalue())

    def log(self, step: int, metrics: dict[str, float]) -> None:
        """Record one row (values must be Python numbers)."""
        row: dict[str, Any] = {"step": int(step)}
        for k, v in metrics.items():
            v = float(v)
            row[k] = v if math.isfinite(v) else str(v)
        self.rows.append(row)
        with _names_file(self.jsonl, "write"), self.jsonl.open("a") as f:
            f.write(json.dumps(row) + "\n")
        if self._add_columns(row):
            with _names_file(self.dir, "rewrite the metric files in"):
                self._rewrite()
        else:
            with _names_file(self.csv, "write"), self.csv.open("a", newline="") as f:
                csv.DictWriter(f, fieldnames=self._columns).writerow(row)
        if self._tb is not None:
            for k, v in metrics.items():
                self._tb.add_scalar(k, float(v), int(step))

    def series(self, name: str) -> tuple[list[int], list[float]]:
        """``(steps, values)`` of one metric, for plots."""
        steps, values = [], []
        for row in self.rows:
            if name in row and isinstance(row[name], (int, float)):
                steps.append(row["step"])
                values.append(float(row[name]))
        return steps, values

    @property
    def columns(self) -> list[str]:
        return [c for c in self._columns if c != "step"]

    def close(self) -> None:
        if self._tb is not None:
            self._tb.flush()
            self._tb.close()
            self._tb = None
