"""Timing: interleaved rounds, warm-up excluded, medians and quartiles."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import torch

__all__ = ["time_paths"]


def _sync(device: str) -> None:
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def _quantiles(xs: list[float]) -> tuple[float, float, float]:
    if len(xs) < 2:
        return xs[0], xs[0], xs[0]
    q = statistics.quantiles(xs, n=4, method="inclusive")
    return q[0], statistics.median(xs), q[2]


def time_paths(
    paths: dict[str, Callable[[], None]], *, rounds: int, warmup: int, device: str
) -> dict[str, Any]:
    """Interleaved rounds (alternating order), warm-up excluded; seconds per call."""
    times: dict[str, list[float]] = {k: [] for k in paths}
    names = list(paths)
    for r in range(warmup + rounds):
        order = names if r % 2 == 0 else names[::-1]
        for name in order:
            _sync(device)
            t0 = time.perf_counter()
            paths[name]()
            _sync(device)
            if r >= warmup:
                times[name].append(time.perf_counter() - t0)
    out: dict[str, Any] = {}
    for name, xs in times.items():
        q1, med, q3 = _quantiles(xs)
        out[name] = {"median_s": med, "q1_s": q1, "q3_s": q3, "iqr_s": q3 - q1, "n": len(xs)}
    if "plain" in times and "condgan" in times:
        per_round = [c / p for c, p in zip(times["condgan"], times["plain"])]
        out["ratio"] = out["condgan"]["median_s"] / out["plain"]["median_s"]
        q1, med, q3 = _quantiles(per_round)
        out["ratio_paired"] = {"median": med, "q1": q1, "q3": q3}
    return out
