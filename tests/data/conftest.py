"""Tiny stand-in data sets written once per test session (shared, read-only)."""

from __future__ import annotations

import pytest

from condgan.data.standin import write_anime, write_cartoon, write_iclevr


@pytest.fixture(scope="session")
def cartoon_dir(tmp_path_factory):
    return write_cartoon(tmp_path_factory.mktemp("data") / "cartoon", 24, seed=3, size=32)


@pytest.fixture(scope="session")
def iclevr_dir(tmp_path_factory):
    return write_iclevr(tmp_path_factory.mktemp("data") / "iclevr", 20, seed=3, size=32)


@pytest.fixture(scope="session")
def anime2018_dir(tmp_path_factory):
    return write_anime(tmp_path_factory.mktemp("data") / "anime18", 20, seed=3, size=32)


@pytest.fixture(scope="session")
def anime2017_dir(tmp_path_factory):
    return write_anime(
        tmp_path_factory.mktemp("data") / "anime17", 40, seed=3, version=2017, size=32
    )
