"""The examples shown to the model: the repository's ``examples/*.appspec``, or a small built-in set.

Each example is headed by the English request it answers (a ``# "…"`` comment on its first line).
Only examples that pass the checker are shown: an invalid example would teach invalid syntax.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dsl import analyze

MAX_EXAMPLES = 4


@dataclass(frozen=True)
class Example:
    """One example spec and the request it answers."""

    name: str
    request: str
    source: str


# Used only when the repository's examples/ folder is not available (an installed wheel).
BUILTIN: tuple[tuple[str, str], ...] = (
    (
        "overdue",
        """# "A gadget listing unresolved issues past their due date in a project I pick, most overdue first"
app "Overdue Tracker" {
  description "Work that is past its due date"

  gadget overdue "Overdue issues" {
    config {
      project: project "Project"
      rows: number = 20 "Rows to show"
    }
    issues where "project = {project} AND duedate < now() AND resolution is EMPTY"
      order by duedate asc
      limit {rows}
    table { key, summary, assignee, duedate "Due", priority }
    empty "Nothing is overdue."
  }
}
""",
    ),
    (
        "bugs_by_priority",
        """# "On each project, a page with a pie chart of open bugs by priority"
app "Bug Mix" {
  project_page bugs "Open bugs" {
    issues where "project = {context.project} AND issuetype = Bug AND resolution is EMPTY"
    pie chart "Open bugs by priority" { slice priority value count }
    empty "No open bugs."
  }
}
""",
    ),
    (
        "overdue_days",
        """# "A project page with the open issues that have a due date, days overdue, overdue rows in red"
app "Overdue Days" {
  project_page overdue "Due dates" {
    field days_overdue = today() - duedate
    issues where "project = {context.project} AND duedate is not EMPTY AND resolution is EMPTY"
      order by duedate asc
      limit 200
    table {
      key,
      summary,
      duedate "Due",
      days_overdue "Days overdue" in days,
    } highlight "Overdue" when days_overdue > 0 days
    empty "No open issue has a due date."
  }
}
""",
    ),
    (
        "recent_work",
        """# "In each issue, show the work logged on it and its sub-tasks"
app "Logged Work" {
  issue_panel worklog "Logged work" {
    worklogs of issues where "key = {context.issue} OR parent = {context.issue}" limit 100
    table { started "When", author, issue, timespent "Time" }
    empty "No work logged yet."
  }
}
""",
    ),
)


def request_of(source: str) -> str:
    """The request an example answers: its leading comment lines, joined, without the quotes."""
    parts: list[str] = []
    for line in source.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        parts.append(stripped.lstrip("#").strip())
    text = " ".join(p for p in parts if p)
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def examples_dir() -> Path:
    """Where the repository keeps its examples (next to the ``dsl`` package in a source checkout)."""
    import dsl

    return Path(dsl.__file__).resolve().parent.parent / "examples"


def _first_kind(source: str) -> str:
    analysis = analyze(source)
    if analysis.app is None or not analysis.app.modules:
        return ""
    return analysis.app.modules[0].kind.value


def _select(candidates: list[Example]) -> tuple[Example, ...]:
    """Up to :data:`MAX_EXAMPLES`, one per module kind first, in name order: stable and varied."""
    chosen: list[Example] = []
    kinds: set[str] = set()
    for example in candidates:
        kind = _first_kind(example.source)
        if kind not in kinds and len(chosen) < MAX_EXAMPLES:
            chosen.append(example)
            kinds.add(kind)
    for example in candidates:
        if example not in chosen and len(chosen) < MAX_EXAMPLES:
            chosen.append(example)
    return tuple(sorted(chosen, key=lambda e: e.name))


def _valid(name: str, source: str) -> Example | None:
    return Example(name, request_of(source), source) if analyze(source, name).ok else None


def load_examples(folder: Path | None = None) -> tuple[Example, ...]:
    """The examples for the prompt: valid ones from ``folder`` (default: the repo's), else the built-ins."""
    folder = examples_dir() if folder is None else folder
    found: list[Example] = []
    if folder.is_dir():
        for path in sorted(folder.glob("*.appspec")):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            example = _valid(path.stem, text)
            if example is not None:
                found.append(example)
    if not found:
        found = [e for name, text in BUILTIN if (e := _valid(name, text)) is not None]
    return _select(found)
