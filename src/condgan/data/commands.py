"""The ``condgan make-data`` command: write a procedural stand-in data set."""

from __future__ import annotations

import argparse

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``make-data`` to the ``condgan`` command."""
    p = subparsers.add_parser(
        "make-data",
        help="write a procedural stand-in data set in a real data set's format",
        description=(
            "Render a look-alike data set (same seed -> byte-identical files) in the format of "
            "the real one, so the same loaders and --data DIR options read it."
        ),
    )
    p.add_argument("kind", choices=["iclevr", "cartoon", "anime"], help="which data set")
    p.add_argument("out", help="folder to create (must be absent or empty)")
    p.add_argument("--n", type=int, default=1000, help="number of images (default 1000)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument(
        "--size",
        type=int,
        default=None,
        help="image side in pixels (default: cartoon 128, iclevr 64, anime 64/96)",
    )
    p.add_argument(
        "--version",
        type=int,
        choices=[2017, 2018],
        default=2018,
        help="anime format: 2018 tags.csv or 2017 tags_clean.csv (default 2018)",
    )
    p.add_argument("--overwrite", action="store_true", help="replace a non-empty OUT")
    p.set_defaults(func=_make_data)


def _make_data(args: argparse.Namespace) -> int:
    import time

    from condgan.data.standin import write_standin

    start = time.perf_counter()
    out = write_standin(
        args.kind, args.out, args.n, args.seed, size=args.size, version=args.version,
        overwrite=args.overwrite,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    print(f"wrote {args.n} {args.kind} images to {out} in {seconds:.1f} s "
          f"({args.n / max(seconds, 1e-9) * 60:.0f} images/min)")  # fmt: skip
    return 0
