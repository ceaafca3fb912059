"""Spec to plan to file drafts: the pure, deterministic middle of forgewright."""
