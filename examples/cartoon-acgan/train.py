"""Reproduce R3's ACGAN on cartoon faces and its six experiments.

Trains each variant (baseline, d-half, cls-weight-2, cls-weight-10, latent-100,
lr-5e-5, leaky-relu) on the procedural cartoon stand-in (or ``--data DIR``, the
real ``selected_cartoonset100k`` folder), writes sample grids and a progress GIF
per variant, and prints accuracy, chance and FID beside the report's FIDs.

    python examples/cartoon-acgan/train.py                 # all variants, cpu scale
    python examples/cartoon-acgan/train.py --variants baseline,latent-100
    python examples/cartoon-acgan/train.py --smoke         # seconds, for CI
"""

import sys

from condgan.recipes.commands import example_main

if __name__ == "__main__":
    sys.exit(
        example_main(
            "cartoon-acgan",
            description="R3: ACGAN on cartoon faces (BCE + per-attribute classifiers), "
            "seven experiments beside the report's FIDs.",
        )
    )
