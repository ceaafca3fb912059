"""The true values of a module: its query evaluated directly over all the data, read as the viewer reads it.

Rows come from the same JSON the fake API would send (render.py) read the way the app reads it
(reference.row_value); the views over them come from the app's reference semantics (reference.views), over
*all* matching rows: a true chart or sum is never capped, only a table is (at its limit).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benchmarks.fakejira import reference, render
from benchmarks.fakejira.jql.engine import Engine, Viewer
from benchmarks.fakejira.model import DAY_MS, Board, Dataset, Issue, Sprint
from benchmarks.fakejira.scenario import Scenario
from compiler.plan import PlannedModule
from compiler.plan_types import HistoryFetch, ParamLimit, SprintFetch, VersionFetch
from dsl.resolve import DataKind
from targets.preview.measures import PERIODS
from targets.preview.periods import StatusChange, status_periods


@dataclass(frozen=True)
class Truth:
    rows: list[dict[str, Any]]  # every row the module's data has for this viewer, in the query's order
    limit: int  # rows a table or list shows at most
    views: list[dict[str, Any]]  # what each view should show, over all rows
    matching: int  # items the query matches: issues (for worklog and sprint modules too), projects or filters


def table_limit(module: PlannedModule, params: dict[str, Any]) -> int:
    """The plan's row limit; a configured one is clamped to the plan's range, as the runtime clamps it."""
    assert module.data is not None
    limit = module.data.limit
    if isinstance(limit, ParamLimit):
        value = params[limit.param]
        return max(limit.min, min(limit.max, int(value) if isinstance(value, int | float) else 0))
    return limit.value


def _issue_rows(sc: Scenario, data: Dataset, engine: Engine) -> list[dict[str, Any]]:
    module = sc.module
    found = engine.matches(reference.module_jql(module, sc.env), Viewer(sc.account))
    fields = render.api_fields(data)
    selection = render.Selection(frozenset(f.jira_id for f in module.fields if f.jira_id))
    rows = []
    for issue in found:
        values = render.issue(issue, selection, data, fields)["fields"]
        row: dict[str, Any] = {}
        for f in module.fields:
            row[f.name] = issue.key if f.jira_id is None else reference.row_value(f.type, values.get(f.jira_id))
        rows.append(row)
    return rows


def _worklog_rows(sc: Scenario, data: Dataset, engine: Engine) -> list[dict[str, Any]]:
    module = sc.module
    rows = []
    for issue in engine.matches(reference.module_jql(module, sc.env), Viewer(sc.account)):
        for log in issue.worklogs:
            shown = render.worklog(log, data)
            if not reference.keeps_worklog(module, sc.env, shown, data.now):
                continue
            row: dict[str, Any] = {}
            for f in module.fields:
                if f.name == "issue":
                    row["issue"] = issue.key
                elif f.name == "summary":
                    row["summary"] = issue.summary
                else:
                    row[f.name] = reference.row_value(f.type, shown.get(f.jira_id or ""))
            rows.append(row)
    return rows


def _history_rows(sc: Scenario, data: Dataset, engine: Engine, fetch: HistoryFetch) -> list[dict[str, Any]]:
    """Issues with their whole status history: one row per stay (status periods), or one per issue carrying its
    stays for its history measures; stays run until the site's clock (the app's, at the start of its load)."""
    module = sc.module
    found = engine.matches(reference.history_jql(module, sc.env, fetch), Viewer(sc.account))
    fields = render.api_fields(data)
    selection = render.Selection(frozenset(fetch.issue_fields))
    listed = {s.id: render.status(s) for s in data.statuses} if fetch.statuses is not None else {}
    names = {s.id: s.name for s in data.statuses}
    rows = []
    for issue in found:
        values = render.issue(issue, selection, data, fields)["fields"]
        changes = [
            StatusChange(c.at, c.before, names.get(c.before), c.after, names.get(c.after))
            for c in issue.changes
            if c.field == "status"
        ]
        periods = status_periods(issue.created, values["status"], changes, listed, data.now)
        row = {f.name: issue.key if f.jira_id is None else None for f in module.fields if f.read[0] != "period"}
        for f in module.fields:
            if f.jira_id is not None and f.read[0] != "period":
                row[f.name] = reference.row_value(f.type, values.get(f.jira_id))
        if fetch.kind == "issueHistories":
            rows.append({**row, PERIODS: periods})
            continue
        for period in periods:
            stay = {
                f.name: reference.period_value(f.type, f.name, period) for f in module.fields if f.read[0] == "period"
            }
            rows.append({**row, **stay})
    return rows


def _entity_rows(sc: Scenario, data: Dataset) -> list[dict[str, Any]]:
    module = sc.module
    assert module.data is not None
    items: list[dict[str, Any]]
    if module.data.kind is DataKind.PROJECTS:
        counts: dict[str, int] = {}
        for issue in data.issues:
            counts[issue.project.key] = counts.get(issue.project.key, 0) + 1
        everything = frozenset({"lead", "description", "insight"})
        visible = sorted((p for p in data.projects if data.can_browse(p, sc.account)), key=lambda p: p.key)
        items = [render.project(p, everything, counts.get(p.key, 0)) for p in visible]
    else:
        everything = frozenset(render.FILTER_EXPANDS)
        shown = sorted((f for f in data.filters if data.can_see_filter(f, sc.account)), key=lambda f: f.name.lower())
        items = [render.saved_filter(f, everything) for f in shown]
    return [{f.name: reference.row_value(f.type, item.get(f.jira_id or "")) for f in module.fields} for item in items]


def _member_at(issue: Issue, sprint: Sprint, at: int) -> bool:
    """Whether the issue's Sprint field named the sprint at ``at``: its changes replayed from empty (the fake
    creates issues outside sprints and records every move)."""
    value = ""
    for change in issue.changes:
        if change.field == "Sprint" and change.at <= at:
            value = change.after
    return str(sprint.id) in (part.strip() for part in value.split(","))


def _work(data: Dataset, field: str | None) -> Callable[[Issue], float]:
    """An issue's work: 1, or its measured field's value (the fake never changes a value after creation)."""
    measure = next((f for f in render.api_fields(data) if f.id == field), None)

    def work(issue: Issue) -> float:
        value = measure.value(issue, data) if measure is not None else 1
        return value if isinstance(value, int | float) else 0

    return work


def _day_rows(sc: Scenario, data: Dataset, fetch: SprintFetch, board: Board) -> tuple[list[dict[str, Any]], int]:
    """The days of the burndown's sprint (UTC, the scenario's time zone): at the end of each, the work of the issues
    the viewer sees whose Sprint field named the sprint, and of those resolved by then."""
    state = "active" if fetch.days == "active" else "closed"
    candidates = sorted((s for s in board.sprints if s.state == state), key=lambda s: (s.complete or s.end, s.id))
    if not candidates:
        return [], 0
    sprint = candidates[0] if state == "active" else candidates[-1]
    issues = [i for i in data.issues if sprint in i.sprints and data.can_see(i, sc.account)]
    work = _work(data, fetch.measure.field)
    closes = sprint.complete if sprint.complete is not None else data.now
    committed = sum(work(i) for i in issues if i.created <= sprint.start and _member_at(i, sprint, sprint.start))
    rows = []
    day = sprint.start // DAY_MS * DAY_MS
    while day <= closes:
        at = min(day + DAY_MS - 1, closes)
        scope_issues = [i for i in issues if i.created <= at and _member_at(i, sprint, at)]
        scope = sum(work(i) for i in scope_issues)
        done = sum(work(i) for i in scope_issues if i.resolved is not None and i.resolved <= at)
        ideal = math.floor(committed * max(0.0, 1 - (at - sprint.start) / (sprint.end - sprint.start)) * 100 + 0.5)
        item = {"day": render.day(day), "scope": scope, "done": done, "remaining": scope - done, "ideal": ideal / 100}
        rows.append({f.name: reference.row_value(f.type, item.get(f.jira_id or "")) for f in sc.module.fields})
        day += DAY_MS
    return rows, len(issues)


def _sprint_rows(sc: Scenario, data: Dataset) -> tuple[list[dict[str, Any]], int]:
    """The board's last closed sprints with the work committed at their start and completed by their end, from
    the data itself; and how many issues (visible to the viewer) the sprints hold together (an issue in two sprints
    counts twice, as the cost model counts them)."""
    module = sc.module
    fetch = next(f for f in module.fetches if isinstance(f, SprintFetch))
    board = next(b for b in data.boards if str(b.id) == str(sc.env["param"][fetch.board]))
    if fetch.days is not None:
        return _day_rows(sc, data, fetch, board)
    closed = sorted((s for s in board.sprints if s.state == "closed"), key=lambda s: (s.complete or s.end, s.id))
    chosen = closed[-table_limit(module, sc.env["param"]) :]
    work = _work(data, fetch.measure.field)
    rows: list[dict[str, Any]] = []
    held = 0
    for sprint in chosen:
        issues = [i for i in data.issues if sprint in i.sprints and data.can_see(i, sc.account)]
        held += len(issues)
        end = sprint.complete or sprint.end
        committed = sum(work(i) for i in issues if i.created <= sprint.start and _member_at(i, sprint, sprint.start))
        completed = sum(work(i) for i in issues if i.resolved is not None and i.resolved <= end)
        place = {"name": sprint.name, "order": f"{len(rows):06d}"}
        item = {**render.sprint(sprint), "name": place, "committed": committed, "completed": completed}
        rows.append({f.name: reference.row_value(f.type, item.get(f.jira_id or "")) for f in module.fields})
    return rows, held


def _version_rows(sc: Scenario, data: Dataset) -> tuple[list[dict[str, Any]], int]:
    """The project's versions (none archived in the fake) in release order, with the work of the issues the viewer
    sees in each: done when their status category is Done; and how many issues those versions hold."""
    module = sc.module
    fetch = next(f for f in module.fetches if isinstance(f, VersionFetch))
    key = sc.env["param"][fetch.project] if fetch.project else sc.env["context"]["project"]
    project = data.project_by_key[key]
    wanted = [v for v in project.versions if fetch.state is None or v.released == (fetch.state == "released")]
    ordered = sorted(wanted, key=lambda v: v.release_day)
    chosen = ordered[: fetch.most] if fetch.state == "unreleased" else ordered[-fetch.most :]
    work = _work(data, fetch.measure.field)
    rows: list[dict[str, Any]] = []
    held: set[int] = set()
    for version in chosen:
        issues = [i for i in data.issues if version in i.fix_versions and data.can_see(i, sc.account)]
        held.update(i.id for i in issues)
        done = sum(work(i) for i in issues if i.status.category.key == "done")
        total = sum(work(i) for i in issues)
        state = "released" if version.released else "unreleased"
        place = {"name": version.name, "order": f"{len(rows):06d}"}
        amounts = {"done": done, "remaining": total - done, "total": total}
        item = {**render.version(version), "name": place, "state": state, **amounts}
        rows.append({f.name: reference.row_value(f.type, item.get(f.jira_id or "")) for f in module.fields})
    return rows, len(held)


def truth(sc: Scenario, data: Dataset, engine: Engine) -> Truth:
    """The module's true rows and views for this scenario. Raises JqlError when the fake refuses its query."""
    module = sc.module
    assert module.data is not None
    kind = module.data.kind
    history = module.fetch("rows")
    if isinstance(history, HistoryFetch):
        rows = _history_rows(sc, data, engine, history)
        matching = engine.count(reference.module_jql(module, sc.env, ordered=False), Viewer(sc.account))
    elif kind is DataKind.ISSUES:
        rows = _issue_rows(sc, data, engine)
        matching = len(rows)
    elif kind in (DataKind.SPRINTS, DataKind.SPRINT_DAYS):
        rows, matching = _sprint_rows(sc, data)
    elif kind is DataKind.VERSIONS:
        rows, matching = _version_rows(sc, data)
    elif kind is DataKind.WORKLOGS:
        rows = _worklog_rows(sc, data, engine)
        matching = engine.count(reference.module_jql(module, sc.env), Viewer(sc.account))
    else:
        rows = _entity_rows(sc, data)
        matching = len(rows)
    limit = table_limit(module, sc.env["param"])
    rows = reference.computed_rows(module, rows, data.now)
    views = reference.views(module, rows, sc.env["param"], limit, data.now)
    return Truth([reference.shown_row(r) for r in rows], limit, views, matching)
