"""Build forgewright's example apps (and the hostile-string spec) and say what their resolvers must do.

Three parts, all independent of the generated JavaScript:

* building: every ``examples/*.appspec`` and the hostile-string spec of tests/compiler into a folder;
* JQL: a small lexer, the quoting rule, and the query a module must send for given values;
* a fake Jira whose answers follow the Jira OpenAPI shapes (IssueBean, PageBeanProject, PageBeanFilterDetails,
  PageOfWorklogs, approximate count), plus the rows and chart/metric values the resolver must derive from it.
  The expected values come from a second, plain-Python reading of the spec's semantics (field types,
  buckets, aggregates), not from the generated code.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import toolchain_support
import yaml
from toolchain_support import BundleResult, CheckResult, bundle

from compiler import build
from compiler.plan import Plan, PlannedModule, PlannedParam
from compiler.plan_types import (
    HistoryFetch,
    IssueRead,
    ParamLimit,
    PlannedList,
    PlannedTable,
    PlannedText,
    PlannedValue,
    SprintFetch,
    VersionFetch,
    sourced_parts,
)
from dsl import analyze
from dsl.jql import CurrentUser, DateFunction, DateOffset, JqlPlaceholder, WorklogDay, WorklogFilter
from dsl.resolve import DataKind
from forgewright.commands.build import build_spec_file
from forgewright.writer import write_drafts
from targets.preview.expr import At, with_computed
from targets.preview.measures import PERIODS
from targets.preview.outcome import view_outcome
from targets.preview.periods import StatusChange, status_periods
from targets.preview.releases import VersionIssue, chosen_versions, version_work
from targets.preview.sprints import Change, SprintIssue, SprintSpan, sprint_days, sprint_work

REPO = Path(__file__).resolve().parents[2]
EXAMPLES_DIR = REPO / "examples"
HOSTILE = "hostile-strings"
EXAMPLES = tuple(sorted(p.stem for p in EXAMPLES_DIR.glob("*.appspec")))
APPS = (*EXAMPLES, HOSTILE)

# Specs the behaviour tests build in addition to APPS (not run through the manifest/type/scope checks).
TYPED_SETTINGS = "typed-settings"
_TYPED_SETTINGS_JQL = (
    "votes >= {settings.min_votes} AND priority = {settings.level} AND {settings.extra}"
    " AND created >= {settings.since} AND filter = {settings.saved}"
)
WORKLOG_FORMS = "worklog-forms"
_WORKLOG_FORMS_JQL = {  # every supported form of worklog condition; the spec escapes the quotes inside
    "last_month": r"project = DEMO AND (worklogDate >= startOfMonth(-1) AND worklogDate <= endOfMonth(\"-1\"))",
    "this_week": r"worklogDate >= startOfWeek() AND worklogDate < endOfWeek(\"+1d\") AND worklogDate != now()",
    "people": "worklogAuthor in ({who}, currentUser()) AND worklogDate > {since} AND worklogDate <= endOfDay()",
    "others": r"worklogAuthor != acc-bo AND worklogAuthor not in (\"acc-nobody\") AND worklogDate >= startOfYear(-1)"
    r" AND worklogDate < startOfDay(\"-14d\") AND worklogDate >= -11w",
    "days": r"worklogDate >= 2026-01-05 AND worklogDate <= \"2026/02/03\" AND worklogDate != 2026-01-20",
}
_WORKLOG_FORMS_MODULE = """  gadget @KEY@ "@KEY@" {
    config {
      who: user "Who"
      since: date = "2026-01-15" "Since"
    }
    worklogs of issues where "@JQL@"
    table { author, started, timespent }
  }
"""
HOSTILE_TITLES = "hostile-titles"
YAML_LOOKALIKES = (
    "1e3",
    "0o17",
    "-1E3",
    "+.5",
    "true",
    "null",
    "~",
    "yes",
    "0x1F",
    ".inf",
    "2026-01-31",
    "12:30",
    "- item",
    "# not a comment",
    "key: value",
    "'quoted'",
    "line\u2028separator",
    "paragraph\u2029separator",
    "next\u0085line",
)
"""Titles YAML would read as something else (numbers, booleans, null, dates, syntax) or change (line breaks)."""


def _appspec_text(value: str) -> str:
    return '"' + "".join(ch if 0x20 <= ord(ch) < 0x7F else f"\\u{ord(ch):04x}" for ch in value) + '"'


_TITLE_MODULE = """  gadget @KEY@ @TITLE@ {
    issues where "project = DEMO"
    table { key }
  }
"""

VALUES_AND_DATES = "values-and-dates"
BREAK_OUTS = tuple(f"summary ~ \\{q}x) OR project = SECRET OR (summary ~ {q}\\{q}{q}" for q in ('"', "'"))
"""The jql values of issue 16 that broke out of their brackets (double and single quotes)."""

TEST_SPECS = {
    VALUES_AND_DATES: """app "Values and Dates" {
  gadget recent "Recent" {
    config {
      since: date = "-14d" "Created since"
      extra: jql = "issuetype = Bug" "Extra condition"
    }
    issues where "project = DEMO AND created >= {since} AND {extra}"
      limit 50
    bar chart "Due per week" { x duedate by week y count }
    table { key, summary, votes, watchers }
  }
}
""",
    HOSTILE_TITLES: f"app {_appspec_text(YAML_LOOKALIKES[0])} {{\n"
    + "".join(
        _TITLE_MODULE.replace("@KEY@", f"g{i}").replace("@TITLE@", _appspec_text(title))
        for i, title in enumerate(YAML_LOOKALIKES)
    )
    + "}\n",
    WORKLOG_FORMS: 'app "Worklog Forms" {\n'
    + "".join(_WORKLOG_FORMS_MODULE.replace("@KEY@", k).replace("@JQL@", q) for k, q in _WORKLOG_FORMS_JQL.items())
    + "}\n",
    TYPED_SETTINGS: """app "Typed Settings" {
  admin_page prefs "Preferences" {
    settings {
      min_votes: number = 3 "Minimum votes"
      level: select("High", "Low") = "High" "Priority level"
      extra: jql = "issuetype = Bug" "Extra condition"
      since: date = "2026-01-01" "Created since"
      saved: filter "Saved filter"
    }
  }

  global_page board "Board" {
    issues where "@JQL@"
      limit 10
    table { key, summary }
  }
}
""".replace("@JQL@", _TYPED_SETTINGS_JQL),
}

SEARCH = "/rest/api/3/search/jql"
VIEWED_ISSUE = "^/rest/api/3/issue/[^/]+$"
COUNT = "/rest/api/3/search/approximate-count"
PROJECT_SEARCH = "/rest/api/3/project/search"
FILTER_SEARCH = "/rest/api/3/filter/search"
SITE = "https://fake.atlassian.net"

# A config value that would change the query if it were pasted into JQL unquoted.
INJECTION = 'ABC" OR project = SECRET OR project = "X'


# ------------------------------------------------------------------------------------------------- building


def _escaping_test() -> ModuleType:
    """tests/compiler/test_compiler_escaping.py, whose SPEC puts a hostile string in every text position."""
    path = REPO / "tests" / "compiler" / "test_compiler_escaping.py"
    spec = importlib.util.spec_from_file_location("_forgewright_escaping_spec", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def hostile_spec() -> tuple[str, str]:
    """(spec text, hostile string) exactly as the compiler's escaping test uses them."""
    esc = _escaping_test()
    return str(esc.SPEC), str(esc.HOSTILE)


def build_app(name: str, dest: Path) -> Plan:
    """Write the app for example ``name`` (or the hostile spec) into ``dest``; returns its plan.

    Examples go through ``build_spec_file`` like ``forgewright build``. The hostile spec goes through
    ``compiler.build`` exactly as the escaping test builds it: the checker reports one error for it (two
    modules share the hostile title), which does not matter to the generated files. The specs of
    ``TEST_SPECS`` are built the same way.
    """
    if name not in (HOSTILE, *TEST_SPECS):
        return build_spec_file(EXAMPLES_DIR / f"{name}.appspec", dest).output.plan
    text = TEST_SPECS[name] if name in TEST_SPECS else hostile_spec()[0]
    analysis = analyze(text, f"{name}.appspec" if name in TEST_SPECS else "hostile.appspec")
    assert analysis.app is not None, analysis.diagnostics
    output = build(analysis.app, text)
    write_drafts(output.drafts, dest)
    return output.plan


def plan_of(name: str) -> Plan:
    """The plan of an app, compiled in memory (for test collection; nothing is written)."""
    if name in TEST_SPECS:
        text = TEST_SPECS[name]
    else:
        text = hostile_spec()[0] if name == HOSTILE else (EXAMPLES_DIR / f"{name}.appspec").read_text(encoding="utf-8")
    analysis = analyze(text, f"{name}.appspec")
    assert analysis.app is not None, analysis.diagnostics
    return build(analysis.app, text).plan


# ------------------------------------------------------------------------------------------------- cache


@dataclass
class BuiltApp:
    name: str
    path: Path
    plan: Plan


class AppCache:
    """Builds, bundles and lints apps on first use; later tests reuse the results."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._apps: dict[str, BuiltApp] = {}
        self._bundles: dict[str, BundleResult] = {}
        self._scopes: dict[tuple[str, str | None], CheckResult] | None = None

    def app(self, name: str) -> BuiltApp:
        if name not in self._apps:
            path = self.root / "apps" / name
            self._apps[name] = BuiltApp(name, path, build_app(name, path))
        return self._apps[name]

    def bundle(self, name: str) -> BundleResult:
        if name not in self._bundles:
            self._bundles[name] = bundle(self.app(name).path, self.root / "bundles" / name)
        return self._bundles[name]

    def scopes(self, names: list[str], removals: list[tuple[str, str]]) -> dict[tuple[str, str | None], CheckResult]:
        """check-scopes for every app as built, and for each (app, scope) with that scope taken out of manifest.yml.

        All in one Node process (check-scopes-many.mjs): the linter's start-up costs about 8 s, each app a
        fraction of a second after that.
        """
        if self._scopes is None:
            keys: list[tuple[str, str | None]] = [(n, None) for n in names]
            dirs = [self.app(n).path for n in names]
            for name, scope in removals:
                dirs.append(without_scope(self.app(name).path, scope, self.root / "variants" / f"{name}--{scope}"))
                keys.append((name, scope))
            data = run_many(dirs)
            self._scopes = {
                key: CheckResult("scopes", bool(report["ok"]), report, data["seconds"] / len(keys))
                for key, report in zip(keys, data["apps"], strict=True)
            }
            self.scopes_seconds = float(data["seconds"])
        return self._scopes


def without_scope(app: Path, scope: str, dest: Path) -> Path:
    """A copy of ``app`` whose manifest lacks ``scope`` (manifest re-dumped with PyYAML, text otherwise as is)."""
    if not dest.exists():
        shutil.copytree(app / "src", dest / "src")
        manifest = yaml.safe_load((app / "manifest.yml").read_text(encoding="utf-8"))
        scopes = manifest["permissions"]["scopes"]
        assert scope in scopes, (scope, scopes)
        manifest["permissions"]["scopes"] = [s for s in scopes if s != scope]
        (dest / "manifest.yml").write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
    return dest


def yaml_1_2(path: Path) -> Any:
    """A YAML file as the `yaml` npm package (YAML 1.2, the loader of Forge's tools) reads it."""
    toolchain_support.ensure_installed()
    script = (
        "const { createRequire } = require('node:module');"
        "const YAML = createRequire(process.argv[1])('yaml');"
        "process.stdout.write(JSON.stringify(YAML.parse(require('node:fs').readFileSync(process.argv[2], 'utf8'))));"
    )
    package = toolchain_support.toolchain_dir() / "package.json"
    done = subprocess.run(
        ["node", "-e", script, str(package), str(path)], capture_output=True, text=True, check=True, timeout=60
    )
    return json.loads(done.stdout)


def run_many(dirs: list[Path]) -> dict[str, Any]:
    toolchain_support.ensure_installed()
    script = toolchain_support.toolchain_dir() / "bin" / "check-scopes-many.mjs"
    started = time.monotonic()
    proc = subprocess.run(
        ["node", str(script), *map(str, dirs)], capture_output=True, text=True, timeout=600, check=False
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    if proc.returncode != 0 or not lines:
        raise toolchain_support.ToolchainError(
            f"check-scopes-many failed ({proc.returncode}): {proc.stderr}{proc.stdout}"
        )
    data: dict[str, Any] = json.loads(lines[-1])
    data["seconds"] = time.monotonic() - started
    return data


# ------------------------------------------------------------------------------------------------- JQL

_JQL_TOKEN = re.compile(
    r"""\s*(?:
        (?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
      | (?P<op>!=|!~|<=|>=|=|~|<|>)
      | (?P<punct>[(),])
      | (?P<word>[^\s"'(),=!~<>]+)
    )""",
    re.VERBOSE | re.DOTALL,
)


def jql_tokens(jql: str) -> list[tuple[str, str]]:
    """(kind, text) tokens; strings are decoded. Raises ValueError on text JQL could not lex."""
    out: list[tuple[str, str]] = []
    pos = 0
    text = jql.rstrip()
    while pos < len(text):
        m = _JQL_TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise ValueError(f"cannot lex JQL at {pos}: {text[pos:]!r}")
        kind = m.lastgroup or ""
        value = m.group(kind)
        if kind == "str":
            value = re.sub(r"\\(.)", r"\1", value[1:-1], flags=re.DOTALL)
        out.append((kind, value))
        pos = m.end()
    return out


def jql_structure(jql: str) -> list[tuple[str, str]]:
    """The query's shape: every token, with string literals reduced to a marker."""
    return [(kind, "<string>" if kind == "str" else text.lower()) for kind, text in jql_tokens(jql)]


def jql_strings(jql: str) -> list[str]:
    return [text for kind, text in jql_tokens(jql) if kind == "str"]


def jql_quote(value: str) -> str:
    """A JQL string literal: control characters become spaces, then backslash and quote are escaped."""
    flat = re.sub(r"[\x00-\x1f\u2028\u2029]", " ", value)
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def jql_value(part_type: str, value: Any) -> str:
    if part_type == "number":
        number = float(value)
        return str(int(number)) if number.is_integer() else repr(number)
    if part_type == "filter":
        return str(value).strip()
    if part_type == "jql":
        return f"({str(value).strip()})"
    if part_type == "date":
        return jql_quote(str(value).strip())
    if part_type in ("users", "texts"):
        return "(" + ", ".join(jql_quote(str(v)) for v in dict.fromkeys(value)) + ")"
    return jql_quote(str(value))


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _filled(parts: Sequence[PlannedText | PlannedValue], env: Mapping[str, Mapping[str, Any]]) -> str:
    pieces = []
    for part in parts:
        if isinstance(part, PlannedText):
            pieces.append(part.text)
        else:
            pieces.append(jql_value(part.type, env[part.source][part.name]))
    return "".join(pieces)


def expected_jql(module: PlannedModule, env: Mapping[str, Mapping[str, Any]], *, ordered: bool) -> str:
    """The query a module must send: its template filled in, or, with optional values, the top-level AND operands
    whose optional values are set, joined with AND."""
    assert module.data is not None
    if module.data.terms:
        kept = [t for t in module.data.terms if not any(_is_empty(env[v.source].get(v.name)) for v in t.optional)]
        jql = " AND ".join(_filled(t.parts, env) for t in kept)
    else:
        jql = _filled(module.data.jql, env)
    if ordered and module.data.order:
        jql += " ORDER BY " + ", ".join(f"{o.jql} {o.direction}" for o in module.data.order)
    return jql


def is_percent_encoded(raw: str) -> bool:
    """True when a query value was sent through encodeURIComponent (no raw separators, spaces or quotes)."""
    return re.fullmatch(r"[A-Za-z0-9\-_.!~*'()%]*", raw) is not None


def raw_query_value(path: str, name: str) -> str:
    """The still-encoded value of query parameter ``name`` in a request path."""
    query = path.split("?", 1)[1] if "?" in path else ""
    for pair in query.split("&"):
        key, _, value = pair.partition("=")
        if key == name:
            return value
    raise KeyError(name)


# ------------------------------------------------------------------------------------------------- fake Jira data

PEOPLE = [("acc-ann", "Ann Lee"), ("acc-bo", "Bo Chen"), None]
STATUSES = [
    ("To Do", 2, "new", "To Do"),
    ("In Progress", 4, "indeterminate", "In Progress"),
    ("Done", 3, "done", "Done"),
]


def _user(i: int) -> tuple[Any, Any]:
    person = PEOPLE[i % len(PEOPLE)]
    if person is None:
        return None, None
    account, name = person
    raw = {
        "self": f"{SITE}/rest/api/3/user?accountId={account}",
        "accountId": account,
        "accountType": "atlassian",
        "displayName": name,
        "active": True,
        "avatarUrls": {"48x48": f"{SITE}/avatar/{account}.png"},
    }
    return raw, {"accountId": account, "displayName": name}


def _status(i: int) -> dict[str, Any]:
    name, cat_id, cat_key, cat_name = STATUSES[i % len(STATUSES)]
    return {
        "self": f"{SITE}/rest/api/3/status/{10000 + i % 3}",
        "id": str(10000 + i % 3),
        "name": name,
        "statusCategory": {
            "self": f"{SITE}/rest/api/3/statuscategory/{cat_id}",
            "id": cat_id,
            "key": cat_key,
            "colorName": "blue",
            "name": cat_name,
        },
    }


def _day(i: int) -> str:
    return (datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=(i * 3) % 40)).strftime("%Y-%m-%d")


def _datetime(i: int) -> str:
    return f"{_day(i)}T{8 + i % 10:02d}:{(i * 7) % 60:02d}:00.000+0000"


def issue_field(type_: str, jira_id: str, i: int) -> tuple[Any, Any]:
    """(value in IssueBean.fields[jira_id], the row value the resolver must produce) for issue number i."""
    if type_ == "text":
        value = f"{jira_id} of issue {i}"
        return value, value
    if type_ in ("user",):
        return _user(i)
    if type_ == "status":
        raw = _status(i)
        return raw, {"name": raw["name"], "category": raw["statusCategory"]["key"]}
    if type_ == "status_category":
        raw = _status(i)
        return raw, {"name": raw["statusCategory"]["name"], "category": raw["statusCategory"]["key"]}
    if type_ in ("priority", "issue_type", "resolution"):
        if i % 4 == 0:
            return None, None
        name = ["Highest", "High", "Medium", "Low"][i % 4]
        return {"self": f"{SITE}/rest/api/3/{jira_id}/{i % 4}", "id": str(i % 4), "name": name}, name
    if type_ == "date":
        if i % 5 == 4:
            return None, None
        return _day(i), _day(i)
    if type_ == "datetime":
        return _datetime(i), _datetime(i)
    if type_ == "issue":  # the parent: an epic for most issues, none for some
        if i % 3 == 0:
            return None, None
        key = f"DEMO-{100 + i % 2}"
        return {"id": str(20000 + i % 2), "key": key, "fields": {"summary": f"Epic {i % 2}"}}, key
    if type_ in ("components", "versions"):
        names = [["API", "UI", "Docs"][j] for j in range(i % 3)]
        parts = [{"self": f"{SITE}/rest/api/3/x/{j}", "id": str(j), "name": n} for j, n in enumerate(names)]
        return parts, names
    if type_ == "labels":
        labels = ["team-a", "urgent"][: i % 3]
        return labels, labels
    if type_ == "option":
        if i % 4 == 3:
            return None, None
        value = ["Red", "Green", "Blue"][i % 3]
        return {"self": f"{SITE}/rest/api/3/customFieldOption/{i}", "id": str(10100 + i % 3), "value": value}, value
    if type_ == "number":
        if i % 4 == 0:
            return None, None
        number = [0, 1, 2, 3.5, 5][i % 5]
        return number, number
    if type_ == "duration":
        if i % 4 == 0:
            return None, None
        return 1800 * i, 1800 * i
    raise NotImplementedError(f"no fake Jira value for field type {type_!r}: add one to issue_field")


def fake_issue(module: PlannedModule, i: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """(IssueBean with every field Jira could return, the row the resolver must build from it, computed fields
    included: worked out with the behaviour tests' fixed clock)."""
    issue, row = _fake_issue(module, i)
    return issue, with_computed(module.computed, row, At(NOW))


def _fake_issue(module: PlannedModule, i: int) -> tuple[dict[str, Any], dict[str, Any]]:
    key = f"DEMO-{i}"
    fields: dict[str, Any] = {
        # Fields nobody asked for: the fake returns only the requested ones, so a resolver that
        # forgets to name a field gets nothing for it.
        "labels_not_requested": ["x"],
    }
    row: dict[str, Any] = {}
    for f in module.fields:
        if f.jira_id is None:
            row[f.name] = key
            continue
        raw, expected = issue_field(f.type, f.jira_id, i)
        # Jira nests these numbers: {"votes": {"votes": 3, ...}}, {"watches": {"watchCount": 2, ...}}
        if f.jira_id == "votes":
            raw = {"votes": raw, "hasVoted": False} if raw is not None else None
        elif f.jira_id == "watches":
            raw = {"watchCount": raw, "isWatching": False} if raw is not None else None
        fields[f.jira_id] = raw
        row[f.name] = expected
    issue = {"id": str(10000 + i), "key": key, "self": f"{SITE}/rest/api/3/issue/{10000 + i}", "fields": fields}
    return issue, row


def fake_project(module: PlannedModule, i: int) -> tuple[dict[str, Any], dict[str, Any]]:
    lead_raw, lead = _user(i)
    category = {
        "self": f"{SITE}/rest/api/3/projectCategory/{i % 2}",
        "id": str(i % 2),
        "name": ["Engineering", "Operations"][i % 2],
        "description": "...",
    }
    raw: dict[str, Any] = {
        "self": f"{SITE}/rest/api/3/project/{10000 + i}",
        "id": str(10000 + i),
        "key": f"P{i}",
        "name": f"Project {i}",
        "projectTypeKey": ["software", "business", "service_desk"][i % 3],
        "simplified": False,
        "style": "classic",
        "isPrivate": False,
        "avatarUrls": {"48x48": f"{SITE}/avatar/p{i}.png"},
    }
    if lead_raw is not None:
        raw["lead"] = lead_raw
    if i % 3:
        raw["projectCategory"] = category
    expected_by_id = {
        "key": raw["key"],
        "name": raw["name"],
        "projectTypeKey": raw["projectTypeKey"],
        "lead": lead,
        "projectCategory": category["name"] if i % 3 else None,
    }
    return raw, _entity_row(module, expected_by_id)


def fake_filter(module: PlannedModule, i: int) -> tuple[dict[str, Any], dict[str, Any]]:
    owner_raw, owner = _user(i)
    raw: dict[str, Any] = {
        "self": f"{SITE}/rest/api/3/filter/{100 + i}",
        "id": str(100 + i),
        "name": f"Filter {i}",
        "jql": f'project = P{i} AND status = "To Do"',
        "description": f"Filter number {i}",
        "favouritedCount": i * 2,
        "favourite": False,
    }
    if owner_raw is not None:
        raw["owner"] = owner_raw
    expected_by_id = {
        "name": raw["name"],
        "jql": raw["jql"],
        "description": raw["description"],
        "favouritedCount": raw["favouritedCount"],
        "owner": owner,
    }
    return raw, _entity_row(module, expected_by_id)


def _entity_row(module: PlannedModule, expected_by_id: Mapping[str, Any]) -> dict[str, Any]:
    row = {}
    for f in module.fields:
        if f.jira_id is None or f.jira_id not in expected_by_id:
            raise NotImplementedError(f"no fake value for {f.jira_id!r}: add one to the fake entity")
        row[f.name] = expected_by_id[f.jira_id]
    return row


def _worklog_started(i: int, j: int) -> str:
    """Spread over three months around NOW (some after it), in UTC and in other offsets."""
    offsets = ["+0000", "+0000", "+0530", "-0800"]
    day = NOW.date() - timedelta(days=75) + timedelta(days=(i * 37 + j * 13) % 90)
    return f"{day.isoformat()}T{(i + j) % 24:02d}:{(j * 7) % 60:02d}:00.000{offsets[(i + j) % len(offsets)]}"


def fake_worklog(
    module: PlannedModule,
    issue_key: str,
    summary: str | None,
    i: int,
    j: int,
    *,
    recent: bool = False,
    author_id: str | None = None,
) -> tuple[Any, Any]:
    """(a Worklog as Jira returns it, the row the resolver must build): a mix of authors (some missing) and days,
    or, with ``recent``, started an hour before NOW, and by ``author_id`` when it is given."""
    author_raw, author = _user(i + j)
    started = _worklog_started(i, j)
    if recent:
        started = (NOW - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.000+0000")
    if author_id is not None:
        author_raw, author = _user(next(n for n, p in enumerate(PEOPLE) if p is not None and p[0] == author_id))
    seconds = 900 * (j + 1) * (i % 3 + 1)
    raw = {
        "self": f"{SITE}/rest/api/3/issue/{issue_key}/worklog/{i * 100000 + j}",
        "id": str(i * 100000 + j),
        "issueId": str(10000 + i),
        "author": author_raw,
        "updateAuthor": author_raw,
        "started": started,
        "created": started,
        "updated": started,
        "timeSpent": f"{seconds // 60}m",
        "timeSpentSeconds": seconds,
    }
    by_name = {"author": author, "started": started, "timespent": seconds, "issue": issue_key, "summary": summary}
    return raw, {f.name: by_name[f.name] for f in module.fields}


# ------------------------------------------------------------------------------------------------- worklog filter

EMBEDDED_WORKLOGS = 20
"""A search with fields=worklog embeds an issue's first 20 worklogs, with their total (as Jira does)."""

NOW = datetime(2026, 2, 10, 12, 0, tzinfo=UTC)
"""The fixed clock the behaviour tests give the resolver (a Tuesday)."""
_PERIODS = {"Day": "d", "Week": "w", "Month": "M", "Year": "y"}


def _shift(moment: datetime, offset: DateOffset) -> datetime:
    """A moment moved by a JQL offset; months and years clamp the day of the month (Jan 31 + 1M = Feb 28)."""
    if offset.unit in ("y", "M"):
        months = moment.month - 1 + offset.amount * (12 if offset.unit == "y" else 1)
        year, month = moment.year + months // 12, months % 12 + 1
        next_first = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
        last = (next_first - timedelta(days=1)).day
        return moment.replace(year=year, month=month, day=min(moment.day, last))
    size = {"w": timedelta(weeks=1), "d": timedelta(days=1), "h": timedelta(hours=1), "m": timedelta(minutes=1)}
    return moment + offset.amount * size[offset.unit]


def _period_start(now: datetime, unit: str) -> datetime:
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "w":
        return day - timedelta(days=day.weekday())
    if unit == "M":
        return day.replace(day=1)
    if unit == "y":
        return day.replace(month=1, day=1)
    return day


def date_function(function: DateFunction, now: datetime) -> datetime:
    offset = function.offset
    if function.name == "now":
        return _shift(now, offset) if offset else now
    unit = _PERIODS[function.name.removeprefix("startOf").removeprefix("endOf")]
    start = _period_start(now, unit)
    if function.name.startswith("start"):
        return _shift(start, offset) if offset else start
    periods = offset.amount + 1 if offset and offset.unit == unit else 1
    end = _shift(start, DateOffset(periods, unit)) - timedelta(milliseconds=1)
    return _shift(end, offset) if offset and offset.unit != unit else end


def _bound_day(value: WorklogDay, env: Mapping[str, Mapping[str, Any]], now: datetime) -> str:
    if isinstance(value, DateFunction):
        return date_function(value, now).date().isoformat()
    if isinstance(value, DateOffset):
        return _shift(now, value).date().isoformat()
    if isinstance(value, JqlPlaceholder):
        text = str(env[value.kind][value.name]).strip()
        relative = re.fullmatch(r"([+-]\d+)([wdhm])", text)
        return _shift(now, DateOffset(int(relative[1]), relative[2])).date().isoformat() if relative else text
    return value


def keeps_worklog(
    conditions: WorklogFilter, env: Mapping[str, Mapping[str, Any]], worklog: Mapping[str, Any], now: datetime = NOW
) -> bool:
    """Whether the resolver must keep a worklog: every author and day condition of the query holds (days in UTC)."""
    account = (worklog.get("author") or {}).get("accountId")
    for author in conditions.authors:
        accounts = {
            env["context"]["user"]
            if isinstance(u, CurrentUser)
            else str(env[u.kind][u.name]).strip()
            if isinstance(u, JqlPlaceholder)
            else u
            for u in author.users
        }
        if account is None or (account in accounts) == author.exclude:
            return False
    try:
        started = datetime.strptime(worklog["started"], "%Y-%m-%dT%H:%M:%S.%f%z").astimezone(UTC).date().isoformat()
    except ValueError:
        return False
    compare = {
        "=": lambda a, b: a == b,
        "!=": lambda a, b: a != b,
        ">": lambda a, b: a > b,
        ">=": lambda a, b: a >= b,
        "<": lambda a, b: a < b,
        "<=": lambda a, b: a <= b,
    }
    return all(compare[d.op](started, _bound_day(d.value, env, now)) for d in conditions.dates)


# ------------------------------------------------------------------------------------------------- aggregates

# Grouping and aggregates follow targets/preview/aggregate.py, the Python reading of the app's rules that the
# shared vectors (tests/vectors/aggregates.json, dates.json) pin to the runtime's; here it says what the resolver
# must answer for the fake Jira's rows.


def expected_views(
    module: PlannedModule,
    rows: list[dict[str, Any]],
    count: int | None,
    params: Mapping[str, Any],
    shown: int | None = None,
    now: datetime = NOW,
) -> list[dict[str, Any]]:
    """What each view shows over ``rows`` (a table or list shows the first ``shown`` of them, which its highlight
    rule marks), computed values in the rows worked out at ``now``, the highlights' clock too."""
    first = rows if shown is None else rows[:shown]
    return [
        {"visible": False}
        if view.when and params.get(view.when) not in (True, "true")
        else view_outcome(view, rows, first, count, At(now))
        for view in module.views
    ]


# ------------------------------------------------------------------------------------------------- scenarios

CONTEXT_PROJECT = "DEMO"
CONTEXT_ISSUE = "DEMO-1"
VIEWER = "acc-viewer"

_ISSUE_SAMPLES: dict[str, Any] = {
    "user": "acc-ann",
    "users": ["acc-ann", "acc-bo"],
    "project": "DEMO",
    "issue": "DEMO-100",
    "status": "In Progress",
    "status_category": "In Progress",
    "priority": "High",
    "issue_type": "Story",
    "resolution": "Done",
    "option": "Red",
    "options": ["Red", "Blue"],
    "labels": ["team-a", "urgent"],
    "components": ["API", "UI"],
    "versions": ["2.0"],
    "date": "2026-01-31",
    "number": 5,
}
"""What the viewed issue holds, by field type, as the value its query compares with."""

_LISTS = frozenset({"users", "options", "labels", "components", "versions"})


def viewed_issue_raw(field_type: str, value: Any) -> Any:
    """The viewed issue's field as Jira sends it, for the query value ``value`` (the inverse of the runtime's
    queryValue in context-issue.js, written here independently)."""
    if value is None:
        return None
    if field_type == "user":
        return {"accountId": value, "displayName": f"name of {value}", "active": True}
    if field_type == "users":
        return [{"accountId": v, "displayName": f"name of {v}"} for v in value]
    if field_type in ("project", "issue"):
        return {"key": value, "id": "10100"}
    if field_type == "status_category":
        return {"name": "Some status", "statusCategory": {"key": "indeterminate", "name": value}}
    if field_type == "option":
        return {"value": value, "id": "10300"}
    if field_type == "options":
        return [{"value": v, "id": "10300"} for v in value]
    if field_type in ("components", "versions"):
        return [{"name": v, "id": "10400"} for v in value]
    if field_type in ("labels", "date", "number"):
        return value
    return {"name": value, "id": "3"}


def _viewed_issue(read: IssueRead, ctx_values: dict[str, Any]) -> dict[str, Any]:
    """The fake answer to GET /issue/{key}: the fields the plan asks for, holding the context values (lists for
    multi-valued fields), plus one nobody asked for."""
    fields: dict[str, Any] = {"summary_not_requested": "x"}
    for value in read.values:
        key = f"issue.{value.name}"
        current = ctx_values.setdefault(key, _ISSUE_SAMPLES[value.type])
        if value.type in _LISTS and not isinstance(current, list):
            ctx_values[key] = current = [current]
        fields[value.read[-1]] = viewed_issue_raw(value.type, current)
    return {"id": "10001", "key": ctx_values["issue"], "fields": fields}


def sample_value(param_type: str, options: tuple[str, ...] = ()) -> Any:
    """A plausible value a user would pick for a parameter of this type."""
    return {
        "project": "DEMO",
        "text": "platform",
        "user": "acc-ann",
        "date": "2026-01-01",
        "filter": "10042",
        "board": "12",
        "number": 7,
        "boolean": True,
        "jql": "priority = High",
        "select": options[0] if options else None,
    }[param_type]


@dataclass
class Scenario:
    """One call of the resolver's ``load`` for one module, and everything the test must check."""

    module: PlannedModule
    payload: dict[str, Any]
    context: dict[str, Any]
    fake_jira: dict[str, Any]
    env: dict[str, dict[str, Any]]
    rows: list[dict[str, Any]]
    limit: int
    total: int
    page_size: int
    count: int | None = None
    items_per_issue: list[int] = field(default_factory=list)
    kept_per_issue: list[list[bool]] = field(default_factory=list)  # worklogs: which ones the filter keeps
    now: str = NOW.strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def jql(self) -> str:
        return expected_jql(self.module, self.env, ordered=True)

    @property
    def count_jql(self) -> str:
        return expected_jql(self.module, self.env, ordered=False)

    @property
    def search_jql(self) -> str:
        """The query of the module's first search: ordered as the module says, or newest first when it reads
        histories in no order of its own."""
        fetch = history_fetch(self.module)
        if fetch is not None and fetch.newest_first:
            return f"{self.count_jql} ORDER BY created DESC"
        return self.jql

    @property
    def tabled(self) -> bool:
        """Whether the load answers rows for a table: an issue module's ordered search, or the others' one list."""
        assert self.module.data is not None
        return self.module.data.kind is not DataKind.ISSUES or self.module.fetch("rows") is not None

    def expected_result(self) -> dict[str, Any]:
        """What the resolver answers when it can read everything (the small case): a table shows the first rows up to
        the limit, every chart and metric is over all of them."""
        return {
            "ok": True,
            "rows": [shown_row(row) for row in self.rows[: self.limit]] if self.tabled else [],
            "truncated": self.tabled and len(self.rows) > self.limit,
            "count": self.count,
            "views": expected_views(self.module, self.rows, self.count, self.env["param"], self.limit),
        }


def _limit_of(module: PlannedModule, params: Mapping[str, Any]) -> int:
    assert module.data is not None
    limit = module.data.limit
    if isinstance(limit, ParamLimit):
        value = params[limit.param]
        if not isinstance(value, int | float):
            return 0  # not a number: the resolver refuses it
        return max(limit.min, min(limit.max, int(value)))
    return limit.value


def scenario(
    plan: Plan,
    module: PlannedModule,
    *,
    total: int = 7,
    page_size: int = 3,
    overrides: Mapping[str, Any] | None = None,
    settings_overrides: Mapping[str, Any] | None = None,
    context_overrides: Mapping[str, Any] | None = None,
    worklog_counts: Sequence[int] | None = None,
    worklog_page_size: int = 2,
    worklogs_all_kept: bool = False,
    embedded: int = EMBEDDED_WORKLOGS,
) -> Scenario:
    """A fake Jira with ``total`` items served ``page_size`` at a time, and the values every placeholder gets.

    Worklog modules: ``total`` issues with ``i % 4`` worklogs each, or one issue per entry of ``worklog_counts``
    with that many worklogs; the search embeds the first ``embedded`` of each issue with their total, and the
    worklog operation serves them ``worklog_page_size`` at a time. Their authors and
    days are mixed, so the query's worklog conditions drop some (the expected rows are those ``keeps_worklog``
    keeps), unless ``worklogs_all_kept``: then every worklog is recent and by the author the query asks for.
    """
    assert module.data is not None, module.key
    params: dict[str, Any] = {}
    for p in module.config:
        params[p.name] = p.default if p.default is not None else sample_value(p.type, p.options)
        if p.type == "boolean":
            params[p.name] = True
    params.update(overrides or {})
    settings: dict[str, Any] = {
        s.name: s.default if s.default is not None else sample_value(s.type, s.options) for s in plan.settings
    }
    settings.update(settings_overrides or {})
    ctx_values = {"project": CONTEXT_PROJECT, "issue": CONTEXT_ISSUE, "user": VIEWER}
    ctx_values.update(context_overrides or {})
    env = {"param": params, "settings": settings, "context": ctx_values}

    if module.data.issue is not None:
        issue_answer = _viewed_issue(module.data.issue, ctx_values)
    extension: dict[str, Any] = {"type": module.forge_type}
    if module.kind.value == "gadget":
        extension["gadgetConfiguration"] = params
    extension["project"] = {"key": ctx_values["project"], "id": "10000", "type": "software"}
    extension["issue"] = {"key": ctx_values["issue"], "id": "10001", "type": "Task"}
    context = {"moduleKey": module.host_key, "accountId": ctx_values["user"], "extension": extension}
    payload = {"module": module.key, "config": params}

    fake: dict[str, Any] = {"routes": []}
    if module.data.issue is not None:
        fake["routes"].append(
            {"method": "GET", "regex": VIEWED_ISSUE, "response": {"status": 200, "body": issue_answer}}
        )
    if plan.uses_storage:
        fake["routes"].append(
            {
                "method": "POST",
                "path": "/api/v1/get",
                "response": {"status": 200, "body": {"key": "forgewright-settings", "value": settings}},
            }
        )
    kind = module.data.kind
    limit = _limit_of(module, params)
    rows: list[dict[str, Any]] = []
    items_per_issue: list[int] = []
    kept_per_issue: list[list[bool]] = []
    history = history_fetch(module)
    if history is not None:
        issues, changelogs, rows = history_issues(module, history, total)
        fake["search"] = {"issues": issues, "page_size": page_size}
        fake["changelogs"] = {log["issueId"]: log for log in changelogs}
        fake["routes"].append(STATUS_ROUTE)
    elif kind is DataKind.ISSUES:
        pairs = [fake_issue(module, i) for i in range(1, total + 1)]
        fake["search"] = {"issues": [p[0] for p in pairs], "page_size": page_size}
        rows = [p[1] for p in pairs]
    elif kind is DataKind.WORKLOGS:
        wants_summary = any(f.name == "summary" for f in module.fields)
        issues = []
        fake["paged"] = []
        counts = list(worklog_counts) if worklog_counts is not None else [i % 4 for i in range(1, total + 1)]
        conditions = module.data.worklogs
        wanted = _wanted_author(conditions, env) if worklogs_all_kept else None
        for i, n in enumerate(counts, start=1):  # by default 0..3 worklogs per issue, some taking two pages
            summary = f"summary of issue {i}" if wants_summary else None
            key = f"DEMO-{i}"
            logs = [
                fake_worklog(module, key, summary, i, j, recent=worklogs_all_kept, author_id=wanted) for j in range(n)
            ]
            first = {"startAt": 0, "maxResults": embedded, "total": n, "worklogs": [log[0] for log in logs[:embedded]]}
            issue_fields: dict[str, Any] = {"worklog": first}
            if wants_summary:
                issue_fields["summary"] = summary
            issues.append({"id": str(10000 + i), "key": key, "fields": issue_fields})
            kept = [keeps_worklog(conditions, env, log[0]) for log in logs]
            assert all(kept) or not worklogs_all_kept, "the fake cannot make worklogs this query keeps"
            items_per_issue.append(n)
            kept_per_issue.append(kept)
            rows.extend(log[1] for log, keep in zip(logs, kept, strict=True) if keep)
            fake["paged"].append(
                {
                    "regex": f"^/rest/api/3/issue/{key}/worklog$",
                    "items": [log[0] for log in logs],
                    "items_key": "worklogs",
                    "page_size": worklog_page_size,
                    "is_last": False,
                }
            )
        fake["search"] = {"issues": issues, "page_size": page_size}
    elif kind in (DataKind.PROJECTS, DataKind.FILTERS):
        make: Callable[[PlannedModule, int], tuple[Any, Any]] = (
            fake_project if kind is DataKind.PROJECTS else fake_filter
        )
        pairs = [make(module, i) for i in range(1, total + 1)]
        path = PROJECT_SEARCH if kind is DataKind.PROJECTS else FILTER_SEARCH
        fake["paged"] = [{"path": path, "items": [p[0] for p in pairs], "page_size": page_size}]
        rows = [p[1] for p in pairs]
    elif kind is DataKind.SPRINTS:
        fake["paged"] = []
        rows = fake_sprints(module, fake, str(params[_board_param(module)]), total, page_size, limit)
    elif kind is DataKind.SPRINT_DAYS:
        fake["paged"] = []
        rows = fake_sprint_days(module, fake, str(params[_board_param(module)]), page_size)
    elif kind is DataKind.VERSIONS:
        rows = fake_versions(module, fake, env, total, page_size)
    else:  # pragma: no cover - a new data kind needs a fake here
        raise NotImplementedError(kind)
    fake["routes"].extend(REFERENCE_ROUTES)
    count = None
    matching = len(fake["search"]["issues"]) if "search" in fake else len(rows)
    fake["routes"].append({"method": "POST", "path": COUNT, "response": {"status": 200, "body": {"count": matching}}})
    charted = any(
        not isinstance(part, PlannedTable | PlannedList)
        for v in module.views
        if not v.when or params.get(v.when) is True
        for part in sourced_parts(v)
    )
    if module.fetch("count") is not None and charted:
        count = matching
    return Scenario(
        module, payload, context, fake, env, rows, limit, len(rows), page_size, count, items_per_issue, kept_per_issue
    )


# ------------------------------------------------------------------------------------------------- status histories

HISTORY_STATUSES = {
    "10000": ("To Do", "new", "To Do"),
    "10001": ("In Progress", "indeterminate", "In Progress"),
    "10003": ("In Review", "indeterminate", "In Progress"),
    "10002": ("Done", "done", "Done"),
}
"""The workflow of the fake histories, by status id (In Review is no issue's current status in other fakes)."""

_PATHS = (
    ("10000",),
    ("10000", "10001"),
    ("10000", "10001", "10002"),
    ("10000", "10001", "10003", "10002"),
    ("10000", "10001", "10002", "10001", "10003", "10002"),  # reopened, reviewed, done again
)
"""Issue i goes along path i % 5: created in To Do, moved on one step every six hours."""


def _status_bean(ident: str) -> dict[str, Any]:
    name, key, category = HISTORY_STATUSES[ident]
    return {
        "self": f"{SITE}/rest/api/3/status/{ident}",
        "id": ident,
        "name": name,
        "statusCategory": {"self": f"{SITE}/rest/api/3/statuscategory/{key}", "key": key, "name": category},
    }


def history_fetch(module: PlannedModule) -> HistoryFetch | None:
    """The module's reading of issues with their status histories, if it has one."""
    fetch = module.fetch("rows")
    return fetch if isinstance(fetch, HistoryFetch) else None


def _changes(i: int, created: datetime) -> list[StatusChange]:
    path = _PATHS[i % len(_PATHS)]
    return [
        StatusChange(
            int((created + timedelta(hours=6 * k)).timestamp() * 1000),
            before,
            HISTORY_STATUSES[before][0],
            after,
            HISTORY_STATUSES[after][0],
        )
        for k, (before, after) in enumerate(itertools.pairwise(path), start=1)
    ]


def _changelog(issue_id: str, changes: list[StatusChange]) -> dict[str, Any]:
    """IssueChangeLog: the issue's status changes as bulkfetch answers them."""
    histories = [
        {
            "id": f"{issue_id}{k}",
            "created": datetime.fromtimestamp(c.at / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%S.000+0000"),
            "items": [
                {
                    "field": "status",
                    "fieldtype": "jira",
                    "fieldId": "status",
                    "from": c.from_id,
                    "fromString": c.from_name,
                    "to": c.to_id,
                    "toString": c.to_name,
                }
            ],
        }
        for k, c in enumerate(changes)
    ]
    return {"issueId": issue_id, "changeHistories": histories}


def period_value(field_type: str, name: str, period: Any) -> Any:
    """A status period's value as the resolver reads it (readValue of the runtime)."""
    if name in ("status", "category"):
        status = period.status
        category = status.get("statusCategory")
        if field_type == "status":
            return {"name": status["name"], "category": category["key"] if category else "undefined"}
        return {"name": category["name"], "category": category["key"]} if category else None
    return {"entered": period.entered, "left": period.left, "duration": period.duration}[name]


def history_issues(
    module: PlannedModule, fetch: HistoryFetch, total: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[Any]]:
    """``total`` issues, their changelogs (as bulkfetch answers them) along their paths, and the rows the resolver
    must build: one per status period, or one per issue with its history measures worked out at NOW (its periods
    kept in the row under PERIODS for the highlights; the answer leaves them out)."""
    listed = {i: _status_bean(i) for i in HISTORY_STATUSES} if fetch.statuses is not None else {}
    now = int(NOW.timestamp() * 1000)
    issues: list[dict[str, Any]] = []
    logs: list[dict[str, Any]] = []
    rows: list[Any] = []
    for i in range(1, total + 1):
        issue, row = _fake_issue(module, i)
        created = datetime.strptime(_datetime(i), "%Y-%m-%dT%H:%M:%S.%f%z")
        changes = _changes(i, created)
        current = _status_bean(_PATHS[i % len(_PATHS)][-1])
        issue["fields"].update({"created": _datetime(i), "status": current})
        logs.append(_changelog(issue["id"], changes))
        periods = status_periods(int(created.timestamp() * 1000), current, changes, listed, now)
        issues.append(issue)
        if fetch.kind == "issueHistories":
            for f in module.fields:
                if f.jira_id == "status" and f.type in ("status", "status_category"):
                    row[f.name] = period_value(f.type, "status", periods[-1])
            row[PERIODS] = periods
            rows.append(with_computed(module.computed, row, At(NOW)))
            continue
        for period in periods:
            stint = {
                f.name: period_value(f.type, f.name, period) if f.read[0] == "period" else row[f.name]
                for f in module.fields
            }
            rows.append(with_computed(module.computed, stint, At(NOW)))
    return issues, logs, rows


STATUS_ROUTE = {
    "method": "GET",
    "path": "/rest/api/3/status",
    "response": {"status": 200, "body": [_status_bean(ident) for ident in HISTORY_STATUSES]},
}
"""The site's statuses, as GET /rest/api/3/status lists them."""


def shown_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row as the resolver answers it: without its status periods."""
    return {k: v for k, v in row.items() if k != PERIODS}


SPRINT_FIELD = "customfield_10020"
BOARD_SPRINTS = "^/rest/agile/1.0/board/{board}/sprint$"
SPRINT_ISSUES = "^/rest/agile/1.0/sprint/{sprint}/issue$"
HISTORIES = "/rest/api/3/changelog/bulkfetch"
FIELDS = "/rest/api/3/field"
_DAY = timedelta(days=1)


def _board_param(module: PlannedModule) -> str:
    fetch = module.fetch("rows")
    assert isinstance(fetch, SprintFetch)
    return fetch.board


def _jira_moment(moment: datetime) -> str:
    """A moment as Jira writes it: ``2026-01-05T12:00:00.000+0000``."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _fake_sprint(k: int, total: int) -> tuple[dict[str, Any], datetime, datetime]:
    start = NOW - (total - k + 1) * 14 * _DAY
    end = start + 14 * _DAY
    sprint: dict[str, Any] = {
        "id": 100 + k,
        "state": "closed",
        "name": f"Sprint {k}",
        "startDate": _jira_moment(start),
        "endDate": _jira_moment(end),
        "completeDate": _jira_moment(end + timedelta(hours=1)),
        "goal": f"Goal {k}",
    }
    return sprint, start, end


def _fake_sprint_issues(
    sprint: dict[str, Any], start: datetime, end: datetime, measure: str | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], tuple[float, float]]:
    """The sprint's three issues as the agile API answers them, their changelogs, and (committed, completed) by the
    preview's rules: one committed and completed, one added after the start and finished late, one committed and
    unresolved."""
    k = int(sprint["id"]) - 100
    planned: list[tuple[str, datetime, datetime | None, float]] = [
        (f"{k}1", start - _DAY, end - _DAY, float(k)),
        (f"{k}2", start + _DAY, end + 3 * _DAY, 2.0),
        (f"{k}3", start - 2 * _DAY, None, 5.0),
    ]
    created = start - 3 * _DAY
    issues: list[dict[str, Any]] = []
    logs: list[dict[str, Any]] = []
    read: list[SprintIssue] = []
    changes: dict[str, list[Change]] = {}
    for issue_id, joined, resolved, points in planned:
        fields: dict[str, Any] = {
            "created": _jira_moment(created),
            "resolutiondate": _jira_moment(resolved) if resolved else None,
        }
        if measure is not None:
            fields[measure] = points
        issues.append({"id": issue_id, "key": f"DEMO-{issue_id}", "fields": fields})
        read.append(
            SprintIssue(issue_id, _ms(created), _ms(resolved) if resolved else None, points if measure else None)
        )
        changes[issue_id] = [Change(SPRINT_FIELD, _ms(joined), "", str(sprint["id"]))]
        item = {"field": "Sprint", "fieldId": SPRINT_FIELD, "from": "", "fromString": "", "to": str(sprint["id"])}
        entry = {"created": _jira_moment(joined), "items": [item | {"toString": sprint["name"]}]}
        logs.append({"issueId": issue_id, "changeHistories": [entry]})
    span = SprintSpan(int(sprint["id"]), _ms(start), _ms(end + timedelta(hours=1)))
    return issues, logs, sprint_work(span, read, changes, SPRINT_FIELD, measure)


def fake_sprints(
    module: PlannedModule, fake: dict[str, Any], board: str, total: int, page_size: int, limit: int
) -> list[dict[str, Any]]:
    """``total`` closed two-week sprints of the board (listed ``page_size`` at a time, the newest first, as a board
    may list them), each with three issues (:func:`_fake_sprint_issues`); the field list and the histories the app
    reads. Returns the rows the app must show: the last ``limit`` sprints, oldest first, their work worked out by the
    preview's rules (tests/vectors/sprints.json pins them to the runtime's)."""
    fetch = module.fetch("rows")
    assert isinstance(fetch, SprintFetch)
    sprints: list[dict[str, Any]] = []
    histories: list[dict[str, Any]] = []
    expected: list[dict[str, Any]] = []
    for k in range(1, total + 1):
        sprint, start, end = _fake_sprint(k, total)
        issues, logs, (committed, completed) = _fake_sprint_issues(sprint, start, end, fetch.measure.field)
        sprints.append(sprint)
        histories.extend(logs)
        regex = SPRINT_ISSUES.format(sprint=sprint["id"])
        fake["paged"].append(
            {"regex": regex, "items": issues, "items_key": "issues", "page_size": page_size, "is_last": False}
        )
        expected.append(sprint | {"committed": committed, "completed": completed})
    expected = [
        item | {"name": {"name": item["name"], "order": f"{k:06d}"}} for k, item in enumerate(expected[-limit:])
    ]
    fake["paged"].append({"regex": BOARD_SPRINTS.format(board=board), "items": sprints[::-1], "page_size": page_size})
    answer = {"status": 200, "body": {"issueChangeLogs": histories}}
    fake["routes"].append({"method": "POST", "path": HISTORIES, "response": answer})
    fake["routes"].append({"method": "GET", "path": FIELDS, "response": {"status": 200, "body": SPRINT_FIELDS_LIST}})
    return [{f.name: item.get(f.jira_id or "") for f in module.fields} for item in expected]


SPRINT_SCHEMA = "com.pyxis.greenhopper.jira:gh-sprint"
SPRINT_FIELDS_LIST = [
    {"id": "summary", "name": "Summary", "schema": {"type": "string", "system": "summary"}},
    {"id": SPRINT_FIELD, "name": "Sprint", "schema": {"type": "array", "custom": SPRINT_SCHEMA}},
]
"""``GET /rest/api/3/field`` as the fake answers it: a system field, and the Sprint field with Jira Software's type."""


def fake_sprint_days(module: PlannedModule, fake: dict[str, Any], board: str, page_size: int) -> list[dict[str, Any]]:
    """A board whose one listed sprint (the active one, started eight days before NOW; or the last closed one, ended
    two days before) holds three issues with their Sprint-field histories. Returns the rows the app must show: the
    sprint's days in UTC by the preview's rules (tests/vectors/sprints.json pins them to the runtime's)."""
    fetch = module.fetch("rows")
    assert isinstance(fetch, SprintFetch)
    active = fetch.days == "active"
    start = NOW - timedelta(days=8 if active else 16)
    end = start + 14 * _DAY
    sprint, _, _ = _fake_sprint(1, 1)
    sprint |= {"startDate": _jira_moment(start), "endDate": _jira_moment(end)}
    if active:
        sprint = {k: v for k, v in sprint.items() if k != "completeDate"} | {"state": "active"}
    issues, logs, _ = _fake_sprint_issues(sprint, start, end, fetch.measure.field)
    regex = SPRINT_ISSUES.format(sprint=sprint["id"])
    fake["paged"].append(
        {"regex": regex, "items": issues, "items_key": "issues", "page_size": page_size, "is_last": False}
    )
    fake["paged"].append({"regex": BOARD_SPRINTS.format(board=board), "items": [sprint], "page_size": page_size})
    fake["routes"].append(
        {"method": "POST", "path": HISTORIES, "response": {"status": 200, "body": {"issueChangeLogs": logs}}}
    )
    fake["routes"].append({"method": "GET", "path": FIELDS, "response": {"status": 200, "body": SPRINT_FIELDS_LIST}})
    closes = NOW if active else end + timedelta(hours=1)
    span = SprintSpan(int(sprint["id"]), _ms(start), _ms(closes))
    read = [
        SprintIssue(
            i["id"],
            _ms(start - 3 * _DAY),
            _moment_ms(i["fields"]["resolutiondate"]),
            i["fields"].get(fetch.measure.field or ""),
        )
        for i in issues
    ]
    changes = {
        log["issueId"]: [
            Change(SPRINT_FIELD, _moment_ms(log["changeHistories"][0]["created"]) or 0, "", str(sprint["id"]))
        ]
        for log in logs
    }
    days = sprint_days(span, _ms(end), read, changes, SPRINT_FIELD, fetch.measure.field, "UTC")
    return [{f.name: day.get(f.jira_id or "") for f in module.fields} for day in days]


def _moment_ms(text: str | None) -> int | None:
    return None if text is None else _ms(datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.000%z"))


FAKE_VERSIONS: list[dict[str, Any]] = [
    {"id": "31", "name": "3.1", "released": False, "archived": False},
    {"id": "30", "name": "3.0", "released": False, "archived": False, "releaseDate": "2026-03-01"},
    {"id": "20", "name": "2.0", "released": True, "archived": False, "releaseDate": "2026-01-15"},
    {"id": "11", "name": "1.1", "released": True, "archived": True, "releaseDate": "2025-10-01"},
]
"""A project's versions as Jira lists them: undated, dated, released, archived."""


def fake_versions(
    module: PlannedModule, fake: dict[str, Any], env: Mapping[str, Mapping[str, Any]], total: int, page_size: int
) -> list[dict[str, Any]]:
    """The project's versions and ``total`` issues spread over them (the search serves them to a summed view; this
    fake ignores JQL, so a counted view sees every issue in every count). Returns the rows the app must show, by the
    preview's rules (tests/vectors/releases.json pins them to the runtime's)."""
    fetch = module.fetch("rows")
    assert isinstance(fetch, VersionFetch)
    project = env["param"][fetch.project] if fetch.project else env["context"]["project"]
    fake["routes"].append(
        {
            "method": "GET",
            "path": f"/rest/api/3/project/{project}/versions",
            "response": {"status": 200, "body": FAKE_VERSIONS},
        }
    )
    shown, _ = chosen_versions(FAKE_VERSIONS, fetch.state, fetch.most)
    ids = [str(v["id"]) for v in shown]
    measure = fetch.measure.field
    issues, read = [], []
    for i in range(1, total + 1):
        fixes = [str(v["id"]) for v in FAKE_VERSIONS[i % 3 : i % 3 + 1 + i % 2]]
        category = ("done", "indeterminate", "new")[i % 3]
        fields: dict[str, Any] = {
            "fixVersions": [{"id": f, "name": f} for f in fixes],
            "status": {"name": category, "statusCategory": {"key": category}},
        }
        value = float(i) if i % 4 else None
        if measure is not None:
            fields[measure] = value
        issues.append({"id": str(20000 + i), "key": f"DEMO-{i}", "fields": fields})
        read.append(VersionIssue(tuple(fixes), category == "done", value if measure else 1))
    fake["search"] = {"issues": issues, "page_size": page_size}
    if measure is None:  # every count answers `total`: each version's issues all count as done
        work = [{"done": float(total), "remaining": 0.0, "total": float(total)} for _ in ids]
    else:
        work = version_work(ids, read)
    items = [
        {
            **v,
            "name": {"name": v["name"], "order": f"{k:06d}"},
            "state": "released" if v["released"] else "unreleased",
            **w,
        }
        for k, (v, w) in enumerate(zip(shown, work, strict=True))
    ]
    return [{f.name: item.get(f.jira_id or "") for f in module.fields} for item in items]


REFERENCE_ROUTES = [
    {
        "method": "GET",
        "path": "/rest/api/3/statuscategory",
        "response": {"status": 200, "body": [{"id": c, "key": k, "name": n} for _, c, k, n in STATUSES]},
    },
    {
        "method": "GET",
        "path": "/rest/api/3/resolution/search",
        "response": {
            "status": 200,
            "body": {"startAt": 0, "total": 1, "isLast": True, "values": [{"id": "1", "name": "Done"}]},
        },
    },
    {
        "method": "GET",
        "regex": "^/rest/api/3/project/[^/]+/(components|versions)$",
        "response": {"status": 200, "body": [{"id": str(j), "name": n} for j, n in enumerate(["API", "UI", "Docs"])]},
    },
]
"""The reference lists charts count their groups by (status categories, resolutions, a project's components or
versions), as Jira answers them."""


def _wanted_author(conditions: WorklogFilter, env: Mapping[str, Mapping[str, Any]]) -> str | None:
    """An account every author condition keeps (the first one an including condition names), if any condition."""
    for author in conditions.authors:
        if not author.exclude:
            user = author.users[0]
            if isinstance(user, CurrentUser):
                return str(env["context"]["user"])
            return str(env[user.kind][user.name]) if isinstance(user, JqlPlaceholder) else user
    return None


def string_placeholders(plan: Plan, module: PlannedModule) -> list[tuple[str, str]]:
    """(kind, name) of the module's JQL placeholders whose values are quoted as JQL strings."""
    assert module.data is not None
    quoted = {"project", "text", "user", "key", "users", "texts"}
    # the viewed issue's key also names the issue the app reads first, which refuses anything but a key
    read_key = {("context", "issue")} if module.data.issue is not None else set()
    return [
        (p.source, p.name)
        for p in module.data.jql
        if isinstance(p, PlannedValue) and p.type in quoted and (p.source, p.name) not in read_key
    ]


def data_modules(plan: Plan) -> list[PlannedModule]:
    return [m for m in plan.modules if m.data is not None]


def param(module: PlannedModule, name: str) -> PlannedParam:
    return next(p for p in module.config if p.name == name)
