"""Finding the headless Chromium the browser tests drive (Debian's package; never a downloaded build).

Under CI (env ``CI`` set) a missing browser fails the test; locally it is skipped loudly (a warning and
a skip reason in the summary). ``FORGEWRIGHT_CHROMIUM`` may name another binary.
"""

from __future__ import annotations

import os
import shutil
import warnings

import pytest

INSTALL = "apt-get install -y --no-install-recommends chromium"


def find_chromium() -> str:
    """The path of a Chromium binary, or a failure (CI) or loud skip (elsewhere) saying how to install one."""
    for name in (os.environ.get("FORGEWRIGHT_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and (found := shutil.which(name)):
            return found
    message = f"headless Chromium not found; install it with: {INSTALL} (or set FORGEWRIGHT_CHROMIUM)"
    if os.environ.get("CI"):
        pytest.fail(message)
    warnings.warn(f"SKIPPING the browser test: {message}", stacklevel=2)
    pytest.skip(f"LOUD SKIP: {message}")
