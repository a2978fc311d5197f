"""Train a conditional GAN on your own folder of labelled images, sample by name, evaluate.

Your images in one folder per class (``pics/cat/1.png``), in ``attribute=value``
folders (``pics/hair=blue/eyes=red/1.png``), or listed in a table
(``pics/labels.csv``: a ``file`` column and label columns). Then:

    python examples/custom-dataset/train.py --data pics/ --size 32 --fit resize
    python examples/custom-dataset/train.py --data pics/ --smoke    # seconds, for CI

It reads the data (the condition space is inferred from the labels), builds a
DCGAN generator and a projection critic sized to the images, trains, writes a
grid with one row per condition name, trains a judge on part of the data, and
prints the judge's held-out accuracy, the samples' conditional accuracy and FID.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import torch

from condgan.data import InMemoryImages, load
from condgan.metrics import evaluate_generator
from condgan.metrics.train_judge import train_judge
from condgan.recipes.own_data import build_own_data
from condgan.training import Trainer
from condgan.training.visuals import save_grid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="your labelled images")
    parser.add_argument("--size", type=int, default=None, help="training side (8-256)")
    parser.add_argument("--fit", default="none", help="none, resize or center-crop")
    parser.add_argument("--steps", type=int, default=None, help="training iterations")
    parser.add_argument("--out", type=Path, default=Path("runs/custom-dataset"))
    parser.add_argument("--smoke", action="store_true", help="tiny nets, 2 steps (for CI)")
    args = parser.parse_args()

    # 1. Your data: the layout is detected and the condition space inferred from the labels.
    data = load(args.data, size=args.size, fit=args.fit)
    data = InMemoryImages.from_dataset(data)  # decode the files once, not at every step
    print(f"{len(data)} images, {data.channels} x {data.image_size} x {data.image_size}")
    print(f"conditions: {data.space!r}")

    # 2. A model sized to the images: DCGAN generator, spectral-norm critic with a
    #    projection head (+ an auxiliary classifier for class/attribute labels), hinge loss.
    recipe = build_own_data(data, scale="smoke" if args.smoke else "cpu", out_dir=args.out)
    config = recipe.train.replace(progress=False)
    if args.steps is not None:
        config = config.replace(steps=args.steps)
    trainer = Trainer(recipe.generator, recipe.critic, recipe.objective, data, config)
    trainer.fit()
    G = trainer.generator.eval()

    # 3. Samples by name: one row per condition (up to 8 found in the data), 8 images a row.
    names = data.space.describe(torch.unique(data.y, dim=0)[:8])
    y = data.space.encode(names).repeat_interleave(8, 0)
    with torch.no_grad():
        images = G(G.sample_noise(len(y), generator=torch.Generator().manual_seed(1)), y)
    save_grid(images, args.out / "by_name.png", nrow=8)
    print(f"rows of {args.out / 'by_name.png'}: {names}")

    # 4. A judge for your labels, trained on 80% of the images and tested on the rest;
    #    then the samples' conditional accuracy and FID in the judge's features.
    judge = train_judge(data, args.out / "judge.pt", epochs=1 if args.smoke else 15,
                        verbose=False)  # fmt: skip
    print(f"judge held-out accuracy: {judge.heldout['accuracy']:.3f} (chance {judge.chance:.3f})"
          + ("  -- too weak to judge" if judge.weak else ""))  # fmt: skip
    result = evaluate_generator(G, data=args.data, evaluator=judge.evaluator,
                                n=32 if args.smoke else 1000)  # fmt: skip
    print(f"conditional accuracy: {result['accuracy']['accuracy']:.3f}")
    print(f"FID (judge features): {result['fidelity']['fid']:.2f}")


if __name__ == "__main__":
    main()
