"""Reproduce R4: text-to-anime-face DCGANs with a matching-aware critic, four losses.

A standalone script: each image's tags become a phrase ("blue hair red eyes")
embedded by a sentence encoder (all-MiniLM-L6-v2 with the ``text`` extra, else a
hashed bag of words); the generator and the matching-aware critic are built from
condgan's parts and trained with ``condgan.training.Trainer``; the script saves
sample grids and scores conditional accuracy (phrases mapped back to hair and
eye colours for the anime evaluator) and FID. Variants: dcgan-bce, lsgan,
wgan-clip, wgan-gp, pretrain. Data: the procedural anime stand-in, or ``--data
DIR`` (the 2018 anime folder).

    python examples/text2anime/train.py                     # all variants, cpu scale
    python examples/text2anime/train.py --variants dcgan-bce,wgan-gp
    python examples/text2anime/train.py --smoke             # seconds, for CI
"""

from __future__ import annotations

import argparse
import functools
import time
from pathlib import Path

from torch import nn

from condgan.conditions import Projection
from condgan.data import anime_space
from condgan.heads import Critic, SpatialConcatHead
from condgan.layers import LinearToMap
from condgan.losses import WGANGP, Objective
from condgan.metrics import evaluate_generator
from condgan.models import DCGANBackbone, DCGANGenerator
from condgan.recipes import Reported, VariantResult, results_table, write_results
from condgan.recipes.reports.text2anime import (
    MatchingAfter,
    PhraseGenerator,
    TextDataSpec,
    anime_text_space,
    epochs_to_steps,
    text_encoder_kind,
)
from condgan.training import TrainConfig, Trainer

NAME = "text2anime"
#: Network sizes and budget per scale: the report's 64x64 nets (100 epochs of 10,966
#: images), a 32x32 CPU run (fewer iterations with 5 critic steps), a smoke test.
SCALES = {
    "paper": dict(size=64, nz=100, g=(512, 256, 128, 64), d=(64, 128, 256, 512), text=256,
                  hidden=512, batch=64, standin_n=10_966, steps={1: 17_135, 5: 17_135}),
    "cpu": dict(size=32, nz=100, g=(128, 64, 32), d=(32, 64, 128), text=128, hidden=128,
                batch=64, standin_n=5000, steps={1: 500, 5: 150}),
    "smoke": dict(size=32, nz=8, g=(16, 8, 8), d=(8, 8, 8), text=8, hidden=8, batch=8,
                  standin_n=48, steps={1: 2, 5: 2}),
}  # fmt: skip
_OBS = "the report gives no number"
#: The report's losses: D:G updates 1:2 for BCE/LSGAN, 5:1 for the WGANs.
VARIANTS = {
    "dcgan-bce": dict(loss="bce", g_steps=2),
    "lsgan": dict(loss="lsgan", g_steps=2),
    "wgan-clip": dict(loss="wgan", critic_steps=5, optimizer="rmsprop", lr=5e-5, clip=0.01),
    "wgan-gp": dict(loss="wgan", critic_steps=5, lr=1e-4, gp=10.0),
    "pretrain": dict(loss="bce", g_steps=2, pretrain=True),  # 5 epochs without wrong texts
}


def build_networks(space, s: dict) -> tuple[nn.Module, nn.Module]:
    """G: text -> Linear + ReLU, joined to uniform z; linear to 4x4, 5x5 up-convs with BN;
    D: 5x5 strided convs with BN, the text code joined to the last map (matching-aware)."""
    G = DCGANGenerator(
        space, encoder=Projection(space, s["text"], act_layer=nn.ReLU), nz=s["nz"],
        image_size=s["size"], widths=s["g"], first_size=4, first_block=LinearToMap,
        kernel_size=5, norm_layer=functools.partial(nn.BatchNorm2d, momentum=0.1),
        act_layer=nn.ReLU, noise="uniform",
    )  # fmt: skip
    backbone = DCGANBackbone(
        image_size=s["size"], widths=s["d"], kernel_size=5, norm_layer=nn.BatchNorm2d
    )
    head = SpatialConcatHead(
        backbone.feature_shape, Projection(space, s["text"], act_layer=nn.ReLU), hidden=s["hidden"]
    )
    return G, Critic(backbone, adversarial=head, space=space)


def run(variant: str, args: argparse.Namespace) -> VariantResult:
    s, v = SCALES[args.scale], VARIANTS[variant]
    space = anime_text_space(text_encoder_kind())  # the 120 "<hair> hair <eyes> eyes" phrases
    G, D = build_networks(space, s)
    objective = Objective(
        v["loss"], space=space, match_weight=0.0 if v.get("pretrain") else 1.0,
        penalties=[(WGANGP(), v["gp"])] if "gp" in v else [],
    )  # fmt: skip
    hooks = []
    if v.get("pretrain"):  # switch the wrong-text term on after 5 epochs (smoke: 1 step)
        start = 1 if args.smoke else epochs_to_steps(5, s["standin_n"], s["batch"])
        hooks.append((MatchingAfter(start, 1.0), 1))
    n_critic, lr, opt = v.get("critic_steps", 1), v.get("lr", 2e-4), v.get("optimizer", "adam")
    steps = args.steps or s["steps"][n_critic]
    out_dir = args.out / NAME / variant
    config = TrainConfig(
        steps=steps, batch_size=s["batch"], critic_steps=n_critic, g_steps=v.get("g_steps", 1),
        optimizer_g=opt, optimizer_d=opt, lr_g=lr, lr_d=lr, betas_g=(0.5, 0.9),
        betas_d=(0.5, 0.9), clip_value=v.get("clip"), sample_every=max(1, steps // 10),
        checkpoint_every=0, out_dir=str(out_dir), progress=not args.smoke, tensorboard=False,
        plot=not args.smoke,
    )  # fmt: skip
    data = TextDataSpec(
        "anime", s["size"], standin_n=s["standin_n"], version=2018, data_dir=args.data,
        text_space=space,
    )  # fmt: skip
    trainer = Trainer(G, D, objective, data(), config, hooks=hooks)
    t0 = time.perf_counter()
    trainer.fit()
    seconds = time.perf_counter() - t0

    G.eval()  # ask for hair and eye colours as phrases; the anime evaluator scores them
    labelled = PhraseGenerator(G, space, anime_space(2018))
    # the reference: the data's held-out split (never trained on), or a stand-in of another seed
    reference = data.reference(args.n_eval) if args.data else data.standin_folder(args.n_eval, 1000)
    scores = evaluate_generator(labelled, data=reference, n=args.n_eval, seed=0)
    accuracy, fid = scores["accuracy"]["accuracy"], scores["fidelity"]["fid"]
    print(f"{variant}: accuracy {accuracy:.3f}, FID {fid:.1f}; samples in {out_dir}/samples")
    return VariantResult(
        NAME, variant, args.scale, trainer.step, seconds, accuracy, None, fid,
        reported=Reported("observation", None, note=_OBS), details=scores, out_dir=str(out_dir),
    )  # fmt: skip


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated variants")
    p.add_argument("--scale", default="cpu", choices=list(SCALES))
    p.add_argument("--steps", type=int, default=None, help="iterations (default: the scale's)")
    p.add_argument("--data", type=Path, default=None, help="the 2018 anime folder")
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
