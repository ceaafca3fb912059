"""Shared pytest configuration for forgewright's tests."""

from __future__ import annotations

import pytest
import toolchain_support


def pytest_configure(config: pytest.Config) -> None:
    # `toolchain` marker + the gate that runs, fails or (locally, on request) loudly skips the
    # Node-based Forge checks. See tests/toolchain_support.py.
    toolchain_support.configure(config)
