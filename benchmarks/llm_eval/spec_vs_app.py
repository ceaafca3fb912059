"""Offline: how much smaller each example spec is than the app generated from it.

The app's size is the output a code-writing model would have had to produce instead of the spec.
Tokens are estimated at 4 characters a token (a rough, model-independent rule of thumb); bytes and
lines are exact. Needs the compiler; without it, says so and exits 0.

    .venv/bin/python benchmarks/llm_eval/spec_vs_app.py [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run from anywhere: the repo's own packages first

from compiler.build import build  # noqa: E402
from dsl import analyze  # noqa: E402

CHARS_PER_TOKEN = 4


def measure(examples: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for path in sorted(examples.glob("*.appspec")):
        text = path.read_text(encoding="utf-8")
        analysis = analyze(text, path.name)
        if not analysis.ok or analysis.app is None:
            rows.append({"example": path.stem, "skipped": "spec has errors"})
            continue
        files = build(analysis.app, text).files()
        app_chars = sum(len(c) for c in files.values())
        rows.append(
            {
                "example": path.stem,
                "spec_bytes": len(text.encode()),
                "spec_lines": text.count("\n"),
                "spec_tokens_est": len(text) // CHARS_PER_TOKEN,
                "app_files": len(files),
                "app_bytes": sum(len(c.encode()) for c in files.values()),
                "app_lines": sum(c.count("\n") for c in files.values()),
                "app_tokens_est": app_chars // CHARS_PER_TOKEN,
                "ratio": round(app_chars / max(len(text), 1), 1),
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Example spec size versus generated app size.")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--examples", type=Path, default=ROOT / "examples")
    args = parser.parse_args(argv)
    rows = measure(args.examples)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    header = (
        f"{'example':<28}{'spec B':>8}{'lines':>7}{'~tok':>7}  {'files':>5}{'app B':>9}{'lines':>7}{'~tok':>8}{'x':>7}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        if "skipped" in row:
            print(f"{row['example']:<28}skipped: {row['skipped']}")
            continue
        print(
            f"{row['example']:<28}{row['spec_bytes']:>8}{row['spec_lines']:>7}{row['spec_tokens_est']:>7}  "
            f"{row['app_files']:>5}{row['app_bytes']:>9}{row['app_lines']:>7}{row['app_tokens_est']:>8}"
            f"{row['ratio']:>7}"
        )
    measured = [r for r in rows if "skipped" not in r]
    if measured:
        spec = sum(int(str(r["spec_tokens_est"])) for r in measured)
        app = sum(int(str(r["app_tokens_est"])) for r in measured)
        print(f"\ntotal: ~{spec:,} spec tokens vs ~{app:,} app tokens ({app / max(spec, 1):.1f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
