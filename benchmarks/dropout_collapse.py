"""Where does the demo generator's within-condition variety come from? (issue 18)

Trains R1's ``cartoon-acwgan`` ``hidden-concat`` recipe at cpu scale (the demo) with its
report's generator dropout (0.5 after blocks 1, 2 and 4) and without it, over several
seeds, and scores each run with the recipe runner's evaluation (accuracy, FID, the
diversity ratio, recall and coverage in the judge's features, 1,000 samples against
stand-in images never trained on). Writes ``benchmarks/results/dropout-collapse-*.json``.

    python benchmarks/dropout_collapse.py --seeds 0,1,2           # ~4 CPU-minutes a run
    python benchmarks/dropout_collapse.py --seeds 0 --steps 20    # a smoke check
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import statistics
from pathlib import Path

from condgan.models import create
from condgan.recipes import build
from condgan.recipes.runner import evaluate_recipe
from condgan.training import Trainer, seed_everything

FIGURES = ("accuracy", "fid", "ratio", "recall", "coverage")


def run(seed: int, dropout: bool, steps: int | None, out: Path) -> dict:
    seed_everything(seed)  # before the networks are built
    recipe = build("cartoon-acwgan", "hidden-concat", "cpu")
    spec = recipe.generator.spec
    kwargs = dict(spec["kwargs"])
    if not dropout:
        kwargs["dropout"] = (0.0, 0.0, 0.0, 0.0)
    recipe = dataclasses.replace(recipe, generator=create(spec["name"], **kwargs))
    if steps is not None:
        recipe = recipe.with_steps(steps)
    folder = out / f"{'dropout' if dropout else 'no-dropout'}-seed{seed}"
    trainer = Trainer.from_recipe(
        recipe, out_dir=str(folder), progress=False, overwrite=True, tensorboard=False
    )
    trainer.fit()
    m = evaluate_recipe(recipe, trainer.eval_generator(), n=1000, seed=0)
    div = m["diversity"]
    return {
        "seed": seed, "dropout": dropout, "steps": trainer.step, "accuracy": m["accuracy"],
        "fid": m["fid"], "ratio": div["ratio"], "recall": div["recall"],
        "coverage": div["coverage"],
    }  # fmt: skip


def summarise(rows: list[dict]) -> dict:
    out = {}
    for dropout in (True, False):
        sel = [r for r in rows if r["dropout"] is dropout]
        if sel:
            out["dropout" if dropout else "no-dropout"] = {
                k: {
                    "mean": statistics.mean(r[k] for r in sel),
                    "sd": statistics.stdev(r[k] for r in sel) if len(sel) > 1 else None,
                }
                for k in FIGURES
            }
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seeds", default="0,1,2")
    p.add_argument("--steps", type=int, default=None, help="default: the recipe's (1,200)")
    p.add_argument("--out", type=Path, default=Path("runs/dropout-collapse"))
    p.add_argument("--results", type=Path, default=Path(__file__).parent / "results")
    args = p.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    load = os.getloadavg()
    rows = [run(s, d, args.steps, args.out) for d in (True, False) for s in seeds]
    record = {
        "date": datetime.date.today().isoformat(), "load_average_at_start": load,
        "cores": os.cpu_count(), "runs": rows, "summary": summarise(rows),
    }  # fmt: skip
    args.results.mkdir(parents=True, exist_ok=True)
    path = args.results / f"dropout-collapse-{record['date']}.json"
    path.write_text(json.dumps(record, indent=1) + "\n")
    print(json.dumps(record["summary"], indent=1))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
