"""Fixtures for the metrics tests: one cache folder for the session (never ``~/.cache``)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def metrics_cache(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("condgan-cache"))


@pytest.fixture(autouse=True)
def _cache_env(metrics_cache, monkeypatch):
    monkeypatch.setenv("CONDGAN_CACHE", metrics_cache)
