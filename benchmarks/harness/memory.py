"""Peak memory of one path: CUDA's allocator peak, or the CPU's resident-set high-water mark.

On CPU the peak resident set size (``VmHWM``) of a fresh process is reset after
the models are built (``/proc/self/clear_refs``) and the resident size at that
point is subtracted, so each path is measured in its own subprocess
(:func:`measure_in_subprocesses`).
"""

from __future__ import annotations

import gc
import json
import subprocess
from collections.abc import Callable
from typing import Any

import torch

__all__ = ["measure_in_subprocesses", "peak_memory", "rss_kib"]


def rss_kib(field: str) -> int:
    """A ``/proc/self/status`` field in KiB (``"VmRSS"``, ``"VmHWM"``)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def peak_memory(fn: Callable[[], None], *, device: str, iters: int) -> dict[str, Any]:
    """Peak memory above the current level while calling ``fn`` ``iters`` times."""
    gc.collect()
    if device.startswith("cuda"):
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
        base = torch.cuda.memory_allocated()
        for _ in range(iters):
            fn()
        torch.cuda.synchronize()
        return {
            "method": "torch.cuda.max_memory_allocated - memory_allocated before",
            "peak_bytes": torch.cuda.max_memory_allocated() - base,
            "base_bytes": base,
        }
    reset = False
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")  # resets VmHWM to the current RSS
        reset = True
    except OSError:
        pass
    base = rss_kib("VmRSS") * 1024
    for _ in range(iters):
        fn()
    hwm = rss_kib("VmHWM") * 1024
    return {
        "method": "VmHWM - VmRSS after setup, fresh process"
        + ("" if reset else " (VmHWM could not be reset)"),
        "peak_bytes": hwm - base,
        "base_bytes": base,
        "hwm_bytes": hwm,
    }


def measure_in_subprocesses(commands: dict[str, list[str]]) -> dict[str, Any]:
    """Run each path's probe command; each prints :func:`peak_memory`'s dict as its last line.

    Returns ``{path: dict or {"error": ...}, "ratio": condgan / plain}`` (ratio when both ran).
    """
    out: dict[str, Any] = {}
    for path, cmd in commands.items():
        res = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if res.returncode != 0:
            out[path] = {"error": res.stderr.strip().splitlines()[-1:] or ["failed"]}
            continue
        out[path] = json.loads(res.stdout.strip().splitlines()[-1])
    if all("peak_bytes" in out.get(p, {}) for p in ("plain", "condgan")):
        out["ratio"] = out["condgan"]["peak_bytes"] / max(1, out["plain"]["peak_bytes"])
    return out
