"""Throughput: condgan's Trainer against a careful hand-written PyTorch loop.

One *iteration* is every critic step plus the generator step(s) of one
``Trainer.train_step``. Both paths train deep copies of the same generator and
critic (same initial weights), with the same losses, optimiser
hyper-parameters, batch size and data, in the same process:

* **plain**: what a careful user writes by hand: separate real and fake critic
  passes, the gradient penalty with ``torch.autograd.grad(create_graph=True)``
  in fp32, standard ``torch.optim.Adam``, the critic frozen
  (``requires_grad_(False)``) for the generator step, fakes for the critic made
  under ``no_grad``, and ``loss.item()`` logged every step.
* **condgan**: ``condgan.training.Trainer(...).train_step()`` with the same
  config (its defaults: one critic pass over concatenated real and fake when
  the critic has no batch statistics, no host syncs in the hot loop, fused
  Adam on CUDA).

Before timing, an **equivalence gate** trains both paths for a few iterations
in fp32 with deterministic settings, the same data order and the same noise,
and compares every parameter and buffer (``torch.allclose``).

Timing: interleaved rounds (the order alternates every round), warm-up rounds
excluded, median and inter-quartile range of the per-iteration time, and the
ratio condgan / plain (of the medians, and the median of per-round ratios).
Peak memory: on CUDA ``torch.cuda.max_memory_allocated``; on CPU the peak
resident set size (``VmHWM``) of a fresh subprocess per path, reset after the
models are built (``/proc/self/clear_refs``), minus the resident size at that
point. FLOPs per iteration: ``torch.utils.flop_counter.FlopCounterMode``; MFU
on GPU against the device's peak (``--peak-tflops`` to override).

The harness (both paths, the gate, timing, FLOPs, memory) is the ``harness``
package beside this file; the cases (which networks) are ``cases.py``. Run
``python benchmarks/throughput.py --help``; ``benchmarks/run_all.py`` drives
it and writes the results files.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases import direct_setup, recipe_setup, setup_from
from harness import (
    OPTIONS,
    PlainLoop,
    PlainSpec,
    Setup,
    build_condgan,
    build_pair,
    build_plain,
    equivalence_gate,
    flops_per_iteration,
    measure_in_subprocesses,
    peak_flops,
    peak_memory,
    time_paths,
)

__all__ = [
    "OPTIONS",
    "PlainLoop",
    "PlainSpec",
    "Setup",
    "benchmark",
    "build_condgan",
    "build_pair",
    "build_plain",
    "direct_setup",
    "equivalence_gate",
    "flops_per_iteration",
    "measure_memory",
    "recipe_setup",
    "time_paths",
]


def _memory_probe(args) -> dict[str, Any]:
    """Run in a fresh subprocess: one path's peak memory over a few iterations."""
    setup = setup_from(args.probe_setup, args.probe_scale)
    plain, ours = build_pair(setup, args.batch, args.device, OPTIONS[args.probe_option])
    if args.probe_path == "plain":
        fn = plain.iteration
        del ours
    else:
        fn = ours.train_step
        del plain
    return peak_memory(fn, device=args.device, iters=args.probe_iters)


def measure_memory(setup: Setup, batch: int, device: str, option: str, iters: int = 2):
    """Peak memory of each path, each in its own subprocess (this script with ``--probe-*``)."""

    def command(path: str) -> list[str]:
        return [
            sys.executable, os.path.abspath(__file__), "--probe-path", path, "--probe-setup",
            setup.key, "--probe-scale", setup.scale, "--batch", str(batch), "--device", device,
            "--probe-option", option, "--probe-iters", str(iters),
        ]  # fmt: skip

    return measure_in_subprocesses({path: command(path) for path in ("plain", "condgan")})


def benchmark(
    setup: Setup, *, batch: int, device: str = "cpu", options: tuple[str, ...] = ("fp32",),
    rounds: int = 5, warmup: int = 1, gate: bool = True, memory: bool = True,
    gate_steps: int = 2, gate_batch: int | None = None, memory_options=("fp32", "bf16"),
    log=print,
) -> dict[str, Any]:  # fmt: skip
    """Gate, then time, count FLOPs and measure memory for each option."""
    res: dict[str, Any] = {
        "setup": setup.label, "source": setup.source, "batch": batch, "device": device,
        "options": {},
    }  # fmt: skip
    if gate:
        t0 = time.perf_counter()
        res["gate"] = equivalence_gate(
            setup, batch_size=gate_batch or batch, steps=gate_steps, device=device
        )
        res["gate"]["seconds"] = time.perf_counter() - t0
        log(f"  gate {setup.label} b{batch}: {res['gate']}")
    for opt in options:
        o = OPTIONS[opt]
        if o.get("precision") == "fp16" and not device.startswith("cuda"):
            res["options"][opt] = {"skipped": "fp16 autocast is measured on CUDA only"}
            continue
        try:
            plain, ours = build_pair(setup, batch, device, o)
        except NotImplementedError as err:
            res["options"][opt] = {"skipped": str(err)}
            continue
        row = time_paths(
            {"plain": plain.iteration, "condgan": ours.train_step},
            rounds=rounds, warmup=warmup, device=device,
        )  # fmt: skip
        row["concat_real_fake"] = bool(ours.concat)
        read = batch * ours.config.critic_steps  # real images per iteration
        row["images_per_s"] = {k: read / row[k]["median_s"] for k in ("plain", "condgan")}
        if not o.get("compile"):
            row["flops"] = {
                "plain": flops_per_iteration(plain.iteration),
                "condgan": flops_per_iteration(ours.train_step),
            }
            peak = peak_flops(device, ours.config.precision)
            if peak:
                row["mfu"] = {
                    k: row["flops"][k] / row[k]["median_s"] / peak for k in ("plain", "condgan")
                }
        if memory and opt in memory_options:
            row["memory"] = measure_memory(setup, batch, device, opt)
        res["options"][opt] = row
        log(
            f"  {setup.label} b{batch} {opt}: plain {row['plain']['median_s']:.3f}s "
            f"condgan {row['condgan']['median_s']:.3f}s ratio {row['ratio']:.3f}"
            + (f" mem {row['memory'].get('ratio', float('nan')):.3f}" if "memory" in row else "")
        )
        del plain, ours
    return res


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    p.add_argument("--setup", default="direct", help="'direct' (R2 from the models) or a recipe")
    p.add_argument("--scale", default="paper")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--options", default="fp32", help=f"comma list of {list(OPTIONS)}")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--no-memory", action="store_true")
    p.add_argument("--no-gate", action="store_true")
    p.add_argument("--probe-path", help=argparse.SUPPRESS)
    p.add_argument("--probe-setup", help=argparse.SUPPRESS)
    p.add_argument("--probe-scale", help=argparse.SUPPRESS)
    p.add_argument("--probe-option", default="fp32", help=argparse.SUPPRESS)
    p.add_argument("--probe-iters", type=int, default=2, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.probe_path:
        print(json.dumps(_memory_probe(args)))
        return 0
    opts = tuple(o for o in args.options.split(",") if o)
    bad = [o for o in opts if o not in OPTIONS]
    if bad:
        raise ValueError(f"--options must be from {list(OPTIONS)}, got {bad}")
    setup = setup_from(args.setup, args.scale)
    res = benchmark(
        setup, batch=args.batch, device=args.device, options=opts, rounds=args.rounds,
        warmup=args.warmup, memory=not args.no_memory, gate=not args.no_gate,
        log=lambda msg: print(msg, file=sys.stderr, flush=True),
    )  # fmt: skip
    print(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
