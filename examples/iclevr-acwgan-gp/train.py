"""Reproduce R2: an ACGAN with a WGAN-GP critic and a multi-label head on i-CLEVR scenes.

A standalone script: it builds the report's generator and critic from condgan's
parts, trains each variant with ``condgan.training.Trainer``, saves sample
grids and scores conditional accuracy and FID (the variants: wgan-gp,
wgan-clip, bce, cgan). Data: the procedural i-CLEVR stand-in, or ``--data DIR``
(a real i-CLEVR folder with ``objects.json``, ``train.json`` and ``images/``).

    python examples/iclevr-acwgan-gp/train.py               # all variants, cpu scale
    python examples/iclevr-acwgan-gp/train.py --variants wgan-gp,bce
    python examples/iclevr-acwgan-gp/train.py --smoke       # seconds, for CI
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from torch import nn

from condgan.conditions import OneHot
from condgan.data import iclevr_space
from condgan.heads import Critic, auxiliary_head
from condgan.losses import WGANGP, Objective
from condgan.metrics import evaluate_generator
from condgan.models import DCGANBackbone, DCGANGenerator, adversarial_head
from condgan.recipes import DataSpec, Reported, VariantResult, results_table, write_results
from condgan.training import TrainConfig, Trainer

NAME = "iclevr-acwgan-gp"
#: Network sizes and budget per scale: the report's 64x64 nets (G 3,822,080 and
#: D 2,960,408 parameters, 16,920 iterations of batch 128), a 32x32 CPU run, a smoke test.
SCALES = {
    "paper": dict(size=64, nz=100, stem=128, g=(512, 256, 128, 64), d=(64, 128, 256, 512),
                  steps=16_920, batch=128, standin_n=18_009),
    "cpu": dict(size=32, nz=100, stem=128, g=(128, 64, 32), d=(32, 64, 128), steps=300, batch=64,
                standin_n=5000),
    "smoke": dict(size=32, nz=8, stem=8, g=(16, 8, 8), d=(8, 8, 8), steps=2, batch=4,
                  standin_n=32),
}  # fmt: skip
#: What each variant changes: the loss, the gradient penalty, the aux weight, the head.
VARIANTS = {
    "wgan-gp": dict(loss="wgan", gp=10.0, aux=5.0, report=Reported("accuracy", 0.7638, False)),
    "wgan-clip": dict(loss="wgan", aux=5.0, clip=0.01, optimizer="rmsprop", lr=5e-5,
                      report=Reported("accuracy", None, False, "worse than WGAN-GP")),
    "bce": dict(loss="bce", aux=5.0,
                report=Reported("accuracy", None, False, "collapses to a single label")),
    "cgan": dict(loss="wgan", gp=10.0, aux=0.0, head="projection",
                 report=Reported("accuracy", None, False, "ACGAN (wgan-gp) kept")),
}  # fmt: skip


def build_networks(space, s: dict, v: dict) -> tuple[nn.Module, nn.Module]:
    """G: ``[z, multi-hot y]`` -> Linear -> bias-free transposed convs; D: bias-free
    strided convs + an adversarial head (+ a 24-way multi-label head)."""
    G = DCGANGenerator(
        space, encoder=OneHot(space), nz=s["nz"], image_size=s["size"], widths=s["g"],
        first_size=4, stem_dim=s["stem"], norm_layer=nn.BatchNorm2d, act_layer=nn.ReLU,
        bias=False,
    )  # fmt: skip
    backbone = DCGANBackbone(image_size=s["size"], widths=s["d"], bias=False)
    D = Critic(
        backbone,
        adversarial=adversarial_head(v.get("head", "adversarial"), backbone.out_dim, space,
                                     bias=False),
        auxiliary=auxiliary_head(backbone.out_dim, space) if v["aux"] else None,
        space=space,
    )  # fmt: skip
    return G, D


def run(variant: str, args: argparse.Namespace) -> VariantResult:
    s, v = SCALES[args.scale], VARIANTS[variant]
    space = iclevr_space()
    G, D = build_networks(space, s, v)
    objective = Objective(
        v["loss"], space=space, penalties=[(WGANGP(), v["gp"])] if "gp" in v else [],
        aux_real_weight=v["aux"], aux_gen_weight=v["aux"],
    )  # fmt: skip
    lr, opt = v.get("lr", 2e-4), v.get("optimizer", "adam")
    out_dir = args.out / NAME / variant
    config = TrainConfig(
        steps=args.steps or s["steps"], batch_size=s["batch"], critic_steps=5, lr_g=lr, lr_d=lr,
        optimizer_g=opt, optimizer_d=opt, betas_g=(0.5, 0.999), betas_d=(0.5, 0.999),
        clip_value=v.get("clip"), sample_every=max(1, (args.steps or s["steps"]) // 10),
        checkpoint_every=0, out_dir=str(out_dir), progress=not args.smoke,
        tensorboard=False, plot=not args.smoke,
    )  # fmt: skip
    data = DataSpec("iclevr", s["size"], standin_n=s["standin_n"], data_dir=args.data)
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
    p.add_argument("--data", type=Path, default=None, help="a real i-CLEVR folder")
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
