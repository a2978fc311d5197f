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
    critic.eval()
    with torch.no_grad():
        real = to_unit(ref.images)
        scores = torch.cat([_scores(critic(real[j : j + 256], ref.y[j : j + 256]).aux)
                            for j in range(0, len(real), 256)])  # fmt: skip
    judge = evaluator_scores(evaluator_for_space(space), ref.images)
    return {
        "recipe": recipe_name, "steps": steps, "seed": seed, "batch_size": batch,
        "train_images": len(x), "eval_images": len(ref.images),
        "critic": accuracy_from_scores(space, scores, ref.y)["accuracy"],
        "judge": accuracy_from_scores(space, judge, ref.y)["accuracy"],
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
    args = p.parse_args()
    rows = []
    for seed in (int(s) for s in args.seeds.split(",")):
        load = list(os.getloadavg())
        row = run(args.recipe, args.steps, seed=seed, scale=args.scale, data=args.data)
        row["load_average_at_start"] = load
        print(json.dumps(row), flush=True)
        rows.append(row)
    save_runs(args.results, f"critic-reads-{args.recipe}", rows)


if __name__ == "__main__":
    main()
