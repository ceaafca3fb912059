"""The checker's Forge limits are Forge's: at each limit the built app passes Atlassian's manifest
validator, one past it the checker refuses the spec and the validator would reject the app.

The over-limit apps are compiled without the checker (straight from the tree) to show that each
limit the checker enforces is one the validator really has. All apps go through one Node process.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from toolchain_support import check_manifests

from compiler.build import build
from dsl import analyze
from dsl.forge_limits import MAX_DESCRIPTION_LENGTH, MAX_MODULE_KEY_LENGTH, MAX_RESOURCES, MAX_TITLE_LENGTH
from dsl.parser import parse


def _gadget(key: str, title: str, description: str = "", config: bool = False) -> str:
    parts = [f'description "{description}"' if description else "", "config { rows: number = 5 }" if config else ""]
    limit = "limit {rows}" if config else ""
    return f'gadget {key} "{title}" {{ {" ".join(parts)} issues where "project = ABC" {limit} table {{ key }} }}'


def _app(*modules: str, name: str = "Limits") -> str:
    return f'app "{name}" {{\n' + "\n".join(f"  {m}" for m in modules) + "\n}\n"


# Configurable gadgets take two resources each (view and editor), an issue panel one.
_PANEL = 'issue_panel p "Panel" { issues where "key = {context.issue}" table { key } }'
_FULL = [_gadget(f"g{i}", f"G{i}", config=True) for i in range(MAX_RESOURCES // 2 - 1)]

AT_LIMIT = {
    "key": _app(_gadget("k" * MAX_MODULE_KEY_LENGTH, "T", config=True)),
    "title": _app(_gadget("g", "T" * MAX_TITLE_LENGTH)),
    "wide title": _app(_gadget("g", "🚀" * MAX_TITLE_LENGTH)),
    "description": _app(_gadget("g", "T", "D" * MAX_DESCRIPTION_LENGTH)),
    "resources": _app(*_FULL, _gadget("last", "Last", config=True)),
}
OVER_LIMIT = {
    "key": (_app(_gadget("k" * (MAX_MODULE_KEY_LENGTH + 1), "T", config=True)), "E412"),
    "title": (_app(_gadget("g", "T" * (MAX_TITLE_LENGTH + 1))), "E411"),
    "empty title": (_app(_gadget("g", "")), "E411"),
    "description": (_app(_gadget("g", "T", "D" * (MAX_DESCRIPTION_LENGTH + 1))), "E411"),
    "resources": (_app(*_FULL, _gadget("last", "Last", config=True), _PANEL), "E413"),
}


def _write(text: str, app_dir: Path, *, checked: bool) -> Path:
    if checked:
        analysis = analyze(text)
        assert analysis.ok, [(d.code, d.message) for d in analysis.diagnostics]
        tree = analysis.app
    else:
        tree = parse(text).app
    assert tree is not None
    for path, content in build(tree, text).files().items():
        target = app_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    return app_dir


@pytest.mark.parametrize("case", sorted(OVER_LIMIT))
def test_one_past_each_limit_the_checker_refuses(case: str) -> None:
    text, code = OVER_LIMIT[case]
    assert code in [d.code for d in analyze(text).diagnostics]


@pytest.mark.toolchain
def test_the_limits_are_the_manifest_validators(tmp_path: Path) -> None:
    at = {name: _write(text, tmp_path / f"at-{i}", checked=True) for i, (name, text) in enumerate(AT_LIMIT.items())}
    over = {
        name: _write(text, tmp_path / f"over-{i}", checked=False)
        for i, (name, (text, _)) in enumerate(OVER_LIMIT.items())
    }
    results = check_manifests([*at.values(), *over.values()])
    verdicts = {name: result for name, result in zip([*at, *(f"over {n}" for n in over)], results, strict=True)}
    assert [n for n in at if not verdicts[n].ok] == [], {n: verdicts[n].messages() for n in at}
    assert [n for n in over if verdicts[f"over {n}"].ok] == []
