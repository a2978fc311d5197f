"""Which techniques give the demo recipe faithful *and* diverse samples? (issue 18)

Trains R1's ``cartoon-acwgan`` ``hidden-concat`` recipe at cpu scale (the demo's
networks and budget) with one technique at a time switched on, over several
seeds, and scores each run with the recipe runner's evaluation: per-attribute
accuracy beside the judge's own figure on the same real images, the diversity
ratio, recall and coverage in the judge's features, and FID, from 1,000 samples
against stand-in images never trained on. Every variant starts from the
generator without its report's dropout (``benchmarks/dropout_collapse.py``
showed that dropout is where the eval-mode collapse comes from).

Each run writes its own JSON under ``--out`` as soon as it ends, so an
interrupted sweep keeps what it measured; ``--summarise`` gathers them into
``benchmarks/results/ablation-<date>.json`` (mean and sample standard deviation
per variant) and a plot.

    python benchmarks/ablation.py --variants base,ms,da --seeds 0,1,2
    python benchmarks/ablation.py --summarise
    python benchmarks/ablation.py --variants base --seeds 0 --steps 4   # smoke

``--recipe`` changes another recipe's default variant instead (its own judge;
plot it with ``--summarise --recipe NAME``). The i-CLEVR screen of the
recommended model's options (conditional BN, classifier weight 5, a plain
classifier head, both networks twice as wide):

    python benchmarks/ablation.py --recipe iclevr-acwgan-gp --steps 2000 --seeds 0 \
        --variants proj-ema,proj-cbn-ema,proj-aux5-ema,proj-cbn-aux5-ema,\
proj-plainaux-ema,proj-wide-ema
    python benchmarks/ablation.py --summarise --recipe iclevr-acwgan-gp --stem ablation-iclevr

``proj-biggan-ema`` gives the recommended model BigGAN's conditioning in the
generator (a learned embedding shared by every block's conditional batch norm,
hierarchical noise); ``proj-dbn-ema`` puts batch norm in its critic.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from condgan.augment import AugmentedCritic, DiffAugment
from condgan.losses import ModeSeeking
from condgan.models import create
from condgan.recipes import Recipe, build
from condgan.recipes.own_data import BIGGAN_CONDITIONING, INPUT_CONDITIONING, own_parts
from condgan.recipes.runner import evaluate_recipe
from condgan.recipes.seeds import spread
from condgan.training import Trainer, optim_preset, seed_everything

FIGURES = ("accuracy", "all_correct", "judge", "ratio", "recall", "coverage", "fid", "minutes")
#: the recipe ``condgan demo`` trains, and the one the variants change by default.
DEMO = "cartoon-acwgan"


def _no_dropout(recipe: Recipe) -> Recipe:
    spec = recipe.generator.spec
    kwargs = dict(spec["kwargs"], dropout=(0.0, 0.0, 0.0, 0.0))
    return dataclasses.replace(recipe, generator=create(spec["name"], **kwargs))


def _mode_seeking(recipe: Recipe, scale: float = 1.0) -> Recipe:
    # MSGAN weighs the term like its adversarial loss (both 1); R1 weighs that 0.01
    weight = scale * recipe.objective.adversarial_weight
    terms = [*recipe.objective.terms, (ModeSeeking(recipe.generator), weight)]
    return dataclasses.replace(recipe, objective=dataclasses.replace(recipe.objective, terms=terms))


def _diff_augment(recipe: Recipe) -> Recipe:
    # no colour transforms: hair and eye colours are the conditions
    critic = AugmentedCritic(recipe.critic, DiffAugment("translation,cutout"))
    return dataclasses.replace(recipe, critic=critic)


def _projection(recipe: Recipe, *, aux: bool = True, norm_layer: str = "bn") -> Recipe:
    """The own-data family on the same data and budget: a DCGAN generator, a spectral-norm
    critic with a projection head (and an auxiliary classifier), the hinge loss. The
    generator always takes the condition at its input, as when these variants were first
    measured (the recommended model now gives multi-label data BigGAN's conditioning:
    ``proj-biggan-ema``)."""
    g, d, objective, cfg, _ = own_parts(
        recipe.space, recipe.data.image_size, 3, scale=recipe.scale, n=recipe.data.train_size(),
        conditioning=INPUT_CONDITIONING,  # as first measured: see proj-biggan-ema
    )  # fmt: skip
    if norm_layer != "bn":
        g = create(g.spec["name"], **dict(g.spec["kwargs"], norm_layer=norm_layer))
    if not aux:
        objective = dataclasses.replace(objective, aux_real_weight=0.0, aux_gen_weight=0.0)
    train = cfg.replace(out_dir=recipe.train.out_dir, grid_rows=8, grid_cols=8)
    return dataclasses.replace(recipe, generator=g, critic=d, objective=objective, train=train)


def _aux(recipe: Recipe, weight: float) -> Recipe:
    """The auxiliary classifier's weight on real (critic) and generated (generator) images."""
    objective = dataclasses.replace(recipe.objective, aux_real_weight=weight, aux_gen_weight=weight)
    return dataclasses.replace(recipe, objective=objective)


def _plain_aux(recipe: Recipe) -> Recipe:
    """The critic's classifier head without spectral norm (its backbone keeps it)."""
    from condgan.heads import auxiliary_head

    critic = recipe.critic
    critic.auxiliary = auxiliary_head(critic.backbone.out_dim, recipe.space)
    return recipe


def _wider(recipe: Recipe, factor: int = 2) -> Recipe:
    """Both networks ``factor`` times wider."""
    nets = {}
    for role in ("generator", "critic"):
        spec = getattr(recipe, role).spec
        kwargs = dict(spec["kwargs"], widths=tuple(factor * w for w in spec["kwargs"]["widths"]))
        nets[role] = create(spec["name"], **kwargs)
    return dataclasses.replace(recipe, **nets)


def _critic_bn(recipe: Recipe) -> Recipe:
    """Batch norm in the critic (after every conv but the first; spectral norm kept): the
    trainer then runs real and fake through it in separate passes."""
    spec = recipe.critic.spec
    return dataclasses.replace(
        recipe, critic=create(spec["name"], **dict(spec["kwargs"], norm_layer="bn"))
    )


def _biggan_generator(recipe: Recipe) -> Recipe:
    """BigGAN's conditioning in the generator (Brock et al. 2019): a learned embedding shared
    by every block's conditional batch norm, with hierarchical noise (a chunk of ``z`` per
    block joins it); ``z``'s first chunk alone is the input."""
    spec = recipe.generator.spec
    kwargs = dict(spec["kwargs"], **BIGGAN_CONDITIONING)
    return dataclasses.replace(recipe, generator=create(spec["name"], **kwargs))


def _train(recipe: Recipe, **changes: object) -> Recipe:
    return dataclasses.replace(recipe, train=dataclasses.replace(recipe.train, **changes))


#: variant -> what it changes, applied to the recipe without generator dropout.
VARIANTS: dict[str, Callable[[Recipe], Recipe]] = {
    "dropout": lambda r: r,  # R1's generator with its dropout, for reference
    "report": lambda r: r,  # another recipe's default variant as it is
    "base": lambda r: r,
    "ms": _mode_seeking,
    "ms10": lambda r: _mode_seeking(r, 10.0),
    "da": _diff_augment,
    "ms+da": lambda r: _diff_augment(_mode_seeking(r)),
    "ema": lambda r: _train(r, ema_decay=0.999),
    "ttur": lambda r: _train(r, lr_d=4e-4, lr_g=1e-4, critic_steps=1),
    "ms+ema": lambda r: _train(_mode_seeking(r), ema_decay=0.999),
    "proj": _projection,
    "proj-noaux": lambda r: _projection(r, aux=False),
    "proj-cbn": lambda r: _projection(r, norm_layer="cbn"),
    "proj-ema": lambda r: _train(_projection(r), ema_decay=0.999),
    "proj-ema9995": lambda r: _train(_projection(r), ema_decay=0.9995),
    "proj-ema-b64": lambda r: _train(_projection(r), ema_decay=0.999, batch_size=64),
    "proj-ema-ttur": lambda r: _train(
        _projection(r), ema_decay=0.999, **optim_preset("ttur").fields()
    ),
    "proj-ema-lin": lambda r: _train(
        _projection(r), ema_decay=0.999, lr_schedule="linear", lr_decay_start=0.5
    ),
    "proj-da": lambda r: _diff_augment(_projection(r)),
    "proj-cbn-ema": lambda r: _train(_projection(r, norm_layer="cbn"), ema_decay=0.999),
    "proj-aux5-ema": lambda r: _train(_aux(_projection(r), 5.0), ema_decay=0.999),
    "proj-plainaux-ema": lambda r: _train(_plain_aux(_projection(r)), ema_decay=0.999),
    "proj-wide-ema": lambda r: _train(_wider(_projection(r)), ema_decay=0.999),
    "proj-wide-ema-ttur": lambda r: _train(
        _wider(_projection(r)), ema_decay=0.999, **optim_preset("ttur").fields()
    ),
    "proj-biggan-ema": lambda r: _train(_biggan_generator(_projection(r)), ema_decay=0.999),
    "proj-biggan-ema-ttur": lambda r: _train(
        _biggan_generator(_projection(r)), ema_decay=0.999, **optim_preset("ttur").fields()
    ),
    "proj-dbn-ema": lambda r: _train(_critic_bn(_projection(r)), ema_decay=0.999),
    "proj-cbn-aux5-ema": lambda r: _train(
        _aux(_projection(r, norm_layer="cbn"), 5.0), ema_decay=0.999
    ),
}


def variant_recipe(variant: str, name: str = DEMO, steps: int | None = None,
                   scale: str = "cpu") -> Recipe:  # fmt: skip
    """Recipe ``name``'s default variant (its generator without dropout unless ``variant``
    is ``"dropout"``) changed by :data:`VARIANTS` ``[variant]``, for ``steps`` iterations."""
    recipe = build(name, None, scale)
    if variant != "dropout" and "dropout" in recipe.generator.spec["kwargs"]:
        recipe = _no_dropout(recipe)
    recipe = VARIANTS[variant](recipe)
    return recipe if steps is None else recipe.with_steps(steps)


def run(
    variant: str, seed: int, steps: int | None, out: Path, name: str = DEMO, scale: str = "cpu"
) -> dict:
    seed_everything(seed)  # before the networks are built
    recipe = variant_recipe(variant, name, steps, scale)
    folder = out / f"{_tag(name)}{variant}-seed{seed}"
    load = list(os.getloadavg())
    t0, c0 = time.perf_counter(), time.process_time()
    trainer = Trainer.from_recipe(
        recipe, out_dir=str(folder), progress=False, overwrite=True, tensorboard=False
    )
    trainer.fit()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    m = evaluate_recipe(recipe, trainer.eval_generator(), n=1000, seed=0)
    div = m.get("diversity") or {}
    row = {
        "recipe": name, "variant": variant, "seed": seed, "steps": trainer.step,
        "accuracy": m["accuracy"], "all_correct": m["accuracy_details"].get("all_correct"),
        "judge": (m.get("judge") or {}).get("real_accuracy"), "chance": m["chance"],
        "fid": m["fid"], "ratio": div.get("ratio"), "recall": div.get("recall"),
        "coverage": div.get("coverage"), "grouping": div.get("grouping"),
        "minutes": wall / 60, "cpu_minutes": cpu / 60, "load_average_at_start": load,
        "torch_threads": int(os.environ.get("OMP_NUM_THREADS", "0")) or None,
    }  # fmt: skip
    (out / f"{_tag(name)}{variant}-seed{seed}.json").write_text(json.dumps(row, indent=1) + "\n")
    print(json.dumps(row))
    return row


def _tag(name: str) -> str:
    return "" if name == DEMO else f"{name}--"


def _stat(values: list[float | None]) -> dict[str, float | None]:
    found = spread(values)
    return {"mean": None, "sd": None, "n": 0} if found is None else dataclasses.asdict(found)


def summarise(rows: list[dict]) -> dict[str, dict]:
    """Mean and sample standard deviation of each figure, per recipe and variant
    (``"<variant>"`` for the demo's recipe, ``"<recipe>--<variant>"`` for others)."""

    def key(r: dict) -> str:
        return _tag(r.get("recipe", DEMO)) + r["variant"]

    names = list(dict.fromkeys(key(r) for r in rows))
    return {v: {k: _stat([r.get(k) for r in rows if key(r) == v]) for k in FIGURES} for v in names}


def plot(summary: dict[str, dict], path: Path, recipe: str = DEMO) -> list[str]:
    """Bars with one standard deviation, one panel per figure, for ``recipe``'s variants
    (each recipe has its own judge, so recipes are not mixed); returns the variants drawn,
    in the order of :data:`VARIANTS`."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = ("accuracy", "ratio", "coverage", "recall", "fid")
    fig, axes = plt.subplots(1, len(shown), figsize=(3.4 * len(shown), 3.8))
    names = [v for v in VARIANTS if _tag(recipe) + v in summary]
    for ax, k in zip(axes, shown, strict=True):
        means = [summary[_tag(recipe) + v][k]["mean"] or 0.0 for v in names]
        sds = [summary[_tag(recipe) + v][k]["sd"] or 0.0 for v in names]
        ax.bar(range(len(names)), means, yerr=sds, capsize=3, color="#4c72b0")
        ax.set_xticks(range(len(names)), names, rotation=45, ha="right")
        ax.set_title(k + (" (lower is better)" if k == "fid" else ""))
    fig.suptitle(f"{recipe} at cpu scale: mean and sd over seeds (1 seed where no bar)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return names


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--variants", default="base,ms,da", help=f"from {', '.join(VARIANTS)}")
    p.add_argument("--seeds", default="0,1,2")
    p.add_argument("--recipe", default=DEMO, help="the recipe whose default variant is changed")
    p.add_argument("--steps", type=int, default=None, help="default: the recipe's (1,200)")
    p.add_argument("--out", type=Path, default=Path("runs/ablation"))
    p.add_argument("--results", type=Path, default=Path(__file__).parent / "results")
    p.add_argument("--summarise", action="store_true", help="gather --out's runs and plot")
    p.add_argument("--stem", default="ablation", help="results file name: <stem>-<date>.json")
    args = p.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.summarise:
        unknown = sorted(set(args.variants.split(",")) - set(VARIANTS))
        if unknown:
            p.error(f"--variants: unknown {unknown}; known: {', '.join(VARIANTS)}")
        for v in args.variants.split(","):
            for s in (int(x) for x in args.seeds.split(",")):
                run(v, s, args.steps, args.out, args.recipe)
        return
    rows = [json.loads(f.read_text()) for f in sorted(args.out.glob("*-seed*.json"))]
    summary = summarise(rows)
    date = datetime.date.today().isoformat()
    record = {"date": date, "cores": os.cpu_count(), "runs": rows, "summary": summary}
    args.results.mkdir(parents=True, exist_ok=True)
    path = args.results / f"{args.stem}-{date}.json"
    path.write_text(json.dumps(record, indent=1) + "\n")
    plot(summary, path.with_suffix(".png"), args.recipe)
    for v, s in summary.items():
        shown = {
            k: f"{s[k]['mean']:.3f}" + (f"+-{s[k]['sd']:.3f}" if s[k]["sd"] is not None else "")
            for k in FIGURES
            if s[k]["n"]
        }
        print(v, f"({max(s[k]['n'] for k in FIGURES)} seed(s))", shown)
    print(f"wrote {path} and {path.with_suffix('.png')}")


if __name__ == "__main__":
    main()
