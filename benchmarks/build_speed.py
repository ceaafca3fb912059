"""Build speed and review savings: per example, and for a generated 1,000-module spec.

"generated" counts the lines the compiler writes for the spec (manifest, README, package.json, the plan in
src/app.js, src/index.js, the entries, the lock); "copied" the runtime and static frontends copied unchanged.

Run: .venv/bin/python benchmarks/build_speed.py   (prints a table; not a timed test)
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from compiler import build
from dsl import analyze
from targets.forge_uikit.runtime_files import copied_source

ROOT = Path(__file__).resolve().parents[1]
REPEAT = 20


def _lines(text: str) -> int:
    return text.count("\n")


def measure(name: str, text: str, repeat: int) -> tuple[str, float, float, int, int, int]:
    analysis = analyze(text, name)
    # 1,000 modules are more than one Forge app may hold (E413, 50 resources); the compiler does not
    # depend on that limit, so the generated spec is still built and timed.
    errors = {d.code for d in analysis.diagnostics if d.severity.value == "error"}
    assert analysis.app is not None and errors <= {"E413"}, analysis.diagnostics
    times = []
    output = None
    for _ in range(repeat):
        start = time.perf_counter()
        output = build(analysis.app, text)
        times.append(time.perf_counter() - start)
    assert output is not None
    start = time.perf_counter()
    full = analyze(text, name)
    assert full.app is not None
    build(full.app, text)
    end_to_end = time.perf_counter() - start
    generated = sum(_lines(d.content) for d in output.drafts if copied_source(d.path) is None)
    copied = sum(_lines(d.content) for d in output.drafts if copied_source(d.path) is not None)
    return name, statistics.median(times) * 1000, end_to_end * 1000, _lines(text), generated, copied


def big_spec(modules: int) -> str:
    parts = ['app "Big" {']
    kinds = ["gadget", "issue_panel", "project_page", "global_page"]
    for i in range(modules):
        kind = kinds[i % len(kinds)]
        context = {"issue_panel": "context.issue", "project_page": "context.project"}.get(kind)
        jql = (
            f"parent = {{{context}}}"
            if kind == "issue_panel"
            else (f"project = {{{context}}}" if context else f"project = P{i} AND resolution is EMPTY")
        )
        parts += [
            f'  {kind} m{i} "Module {i}" {{',
            f'    issues where "{jql}"',
            "      order by updated desc",
            "      limit 50",
            "    table { key, summary, status, assignee, duedate }",
            "    bar chart { x status y count }",
            "  }",
        ]
    parts.append("}")
    return "\n".join(parts) + "\n"


def main() -> None:
    specs = sorted((ROOT / "examples").glob("*.appspec"))
    rows = [measure(p.name, p.read_text(encoding="utf-8"), REPEAT) for p in specs]
    rows.append(measure("generated-1000-modules", big_spec(1000), 3))
    print(
        f"{'spec':40} {'build ms':>9} {'check+build ms':>15} {'spec lines':>11} {'generated':>10} {'ratio':>7}"
        f" {'copied':>7}"
    )
    for name, build_ms, e2e_ms, spec_lines, generated, copied in rows:
        print(
            f"{name:40} {build_ms:9.1f} {e2e_ms:15.1f} {spec_lines:11d} {generated:10d}"
            f" {generated / spec_lines:6.1f}x {copied:7d}"
        )
    examples = rows[:-1]
    print(
        f"\nexamples: median build {statistics.median(r[1] for r in examples):.1f} ms, "
        f"max {max(r[1] for r in examples):.1f} ms; generated lines per spec line "
        f"{sum(r[4] for r in examples) / sum(r[3] for r in examples):.1f} "
        "(the runtime copied unchanged into each app is counted apart: a reviewer reads it once, in forgewright)"
    )


if __name__ == "__main__":
    main()
