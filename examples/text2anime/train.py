"""Reproduce R4: text-to-anime DCGANs with a matching-aware critic and four losses.

Each image's tags become a phrase ("blue hair red eyes") embedded by
all-MiniLM-L6-v2 (the ``text`` extra) or, without it, by the deterministic
HashedBagOfWords fallback. Trains each variant (dcgan-bce, lsgan, wgan-clip,
wgan-gp, pretrain) on the procedural anime stand-in (or ``--data DIR``, the real
2018 ``extra_data`` folder), writes sample grids and a progress GIF per variant,
and prints the anime evaluator's accuracy on the asked colours, chance and FID.

    python examples/text2anime/train.py                    # all variants, cpu scale
    python examples/text2anime/train.py --variants dcgan-bce,pretrain
    python examples/text2anime/train.py --smoke            # seconds, for CI
"""

import sys

from condgan.recipes.commands import example_main

if __name__ == "__main__":
    sys.exit(
        example_main(
            "text2anime",
            description="R4: text-conditioned anime DCGAN (BCE, LSGAN, WGAN, WGAN-GP, "
            "pre-training) with a matching-aware critic.",
        )
    )
