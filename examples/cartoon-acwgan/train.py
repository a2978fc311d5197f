"""Reproduce R1's ACWGAN on cartoon faces and its four experiments.

Trains each variant (hidden-concat, only-input, cond-bn, bce) on the procedural
cartoon stand-in (or ``--data DIR``, the real ``selected_cartoonset100k``
folder), writes sample grids and a progress GIF per variant, and prints
accuracy, chance and FID beside the report's FIDs.

    python examples/cartoon-acwgan/train.py                 # all variants, cpu scale
    python examples/cartoon-acwgan/train.py --variants hidden-concat,bce
    python examples/cartoon-acwgan/train.py --smoke         # seconds, for CI
"""

import sys

from condgan.recipes.commands import example_main

if __name__ == "__main__":
    sys.exit(
        example_main(
            "cartoon-acwgan",
            description="R1: ACWGAN with a spectral-norm critic and hidden-concat G on cartoon "
            "faces, four experiments beside the report's FIDs.",
        )
    )
