"""Reproduce R5: Jin et al.'s SRResNet generator and spectral-norm residual critic with
BCE, tag classification and DRAGAN, on the 2017 anime tags (12 hair x 11 eye colours).

A standalone script: it builds both networks from condgan's parts, trains each
variant with ``condgan.training.Trainer`` (flips and +-5 degree rotations),
saves sample grids and scores conditional accuracy and FID (the variants:
default, and no-sn without spectral norm in the critic). Data: the procedural
anime stand-in, or ``--data DIR`` (the 2017 anime folder).

    python examples/anime-srresnet-dragan/train.py          # both variants, cpu scale
    python examples/anime-srresnet-dragan/train.py --smoke  # seconds, for CI
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

from torch import nn

from condgan.conditions import OneHot
from condgan.data import anime_space, r5_augment
from condgan.heads import AdversarialHead, Critic, auxiliary_head
from condgan.layers import sn_conv2d, sn_linear
from condgan.losses import DRAGAN, Objective
from condgan.metrics import evaluate_generator
from condgan.models import SRResNetBackbone, SRResNetGenerator
from condgan.recipes import DataSpec, Reported, VariantResult, results_table, write_results
from condgan.training import TrainConfig, Trainer

NAME = "anime-srresnet-dragan"
#: Network sizes and budget per scale: the report's 96x96 nets and 500 epochs of 33.4k
#: images, a 32x32 CPU run (two upsampling stages, shallower critic), a smoke test.
SCALES = {
    "paper": dict(size=96, nz=100, width=64, blocks=16, ups=3,
                  d=((32, 4, 2), (64, 4, 4), (128, 4, 4), (256, 3, 4), (512, 3, 4), (1024, 3, 0)),
                  steps=math.ceil(500 * 33_400 / 64), batch=64, standin_n=33_400),
    "cpu": dict(size=32, nz=100, width=32, blocks=4, ups=2,
                d=((16, 4, 1), (32, 4, 1), (64, 4, 1), (128, 3, 0)), steps=500, batch=64,
                standin_n=5000),
    "smoke": dict(size=32, nz=8, width=8, blocks=1, ups=2, d=((8, 4, 1), (8, 3, 0)), steps=2,
                  batch=8, standin_n=48),
}  # fmt: skip
_OBS = "the report gives no number"
VARIANTS = {
    "default": dict(sn=True, report=Reported("observation", None, note=_OBS)),
    "no-sn": dict(sn=False, report=Reported("observation", None, note=_OBS)),
}


def build_networks(space, s: dict, v: dict) -> tuple[nn.Module, nn.Module]:
    """G: ``[z, multi-hot tags] -> linear -> residual blocks -> pixel-shuffle ups -> 9x9
    conv, tanh``; D: strided convs (width, kernel) each followed by residual blocks
    (LeakyReLU, no norm), a linear adversarial output and one softmax per attribute."""
    G = SRResNetGenerator(
        space, encoder=OneHot(space), nz=s["nz"], image_size=s["size"], width=s["width"],
        num_blocks=s["blocks"], num_upsamples=s["ups"],
    )  # fmt: skip
    conv, linear = (sn_conv2d, sn_linear) if v["sn"] else (nn.Conv2d, nn.Linear)
    widths, kernels, blocks = zip(*s["d"])
    backbone = SRResNetBackbone(
        image_size=s["size"], widths=widths, kernels=kernels, blocks=blocks, conv_layer=conv
    )
    D = Critic(
        backbone,
        adversarial=AdversarialHead(backbone.out_dim, linear_layer=linear),
        auxiliary=auxiliary_head(backbone.out_dim, space, linear_layer=linear),
        space=space,
    )
    return G, D


def run(variant: str, args: argparse.Namespace) -> VariantResult:
    s, v = SCALES[args.scale], VARIANTS[variant]
    space = anime_space(2017)
    G, D = build_networks(space, s, v)
    # BCE, per-attribute cross-entropy on real (D) and generated (G) images, DRAGAN 0.5
    objective = Objective(
        "bce", space=space, penalties=[(DRAGAN(), 0.5)], aux_real_weight=1.0, aux_gen_weight=1.0
    )
    out_dir = args.out / NAME / variant
    steps = args.steps or s["steps"]
    config = TrainConfig(
        steps=steps, batch_size=s["batch"], lr_g=2e-4, lr_d=2e-4, betas_g=(0.5, 0.999),
        betas_d=(0.5, 0.999), sample_every=max(1, steps // 10), checkpoint_every=0,
        out_dir=str(out_dir), progress=not args.smoke, tensorboard=False, plot=not args.smoke,
    )  # fmt: skip
    data = DataSpec(
        "anime", s["size"], standin_n=s["standin_n"], version=2017, data_dir=args.data,
        transform=r5_augment(),  # horizontal flips and rotations up to 5 degrees
    )  # fmt: skip
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
    p.add_argument("--data", type=Path, default=None, help="the 2017 anime folder")
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
