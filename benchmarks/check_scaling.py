"""Check + report time and peak memory against input size, for valid and broken specs.

Goal: both grow linearly with the input, whatever is wrong with it (an 80 KB spec with many
errors used to write 481 MB of output; 890 KB drove `check` to 24 GB; one 890 KB JQL string took
58 s). For each kind of input and each size from 10 KB to 1 MB this prints the best CPU time of a
few runs of analyze + code frames + JSON (what `forgewright check` does), the time per KB, the peak
Python memory (tracemalloc, in a separate run) and both per KB as ratios to the smallest size:
near 1.0 all the way down means linear. (What growth remains at 1 MB of broken modules, about 1.3,
is CPython's cyclic garbage collector walking the 40,000 diagnostics' objects: with ``gc.disable()``
the time per KB is the same at 100 KB and 1 MB.)

    .venv/bin/python benchmarks/check_scaling.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import time
import tracemalloc
from collections.abc import Callable

from dsl import analyze
from dsl.render import code_frames, select

SIZES_KB = (10, 30, 100, 300, 1000)

# Project pages: any number of them is a valid app (they become tabs of one Forge page, W104),
# where more than 25 configurable gadgets would exceed Forge's 50 resources (E413).
VALID_MODULE = """
  project_page p{i} "Page {i}" {{
    description "Overdue work of this project, most urgent first"
    issues where "project = {{context.project}} AND duedate < now() AND resolution is EMPTY AND points > 2"
      order by duedate asc, priority desc
      limit 200
    table {{ key, summary, assignee, duedate "Due", priority, points }}
    bar chart "By status" {{ x status y sum(points) }}
    empty "Nothing here."
  }}
"""

# Nine different errors and warnings per module: unknown fields, an undefined parameter, a type
# error, an out-of-range limit, a JQL syntax error in every third module, duplicate titles.
BROKEN_MODULE = """
  gadget b{i} "Same title" {{
    config {{
      rows: text = 20
      spare: number = 99999999999999999999
    }}
    issues where "{jql}"
      limit 5000
    table {{ key, asignee, nosuch{i}, points }}
    bar chart {{ x points y sum(summary) }}
  }}
"""


def _repeat(template: str, size_kb: int, **extra: Callable[[int], str]) -> str:
    parts: list[str] = []
    total = 0
    i = 0
    while total < size_kb * 1024:
        part = template.format(i=i, **{name: make(i) for name, make in extra.items()})
        parts.append(part)
        total += len(part)
        i += 1
    return "".join(parts)


def valid(size_kb: int) -> str:
    body = _repeat(VALID_MODULE, size_kb)
    return f'app "Benchmark" {{\n  field points: number = customfield_10016\n{body}}}\n'


def broken(size_kb: int) -> str:
    def jql(i: int) -> str:
        return "project = {project} AND (" if i % 3 == 0 else "project = {projekt} AND staus = Done"

    body = _repeat(BROKEN_MODULE, size_kb, jql=jql)
    return f'app "Benchmark" {{\n  field points: number = customfield_10016\n{body}}}\n'


def one_module_many_errors(size_kb: int) -> str:
    """A single table with thousands of unknown columns: one code repeated thousands of times."""
    columns = _repeat("      nosuchfield{i},\n", size_kb)
    return f'app "B" {{\n  global_page g "G" {{\n    projects\n    table {{\n{columns}    }}\n  }}\n}}\n'


def fields_and_modules(size_kb: int) -> str:
    """App-wide custom fields and modules both growing: per-module work must not scan every field."""
    fields = _repeat("  field f{i}: number = customfield_{i}\n", size_kb // 2)
    modules = _repeat('  gadget m{i} "M{i}" {{ issues where "f1 > 2" table {{ key, f1 }} }}\n', size_kb // 2)
    return f'app "B" {{\n{fields}{modules}}}\n'


def long_jql(size_kb: int) -> str:
    """One JQL string of the whole size (refused with E305, after one pass over it)."""
    jql = _repeat('summary ~ \\"w{i}\\" OR ', size_kb)
    return f'app "B" {{\n  global_page g "G" {{\n    issues where "{jql}key = A-1"\n    table {{ key }}\n  }}\n}}\n'


def syntax_error_at_end(size_kb: int) -> str:
    """A large valid spec whose last line is broken: the whole text is lexed before the error."""
    return valid(size_kb)[:-2] + "  oops\n}\n"


KINDS: dict[str, Callable[[int], str]] = {
    "valid": valid,
    "broken modules": broken,
    "one code x thousands": one_module_many_errors,
    "fields x modules": fields_and_modules,
    "long JQL string": long_jql,
    "syntax error at end": syntax_error_at_end,
}


def assert_valid(text: str) -> None:
    analysis = analyze(text, "bench.appspec")
    assert analysis.ok, analysis.diagnostics[:3]


def check_and_report(text: str) -> int:
    """What `forgewright check` does for one file, in both output formats; returns the output size."""
    analysis = analyze(text, "bench.appspec")
    frames = code_frames(analysis.diagnostics, text)
    selection = select(analysis.diagnostics)
    document = json.dumps({"diagnostics": [d.to_json() for d in selection.shown], "omitted": selection.omitted})
    return len(frames) + len(document)


def best_seconds(text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        check_and_report(text)
        best = min(best, time.process_time() - start)
    return best


def peak_bytes(text: str) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    baseline = tracemalloc.get_traced_memory()[0]
    check_and_report(text)
    peak = tracemalloc.get_traced_memory()[1] - baseline
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="sizes up to 100 KB, one run each")
    args = parser.parse_args()
    sizes = SIZES_KB[:3] if args.quick else SIZES_KB
    assert_valid(valid(100))
    check_and_report(valid(1))  # load the parsers outside the measurement
    print(f"{'input':<22} {'KB':>6} {'seconds':>8} {'ms/KB':>7} {'ratio':>6} {'peak MB':>8} {'KB/KB':>6} {'ratio':>6}")
    for name, make in KINDS.items():
        base_time: float | None = None
        base_memory: float | None = None
        for size_kb in sizes:
            text = make(size_kb)
            kb = len(text.encode("utf-8")) / 1024
            seconds = best_seconds(text, runs=1 if args.quick or size_kb >= 300 else 3)
            peak = peak_bytes(text)
            per_kb = seconds * 1000 / kb
            memory_per_kb = peak / 1024 / kb
            base_time = base_time or per_kb
            base_memory = base_memory or memory_per_kb
            print(
                f"{name:<22} {kb:>6.0f} {seconds:>8.3f} {per_kb:>7.3f} {per_kb / base_time:>6.2f} "
                f"{peak / 2**20:>8.1f} {memory_per_kb:>6.1f} {memory_per_kb / base_memory:>6.2f}"
            )


if __name__ == "__main__":
    main()
