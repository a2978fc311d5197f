"""Reproduce R3's ACGAN on cartoon faces and its six experiments.

A standalone script: it builds the report's generator and critic from condgan's
parts, trains each variant with ``condgan.training.Trainer``, saves sample
grids and scores conditional accuracy and FID (the variants: baseline, d-half,
cls-weight-2, cls-weight-10, latent-100, lr-5e-5, leaky-relu, each changing one
thing). Data: the procedural cartoon stand-in, or ``--data DIR`` (the real
``selected_cartoonset100k`` folder).

    python examples/cartoon-acgan/train.py                  # all variants, cpu scale
    python examples/cartoon-acgan/train.py --variants baseline,latent-100
    python examples/cartoon-acgan/train.py --smoke          # seconds, for CI
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from torch import nn

from condgan.conditions import OneHot
from condgan.data import cartoon_space
from condgan.heads import AdversarialHead, Critic, auxiliary_head
from condgan.layers import leaky_relu
from condgan.losses import Objective
from condgan.metrics import evaluate_generator
from condgan.models import DCGANBackbone, DCGANGenerator
from condgan.recipes import DataSpec, Reported, VariantResult, results_table, write_results
from condgan.training import TrainConfig, Trainer

NAME = "cartoon-acgan"
#: Network sizes and budget per scale: the report's 128x128 nets (batch and length not in
#: the report: DCGAN's batch 64, 10,000 iterations), a 32x32 CPU run, a smoke test.
SCALES = {
    "paper": dict(size=128, g=(1024, 512, 256, 128, 64), d=(64, 128, 256, 512, 1024),
                  steps=10_000, batch=64, standin_n=5000),
    "cpu": dict(size=32, g=(128, 64, 32), d=(32, 64, 128), steps=1000, batch=64, standin_n=5000),
    "smoke": dict(size=32, g=(8, 8, 8), d=(8, 8, 8), steps=2, batch=4, standin_n=32),
}  # fmt: skip
#: The report's experiments, each changing one thing from the baseline (latent 200,
#: lr 2e-4, ReLU in G, classification weight 1, one D update per G update).
VARIANTS = {
    "baseline": dict(report=Reported("FID", 166.24)),
    "d-half": dict(g_steps=2, report=Reported("FID", 221.0)),
    "cls-weight-2": dict(cls=2.0, report=Reported("FID", 231.0, note="training diverged")),
    "cls-weight-10": dict(cls=10.0, report=Reported("FID", None, note="run, but no FID given")),
    "latent-100": dict(nz=100, report=Reported("FID", 168.19)),
    "lr-5e-5": dict(lr=5e-5, report=Reported("FID", 166.87)),
    "leaky-relu": dict(act_layer=leaky_relu, report=Reported("FID", 166.87)),
}


def build_networks(space, s: dict, v: dict) -> tuple[nn.Module, nn.Module]:
    """G: ``[z, one-hot y]`` -> transposed conv + BN + act blocks -> tanh; D: conv +
    LeakyReLU blocks, a linear adversarial output and one classifier per attribute."""
    G = DCGANGenerator(
        space, encoder=OneHot(space), nz=v.get("nz", 200), image_size=s["size"],
        widths=s["g"], first_size=4, norm_layer=nn.BatchNorm2d,
        act_layer=v.get("act_layer", nn.ReLU),
    )  # fmt: skip
    backbone = DCGANBackbone(image_size=s["size"], widths=s["d"])
    D = Critic(
        backbone,
        adversarial=AdversarialHead(backbone.out_dim),
        auxiliary=auxiliary_head(backbone.out_dim, space),
        space=space,
    )
    return G, D


def run(variant: str, args: argparse.Namespace) -> VariantResult:
    s, v = SCALES[args.scale], VARIANTS[variant]
    space = cartoon_space()
    G, D = build_networks(space, s, v)
    w = v.get("cls", 1.0)  # scales D's terms on real and fake images and G's term
    objective = Objective(
        "bce", space=space, aux_real_weight=w, aux_fake_weight=w, aux_gen_weight=w
    )
    out_dir = args.out / NAME / variant
    steps, lr = args.steps or s["steps"], v.get("lr", 2e-4)
    config = TrainConfig(
        steps=steps, batch_size=s["batch"], g_steps=v.get("g_steps", 1), lr_g=lr, lr_d=lr,
        betas_g=(0.5, 0.999), betas_d=(0.5, 0.999), sample_every=max(1, steps // 10),
        checkpoint_every=0, out_dir=str(out_dir), progress=not args.smoke, tensorboard=False,
        plot=not args.smoke,
    )  # fmt: skip
    data = DataSpec("cartoon", s["size"], standin_n=s["standin_n"], data_dir=args.data)
    trainer = Trainer(G, D, objective, data(), config)
    t0 = time.perf_counter()
    trainer.fit()
    seconds = time.perf_counter() - t0

    G.eval()  # sample in eval mode
    # the reference: the data's held-out split (never trained on), or a stand-in of another seed
    reference = data.reference(args.n_eval) if args.data else data.standin_folder(args.n_eval, 1000)
    scores = evaluate_generator(G, data=reference, n=args.n_eval, seed=0)
    accuracy, fid = scores["accuracy"]["accuracy"], scores["fidelity"]["fid"]
    print(f"{variant}: accuracy {accuracy:.3f}, FID {fid:.1f}; samples in {out_dir}/samples")
    return VariantResult(
        NAME, variant, args.scale, trainer.step, seconds, accuracy, None, fid,
        reported=v["report"], details=scores, out_dir=str(out_dir),
    )  # fmt: skip


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated variants")
    p.add_argument("--scale", default="cpu", choices=list(SCALES))
    p.add_argument("--steps", type=int, default=None, help="iterations (default: the scale's)")
    p.add_argument("--data", type=Path, default=None, help="the real cartoon folder")
    p.add_argument("--out", type=Path, default=Path("runs"))
    p.add_argument("--n-eval", type=int, default=1000, help="generated images for the metrics")
    p.add_argument("--smoke", action="store_true", help="smoke scale, 2 steps, 32 images")
    args = p.parse_args()
    if args.smoke:
        args.scale, args.steps, args.n_eval = "smoke", 2, 32
    chosen = args.variants.split(",")
    if unknown := set(chosen) - set(VARIANTS):
        p.error(f"--variants {sorted(unknown)} are not variants; choose from {list(VARIANTS)}")
    results = [run(variant, args) for variant in chosen]
    write_results(results, args.out / NAME)
    print(results_table(results))


if __name__ == "__main__":
    main()
