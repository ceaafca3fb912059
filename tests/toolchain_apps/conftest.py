"""Fixtures for the generated-app checks: each app is built once per test session (and per xdist worker)."""

from __future__ import annotations

import pytest
from generated_app_support import AppCache


@pytest.fixture(scope="session")
def app_cache(tmp_path_factory: pytest.TempPathFactory) -> AppCache:
    return AppCache(tmp_path_factory.mktemp("generated"))
