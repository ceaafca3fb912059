"""The compiler's one entry point: a checked app and its spec text in, every output file out."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.drafts import FileDraft
from compiler.lock import LOCK_FILE, lock_data, render_lock
from compiler.plan import Plan, build_plan
from compiler.version import forgewright_version
from dsl import ast

DEFAULT_TARGET = "forge-uikit"


@dataclass(frozen=True)
class BuildOutput:
    """The drafts of every file (sorted by path, lock included) and the plan they came from."""

    drafts: tuple[FileDraft, ...]
    plan: Plan

    def files(self) -> dict[str, str]:
        return {d.path: d.content for d in self.drafts}


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if text.endswith("\n") else text + "\n"


def build(app: ast.App, source_text: str, target: str = DEFAULT_TARGET) -> BuildOutput:
    """Compile a checked app. Pure and deterministic: same input, same bytes."""
    from targets import get_target

    plan = build_plan(app)
    emitted = get_target(target).emit(plan)
    drafts = [FileDraft(d.path, _normalise(d.content)) for d in emitted if d.path != LOCK_FILE]
    paths = [d.path for d in drafts]
    if len(set(paths)) != len(paths):
        raise ValueError(f"target {target} emitted a path twice")
    lock = render_lock(lock_data(plan, source_text, drafts, forgewright_version()))
    drafts.append(FileDraft(LOCK_FILE, lock))
    return BuildOutput(tuple(sorted(drafts)), plan)
