"""Parse + check time for generated specs of 10, 100 and 1,000 modules.

Goal: 1,000 modules in under 1 s on the project's 2-core machine, time growing linearly.
Prints the best CPU time (process_time, robust to a busy machine) of several runs per
size, the time per module and the ratio to the 10-module per-module time (near 1.0 means linear growth).

    .venv/bin/python benchmarks/parse_check.py
"""

from __future__ import annotations

import time

from dsl import analyze

MODULE = """
  gadget g{i} "Gadget {i}" {{
    config {{
      project: project "Project"
      rows: number = 20 "Rows"
    }}
    issues where "project = {{project}} AND duedate < now() AND resolution is EMPTY AND points > 2"
      order by duedate asc, priority desc
      limit {{rows}}
    table {{ key, summary, assignee, duedate "Due", priority, points }}
    bar chart "By status" {{ x status y sum(points) }}
    empty "Nothing here."
  }}
"""


def spec(modules: int) -> str:
    body = "".join(MODULE.format(i=i) for i in range(modules))
    return f'app "Benchmark" {{\n  field points: number = customfield_10016\n{body}}}\n'


def best_time(text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        analysis = analyze(text, "bench.appspec")
        best = min(best, time.process_time() - start)
        # 100 or 1,000 gadgets are more than one Forge app may hold (E413, 50 resources); every other
        # rule must pass, so the whole checker runs.
        assert {d.code for d in analysis.diagnostics} <= {"E413"}, analysis.diagnostics[:3]
    return best


def main() -> None:
    analyze(spec(1))  # build the parsers once, outside the measurement
    base: float | None = None
    print(f"{'modules':>8} {'lines':>7} {'seconds':>8} {'ms/module':>10} {'ratio':>6}")
    for modules in (10, 100, 1000):
        text = spec(modules)
        seconds = best_time(text, runs=5 if modules < 1000 else 3)
        per_module = seconds / modules
        base = base or per_module
        print(
            f"{modules:>8} {text.count(chr(10)):>7} {seconds:>8.3f} "
            f"{per_module * 1000:>10.3f} {per_module / base:>6.2f}"
        )


if __name__ == "__main__":
    main()
