"""Scope derivation: one spec per data source kind, storage only with settings, nothing nobody needs."""

from __future__ import annotations

import pytest

from compiler.plan import STORAGE_SCOPE, Plan, build_plan
from dsl import analyze


def plan_of(text: str) -> Plan:
    analysis = analyze(text, "t.appspec")
    assert analysis.app is not None, analysis.diagnostics
    return build_plan(analysis.app)


def operations(plan: Plan) -> list[str]:
    return [r.operation_key for m in plan.modules for r in m.requests]


ISSUES = """app "A" {
  gadget g "G" {
    issues where "project = DEMO"
    table { key, summary, assignee }
  }
}
"""

COUNT_ONLY = """app "A" {
  gadget g "G" {
    issues where "project = DEMO"
    metric "Open" { value count }
  }
}
"""

WORKLOGS = """app "A" {
  global_page w "W" {
    worklogs of issues where "project = DEMO"
    table { issue, author, timespent }
  }
}
"""

PROJECTS = """app "A" {
  global_page p "P" {
    projects
    table { key, name, lead }
  }
}
"""

FILTERS = """app "A" {
  gadget f "F" {
    filters limit 10
    list { name, owner }
  }
}
"""

SETTINGS = """app "A" {
  admin_page s "S" {
    settings {
      label: text = "x" "Label"
    }
  }
  global_page p "P" {
    issues where "labels = {settings.label}"
    table { key }
  }
}
"""


@pytest.mark.parametrize(
    ("spec", "expected_ops"),
    [
        (ISSUES, ["GET /rest/api/3/search/jql"]),
        (COUNT_ONLY, ["POST /rest/api/3/search/approximate-count"]),
        (
            WORKLOGS,
            [
                "GET /rest/api/3/search/jql",
                "GET /rest/api/3/issue/{issueIdOrKey}/worklog",
                "POST /rest/api/3/search/approximate-count",
            ],
        ),
        (PROJECTS, ["GET /rest/api/3/project/search"]),
        (FILTERS, ["GET /rest/api/3/filter/search"]),
    ],
    ids=["issues", "count-only", "worklogs", "projects", "filters"],
)
def test_each_data_source_kind_needs_exactly_read_jira_work(spec: str, expected_ops: list[str]) -> None:
    plan = plan_of(spec)
    assert operations(plan) == expected_ops
    assert plan.scope_names == ("read:jira-work",)
    assert not plan.uses_storage


def test_issue_search_asks_only_for_the_fields_the_views_use() -> None:
    request = plan_of(ISSUES).modules[0].requests[0]
    assert request.fields == ("summary", "assignee")  # `key` is outside `fields`


def test_every_reason_points_at_the_spec_line_that_caused_it() -> None:
    plan = plan_of(ISSUES)
    (grant,) = plan.scopes
    (reason,) = grant.reasons
    assert reason.module_key == "g"
    assert reason.operation == "GET /rest/api/3/search/jql"
    assert reason.span.line == 3
    assert reason.describe() == "g: search the issues its query matches (spec line 3) -> GET /rest/api/3/search/jql"


def test_settings_bring_storage_app_and_nothing_else_does() -> None:
    plan = plan_of(SETTINGS)
    assert plan.uses_storage
    assert STORAGE_SCOPE in plan.scope_names
    storage = next(g for g in plan.scopes if g.scope == STORAGE_SCOPE)
    assert storage.reasons[0].module_key == "s"
    assert storage.reasons[0].span.line == 4
    for spec in (ISSUES, COUNT_ONLY, WORKLOGS, PROJECTS, FILTERS):
        assert STORAGE_SCOPE not in plan_of(spec).scope_names


def test_granular_style_uses_granular_scopes_only() -> None:
    plan = plan_of(ISSUES.replace('app "A" {', 'app "A" {\n  scopes granular', 1))
    assert "read:jira-work" not in plan.scope_names
    assert "read:issue-details:jira" in plan.scope_names
    assert all(":jira" in s for s in plan.scope_names)


def test_project_picker_in_config_needs_project_search_and_user_picker_needs_nothing() -> None:
    plan = plan_of(
        """app "A" {
  gadget g "G" {
    config {
      project: project "Project"
      who: user "Person"
    }
    issues where "project = {project} AND assignee = {who}"
    table { key }
  }
}
"""
    )
    assert operations(plan) == ["GET /rest/api/3/search/jql", "GET /rest/api/3/project/search"]
    assert plan.scope_names == ("read:jira-work",)
    assert [r.span.line for r in plan.scopes[0].reasons] == [7, 4]


def test_no_data_no_scopes() -> None:
    plan = plan_of(
        """app "A" {
  admin_page s "S" {
    settings {
      label: text = "x" "Label"
    }
  }
}
"""
    )
    assert plan.scope_names == (STORAGE_SCOPE,)


def test_pages_of_one_kind_share_one_forge_module() -> None:
    two = """app "A" {
  global_page p "P" {
    projects
    table { key }
  }
  global_page q "Q" {
    filters
    table { name }
  }
}
"""
    plan = plan_of(two)
    assert [m.host_key for m in plan.modules] == ["p", "p"]
    assert [m.key for m in plan.hosted_by("p")] == ["p", "q"]
