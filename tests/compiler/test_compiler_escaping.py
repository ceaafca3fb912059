"""Hostile strings in every text position still give valid YAML, JSON, JS/JSX literals and Markdown."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

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


LOOKALIKES = ("1e3", "0o17", "-1E3", "+.5", "true", "null", "~", "yes", "2026-01-31", "a: b", "x\u2028y\u0085z")


def test_manifest_strings_are_quoted_so_yaml_keeps_them_strings() -> None:
    """Every string value is double-quoted: a title like 1e3 or true stays a string, line separators are escapes."""
    modules = "".join(
        f'  gadget g{i} {lit(t)} {{\n    issues where "project = DEMO"\n    table {{ key }}\n  }}\n'
        for i, t in enumerate(LOOKALIKES)
    )
    spec = 'app "Lookalikes" {\n' + modules + "}\n"
    analysis = analyze(spec, "lookalikes.appspec")
    assert analysis.app is not None, analysis.diagnostics
    manifest = build(analysis.app, spec).files()["manifest.yml"]
    gadgets = yaml.safe_load(manifest)["modules"]["jira:dashboardGadget"]
    assert [g["title"] for g in gadgets] == list(LOOKALIKES)
    assert "\u2028" not in manifest and "\u0085" not in manifest
    values = [line.split(": ", 1)[1] for line in manifest.splitlines() if ": " in line and not line.startswith("#")]
    assert values and all(v.startswith('"') and v.endswith('"') for v in values), values


def test_json_files_round_trip() -> None:
    files = build_hostile()
    package = json.loads(files["package.json"])
    assert package["description"] == " ".join(HOSTILE.split())
    lock = json.loads(files["forgewright.lock"])
    assert lock["app_name"] == HOSTILE


def app_data(files: dict[str, str], tmp_path: Path) -> dict[str, Any]:
    """The PLAN of src/app.js as a JavaScript engine reads it (node, which the toolchain needs anyway)."""
    node = shutil.which("node")
    assert node is not None, "node is needed to read the generated JavaScript"
    module = tmp_path / "app.mjs"
    module.write_text(files["src/app.js"], encoding="utf-8")
    script = f"import({json.dumps(module.as_uri())}).then((m) => process.stdout.write(JSON.stringify(m.PLAN)));"
    done = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def test_js_and_jsx_contain_nothing_raw_and_app_data_round_trips(tmp_path: Path) -> None:
    files = build_hostile()
    for path, content in files.items():
        if not path.endswith((".js", ".jsx")):
            continue
        for raw_char in ("\u2028", "\u2029", "</script>", "<!--"):
            assert raw_char not in content, (path, raw_char)
    found = strings_in(app_data(files, tmp_path))
    assert found.count(HOSTILE) >= 8
    assert any('a \\" b </script> ${x \u00fc' in s for s in found)  # the JQL text, as written


def test_jql_stays_literal_text_and_placeholders_are_separate(tmp_path: Path) -> None:
    modules = {m["key"]: m for m in app_data(build_hostile(), tmp_path)["modules"]}
    parts = modules["g"]["data"]["jql"]
    assert parts[0] == {"kind": "text", "text": 'summary ~ "a \\" b </script> ${x \u00fc" AND project = '}
    assert parts[1]["kind"] == "value" and parts[1]["source"] == "param" and parts[1]["name"] == "project"
    assert parts[1]["type"] == "project"


def test_readme_keeps_hostile_text_inert() -> None:
    readme = build_hostile()["README.md"]
    prose = re.sub(r"(`+).*?\1", "", readme.replace("<br>", ""))  # code spans render literally
    assert re.search(r"(?<!\\)[<>]", prose) is None
    assert "\n# h" not in readme
    assert readme.startswith('# Q" B\\\\ $\\{x')
