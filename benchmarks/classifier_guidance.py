"""Would a better reader than the critic lift i-CLEVR? A frozen-classifier probe (issue 18).

``benchmarks/critic_reads.py`` showed that the recommended critic reads i-CLEVR
at 32 px far worse than the judge (0.38 against 0.98). This script asks whether
a better reader helps the generator. It trains a *guide*: a separate classifier
(the judge's residual architecture, its own seed, read at 32 px) on the
recipe's 5,000 training images only, as the judge was
(:func:`condgan.metrics.fit_classifier`: AdamW 3e-3, one-cycle,
flips, shifts and noise). It then freezes the guide and runs, per
seed:

* ``gan``: the recommended model as it is (2,000 iterations by default);
* ``gan+guide``: the same with the guide's classification loss on generated
  images added to the generator's loss (weight ``--weight``), as plug-and-play
  generators use a fixed classifier (Nguyen et al., CVPR 2017);
* ``guide-only``: the generator trained on the guide's loss alone, no critic
  (``--guide-only-steps``): can this generator satisfy a classifier at all,
  and does the judge then agree?

Each run is scored by the judge on 1,000 samples of unseen conditions (beside
the judge's figure on real images) and by the guide itself; the GAN runs also
by the recipe runner's diversity ratio and FID.

    python benchmarks/classifier_guidance.py --seeds 0,1,2
    python benchmarks/classifier_guidance.py --seeds 0 --steps 4 --guide-epochs 1 \
        --guide-only-steps 4 --scale smoke                  # smoke
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import time
from pathlib import Path

import torch
from harness import save_runs
from torch import Tensor, nn

from condgan.losses import AuxiliaryLoss, ObjectiveTerm
from condgan.losses.term import TermInputs, TermValue
from condgan.metrics import (
    accuracy_from_scores,
    evaluator_for_space,
    evaluator_scores,
    fit_classifier,
)
from condgan.metrics.evaluator import Evaluator
from condgan.recipes import Recipe, build
from condgan.recipes.runner import evaluate_recipe
from condgan.training import Trainer, seed_everything

RECIPE = "iclevr-acwgan-gp"


class Guidance(ObjectiveTerm):
    """The frozen ``classifier``'s auxiliary loss on generated images (generator only)."""

    name = "guide"

    def __init__(self, classifier: nn.Module, space) -> None:
        super().__init__()
        self._classifier = [classifier]  # not a submodule: frozen, not the critic's
        self.loss = AuxiliaryLoss(space)

    def generator_term(self, inputs: TermInputs) -> TermValue:
        return self.loss(self._classifier[0](inputs.fake), inputs.y_fake), {}


def train_guide(recipe: Recipe, x: Tensor, y: Tensor, *, epochs: int, seed: int) -> Evaluator:
    """The guide: the judge's architecture read at the recipe's size, trained on ``x, y``."""
    gen = torch.Generator().manual_seed(seed + 77)
    guide = Evaluator(recipe.space, input_size=recipe.data.image_size, name="guide")
    fit_classifier(guide, recipe.space, x, y, epochs=epochs, generator=gen)
    for p in guide.parameters():
        p.requires_grad_(False)
    return guide


def _read(space, model: nn.Module, images: Tensor, y: Tensor) -> float:
    return accuracy_from_scores(space, evaluator_scores(model, images), y)["accuracy"]


def _samples(g: nn.Module, y: Tensor, seed: int) -> Tensor:
    g.eval()
    with torch.no_grad():
        z = g.sample_noise(len(y), generator=torch.Generator().manual_seed(seed))
        return torch.cat([g(z[i : i + 250], y[i : i + 250]) for i in range(0, len(y), 250)])


def run(seed: int, *, steps: int, weight: float, guide_epochs: int, guide_only_steps: int,
        scale: str, out: Path, n_eval: int = 1000) -> list[dict]:  # fmt: skip
    load = list(os.getloadavg())
    seed_everything(seed)
    recipe = build(RECIPE, "recommended", scale).with_steps(steps)
    space = recipe.space
    train = recipe.data()
    xs, ys = zip(*(train[i] for i in range(len(train))), strict=True)
    x, y = torch.stack(xs), torch.stack(ys)
    ref = recipe.data.reference(n_eval)
    judge = evaluator_for_space(space)
    c0 = time.process_time()
    guide = train_guide(recipe, x, y, epochs=guide_epochs, seed=seed)
    base = {
        "recipe": RECIPE, "seed": seed, "scale": scale, "train_images": len(x),
        "guide_epochs": guide_epochs, "guide_cpu_minutes": (time.process_time() - c0) / 60,
        "guide_real": _read(space, guide, ref.images, ref.y),
        "judge_real": _read(space, judge, ref.images, ref.y),
        "load_average_at_start": load,
        "torch_threads": torch.get_num_threads(),
    }  # fmt: skip
    rows = []
    for mode, w in (("gan", 0.0), ("gan+guide", weight)):
        seed_everything(seed)
        r = build(RECIPE, "recommended", scale).with_steps(steps)
        if w:
            terms = [*r.objective.terms, (Guidance(guide, space), w)]
            r = dataclasses.replace(r, objective=dataclasses.replace(r.objective, terms=terms))
        c1 = time.process_time()
        trainer = Trainer.from_recipe(r, out_dir=str(out / f"{mode}-seed{seed}"), progress=False,
                                      overwrite=True, tensorboard=False)  # fmt: skip
        trainer.fit()
        cpu = (time.process_time() - c1) / 60
        g = trainer.eval_generator()
        m = evaluate_recipe(r, g, n=n_eval, seed=0)
        fake = _samples(g, ref.y, seed=5)
        div = m.get("diversity") or {}
        rows.append({**base, "mode": mode, "weight": w, "steps": trainer.step,
                     "judge_fake": m["accuracy"], "guide_fake": _read(space, guide, fake, ref.y),
                     "ratio": div.get("ratio"), "coverage": div.get("coverage"), "fid": m["fid"],
                     "gan_cpu_minutes": cpu})  # fmt: skip
        print(json.dumps(rows[-1]), flush=True)
    # the generator on the guide's loss alone, no critic: train-mode batch statistics
    seed_everything(seed)
    g = build(RECIPE, "recommended", scale).generator
    opt = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.0, 0.9))
    aux, gen = AuxiliaryLoss(space), torch.Generator().manual_seed(seed)
    g.train()
    for _ in range(guide_only_steps):
        yb = y[torch.randint(0, len(y), (32,), generator=gen)]
        loss = aux(guide(g(g.sample_noise(len(yb), generator=gen), yb)), yb)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    with torch.no_grad():  # batch statistics, as it trained
        ys_ = ref.y.split(250)
        fake = torch.cat([g(g.sample_noise(len(c), generator=gen), c) for c in ys_])
    rows.append({**base, "mode": "guide-only", "weight": None, "steps": guide_only_steps,
                 "judge_fake": _read(space, judge, fake, ref.y),
                 "guide_fake": _read(space, guide, fake, ref.y)})  # fmt: skip
    print(json.dumps(rows[-1]), flush=True)
    return rows


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seeds", default="0,1,2")
    p.add_argument("--steps", type=int, default=2000, help="GAN iterations")
    p.add_argument("--weight", type=float, default=1.0, help="the guide term's weight")
    p.add_argument("--guide-epochs", type=int, default=10)
    p.add_argument("--guide-only-steps", type=int, default=800)
    p.add_argument("--scale", default="cpu")
    p.add_argument("--out", type=Path, default=Path("runs/classifier-guidance"))
    p.add_argument("--results", type=Path, default=Path(__file__).parent / "results")
    args = p.parse_args()
    rows = []
    for seed in (int(s) for s in args.seeds.split(",")):
        rows += run(
            seed, steps=args.steps, weight=args.weight, guide_epochs=args.guide_epochs,
            guide_only_steps=args.guide_only_steps, scale=args.scale, out=args.out,
        )  # fmt: skip
    save_runs(args.results, "classifier-guidance", rows)


if __name__ == "__main__":
    main()
