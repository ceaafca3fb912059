"""forgewright: the imperative shell (CLI, LLM front-end, deploy) around the pure dsl/compiler core."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("forgewright")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
