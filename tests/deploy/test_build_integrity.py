"""``verify`` and ``deploy`` run one build check (issue 16, defect 8): the same tamperings, the same findings.

Each tampering below is something the Forge bundler would act on (or a way to hide from the check): the
check must report it in both commands, and the deploy must refuse before any tool runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from deploy_support import SITE, Workspace, make_build

from forgewright.cli import cli

Tamper = Callable[[Path, Path], None]  # (build folder, a scratch folder outside it)


def edit_index(build: Path, _outside: Path) -> None:
    (build / "src" / "index.js").write_text("// my fix\n", encoding="utf-8")


def edit_index_and_its_hash(build: Path, outside: Path) -> None:
    edit_index(build, outside)
    lock = json.loads((build / "forgewright.lock").read_text(encoding="utf-8"))
    lock["files"]["src/index.js"] = hashlib.sha256(b"// my fix\n").hexdigest()
    (build / "forgewright.lock").write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def shadow_forge_api(build: Path, _outside: Path) -> None:
    package = build / "src" / "node_modules" / "@forge" / "api"
    package.mkdir(parents=True)
    (package / "index.js").write_text("module.exports = { asUser: () => evil };\n", encoding="utf-8")


def top_level_forge_file(build: Path, _outside: Path) -> None:
    (build / ".forge-extra.js").write_text("x\n", encoding="utf-8")


def link_to_an_identical_file_outside(build: Path, outside: Path) -> None:
    """A link whose target has exactly the expected bytes: only a check that does not follow links sees it."""
    index = build / "src" / "index.js"
    copy = outside / "index.js"
    copy.write_bytes(index.read_bytes())
    index.unlink()
    index.symlink_to(copy)


def link_a_folder_outside(build: Path, outside: Path) -> None:
    frontend = build / "src" / "frontend"
    frontend.rename(outside / "frontend")
    frontend.symlink_to(outside / "frontend")


def named_pipe(build: Path, _outside: Path) -> None:
    os.mkfifo(build / "src" / "pipe")  # opening it for reading would wait for a writer forever


def remove_readme(build: Path, _outside: Path) -> None:
    (build / "README.md").unlink()


CASES: dict[str, tuple[Tamper, list[str]]] = {
    "edited file": (edit_index, ["edited   src/index.js"]),
    "edited file and lock": (edit_index_and_its_hash, ["edited   forgewright.lock", "edited   src/index.js"]),
    "shadow @forge/api": (shadow_forge_api, ["extra    src/node_modules/@forge/api/index.js"]),
    "top-level .forge file": (top_level_forge_file, ["extra    .forge-extra.js"]),
    "file symlink": (link_to_an_identical_file_outside, ["not-file src/index.js (a symbolic link to "]),
    "folder symlink": (link_a_folder_outside, ["missing  src/frontend/overdue.jsx", "not-file src/frontend (a sym"]),
    "named pipe": (named_pipe, ["not-file src/pipe (a named pipe)"]),
    "missing file": (remove_readme, ["missing  README.md"]),
}


@contextmanager
def no_hang(seconds: int = 20) -> Iterator[None]:
    """Fail instead of waiting forever (a check that opened a named pipe would)."""

    def fail(_signum: int, _frame: object) -> None:
        raise TimeoutError("the check blocked")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def invoke(*args: str) -> Result:
    with no_hang():
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def tamper(ws: Workspace, case: str) -> list[str]:
    outside = ws.root / "outside"
    outside.mkdir()
    change, expected = CASES[case]
    change(ws.build, outside)
    return expected


@pytest.mark.parametrize("case", CASES)
def test_verify_reports_the_tampering(workspace: Workspace, case: str) -> None:
    ws = workspace
    assert invoke("verify", str(ws.spec), str(ws.build)).exit_code == 0
    expected = tamper(ws, case)
    result = invoke("verify", str(ws.spec), str(ws.build))
    assert result.exit_code == 1, result.output
    for line in expected:
        assert any(found.startswith(line) for found in result.output.splitlines()), result.output
    assert f"differs from {ws.spec}" in result.output


@pytest.mark.parametrize("case", CASES)
def test_deploy_refuses_the_same_tampering_before_running_anything(workspace: Workspace, case: str) -> None:
    ws = workspace
    expected = tamper(ws, case)
    result = invoke("deploy", str(ws.build), "--site", SITE, "--spec", str(ws.spec), "--yes")
    assert result.exit_code == 1, result.output
    assert f"is not exactly the app forgewright generated (compared with a rebuild of {ws.spec})" in result.output
    for line in expected:
        assert f"\n  {line}" in result.output, result.output
    assert ws.calls() == []


APP_ID = "ari:cloud:ecosystem::app/99999999-aaaa-bbbb-cccc-dddddddddddd"


def give_the_app_an_id(ws: Workspace) -> None:
    text = ws.spec.read_text(encoding="utf-8")
    ws.spec.write_text(text.replace("  description", f'  id "{APP_ID}"\n  description', 1))
    make_build(ws.build, ws.spec)


@pytest.mark.parametrize(
    "case", ["edited file", "shadow @forge/api", "top-level .forge file", "file symlink", "named pipe", "missing file"]
)
def test_without_the_spec_the_lock_check_catches_all_but_a_rewritten_lock(workspace: Workspace, case: str) -> None:
    ws = workspace
    give_the_app_an_id(ws)
    expected = tamper(ws, case)
    result = invoke("deploy", str(ws.build), "--site", SITE, "--yes")
    assert result.exit_code == 1, result.output
    assert "compared with its forgewright.lock" in result.output
    for line in expected:
        assert f"\n  {line}" in result.output, result.output
    assert ws.calls() == []


def test_a_rewritten_lock_needs_the_spec_and_the_deploy_says_so(workspace: Workspace) -> None:
    ws = workspace
    give_the_app_an_id(ws)
    edit_index_and_its_hash(ws.build, ws.root)
    without = invoke("deploy", str(ws.build), "--site", SITE, "--yes")
    assert without.exit_code == 0  # the lock agrees with the edit: only a rebuild can tell
    assert "Note: without --spec the build was checked against its forgewright.lock only" in without.output
    with_spec = invoke("deploy", str(ws.build), "--site", SITE, "--spec", str(ws.spec), "--yes")
    assert with_spec.exit_code == 1 and "edited   src/index.js" in with_spec.output


def test_what_npm_install_adds_is_accepted(workspace: Workspace) -> None:
    ws = workspace
    (ws.build / "node_modules" / "@forge" / "api").mkdir(parents=True)
    (ws.build / "node_modules" / "@forge" / "api" / "index.js").write_text("x", encoding="utf-8")
    (ws.build / "package-lock.json").write_text("{}", encoding="utf-8")
    assert invoke("verify", str(ws.spec), str(ws.build)).exit_code == 0
    (ws.build / "package-lock.json").unlink()
    (ws.build / "package-lock.json").symlink_to(ws.spec)  # but only as npm writes them
    result = invoke("verify", str(ws.spec), str(ws.build))
    assert result.exit_code == 1 and "not-file package-lock.json (a symbolic link" in result.output


def test_deploy_from_inside_the_build_folder_survives_the_rebuild(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``cd build && forgewright deploy . --spec ../app.appspec``: the rebuild replaces the current folder."""
    ws = workspace
    monkeypatch.chdir(ws.build)
    spec = os.path.relpath(ws.spec, ws.build)
    result = invoke("deploy", ".", "--site", SITE, "--spec", spec, "--yes")
    assert result.exit_code == 0, result.output
    assert all(call["cwd"] == str(ws.build) for call in ws.calls())
    monkeypatch.chdir(ws.root)
    assert invoke("verify", str(ws.spec), str(ws.build)).exit_code == 0
