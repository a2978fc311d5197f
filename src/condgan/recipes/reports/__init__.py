"""One module per report; each registers its recipe(s) when imported.

:func:`load_all` imports every module of this package (the registry calls it
the first time it is asked for a recipe), so adding a report is adding a file.
"""

from __future__ import annotations

import importlib
import pkgutil

__all__ = ["load_all"]


def load_all() -> list[str]:
    """Import every report module here; returns their names."""
    loaded = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
            loaded.append(info.name)
    return loaded
