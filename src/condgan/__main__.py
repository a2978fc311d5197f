"""``python -m condgan`` runs the ``condgan`` command."""

import sys

from condgan.cli import main

sys.exit(main())
