"""Can the recommended critic read the conditions of real images? (issue 18)

An auxiliary classifier teaches the generator only what the critic itself can
read. This script trains the recommended variant's critic of a recipe (its
backbone and classifier head; no adversarial term, no generator) as a plain
classifier on the recipe's training images, with the GAN's optimiser and batch
(Adam 2e-4, betas (0, 0.9), the recipe's batch size), and scores it on 1,000
real images it never saw, by the judge's own rule, beside the judge's figure on
the same images. The recipe's stand-in is used unless ``--data`` is given.

    python benchmarks/critic_reads.py --recipe iclevr-acwgan-gp --steps 2000
    python benchmarks/critic_reads.py --recipe cartoon-acwgan --steps 2000

On i-CLEVR at 32 px the critic reads far less than the judge (see the Quality
page): the reason the recommended model's i-CLEVR accuracy stays low.

``--gan VARIANT`` reads the critic inside the adversarial game instead: it
trains the ablation's variant (``benchmarks/ablation.py``) of the recipe, reads
its critic's classifier on the same 1,000 unseen real images at four points of
the run, and scores the generator by the judge at the end:

    python benchmarks/critic_reads.py --recipe iclevr-acwgan-gp --gan proj-ema --steps 2000
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import torch
from harness import save_runs

from condgan.data.tensors import to_unit
from condgan.losses import AuxiliaryLoss
from condgan.metrics import accuracy_from_scores, evaluator_for_space, evaluator_scores
from condgan.recipes import build
from condgan.training import seed_everything


def _scores(aux: torch.Tensor | list[torch.Tensor]) -> torch.Tensor:
    return aux if isinstance(aux, torch.Tensor) else torch.cat(list(aux), dim=1)


def critic_accuracy(critic: torch.nn.Module, space, ref) -> float:
    """The critic's classifier on the real images ``ref`` by the judge's rule (eval mode,
    restored after)."""
    was = critic.training
    critic.eval()
    with torch.no_grad():
        real = to_unit(ref.images)
        scores = torch.cat([_scores(critic(real[j : j + 256], ref.y[j : j + 256]).aux)
                            for j in range(0, len(real), 256)])  # fmt: skip
    critic.train(was)
    return accuracy_from_scores(space, scores, ref.y)["accuracy"]


def _judge(space, ref) -> float:
    judge = evaluator_scores(evaluator_for_space(space), ref.images)
    return accuracy_from_scores(space, judge, ref.y)["accuracy"]


def run_gan(
    recipe_name: str, variant: str, steps: int, *, seed: int = 0, scale: str = "cpu",
    n_eval: int = 1000, marks: int = 4, out: Path = Path("runs/critic-reads"),
) -> dict:  # fmt: skip
    """Train ablation variant ``variant`` of ``recipe_name`` for ``steps`` iterations, reading
    its critic's classifier at ``marks`` even points; the generator's judged accuracy at the
    end. The figures as a dict (``critic_reads``: ``[[step, accuracy], ...]``)."""
    from ablation import variant_recipe

    from condgan.recipes.runner import evaluate_recipe
    from condgan.training import Trainer

    seed_everything(seed)
    recipe = variant_recipe(variant, recipe_name, steps, scale)
    if recipe.critic.auxiliary is None or not recipe.objective.aux_real_weight:
        raise ValueError(f"{recipe_name} {variant}'s critic has no classifier head trained on "
                         "real images (none, or aux_real_weight 0)")  # fmt: skip
    ref = recipe.data.reference(n_eval)
    folder = out / f"{recipe_name}--{variant}-seed{seed}"
    trainer = Trainer.from_recipe(recipe, out_dir=str(folder), progress=False, overwrite=True,
                                  tensorboard=False)  # fmt: skip
    t0, c0 = time.perf_counter(), time.process_time()
    reads = []
    for k in range(1, marks + 1):
        trainer.fit(steps * k // marks)
        reads.append([trainer.step, critic_accuracy(trainer.critic, recipe.space, ref)])
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    m = evaluate_recipe(recipe, trainer.eval_generator(), n=n_eval, seed=0)
    return {
        "recipe": recipe_name, "variant": variant, "steps": trainer.step, "seed": seed,
        "eval_images": len(ref.images), "critic_reads": reads, "critic": reads[-1][1],
        "generator": m["accuracy"], "judge": (m.get("judge") or {}).get("real_accuracy"),
        "fid": m["fid"],
        "minutes": wall / 60, "cpu_minutes": cpu / 60, "load_average_at_start": None,
        "torch_threads": torch.get_num_threads(),
    }  # fmt: skip


def run(recipe_name: str, steps: int, *, seed: int = 0, scale: str = "cpu", n_eval: int = 1000,
        data: str | None = None) -> dict:  # fmt: skip
    """Train the critic's classifier alone for ``steps`` batches; the figures as a dict."""
    seed_everything(seed)
    recipe = build(recipe_name, "recommended", scale, data_dir=data)
    critic, space = recipe.critic, recipe.space
    if critic.auxiliary is None:
        raise ValueError(f"{recipe_name}'s recommended critic has no classifier head")
    train = recipe.data()
    xs, ys = zip(*(train[i] for i in range(len(train))), strict=True)
    x, y = torch.stack(xs), torch.stack(ys)
    ref = recipe.data.reference(n_eval)
    loss_fn = AuxiliaryLoss(space)
    opt = torch.optim.Adam(critic.parameters(), lr=2e-4, betas=(0.0, 0.9))
    batch = recipe.train.batch_size
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(steps):
        i = torch.randint(0, len(x), (batch,))
        loss = loss_fn(critic(x[i], y[i]).aux, y[i])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "recipe": recipe_name, "steps": steps, "seed": seed, "batch_size": batch,
        "train_images": len(x), "eval_images": len(ref.images),
        "critic": critic_accuracy(critic, space, ref), "judge": _judge(space, ref),
        "final_train_loss": loss.item(), "minutes": wall / 60, "cpu_minutes": cpu / 60,
        "load_average_at_start": None, "torch_threads": torch.get_num_threads(),
    }  # fmt: skip


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--recipe", default="iclevr-acwgan-gp")
    p.add_argument("--steps", type=int, default=2000)
    p.add_argument("--seeds", default="0")
    p.add_argument("--scale", default="cpu")
    p.add_argument("--data", default=None, help="real data folder (default: the stand-in)")
    p.add_argument("--results", type=Path, default=Path(__file__).parent / "results")
    p.add_argument(
        "--gan", default=None, metavar="VARIANT",
        help="read the critic of this ablation variant while it trains as a GAN",
    )  # fmt: skip
    p.add_argument("--out", type=Path, default=Path("runs/critic-reads"), help="--gan's runs")
    args = p.parse_args()
    if args.gan is not None and args.data is not None:
        p.error("--gan trains on the recipe's stand-in; --data is for the classifier alone")
    rows = []
    for seed in (int(s) for s in args.seeds.split(",")):
        load = list(os.getloadavg())
        if args.gan is None:
            row = run(args.recipe, args.steps, seed=seed, scale=args.scale, data=args.data)
        else:
            row = run_gan(args.recipe, args.gan, args.steps, seed=seed, scale=args.scale,
                          out=args.out)  # fmt: skip
        row["load_average_at_start"] = load
        print(json.dumps(row), flush=True)
        rows.append(row)
    stem = f"critic-reads-{args.recipe}" + (f"-gan-{args.gan}" if args.gan else "")
    save_runs(args.results, stem, rows)


if __name__ == "__main__":
    main()
