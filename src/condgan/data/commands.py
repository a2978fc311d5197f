"""``condgan make-data`` (write a stand-in data set) and ``condgan inspect-data`` (read yours).

:func:`add_data_options` and :func:`data_options` are the data-reading options
shared by every command that takes ``--data`` (``train``, ``train-evaluator``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from condgan.errors import at_least

__all__ = ["add_data_options", "data_options", "register"]


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
    p.add_argument("--n", type=at_least(1), default=1000, help="number of images (default 1000)")
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

    p = subparsers.add_parser(
        "inspect-data",
        help="show what condgan infers from your data (space, counts, sizes, bad files)",
        description=(
            "Read a data set as `condgan train --data` would (an image-folder tree, a label "
            "table, a tensor file or a course folder) and print the layout, the condition "
            "space, the counts per value, the image sizes and modes, and unreadable files. "
            "Writes nothing. Exit code 1 when training on it would fail."
        ),
    )
    p.add_argument("data", type=Path, help="folder, table (.csv/.json/.jsonl) or .pt/.npz file")
    p.add_argument("--json", type=Path, default=None, metavar="OUT", help="also write JSON here")
    add_data_options(p)
    p.set_defaults(func=_inspect_data)


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


def add_data_options(p: argparse.ArgumentParser) -> None:
    """The options that say how to read a user's data (``--size``, ``--fit``, ...)."""
    g = p.add_argument_group("reading your data (see `condgan inspect-data --help`)")
    g.add_argument(
        "--size",
        type=int,
        default=None,
        help="training image side, 8-256 (default: the images' own common size)",
    )
    g.add_argument(
        "--channels",
        type=int,
        choices=(1, 3),
        default=None,
        help="1 (grayscale) or 3 (RGB) (default: 1 if every image is grayscale)",
    )
    g.add_argument(
        "--fit",
        choices=("none", "resize", "center-crop"),
        default=None,
        help="resize policy for images not SIZE x SIZE (default none: all images "
        "must share one square size)",
    )
    g.add_argument(
        "--format",
        default=None,
        metavar="LAYOUT",
        help="force a layout: course, folder-table, folder, table, tensor-file",
    )
    g.add_argument("--file-column", default=None, metavar="NAME", help="a table's image column")
    g.add_argument(
        "--label-column",
        default=None,
        metavar="NAME",
        help="a table's label-list column (multi-label data)",
    )
    g.add_argument("--text-column", default=None, metavar="NAME", help="a table's text column")
    g.add_argument(
        "--attribute-columns",
        default=None,
        metavar="A,B",
        help="a table's attribute columns, comma-separated",
    )


def data_options(args: argparse.Namespace) -> dict:
    """:func:`condgan.data.load`'s keyword arguments from :func:`add_data_options`' options."""
    from condgan.data.table import Columns

    columns = None
    given = (args.file_column, args.label_column, args.text_column, args.attribute_columns)
    if any(v is not None for v in given):
        attrs = args.attribute_columns
        names = None if attrs is None else [a.strip() for a in attrs.split(",") if a.strip()]
        columns = Columns(
            file=args.file_column, labels=args.label_column, text=args.text_column,
            attributes=names,
        )  # fmt: skip
    return {
        "size": args.size, "channels": args.channels, "fit": args.fit or "none",
        "columns": columns, "format": args.format,
    }  # fmt: skip


def _inspect_data(args: argparse.Namespace) -> int:
    import json

    from condgan.data.inspect import inspect_data

    report = inspect_data(args.data, **data_options(args))
    print(report.format_text())
    if args.json is not None:
        args.json.write_text(json.dumps(report.to_dict(), indent=2) + "\n")
    return 0 if report.ok else 1
