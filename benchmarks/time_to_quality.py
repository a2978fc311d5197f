"""Quality against training CPU time, from the ablation's runs (issue 16, "time to quality").

Reads the rows of ``benchmarks/results/ablation*.json`` (each run's training CPU
minutes, accuracy, diversity ratio, coverage and FID, written by
``benchmarks/ablation.py``), keeps the demo recipe's rows of the chosen variants,
and plots each figure against training CPU minutes with the quality targets
drawn in. Writes ``benchmarks/results/time-to-quality-<date>.png``.

    python benchmarks/time_to_quality.py
    python benchmarks/time_to_quality.py --variants base,ttur,proj-ema
"""

from __future__ import annotations

import argparse
import datetime
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: figure -> (title, target line or None)
SHOWN = {
    "accuracy": ("accuracy (target 0.95 x judge)", 0.95),
    "ratio": ("diversity ratio (target >= 0.6)", 0.6),
    "coverage": ("coverage (target >= 0.5)", 0.5),
    "fid": ("FID, judge features (target <= 1.5)", 1.5),
}


def load_rows(results: Path, variants: list[str], recipe: str = "cartoon-acwgan") -> list[dict]:
    """The runs of ``variants`` on ``recipe`` in every ablation results file."""
    rows = []
    for path in sorted(results.glob("ablation*.json")):
        for r in json.loads(path.read_text())["runs"]:
            if r.get("recipe", recipe) == recipe and r["variant"] in variants:
                rows.append(r)
    return rows


def plot(rows: list[dict], variants: list[str], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(SHOWN), figsize=(4 * len(SHOWN), 3.6))
    for ax, (key, (title, target)) in zip(axes, SHOWN.items(), strict=True):
        for v in variants:
            sel = sorted((r for r in rows if r["variant"] == v), key=lambda r: r["cpu_minutes"])
            if sel:
                ax.plot([r["cpu_minutes"] for r in sel], [r[key] for r in sel], "o", label=v,
                        alpha=0.8)  # fmt: skip
        if target is not None:
            ax.axhline(target, color="grey", linestyle="--", linewidth=1)
        ax.set(xlabel="training CPU minutes (one thread)", title=title)
        if key == "fid":
            ax.set_yscale("log")
    axes[0].legend(fontsize=8)
    fig.suptitle("cartoon stand-in: quality against training CPU time (each dot one run)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--variants", default="base,ttur,proj,proj-ema")
    p.add_argument("--results", type=Path, default=HERE / "results")
    args = p.parse_args()
    variants = [v for v in args.variants.split(",") if v]
    rows = load_rows(args.results, variants)
    path = args.results / f"time-to-quality-{datetime.date.today().isoformat()}.png"
    plot(rows, variants, path)
    print(f"{len(rows)} runs; wrote {path}")


if __name__ == "__main__":
    main()
