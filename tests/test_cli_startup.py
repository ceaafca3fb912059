"""The CLI loads commands lazily: commands that never call the model never import the Anthropic SDK,
httpx2 or pydantic (they were 3,206 of 3,650 modules of ``forgewright check``), nor the studio's web
server (Starlette, uvicorn). Speed itself is
measured by ``benchmarks/startup.py``, not here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from forgewright.cli import COMMANDS, cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "overdue-gadget.appspec")
OTHER = str(ROOT / "examples" / "my-work-gadget.appspec")
HEAVY = ("anthropic", "httpx2", "httpx", "pydantic", "pydantic_core", "starlette", "uvicorn")

# Runs each command in one fresh interpreter, in order, and reports per command its exit code and
# which heavy packages are loaded by then (a package loaded once stays loaded: the first offender shows).
PROBE = """
import json, sys
from forgewright.cli import cli
heavy = set(json.loads(sys.argv[2]))
report = []
for args in json.loads(sys.argv[1]):
    try:
        cli.main(args, prog_name="forgewright", standalone_mode=False)
        code = 0
    except SystemExit as exit:
        code = exit.code
    loaded = sorted({name.split(".")[0] for name in sys.modules} & heavy)
    report.append([" ".join(args[:2]), code, loaded])
print(json.dumps(report))
"""


def test_commands_that_never_call_the_model_never_import_the_sdk(tmp_path: Path) -> None:
    out, page = str(tmp_path / "app"), str(tmp_path / "preview.html")
    runs = [
        ["--help"],
        ["check", EXAMPLE],
        ["fmt", "--check", EXAMPLE],
        ["build", EXAMPLE, "-o", out],
        ["verify", EXAMPLE, out],
        ["scopes", EXAMPLE],
        ["diff", EXAMPLE, OTHER],
        ["audit", EXAMPLE],
        ["preview", EXAMPLE, "-o", page],
        ["deploy", out, "--manual"],
        ["new", "--help"],
        ["new", "a gadget", "--show-prompt"],
        ["chat", "--help"],
        ["studio", "--help"],
    ]
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(runs), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert probe.returncode == 0, probe.stderr
    report = json.loads(probe.stdout.splitlines()[-1])
    assert [(name, code) for name, code, _ in report] == [(" ".join(r[:2]), 0) for r in runs], report
    assert [(name, loaded) for name, _, loaded in report if loaded] == []


def test_the_probe_sees_the_sdk_when_it_is_loaded(tmp_path: Path) -> None:
    """The check above can fail: a command that does use the SDK (or the studio's server) shows up in its report."""
    runs = [["--help"], ["check", EXAMPLE]]
    code = PROBE.replace("report = []", "report = []\nimport forgewright.assistant.client, forgewright.studio.server")
    probe = subprocess.run(
        [sys.executable, "-c", code, json.dumps(runs), json.dumps(HEAVY)], capture_output=True, text=True, cwd=tmp_path
    )
    report = json.loads(probe.stdout.splitlines()[-1])
    assert all({"anthropic", "httpx2", "pydantic", "starlette", "uvicorn"} <= set(loaded) for _, _, loaded in report)


def test_the_command_table_matches_the_command_modules() -> None:
    modules = sorted(p.stem for p in (ROOT / "forgewright" / "commands").glob("*.py") if p.stem != "__init__")
    assert sorted(COMMANDS) == modules
    for name in COMMANDS:
        assert cli.get_command(None, name).name == name  # type: ignore[arg-type,union-attr]


def test_help_lists_every_command_on_one_line_and_a_typo_gets_a_suggestion() -> None:
    result = CliRunner().invoke(cli, ["--help"], terminal_width=80)
    assert result.exit_code == 0
    for name, line in COMMANDS.items():
        assert f"  {name:<7}  {line}\n" in result.stdout
    result = CliRunner().invoke(cli, ["chekc", "x.appspec"])
    assert result.exit_code == 2 and "No such command 'chekc'. Did you mean 'check'?" in result.stderr


def test_version_is_looked_up_only_when_asked() -> None:
    from compiler.version import forgewright_version

    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"forgewright, version {forgewright_version()}"
