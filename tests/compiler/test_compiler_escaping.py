"""Hostile strings in every text position still give valid YAML, JSON, JS/JSX literals and Markdown."""

from __future__ import annotations

import json
import re

import yaml

from compiler import build
from dsl import analyze

HOSTILE = (
    "Q\" B\\ ${x} </script> <!-- & 's' `t` | *a* [l](u) # h\n"
    "line2 \u00fcn\u00efc\u00f8d\u00e9 \U0001f389 \u2028 \u2029 \t"
)


def lit(value: str) -> str:
    """``value`` as an appspec string literal."""
    out = []
    for ch in value:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) in (0x2028, 0x2029):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


JQL = 'summary ~ "a \\" b </script> ${x \u00fc" AND project = {project}'

SPEC = f"""app {lit(HOSTILE)} {{
  description {lit(HOSTILE)}
  gadget g {lit(HOSTILE)} {{
    description {lit(HOSTILE)}
    config {{
      project: project {lit(HOSTILE)}
      words: text = {lit(HOSTILE)} {lit(HOSTILE)}
      pick: select({lit(HOSTILE)}, "plain") = "plain" {lit(HOSTILE)}
    }}
    issues where {lit(JQL)}
    table {lit(HOSTILE)} {{ key {lit(HOSTILE)}, summary }}
    bar chart {lit(HOSTILE)} {{ x status y count }}
    metric {lit(HOSTILE)} {{ value count }}
    loading {lit(HOSTILE)}
    empty {lit(HOSTILE)}
    error {lit(HOSTILE)}
  }}
  admin_page s {lit(HOSTILE)} {{
    settings {{
      team: text = {lit(HOSTILE)} {lit(HOSTILE)}
    }}
  }}
}}
"""


def build_hostile() -> dict[str, str]:
    analysis = analyze(SPEC, "hostile.appspec")
    assert analysis.app is not None, analysis.diagnostics
    assert analysis.app.name.value == HOSTILE
    return build(analysis.app, SPEC).files()


def strings_in(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*strings_in(k), *strings_in(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


def test_yaml_round_trips_hostile_titles_and_descriptions() -> None:
    manifest = yaml.safe_load(build_hostile()["manifest.yml"])
    gadget = manifest["modules"]["jira:dashboardGadget"][0]
    assert gadget["title"] == HOSTILE
    assert gadget["description"] == HOSTILE
    assert manifest["modules"]["jira:adminPage"][0]["title"] == HOSTILE


def test_json_files_round_trip() -> None:
    files = build_hostile()
    package = json.loads(files["package.json"])
    assert package["description"] == " ".join(HOSTILE.split())
    lock = json.loads(files["forgewright.lock"])
    assert lock["app_name"] == HOSTILE


_LITERAL = re.compile(r"^const (MODULES?|SETTINGS|SETTINGS_MODULES) = (.*);$", re.MULTILINE)


def test_js_and_jsx_literals_round_trip_and_contain_nothing_raw() -> None:
    files = build_hostile()
    found: list[str] = []
    for path, content in files.items():
        if not path.endswith((".js", ".jsx")):
            continue
        for raw_char in ("\u2028", "\u2029", "</script>", "<!--"):
            assert raw_char not in content, (path, raw_char)
        for match in _LITERAL.finditer(content):
            literal = match.group(2)
            assert "<" not in literal and ">" not in literal and "&" not in literal
            found += strings_in(json.loads(literal))  # a JSON literal is a JS expression
    assert found.count(HOSTILE) >= 10
    assert any('a \\" b </script> ${x \u00fc' in s for s in found)  # the JQL text, as written


def test_jql_stays_literal_text_and_placeholders_are_separate() -> None:
    index = build_hostile()["src/index.js"]
    modules = json.loads(_LITERAL.search(index).group(2))  # type: ignore[union-attr]
    parts = modules["g"]["data"]["jql"]
    assert parts[0] == {"text": 'summary ~ "a \\" b </script> ${x \u00fc" AND project = '}
    assert parts[1]["kind"] == "param" and parts[1]["name"] == "project" and parts[1]["type"] == "project"


def test_readme_keeps_hostile_text_inert() -> None:
    readme = build_hostile()["README.md"]
    prose = re.sub(r"(`+).*?\1", "", readme.replace("<br>", ""))  # code spans render literally
    assert re.search(r"(?<!\\)[<>]", prose) is None
    assert "\n# h" not in readme
    assert readme.startswith('# Q" B\\\\ $\\{x')
