"""Spec to plan to file drafts: the pure, deterministic middle of forgewright."""

from compiler.build import DEFAULT_TARGET, BuildOutput, build
from compiler.drafts import FileDraft
from compiler.plan import Plan, build_plan

__all__ = ["DEFAULT_TARGET", "BuildOutput", "FileDraft", "Plan", "build", "build_plan"]
