"""Scale benchmark: every example module that reads data, loaded against a fake Jira of 1k / 10k / 100k issues.

For each module and size it prints the requests the load sent, the most in flight at once, the wall seconds
(with the fake's real latency per request, 300 ms by default), Jira's points, and every value the app shows —
chart points, metrics, table rows — beside the true value, computed directly over the data, with a verdict:
exact / coverage (the view says how much it covers) / WRONG (silently sampled) / failed.

Worklog modules run on their own size: 1,000 issues with 20,000 worklogs. Besides the examples, the specs in
benchmarks/specs/ run too: their queries match nearly every issue, so sums and averages meet every size.

    .venv/bin/python benchmarks/scale.py                       # everything (a few minutes)
    .venv/bin/python benchmarks/scale.py --sizes 10k --apps bug-trends-gadget --latency 0.05
    .venv/bin/python benchmarks/scale.py --json scale.json     # the same, also as JSON

Needs the Node toolchain (make toolchain). Not a timed test: numbers vary a little from run to run.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere: the repo's own packages first

from benchmarks.fakejira.generate import DataSize, generate  # noqa: E402
from benchmarks.fakejira.measure import Measurement, measure  # noqa: E402
from benchmarks.fakejira.server import BurstLimits, FakeJiraServer, ServerConfig  # noqa: E402
from benchmarks.fakejira.verdict import tally  # noqa: E402
from compiler.plan import Plan  # noqa: E402
from dsl.resolve import DataKind  # noqa: E402
from forgewright.commands.build import build_spec_file  # noqa: E402

sys.path.append(str(ROOT / "tests"))
import toolchain_support  # noqa: E402  (the Node toolchain's Python side lives with the tests)

EXAMPLES = ROOT / "examples"
SPECS = ROOT / "benchmarks" / "specs"
"""Benchmark-only specs (not examples: they answer no user's request), looked for after the examples."""
ISSUE_KINDS = frozenset(
    {
        DataKind.ISSUES,
        DataKind.STATUS_PERIODS,
        DataKind.PROJECTS,
        DataKind.FILTERS,
        DataKind.SPRINTS,
        DataKind.SPRINT_DAYS,
        DataKind.VERSIONS,
    }
)


@dataclass(frozen=True)
class Preset:
    size: DataSize
    kinds: frozenset[DataKind]  # which modules run on it


PRESETS = {
    "1k": Preset(DataSize(1_000), ISSUE_KINDS),
    "10k": Preset(DataSize(10_000), ISSUE_KINDS),
    "100k": Preset(DataSize(100_000), ISSUE_KINDS),
    "worklogs": Preset(DataSize(1_000, worklogs=20_000), frozenset({DataKind.WORKLOGS})),
}


@dataclass(frozen=True)
class BuiltExample:
    name: str
    plan: Plan
    bundle: Path


def build_examples(names: Sequence[str], root: Path) -> list[BuiltExample]:
    """Each example built like `forgewright build` and its resolver bundled with esbuild."""
    out = []
    for name in names:
        app = root / "apps" / name
        spec = EXAMPLES / f"{name}.appspec"
        plan = build_spec_file(spec if spec.exists() else SPECS / f"{name}.appspec", app).output.plan
        bundled = toolchain_support.bundle(app, root / "bundles" / name)
        if not bundled.ok:
            raise SystemExit(f"{name}: the resolver does not bundle:\n{bundled.summary()}")
        out.append(BuiltExample(name, plan, bundled.resolver_bundle))
    return out


def _print_measurement(m: Measurement) -> None:
    statuses = " ".join(f"{code}x{n}" for code, n in sorted(m.statuses.items()))
    print(
        f"  {m.app} / {m.module}: {m.requests} requests, at most {m.max_in_flight} in flight, "
        f"{m.seconds:.2f} s, {m.points:,} points  [{statuses}]" + ("" if m.ok else f"  LOAD FAILED: {m.error}")
    )
    if m.model is not None:
        points, requests = ratio(m.points, m.model.points), ratio(m.requests, m.model.requests)
        print(
            f"    model at {m.matching:,} matching: {m.model.requests} requests, {m.model.points:,} points "
            f"(measured/model: points {points}, requests {requests})"
        )
    if m.not_as_user:
        print(f"    ! {m.not_as_user} requests not sent as the viewing user")
    for note in m.notes:
        print(f"    ! {note}")
    for c in m.checks:
        detail = f"  ({c.detail})" if c.detail else ""
        print(f"    {c.verdict:<8} {c.view:<42} shown {c.shown:<28} true {c.true}{detail}")


def ratio(measured: int, model: int) -> str:
    return f"{measured / model:.2f}" if model else "-"


def run(args: argparse.Namespace) -> list[Measurement]:
    names = args.apps or sorted(p.stem for folder in (EXAMPLES, SPECS) for p in folder.glob("*.appspec"))
    config = ServerConfig(latency=args.latency, burst=None if args.no_burst_limits else BurstLimits())
    results: list[Measurement] = []
    with tempfile.TemporaryDirectory(prefix="forgewright-scale-") as tmp:
        examples = build_examples(names, Path(tmp))
        for label in args.sizes:
            preset = PRESETS[label]
            started = time.perf_counter()
            data = generate(preset.size)
            visible = sum(1 for _ in data.visible_issues(data.viewer.account_id))
            print(
                f"\n== {label}: {len(data.issues):,} issues ({visible:,} visible to the viewer), "
                f"{len(data.worklogs):,} worklogs, {len(data.projects):,} projects, {len(data.filters):,} filters "
                f"(generated in {time.perf_counter() - started:.1f} s); latency {args.latency * 1000:.0f} ms"
            )
            with FakeJiraServer(data, config) as server:
                for example in examples:
                    for module in example.plan.modules:
                        if module.data is None or module.data.kind not in preset.kinds:
                            continue
                        m = measure(server, example.bundle, example.plan, module, app=example.name, size=label)
                        _print_measurement(m)
                        results.append(m)
    return results


def _print_summary(results: Sequence[Measurement]) -> None:
    print("\n== summary (values per verdict)")
    for label in dict.fromkeys(m.size for m in results):
        counts = tally([c for m in results if m.size == label for c in m.checks])
        print(f"  {label:<9} " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=lambda s: s.split(","), default=list(PRESETS), help=",".join(PRESETS))
    parser.add_argument("--apps", type=lambda s: s.split(","), default=None, help="example names (default: all)")
    parser.add_argument("--latency", type=float, default=0.3, help="seconds per request (default 0.3)")
    parser.add_argument("--no-burst-limits", action="store_true", help="never answer 429 for bursts")
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this file")
    args = parser.parse_args(argv)
    unknown = [s for s in args.sizes if s not in PRESETS]
    if unknown:
        parser.error(f"unknown size {unknown[0]!r}; choose from {', '.join(PRESETS)}")
    toolchain_support.ensure_installed()
    results = run(args)
    _print_summary(results)
    if args.json is not None:
        args.json.write_text(json.dumps([m.as_json() for m in results], indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
