"""The forgewright version recorded in every build's lock file."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def forgewright_version() -> str:
    try:
        return version("forgewright")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0.0.0+unknown"
