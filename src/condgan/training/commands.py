"""The ``condgan sample`` subcommand (``condgan train`` is in :mod:`condgan.recipes`).

Heavy imports (torch, the checkpoint code) happen inside the command function
so ``condgan --help`` stays fast.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``sample`` to the ``condgan`` parser."""
    p = subparsers.add_parser(
        "sample",
        help="draw a grid of images from a checkpoint",
        description="Rebuild the generator from a checkpoint alone (no training code or data) "
        "and save a PNG grid: one row per --condition, N images per row.",
    )
    p.add_argument("checkpoint", type=Path, help="checkpoint file or run folder")
    p.add_argument("--condition", action="append", default=None, metavar="TEXT",
                   help='a condition such as "blue hair red eyes" (repeatable; '
                        'attributes may be left free: "blue hair" alone; default: random '
                        "conditions)")  # fmt: skip
    p.add_argument("--n", type=int, default=16, help="images per condition (default 16)")
    p.add_argument("--out", type=Path, default=Path("grid.png"), help="PNG to write")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-ema", action="store_true", help="use the raw weights, not the EMA")
    p.add_argument("--device", default="cpu")
    p.set_defaults(func=_sample)


def _sample(args: argparse.Namespace) -> int:
    import torch

    from condgan.training.checkpoint import load_generator
    from condgan.training.run_conditions import encode_conditions, run_conditions
    from condgan.training.visuals import save_grid

    if args.n < 1:
        raise ValueError(f"--n must be >= 1, got {args.n}")
    try:
        device = torch.device(args.device)
    except RuntimeError:
        raise ValueError(
            f"--device {args.device!r} is not a torch device (e.g. cpu, cuda, cuda:1, mps)"
        ) from None
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"--device {args.device}: CUDA is not available here; use --device cpu")
    gen = load_generator(args.checkpoint, ema=not args.no_ema, map_location=device).to(device)
    space = gen.space
    g = torch.Generator().manual_seed(args.seed)
    if args.condition:
        rows = len(args.condition)
        prior = run_conditions(args.checkpoint)
        y = encode_conditions(space, list(args.condition), repeat=args.n, prior=prior, generator=g)
    else:
        rows = 4
        y = space.sample(rows, generator=g).repeat_interleave(args.n, 0)
    z = gen.sample_noise(y.shape[0], generator=g).to(args.device)
    with torch.no_grad():
        if getattr(gen, "info_spec", None) is not None:
            codes = gen.sample_codes(y.shape[0], generator=g)
            images = gen(z, y.to(args.device), codes)
        else:
            images = gen(z, y.to(args.device))
    nrow = args.n if rows > 1 else max(1, math.ceil(math.sqrt(args.n)))
    labels = list(args.condition) if args.condition else space.describe(y[:: args.n].cpu())
    if rows == 1:  # one condition over a square grid: its name on the first row
        labels += [""] * (math.ceil(args.n / nrow) - 1)
    save_grid(images, args.out, nrow=nrow, labels=labels)
    print(f"wrote {args.out} ({rows} condition(s) x {args.n})")
    return 0
