"""Reproduce R3's InfoGAN on cartoon faces (unsupervised conditional generation).

G never sees the labels: it reads noise, one categorical code per cartoon
attribute (6, 4, 3, 2 classes) and two continuous codes. The script trains it on
the procedural cartoon stand-in (or ``--data DIR``), writes sample grids and a
progress GIF, and prints FID and how well each categorical code lines up with
its attribute (best one-to-one relabelling) against the shuffled-code chance.

    python examples/cartoon-infogan/train.py               # cpu scale
    python examples/cartoon-infogan/train.py --smoke       # seconds, for CI
"""

import sys

from condgan.recipes.commands import example_main

if __name__ == "__main__":
    sys.exit(
        example_main(
            "cartoon-infogan",
            description="R3: InfoGAN on cartoon faces; FID and code-attribute alignment.",
        )
    )
