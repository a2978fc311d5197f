"""Quality over training: conditional accuracy and FID of recipe variants, every N steps.

Each chosen ``recipe:variant`` is trained with ``Trainer.from_recipe`` for a
step budget; a trainer hook every ``--every`` steps calls
``condgan.recipes.runner.evaluate_recipe(recipe, generator, n=...)`` (the
shipped evaluator's accuracy and FID against held-out stand-in images). The
curves go to ``<out>/quality-<device>-<date>.json`` and, when matplotlib is
installed, ``.png``. A recipe that is not registered is skipped with a printed
reason.

Example::

    python benchmarks/quality.py --runs iclevr-acwgan-gp:wgan-gp,iclevr-acwgan-gp:bce \\
        --scale cpu --steps 300 --every 50 --n 500
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import torch

HERE = Path(__file__).resolve().parent


def _parse_runs(text: str) -> list[tuple[str, str | None]]:
    runs = []
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        name, _, variant = item.partition(":")
        runs.append((name, variant or None))
    if not runs:
        raise ValueError(f"--runs must name at least one recipe[:variant], got {text!r}")
    return runs


def train_with_curve(
    name: str, variant: str | None, *, scale: str, steps: int, every: int, n: int,
    device: str = "cpu", seed: int = 0, log=print,
) -> dict[str, Any]:  # fmt: skip
    """Train one variant for ``steps`` iterations, evaluating every ``every`` steps."""
    import condgan.recipes as recipes
    from condgan.recipes.runner import evaluate_recipe
    from condgan.training import Trainer

    if every < 1 or steps < 1:
        raise ValueError(f"steps and every must be >= 1, got steps={steps}, every={every}")
    recipe = recipes.build(name, variant, scale=scale)
    curve: list[dict[str, Any]] = []
    clock = {"cpu0": time.process_time(), "eval_cpu": 0.0}

    def hook(trainer, step):
        c0, t0 = time.process_time(), time.perf_counter()
        g = trainer.eval_generator()
        m = evaluate_recipe(recipe, g, n=n, seed=seed)
        div = m.get("diversity") or {}
        point = {
            "step": step, "accuracy": m["accuracy"], "chance": m["chance"], "fid": m["fid"],
            "judge": (m.get("judge") or {}).get("real_accuracy"), "ratio": div.get("ratio"),
            "coverage": div.get("coverage"), "eval_s": time.perf_counter() - t0,
            # CPU time spent training so far (this process, evaluations excluded)
            "train_cpu_min": (c0 - clock["cpu0"] - clock["eval_cpu"]) / 60,
        }  # fmt: skip
        clock["eval_cpu"] += time.process_time() - c0
        curve.append(point)
        log(f"  {name}:{recipe.variant} step {step}: acc {m['accuracy']:.3f} fid {m['fid']:.1f}"
            f" ratio {point['ratio']} coverage {point['coverage']}")  # fmt: skip
        return {"eval/accuracy": m["accuracy"], "eval/fid": m["fid"]}

    out_dir = tempfile.mkdtemp(prefix="condgan-quality-")
    trainer = Trainer.from_recipe(
        recipe, hooks=[*recipe.hooks, (hook, every)], steps=steps, device=device,
        out_dir=out_dir, progress=False, sample_every=0, checkpoint_every=0,
        tensorboard=False, gif=False, plot=False, seed=seed,
    )  # fmt: skip
    t0 = time.perf_counter()
    trainer.fit()
    return {
        "recipe": name, "variant": recipe.variant, "scale": scale, "steps": steps,
        "every": every, "n": n, "train_s": time.perf_counter() - t0, "curve": curve,
        "time_to_targets_cpu_min": time_to_targets(curve),
    }  # fmt: skip


#: the quality issue's targets for the cartoon stand-in: accuracy >= 0.95 x the judge's
#: own figure on real images, diversity ratio >= 0.6, coverage >= 0.5.
TARGETS = {"accuracy_of_judge": 0.95, "ratio": 0.6, "coverage": 0.5}


def time_to_targets(curve: list[dict[str, Any]], targets=TARGETS) -> float | None:
    """Training CPU minutes at the first evaluation meeting every target (``None``: never)."""
    for p in curve:
        if None in (p.get("judge"), p.get("ratio"), p.get("coverage")):
            continue
        if (
            p["accuracy"] >= targets["accuracy_of_judge"] * p["judge"]
            and p["ratio"] >= targets["ratio"]
            and p["coverage"] >= targets["coverage"]
        ):
            return p["train_cpu_min"]  # fmt: skip
    return None


def plot(runs: list[dict[str, Any]], path: Path) -> Path | None:
    """Accuracy and FID against steps, one line per run; None without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    shown = (
        ("accuracy", "accuracy (higher)"),
        ("ratio", "diversity ratio (>= 0.6)"),
        ("coverage", "coverage (>= 0.5)"),
        ("fid", "FID, domain features (lower)"),
    )
    fig, axes = plt.subplots(1, len(shown), figsize=(4 * len(shown), 3.6))
    for run in runs:
        x = [p.get("train_cpu_min", p["step"]) for p in run["curve"]]
        label = f"{run['recipe']}:{run['variant']}"
        for ax, (key, title) in zip(axes, shown, strict=True):
            ax.plot(x, [p.get(key) for p in run["curve"]], marker="o", label=label)
            ax.set(xlabel="training CPU minutes", title=title)
    axes[0].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def main(argv=None) -> dict[str, Any]:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", default="iclevr-acwgan-gp:wgan-gp,cartoon-acwgan:hidden-concat")
    p.add_argument("--scale", default="cpu")
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--every", type=int, default=50)
    p.add_argument("--n", type=int, default=500, help="generated images per evaluation")
    p.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    p.add_argument("--quick", action="store_true", help="steps 20, every 10, n 200")
    p.add_argument("--out", default=str(HERE / "results"))
    args = p.parse_args(argv)
    if args.quick:
        args.steps, args.every, args.n = 20, 10, 200
    import condgan.recipes as recipes

    runs, skipped = [], []
    for name, variant in _parse_runs(args.runs):
        if name not in recipes.names():
            print(f"skip {name}: not a registered recipe (have {recipes.names()})")
            skipped.append({"recipe": name, "reason": "not registered"})
            continue
        run = train_with_curve(
            name, variant, scale=args.scale, steps=args.steps, every=args.every, n=args.n,
            device=args.device,
        )  # fmt: skip
        runs.append(run)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"quality-{args.device}-{dt.date.today().isoformat()}"
    result = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "torch": torch.__version__, "runs": runs, "skipped": skipped,
    }  # fmt: skip
    stem.with_suffix(".json").write_text(json.dumps(result, indent=1) + "\n")
    png = plot(runs, stem.with_suffix(".png")) if runs else None
    result["plot"] = str(png) if png else None
    print(f"wrote {stem}.json" + (f" and {png}" if png else " (no plot: install matplotlib)"))
    return result


if __name__ == "__main__":
    main()
