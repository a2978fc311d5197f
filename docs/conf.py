"""Sphinx configuration of condgan's documentation."""

from __future__ import annotations

import condgan

project = "condgan"
author = "condgan developers"
copyright = "2026, condgan developers"
release = condgan.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "sphinx.ext.mathjax",
    "sphinx.ext.intersphinx",
]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
intersphinx_mapping = {}
nitpicky = False
suppress_warnings = ["ref.python"]

html_theme = "furo"
html_title = f"condgan {release}"
html_static_path = ["_static"]
templates_path: list[str] = []
exclude_patterns = ["_build", "bad_inputs.rst"]  # included by runs.rst
