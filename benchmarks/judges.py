"""Are the shipped judges fit to judge? (issue 18)

Renders a fresh stand-in set for each shipped evaluator with a seed none of them
trained or was tested on, shrinks it to each side a recipe trains at (32 and 64
px; the judge resizes to its input size as it does for generated images), and
prints each judge's per-attribute and all-correct accuracy (multi-label: the
course rule) against the targets: >= 0.98 per attribute and >= 0.95 all correct
(multi-label >= 0.95). Writes ``benchmarks/results/judges-<date>.json``.

    python benchmarks/judges.py              # 1,000 images per judge, ~1 CPU-minute
    python benchmarks/judges.py --n 100      # a smoke check
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import tempfile
from pathlib import Path

from condgan.metrics import conditional_accuracy, load_evaluator
from condgan.metrics.evaluator import shipped_evaluators
from condgan.metrics.labeled_data import load_labeled_images, write_evaluator_standin

#: the seed of the fresh set: not a training seed (0) nor a held-out one (1000)
FRESH_SEED = 4242
SIDES = (32, 64)
PER_ATTRIBUTE, ALL_CORRECT, MULTI_LABEL = 0.98, 0.95, 0.95


def check(name: str, n: int, seed: int) -> dict:
    judge = load_evaluator(name)
    out: dict = {"judge": name}
    with tempfile.TemporaryDirectory(prefix=f"judge-{name}-") as tmp:
        folder = write_evaluator_standin(name, Path(tmp) / "fresh", n, seed)
        for side in SIDES:
            data = load_labeled_images(folder, size=side)
            fig = conditional_accuracy(judge, data.images, data.y, data.space)
            if "per_attribute" in fig:
                worst = min(fig["per_attribute"].values())
                met = worst >= PER_ATTRIBUTE and fig["all_correct"] >= ALL_CORRECT
                row = {"per_attribute": fig["per_attribute"], "all_correct": fig["all_correct"]}
            else:
                met = fig["accuracy"] >= MULTI_LABEL
                row = {"accuracy": fig["accuracy"]}
            out[f"{side}px"] = {**row, "target_met": met}
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=1000)
    p.add_argument("--seed", type=int, default=FRESH_SEED)
    p.add_argument("--results", type=Path, default=Path(__file__).parent / "results")
    args = p.parse_args()
    rows = [check(name, args.n, args.seed) for name in shipped_evaluators()]
    date = datetime.date.today().isoformat()
    record = {"date": date, "n": args.n, "seed": args.seed, "load_average": os.getloadavg(),
              "targets": {"per_attribute": PER_ATTRIBUTE, "all_correct": ALL_CORRECT,
                          "multi_label": MULTI_LABEL}, "judges": rows}  # fmt: skip
    for r in rows:
        for side in SIDES:
            f = r[f"{side}px"]
            shown = {k: v for k, v in f.items() if k != "target_met"}
            print(f"{r['judge']:10s} {side:3d}px met={f['target_met']!s:5s} {json.dumps(shown)}")
    args.results.mkdir(parents=True, exist_ok=True)
    path = args.results / f"judges-{date}.json"
    path.write_text(json.dumps(record, indent=1) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
