"""Metric logs: CSV and JSON Lines always, TensorBoard when it is installed."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

__all__ = ["MetricsLogger"]


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
            for line in self.jsonl.read_text().splitlines():
                if line.strip():
                    row = json.loads(line)
                    if row.get("step", 0) <= resume_step:
                        self.rows.append(row)
        self._columns: list[str] = []
        for row in self.rows:
            self._add_columns(row)
        self._rewrite()
        self._tb = None
        if tensorboard:
            try:
                from torch.utils.tensorboard import SummaryWriter
            except ImportError:
                self.notes.append(
                    "TensorBoard logging skipped: install the extra with `pip install condgan[tb]`"
                )
            else:
                self._tb = SummaryWriter(str(self.dir / "tb"))

    def _add_columns(self, row: dict[str, Any]) -> bool:
        new = [k for k in row if k not in self._columns]
        self._columns.extend(new)
        return bool(new)

    def _rewrite(self) -> None:
        with self.jsonl.open("w") as f:
            for row in self.rows:
                f.write(json.dumps(row) + "\n")
        with self.csv.open("w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=self._columns or ["step"])
            writer.writeheader()
            writer.writerows(self.rows)

    def log(self, step: int, metrics: dict[str, float]) -> None:
        """Record one row (values must be Python numbers)."""
        row: dict[str, Any] = {"step": int(step)}
        for k, v in metrics.items():
            v = float(v)
            row[k] = v if math.isfinite(v) else str(v)
        self.rows.append(row)
        with self.jsonl.open("a") as f:
            f.write(json.dumps(row) + "\n")
        if self._add_columns(row):
            self._rewrite()
        else:
            with self.csv.open("a", newline="") as f:
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
