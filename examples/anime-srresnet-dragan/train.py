"""Reproduce R5: Jin et al.'s SRResNet generator and spectral-norm residual critic with
BCE, tag classification and DRAGAN, on the 2017 anime tags (12 hair x 11 eye colours).

Trains each variant (default, no-sn) on the procedural anime 2017 stand-in (or
``--data DIR``, the real ``faces/`` + ``tags_clean.csv`` folder) with flip and
+-5 degree rotation, writes sample grids and a progress GIF per variant, and
prints accuracy, chance and FID.

    python examples/anime-srresnet-dragan/train.py             # both variants, cpu scale
    python examples/anime-srresnet-dragan/train.py --variants no-sn
    python examples/anime-srresnet-dragan/train.py --smoke     # seconds, for CI
"""

import sys

from condgan.recipes.commands import example_main

if __name__ == "__main__":
    sys.exit(
        example_main(
            "anime-srresnet-dragan",
            description="R5: SRResNet G + SN residual D, BCE + tag classification + DRAGAN "
            "on anime faces.",
        )
    )
