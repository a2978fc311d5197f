"""Seconds per training iteration against batch size and resolution (issue 16).

Trains the recommended model's networks (the own-data family at cpu widths: a DCGAN
generator, a spectral-norm projection critic with a classifier, hinge loss, one
critic step) on in-memory random images of the cartoon condition space, at batch
16, 32, 64, 128 and 256 and at 32, 64 and 128 px, and records the median seconds
per iteration (after a warm-up iteration) with the machine load. Writes
``benchmarks/results/scaling-<device>-<date>.json`` and a plot.

    python benchmarks/scaling.py                       # ~5 minutes on 2 idle cores
    python benchmarks/scaling.py --batches 4 --sides 32 --iters 1   # a smoke check
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import torch

from condgan.data import InMemoryImages, cartoon_space
from condgan.recipes.own_data import own_parts
from condgan.training import Trainer


def seconds_per_iteration(side: int, batch: int, iters: int, device: str) -> float:
    """Median seconds of ``iters`` iterations after one warm-up, at ``side`` px, ``batch``."""
    space = cartoon_space()
    torch.manual_seed(0)
    images = torch.rand(max(2 * batch, 64), 3, side, side) * 2 - 1
    data = InMemoryImages(images, space.sample(len(images)), space)
    g, d, objective, cfg, _ = own_parts(space, side, 3, scale="cpu")
    with tempfile.TemporaryDirectory() as out:
        cfg = cfg.replace(
            batch_size=batch, out_dir=out, device=device, progress=False, tensorboard=False,
            sample_every=0, checkpoint_every=0, gif=False, plot=False, num_workers=0,
        )  # fmt: skip
        trainer = Trainer(g, d, objective, data, cfg)
        trainer.train_step()
        times = []
        for _ in range(iters):
            if device == "cuda":
                torch.cuda.synchronize()
            t0 = time.perf_counter()
            trainer.train_step()
            if device == "cuda":
                torch.cuda.synchronize()
            times.append(time.perf_counter() - t0)
        del trainer
    return statistics.median(times)


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 3.8))
    for side in sorted({r["side"] for r in rows}):
        sel = [r for r in rows if r["side"] == side]
        ax.plot([r["batch"] for r in sel], [r["seconds"] for r in sel], marker="o",
                label=f"{side} px")  # fmt: skip
    ax.set(xscale="log", yscale="log", xlabel="batch size", ylabel="seconds per iteration",
           title="recommended model, cpu widths")  # fmt: skip
    ax.set_xticks([r["batch"] for r in rows if r["side"] == rows[0]["side"]])
    ax.get_xaxis().set_major_formatter(matplotlib.ticker.ScalarFormatter())
    ax.get_xaxis().set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--batches", default="16,32,64,128,256")
    p.add_argument("--sides", default="32,64,128")
    p.add_argument("--iters", type=int, default=3)
    p.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    p.add_argument("--results", type=Path, default=Path(__file__).parent / "results")
    args = p.parse_args()
    load = list(os.getloadavg())
    rows = []
    for side in (int(s) for s in args.sides.split(",")):
        for batch in (int(b) for b in args.batches.split(",")):
            s = seconds_per_iteration(side, batch, args.iters, args.device)
            rows.append({"side": side, "batch": batch, "seconds": s, "images_per_s": batch / s})
            print(json.dumps(rows[-1]), flush=True)
    date = datetime.date.today().isoformat()
    record = {"date": date, "device": args.device, "threads": torch.get_num_threads(),
              "load_average_at_start": load, "load_average_at_end": list(os.getloadavg()),
              "iters": args.iters, "rows": rows}  # fmt: skip
    args.results.mkdir(parents=True, exist_ok=True)
    path = args.results / f"scaling-{args.device}-{date}.json"
    path.write_text(json.dumps(record, indent=1) + "\n")
    plot(rows, path.with_suffix(".png"))
    print(f"wrote {path} and {path.with_suffix('.png')}")


if __name__ == "__main__":
    main()
