"""Sample versions for the preview, chosen and with their work added up as the app does.

The rules are ``runtime/releases.js``'s, pinned for both by ``tests/vectors/releases.json``: archived versions and
versions without a numeric id are left out; the rest (only released or unreleased ones when asked) go by release
date, undated last, then as listed; at most so many are shown (the soonest unreleased, else the latest). Each
issue adds its value (1 when counted, 0 when it has none) to each of its shown versions, as done when its status
category is Done, else as remaining.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from compiler.plan_types import PlannedField
from targets.preview import sample
from targets.preview.sample import Cell
from targets.preview.sprints import sequenced

UNDATED = "\uffff"


@dataclass(frozen=True)
class VersionIssue:
    versions: tuple[str, ...]
    done: bool
    value: float | None


def chosen_versions(
    versions: Sequence[Mapping[str, Any]], state: str | None, most: int
) -> tuple[list[Mapping[str, Any]], int]:
    """The versions shown, in release order, and how many qualified."""
    kept = [
        v
        for v in versions
        if not v.get("archived")
        and str(v.get("id", "")).isdigit()
        and (state is None or bool(v.get("released")) == (state == "released"))
    ]
    ordered = sorted(kept, key=lambda v: v.get("releaseDate") or UNDATED)  # stable: ties keep the listed order
    shown = ordered[:most] if state == "unreleased" else ordered[max(0, len(ordered) - most) :]
    return shown, len(ordered)


def version_work(ids: Sequence[str], issues: Sequence[VersionIssue]) -> list[dict[str, float]]:
    """Done, remaining and total work of each version, in the order of ``ids``."""
    work = {i: {"done": 0.0, "remaining": 0.0, "total": 0.0} for i in ids}
    for issue in issues:
        value = issue.value if issue.value is not None else 0
        for version in issue.versions:
            entry = work.get(version)
            if entry is not None:
                entry["total"] += value
                entry["done" if issue.done else "remaining"] += value
    return [work[i] for i in ids]


NAMES = ("2.4", "2.5", "2.6", "3.0", "3.1", "Mobile 1.2")


def sample_rows(
    module: str, fields: Sequence[PlannedField], state: str | None, most: int, measured: bool
) -> list[dict[str, Cell]]:
    """Made-up versions of a project, some released, with a dozen issues spread over them, as preview rows."""
    versions: list[dict[str, Any]] = []
    for k, name in enumerate(NAMES):
        released = k < 2
        dated = k < len(NAMES) - 1
        day = sample.TODAY + timedelta(days=21 * (k - 2))
        versions.append(
            {"id": str(10 + k), "name": name, "released": released, "description": f"Release {name}"}
            | ({"releaseDate": day.isoformat(), "startDate": (day - timedelta(days=21)).isoformat()} if dated else {})
        )
    shown, _ = chosen_versions(versions, state, most)
    ids = [str(v["id"]) for v in shown]
    issues = [
        VersionIssue(
            (sample.pick(ids or ["0"], module, "version", str(n)),),
            sample.pick((True, True, False), module, "done", str(n)) or bool(shown and shown[0].get("released")),
            float(sample.pick((1, 2, 3, 5, 8), module, "points", str(n))) if measured else 1,
        )
        for n in range(14)
    ]
    work = version_work(ids, issues)
    items = [
        dict(v) | {"name": sequenced(str(v["name"]), k), "state": "released" if v.get("released") else "unreleased"} | w
        for k, (v, w) in enumerate(zip(shown, work, strict=True))
    ]
    return [{f.name: sample.value_cell(f.type, item.get(f.jira_id or "")) for f in fields} for item in items]
