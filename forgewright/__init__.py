"""forgewright: the imperative shell (CLI, LLM front-end, deploy) around the pure dsl/compiler core.

Kept empty of imports: every command imports this package first, so anything here slows them all
(the version is looked up only for ``--version`` and builds, in :mod:`compiler.version`).
"""
