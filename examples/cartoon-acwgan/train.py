"""Reproduce R1: an ACWGAN with a spectral-norm critic and a hidden-concat generator
on cartoon faces (hair, eyes, face, glasses).

A standalone script: it builds the report's generator and critic from condgan's
parts, trains each variant with ``condgan.training.Trainer``, saves sample
grids and scores conditional accuracy and FID (the variants: hidden-concat,
only-input, cond-bn, bce). Data: the procedural cartoon stand-in, or
``--data DIR`` (the real ``selected_cartoonset100k`` folder).

    python examples/cartoon-acwgan/train.py                 # all variants, cpu scale
    python examples/cartoon-acwgan/train.py --variants hidden-concat,bce
    python examples/cartoon-acwgan/train.py --smoke         # seconds, for CI
"""

from __future__ import annotations

import argparse
import functools
import time
from pathlib import Path

from torch import nn

from condgan.conditions import (
    ConditionalBatchNorm2d,
    FixedEmbedding,
    HiddenConcat,
    InputConcat,
    OneHot,
)
from condgan.data import cartoon_space
from condgan.heads import ConcatAdversarialHead, Critic, auxiliary_head
from condgan.layers import sn_conv2d, sn_linear
from condgan.losses import NonSaturating, Objective
from condgan.metrics import evaluate_generator
from condgan.models import DCGANBackbone, DCGANGenerator
from condgan.recipes import DataSpec, Reported, VariantResult, results_table, write_results
from condgan.training import TrainConfig, Trainer

NAME = "cartoon-acwgan"
#: Network sizes and budget per scale: the report's 128x128 nets and 260k iterations,
#: a 32x32 CPU run, a smoke test.
SCALES = {
    "paper": dict(size=128, nz=100, embed=16, g=(1024, 512, 256, 128), d=(32, 64, 128, 256, 512),
                  d_final=512, steps=260_000, batch=64, standin_n=9979),
    "cpu": dict(size=32, nz=100, embed=16, g=(128, 64, 32, 16), d=(32, 64, 128), d_final=128,
                steps=1200, batch=32, standin_n=5000),
    "smoke": dict(size=32, nz=8, embed=4, g=(16, 8, 8, 8), d=(8, 8, 8), d_final=8, steps=2,
                  batch=4, standin_n=32),
}  # fmt: skip
#: What each variant changes: where the label embedding enters G, G's norm, the loss.
VARIANTS = {
    "hidden-concat": dict(hidden=(1, 2, 3), report=Reported("FID", 80.017)),
    "only-input": dict(hidden=(), report=Reported("FID", 84.017)),
    "cond-bn": dict(hidden=(1, 2, 3), cbn=True, report=Reported("FID", 84.472)),
    "bce": dict(hidden=(1, 2, 3), loss="bce", report=Reported("FID", 139.838)),
}
AUX_WEIGHT = 0.2  # per-attribute cross-entropy on real and fake images, in D and G


def build_networks(space, s: dict, v: dict) -> tuple[nn.Module, nn.Module]:
    """G: fixed N(0, 1) label embeddings joined to z and after blocks 1-3; D: spectral
    norm everywhere, one-hot labels joined to the features, one softmax head per attribute."""
    encoder = FixedEmbedding(space, s["embed"])
    fusion = {0: InputConcat(), **{k: HiddenConcat() for k in v["hidden"]}}
    norm = (
        functools.partial(ConditionalBatchNorm2d, cond_dim=encoder.out_dim)
        if v.get("cbn") else nn.BatchNorm2d
    )  # fmt: skip
    G = DCGANGenerator(
        space, encoder=encoder, nz=s["nz"], image_size=s["size"], widths=s["g"],
        first_size=s["size"] // 2 ** len(s["g"]), fusion=fusion, norm_layer=norm,
        act_layer=nn.ReLU, dropout=(0.5, 0.5, 0.0, 0.5),
    )  # fmt: skip
    backbone = DCGANBackbone(
        image_size=s["size"], widths=s["d"], final_width=s["d_final"], conv_layer=sn_conv2d
    )
    D = Critic(
        backbone,
        adversarial=ConcatAdversarialHead(backbone.out_dim, OneHot(space), linear_layer=sn_linear),
        auxiliary=auxiliary_head(backbone.out_dim, space, linear_layer=sn_linear),
        space=space,
    )
    return G, D


def run(variant: str, args: argparse.Namespace) -> VariantResult:
    s, v = SCALES[args.scale], VARIANTS[variant]
    space = cartoon_space()
    G, D = build_networks(space, s, v)
    if v.get("loss") == "bce":  # lambda_a 0.2, targets U(0.7, 1.3) and U(0, 0.3)
        adversarial, weight = NonSaturating(real_range=(0.7, 1.3), fake_range=(0.0, 0.3)), 0.2
    else:
        adversarial, weight = "wgan", 0.01
    objective = Objective(
        adversarial, space=space, adversarial_weight=weight, aux_real_weight=AUX_WEIGHT,
        aux_fake_weight=AUX_WEIGHT, aux_gen_weight=AUX_WEIGHT,
    )  # fmt: skip
    out_dir = args.out / NAME / variant
    steps = args.steps or s["steps"]
    config = TrainConfig(
        steps=steps, batch_size=s["batch"], critic_steps=3, lr_g=1e-4, lr_d=1e-4,
        betas_g=(0.0, 0.9), betas_d=(0.0, 0.9), sample_every=max(1, steps // 12),
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
