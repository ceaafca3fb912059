"""Start-up cost of the CLI: ``forgewright check EXAMPLE`` and ``forgewright --help`` against the bare
``python -c "import lark, click"`` they cannot go below.

Goal: each at most 3x the CPU time of that baseline. Each command and the baseline run in turn (A B A B …)
and the ratio is taken pair by pair, so a machine whose speed drifts during the run still gives a fair
ratio; the table shows min, median and max of the CPU seconds (user + system, the operating system's
accounting of the finished child) and of the ratios. Quote the median.

    .venv/bin/python benchmarks/startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "examples/overdue-gadget.appspec"
TARGET_RATIO = 3.0


def forgewright() -> list[str]:
    """The installed console script next to this Python (what users run), else the module entry point."""
    script = Path(sys.executable).with_name("forgewright")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from forgewright.cli import main; main()"]


COMMANDS: dict[str, list[str]] = {
    f"forgewright check {EXAMPLE}": [*forgewright(), "check", EXAMPLE],
    "forgewright --help": [*forgewright(), "--help"],
    "forgewright new --help": [*forgewright(), "new", "--help"],
}
BASELINE = [sys.executable, "-c", "import lark, click"]


def cpu_seconds(command: list[str]) -> float:
    """User + system CPU seconds of one run of ``command`` (output discarded; must succeed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def spread(values: list[float], digits: int) -> str:
    low, mid, high = min(values), statistics.median(values), max(values)
    return f"{low:.{digits}f} / {mid:.{digits}f} / {high:.{digits}f}"


def main() -> None:
    options = argparse.ArgumentParser(description="CLI start-up CPU time against import lark, click")
    options.add_argument("--runs", type=int, default=15, help="pairs per command (default 15)")
    runs = options.parse_args().runs
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("note: PYTHONDONTWRITEBYTECODE is set: a module without a cached .pyc is compiled at every start")
    for command in (*COMMANDS.values(), BASELINE):  # warm-up: file cache, and .pyc files where allowed
        cpu_seconds(command)
    print(f"{runs} pairs each; CPU seconds min / median / max; ratio = command / baseline, pair by pair")
    print(f"{'command':52} {'cpu s':>20} {'baseline cpu s':>20} {'ratio':>18}  target <= {TARGET_RATIO:g}x")
    for label, command in COMMANDS.items():
        mine, base = [], []
        for _ in range(runs):
            mine.append(cpu_seconds(command))
            base.append(cpu_seconds(BASELINE))
        ratios = [a / b for a, b in zip(mine, base, strict=True) if b > 0]
        verdict = "ok" if statistics.median(ratios) <= TARGET_RATIO else "OVER"
        print(f"{label:52} {spread(mine, 3):>20} {spread(base, 3):>20} {spread(ratios, 2):>18}  {verdict}")


if __name__ == "__main__":
    main()
