"""Run the benchmark suite and write ``benchmarks/results/<device>-<date>.json`` and ``.md``.

``python benchmarks/run_all.py --quick`` (CPU, a few minutes) runs the
equivalence gate and the throughput comparison for R2 (iclevr-acwgan-gp) at
paper and CPU scale and R1 (cartoon-acwgan) at CPU scale, batch 64, plus the
options matrix at CPU scale. Without ``--quick`` more rounds, R1 at paper
scale and the whole options matrix run; ``--quality`` also runs
``benchmarks/quality.py`` with a small budget. A recipe that is not
registered is skipped with a printed reason. The machine's load is sampled
during the run and recorded, since other processes change absolute times
(the interleaved ratios are the claim).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import threading
import time
from pathlib import Path
from typing import Any

import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import throughput as T  # noqa: E402


class LoadSampler:
    """Samples the 1-minute load average and the busy fraction of all CPUs every few seconds."""

    def __init__(self, every: float = 5.0) -> None:
        self.every = every
        self.load: list[float] = []
        self.busy: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _cpu_times() -> tuple[int, int]:
        with open("/proc/stat") as fh:
            parts = [int(v) for v in fh.readline().split()[1:]]
        idle = parts[3] + (parts[4] if len(parts) > 4 else 0)
        return sum(parts), idle

    def _run(self) -> None:
        prev = self._cpu_times()
        while not self._stop.wait(self.every):
            self.load.append(os.getloadavg()[0])
            cur = self._cpu_times()
            total, idle = cur[0] - prev[0], cur[1] - prev[1]
            if total > 0:
                self.busy.append(1.0 - idle / total)
            prev = cur

    def __enter__(self) -> LoadSampler:
        self.start_load = os.getloadavg()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> dict[str, Any]:
        def stats(xs):
            return {"mean": sum(xs) / len(xs), "max": max(xs)} if xs else None

        return {
            "cpus": os.cpu_count(),
            "loadavg_at_start": list(self.start_load),
            "loadavg_1min": stats(self.load),
            "cpu_busy_fraction": stats(self.busy),
            "samples": len(self.load),
        }


#: the GPU suite (``--device cuda``): R2's 64x64 and R1's 128x128 networks at their
#: paper size, batch 64 and 256, and each option that changes speed but not the algorithm.
GPU_OPTIONS = ("fp32", "bf16", "channels_last", "compile")
GPU_SETUPS = (("iclevr-acwgan-gp", "paper", 64), ("cartoon-acwgan", "paper", 128))
#: ``--tiny``: the GPU suite's plan with tiny networks (runs on a CPU in seconds; the tests).
TINY_SETUPS = (("iclevr-acwgan-gp", "tiny", 32), ("cartoon-acwgan", "smoke", 32))


def gpu_plan(tiny: bool = False) -> list[dict[str, Any]]:
    """The GPU suite: every setup x batch x option of :data:`GPU_OPTIONS`, few rounds
    (sized to finish in about 5 minutes on one H100/H200), the gate once per setup."""
    plan = []
    for key, scale, side in TINY_SETUPS if tiny else GPU_SETUPS:
        for i, batch in enumerate((4, 8) if tiny else (64, 256)):
            plan.append(
                {"key": key, "scale": scale, "side": side, "batch": batch,
                 "options": GPU_OPTIONS, "rounds": 1 if tiny else 3, "gate": i == 0,
                 "gate_batch": 4 if tiny else 16}
            )  # fmt: skip
    return plan


def _plan(quick: bool, device: str) -> list[dict[str, Any]]:
    full = ("fp32", "bf16", "fp16", "channels_last", "compile", "lazy-gp-4")
    if device == "cuda" and not quick:
        return gpu_plan()
    if quick:
        # R2 (the target) and R1 at CPU scale, batch 64; paper scale is in the full run
        return [
            {"key": "iclevr-acwgan-gp", "scale": "cpu", "batch": 64,
             "options": ("fp32", "channels_last", "lazy-gp-4"), "rounds": 3, "gate_batch": 16},
            {"key": "cartoon-acwgan", "scale": "cpu", "batch": 64, "options": ("fp32",),
             "rounds": 3, "gate_batch": 16},
        ]  # fmt: skip
    opts = full if device == "cuda" else ("fp32", "bf16", "channels_last", "compile", "lazy-gp-4")
    plan = []
    for batch in (64, 128) if device == "cuda" else (64,):
        plan += [
            {"key": "iclevr-acwgan-gp", "scale": "paper", "batch": batch, "options": opts,
             "rounds": 7, "gate_batch": 32},
            {"key": "iclevr-acwgan-gp", "scale": "cpu", "batch": batch, "options": opts,
             "rounds": 9, "gate_batch": 64},
            {"key": "cartoon-acwgan", "scale": "cpu", "batch": batch, "options": opts,
             "rounds": 9, "gate_batch": 32},
            {"key": "cartoon-acwgan", "scale": "paper", "batch": batch, "options": ("fp32",),
             "rounds": 5, "gate_batch": 8},
        ]  # fmt: skip
    return plan


def _setup(key: str, scale: str) -> T.Setup:
    if key == "iclevr-acwgan-gp" and scale == "tiny":
        return T.direct_setup("tiny")
    try:
        return T.recipe_setup(key, scale)
    except LookupError as err:
        if key == "iclevr-acwgan-gp" and scale == "paper":
            print(f"note: {err}; using the R2 networks built from the models directly")
            return T.direct_setup("paper")
        raise


def _fmt_s(row: dict[str, Any]) -> str:
    return f"{row['median_s']:.3f} ({row['q1_s']:.3f}-{row['q3_s']:.3f})"


def _mib(x: float) -> str:
    return f"{x / 2**20:.0f}"


def _kind(meta: dict[str, Any]) -> str:
    if meta.get("tiny"):
        return "tiny (the GPU plan with tiny networks)"
    return "quick" if meta["quick"] else "full"


def markdown(meta: dict[str, Any], results: list[dict[str, Any]]) -> str:
    """The results as a Markdown table (one row per setup, batch and option)."""
    load = meta["load"]
    busy = load.get("cpu_busy_fraction") or {}
    la = load.get("loadavg_1min") or {}
    lines = [
        f"# condgan throughput: {meta['device_name']} ({meta['date']})",
        "",
        f"torch {meta['torch']}, {meta['threads']} threads, {load['cpus']} CPUs; "
        f"{_kind(meta)} run, wall time {meta['wall_s']:.0f} s. "
        f"Machine load during the run: 1-min load average mean {la.get('mean', 0):.1f} "
        f"(max {la.get('max', 0):.1f}), all-CPU busy fraction mean "
        f"{busy.get('mean', 0):.2f} (other processes included).",
        "",
        "Seconds per iteration (all critic steps + the generator step): median (IQR) over "
        "interleaved rounds, warm-up excluded. Ratio = condgan / plain (median of paired "
        "per-round ratios, [IQR]); below 1 means condgan is faster. img/s: real images "
        "read per second (batch x critic steps / s per iteration). Peak memory: extra "
        "resident memory of one training iteration in a fresh process (CPU) or "
        "`max_memory_allocated` (CUDA), MiB.",
        "",
        "| setup | batch | option | gate | one pass | plain s/it | condgan s/it | ratio "
        "| img/s (plain / condgan) | GFLOP/it (plain / condgan) "
        "| peak MiB (plain / condgan, ratio) | MFU |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for res in results:
        if "skipped" in res:
            lines.append(f"| {res['setup']} | {res.get('batch', '')} | | skipped: "
                         f"{res['skipped']} | | | | | | | | |")  # fmt: skip
            continue
        gate = res.get("gate", {})
        gate_s = "pass" if gate.get("passed") else ("FAIL" if gate else "not run")
        for opt, row in res["options"].items():
            if "skipped" in row:
                lines.append(
                    f"| {res['setup']} | {res['batch']} | {opt} | {gate_s} | | skipped: "
                    f"{row['skipped']} | | | | | | |"
                )
                continue
            rp = row["ratio_paired"]
            ratio = f"**{rp['median']:.2f}** [{rp['q1']:.2f}-{rp['q3']:.2f}]"
            fl = row.get("flops")
            fl_s = f"{fl['plain'] / 1e9:.1f} / {fl['condgan'] / 1e9:.1f}" if fl else "n/a"
            mem = row.get("memory", {})
            if "ratio" in mem:
                mem_s = (
                    f"{_mib(mem['plain']['peak_bytes'])} / {_mib(mem['condgan']['peak_bytes'])}"
                    f" ({mem['ratio']:.2f})"
                )
            else:
                mem_s = "n/a"
            ips = row.get("images_per_s")
            ips_s = f"{ips['plain']:.0f} / {ips['condgan']:.0f}" if ips else "n/a"
            mfu = row.get("mfu")
            mfu_s = f"{mfu['plain']:.1%} / {mfu['condgan']:.1%}" if mfu else "n/a (CPU)"
            lines.append(
                f"| {res['setup']} | {res['batch']} | {opt} | {gate_s} | "
                f"{'yes' if row['concat_real_fake'] else 'no'} | {_fmt_s(row['plain'])} | "
                f"{_fmt_s(row['condgan'])} | {ratio} | {ips_s} | {fl_s} | {mem_s} | {mfu_s} |"
            )
    lines += ["", "Gates:", ""]
    for res in results:
        gate = res.get("gate")
        if not gate:
            continue
        loop, cc = gate["loop"], gate["concat"]
        extra = (
            f"concat pass: terms rel diff {cc['term_rel_diff']:.1e}, grads rel diff "
            f"{cc['grad_rel_diff']:.1e}"
            if cc.get("applies")
            else f"concat pass not applicable ({cc['reason']})"
        )
        lines.append(
            f"- {res['setup']}: {'pass' if gate['passed'] else 'FAIL'}; loop after "
            f"{loop['steps']} iterations max abs diff {loop['max_abs_diff']:.1e} "
            f"(rtol {loop['rtol']:g}, atol {loop['atol']:g}); {extra}."
        )
    return "\n".join(lines) + "\n"


def rst_table(meta: dict[str, Any], results: list[dict[str, Any]]) -> str:
    """The Markdown table as an reStructuredText list-table (for ``docs/performance.rst``)."""
    md = markdown(meta, results).splitlines()
    rows = [ln for ln in md if ln.startswith("| ") and not ln.startswith("| ---")]
    out = [
        f".. list-table:: {meta['device_name']}, {meta['date']}, {_kind(meta)} run",
        "   :header-rows: 1",
        "",
    ]
    for row in rows:
        cells = [c.strip().replace("**", "") for c in row.strip("|").split("|")]
        out.append("   * - " + (cells[0] or "\\"))
        out += ["     - " + (c or "\\") for c in cells[1:]]
    notes: list[str] = []
    for ln in md:
        if ln.startswith(("|", "#")) or (not ln and (not notes or not notes[-1])):
            continue
        notes.append(ln.replace("`", "``"))
    return "\n".join(out) + "\n\n" + "\n".join(notes).strip() + "\n"


def write_reports(meta: dict[str, Any], results: list[dict[str, Any]], out: Path, stem: str):
    (out / f"{stem}.md").write_text(markdown(meta, results))
    (out / f"{stem}.rst").write_text(rst_table(meta, results))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="the small CPU suite (minutes)")
    p.add_argument(
        "--tiny",
        action="store_true",
        help="the GPU suite's plan with tiny networks, on any device (seconds)",
    )
    p.add_argument(
        "--options", default=None, help="comma list: run only these options of the plan (e.g. fp32)"
    )
    p.add_argument(
        "--budget-s",
        type=float,
        default=None,
        help="start no further setup after this many seconds (default: 300 for "
        "the GPU suite, none otherwise); what is left is recorded as skipped",
    )
    p.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    p.add_argument("--out", default=str(HERE / "results"))
    p.add_argument("--no-memory", action="store_true")
    p.add_argument("--quality", action="store_true", help="also run quality.py (small budget)")
    p.add_argument("--render", metavar="JSON", help="only rewrite the .md/.rst of a results file")
    args = p.parse_args(argv)
    if args.render:
        path = Path(args.render)
        data = json.loads(path.read_text())
        write_reports(data["meta"], data["results"], path.parent, path.stem)
        print(f"wrote {path.with_suffix('.md')} and {path.with_suffix('.rst')}")
        return 0
    if args.device == "cuda" and not torch.cuda.is_available():
        raise ValueError("--device cuda was given but torch.cuda.is_available() is False")
    t0 = time.perf_counter()
    results: list[dict[str, Any]] = []
    plan = gpu_plan(tiny=True) if args.tiny else _plan(args.quick, args.device)
    if args.options:
        keep = [o for o in args.options.split(",") if o]
        unknown = sorted(set(keep) - set(T.OPTIONS))
        if unknown:
            raise ValueError(f"--options must be from {list(T.OPTIONS)}, got {unknown}")
        plan = [{**item, "options": tuple(keep)} for item in plan]
    budget = args.budget_s
    if budget is None and args.device == "cuda" and not args.quick:
        budget = 300.0
    with LoadSampler() as sampler:
        for item in plan:
            label = f"{item['key']}/{item['scale']}"
            if budget is not None and time.perf_counter() - t0 > budget:
                results.append({"setup": label, "batch": item["batch"],
                                "skipped": f"time budget of {budget:.0f} s spent"})  # fmt: skip
                continue
            try:
                setup = _setup(item["key"], item["scale"])
            except LookupError as err:
                print(f"skip {label}: {err}")
                results.append({"setup": label, "batch": item["batch"], "skipped": str(err)})
                continue
            print(f"{label} batch {item['batch']} ({setup.source})", flush=True)
            try:
                res = T.benchmark(
                    setup, batch=item["batch"], device=args.device, options=item["options"],
                    rounds=item["rounds"], warmup=1, memory=not args.no_memory,
                    gate=item.get("gate", True), gate_batch=item["gate_batch"],
                )  # fmt: skip
            except NotImplementedError as err:
                print(f"skip {label}: {err}")
                results.append({"setup": label, "batch": item["batch"], "skipped": str(err)})
                continue
            results.append(res)
        quality = None
        if args.quality:
            import quality as Q

            quality = Q.main(["--quick", "--device", args.device, "--out", args.out])
    wall = time.perf_counter() - t0
    name = torch.cuda.get_device_name() if args.device == "cuda" else platform.processor()
    meta = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "device": args.device,
        "device_name": name or platform.machine(),
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "python": platform.python_version(),
        "quick": args.quick,
        "tiny": args.tiny,
        "budget_s": budget,
        "wall_s": wall,
        "load": sampler.summary(),
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{args.device}{'-tiny' if args.tiny else ''}-{dt.date.today().isoformat()}"
    (out / f"{stem}.json").write_text(
        json.dumps({"meta": meta, "results": results, "quality": quality}, indent=1) + "\n"
    )
    write_reports(meta, results, out, stem)
    print(markdown(meta, results))
    print(f"wrote {out / stem}.json and .md in {wall:.0f} s")
    failed = [r["setup"] for r in results if r.get("gate") and not r["gate"]["passed"]]
    if failed:
        print(f"equivalence gate FAILED for {failed}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
