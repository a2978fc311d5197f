"""Writing a benchmark's runs to ``benchmarks/results/<stem>-<date>.json``."""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path
from typing import Any

__all__ = ["save_runs"]


def save_runs(folder: Path, stem: str, runs: list[dict[str, Any]], **fields: Any) -> Path:
    """Write ``{"date", "cores", **fields, "runs"}`` to ``folder/<stem>-<today>.json``
    (the folder is made if needed) and print where; returns the path."""
    date = datetime.date.today().isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}-{date}.json"
    record = {"date": date, "cores": os.cpu_count(), **fields, "runs": runs}
    path.write_text(json.dumps(record, indent=1) + "\n")
    print(f"wrote {path}")
    return path
