"""Reproduce R3's InfoGAN on cartoon faces: unsupervised conditional generation.

A standalone script: it builds an InfoGAN generator that reads noise and latent
codes (one categorical code per cartoon attribute, two continuous codes), never
the labels, and a critic with adversarial, categorical-code and continuous-code
heads, from condgan's parts; trains it with ``condgan.training.Trainer``; saves
sample grids; and scores FID and how well each code lines up with an
attribute (a relabelling-invariant "accuracy", beside its chance level). Data:
the procedural cartoon stand-in, or ``--data DIR`` (``selected_cartoonset100k``).

    python examples/cartoon-infogan/train.py                # cpu scale
    python examples/cartoon-infogan/train.py --smoke        # seconds, for CI
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from torch import nn

from condgan.data import cartoon_space
from condgan.heads import AdversarialHead, Critic, InfoHead
from condgan.losses import Objective
from condgan.metrics import evaluate_generator
from condgan.models import DCGANBackbone, InfoGANGenerator
from condgan.recipes import DataSpec, Reported, VariantResult, results_table, write_results
from condgan.recipes.alignment import infogan_alignment
from condgan.training import TrainConfig, Trainer

NAME = "cartoon-infogan"
#: Network sizes and budget per scale (the report lists the common PyTorch InfoGAN's
#: layers but no sizes): 128x128 and 10,000 iterations, a 32x32 CPU run, a smoke test.
SCALES = {
    "paper": dict(size=128, nz=62, g=(128, 64), d=(16, 32, 64, 128), steps=10_000, batch=64,
                  standin_n=5000),
    "cpu": dict(size=32, nz=62, g=(32, 16), d=(32, 64, 128, 256), steps=600, batch=64,
                standin_n=5000),
    "smoke": dict(size=32, nz=8, g=(8, 8), d=(8, 8, 8, 8), steps=2, batch=4, standin_n=32),
}  # fmt: skip
VARIANTS = {"default": dict(report=Reported("FID", None, note="no number given (samples shown)"))}


def build_networks(space, s: dict) -> tuple[nn.Module, nn.Module]:
    """G: ``[z, codes] -> linear -> 3 x (BN, Upsample, Conv) -> tanh`` with one
    categorical code per attribute (6, 4, 3, 2 classes) and 2 continuous codes; D: four
    (Conv 3x3 stride 2, LeakyReLU, Dropout2d) blocks, adversarial and code heads."""
    codes = tuple(size for _, size in space.groups)
    G = InfoGANGenerator(
        space, nz=s["nz"], image_size=s["size"], widths=s["g"], categorical=codes, continuous=2,
        encoder=None,  # unsupervised: y never enters G
    )  # fmt: skip
    backbone = DCGANBackbone(
        image_size=s["size"], widths=s["d"], kernel_size=3, dropout=0.25,
        dropout_layer=nn.Dropout2d,
    )  # fmt: skip
    D = Critic(
        backbone,
        adversarial=AdversarialHead(backbone.out_dim),
        info=InfoHead(backbone.out_dim, categorical=codes, continuous=2, predict_log_scale=False),
        space=space,
    )
    return G, D


def run(variant: str, args: argparse.Namespace) -> VariantResult:
    s, v = SCALES[args.scale], VARIANTS[variant]
    space = cartoon_space()
    G, D = build_networks(space, s)
    # least squares for real/fake; cross-entropy (weight 1) and MSE (weight 0.1) for the codes
    objective = Objective(
        "lsgan", space=space, info_cat_weight=1.0, info_cont_weight=0.1, info_continuous="mse"
    )
    out_dir = args.out / NAME / variant
    steps = args.steps or s["steps"]
    config = TrainConfig(
        steps=steps, batch_size=s["batch"], lr_g=2e-4, lr_d=2e-4, betas_g=(0.5, 0.999),
        betas_d=(0.5, 0.999), sample_every=max(1, steps // 10), checkpoint_every=0,
        out_dir=str(out_dir), progress=not args.smoke, tensorboard=False, plot=not args.smoke,
    )  # fmt: skip
    data = DataSpec("cartoon", s["size"], standin_n=s["standin_n"], data_dir=args.data)
    trainer = Trainer(G, D, objective, data(), config)
    t0 = time.perf_counter()
    trainer.fit()
    seconds = time.perf_counter() - t0

    G.eval()  # FID on held-out images; the codes' alignment with the evaluator's attributes
    # the reference: the data's held-out split (never trained on), or a stand-in of another seed
    reference = data.reference(args.n_eval) if args.data else data.standin_folder(args.n_eval, 1000)
    scores = evaluate_generator(G, data=reference, n=args.n_eval, seed=0)
    aligned = infogan_alignment(G, space, n=args.n_eval, seed=0)
    fid = scores["fidelity"]["fid"]
    print(f"{variant}: code alignment {aligned['accuracy']:.3f} (chance {aligned['chance']:.3f}), "
          f"FID {fid:.1f}; samples in {out_dir}/samples")  # fmt: skip
    return VariantResult(
        NAME, variant, args.scale, trainer.step, seconds, aligned["accuracy"], aligned["chance"],
        fid, reported=v["report"], details={**scores, "alignment": aligned}, out_dir=str(out_dir),
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
