"""Compilation targets, registered by name; each turns a plan into file drafts.

A target is looked up with :func:`get_target`; an unknown name raises :class:`UnknownTarget`
with the closest registered name as a suggestion.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from compiler.drafts import FileDraft
from compiler.plan import Plan
from dsl.similar import closest


@dataclass(frozen=True)
class Target:
    name: str
    description: str
    emit: Callable[[Plan], list[FileDraft]]


class UnknownTarget(LookupError):
    def __init__(self, name: str, suggestion: str | None) -> None:
        self.name = name
        self.suggestion = suggestion
        message = f"unknown target `{name}`"
        if suggestion:
            message += f"; did you mean `{suggestion}`?"
        message += f" (targets: {', '.join(sorted(_registry()))})"
        super().__init__(message)


def _registry() -> dict[str, Target]:
    from targets import forge_uikit, preview

    return {forge_uikit.TARGET.name: forge_uikit.TARGET, preview.TARGET.name: preview.TARGET}


def target_names() -> tuple[str, ...]:
    return tuple(sorted(_registry()))


def get_target(name: str) -> Target:
    """The registered target called ``name``."""
    registry = _registry()
    found = registry.get(name)
    if found is None:
        raise UnknownTarget(name, closest(name, registry, limit=3))
    return found
