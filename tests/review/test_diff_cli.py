"""``forgewright diff``: formats, exit codes (git diff conventions), --git, and errors without tracebacks."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from compiler.markdown import md_text
from tests.review.support import PAIRS, ROOT, run

BASE = str(PAIRS / "base.appspec")
ADDED = str(PAIRS / "settings-added.appspec")
SAME = str(PAIRS / "no-semantic-change.appspec")
BAD = str(ROOT / "tests" / "dsl" / "fixtures" / "E101-unknown-field.appspec")


def test_text_output_ends_with_the_summary_and_warns_about_consent() -> None:
    code, out, _ = run("diff", BASE, ADDED)
    assert code == 0
    assert "+ storage:app" in out and "warning: This change adds scopes" in out
    assert out.rstrip().splitlines()[-1] == "0 modules changed, 1 added, 0 removed; 1 app change; scopes +1 \u22120"
    assert "\x1b[" not in out  # not a terminal: no colour


def test_formats_share_one_model() -> None:
    _, markdown, _ = run("diff", "--format", "markdown", BASE, ADDED)
    _, as_json, _ = run("diff", "--format", "json", BASE, ADDED)
    data = json.loads(as_json)
    assert data["needs_consent"] is True
    assert md_text(data["summary"]["line"]) in markdown
    assert "> [!WARNING]" in markdown


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((BASE, ADDED), 0),
        (("--exit-code", BASE, ADDED), 1),
        (("--exit-code", BASE, SAME), 0),
        ((BASE, SAME), 0),
    ],
)
def test_exit_codes_follow_git_diff(args: tuple[str, ...], expected: int) -> None:
    assert run("diff", *args)[0] == expected


def test_bad_spec_gets_code_frames_and_exit_1() -> None:
    code, _, err = run("diff", BASE, BAD)
    assert code == 1
    assert "error[E101]: unknown field `asignee`" in err and f"{BAD}:4:18" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((BASE,), "give two specs"),
        ((BASE, ADDED, SAME), "give two specs"),
        (("--git", "HEAD"), "exactly one FILE"),
        ((BASE, "/nonexistent/x.appspec"), "no such file"),
        (("--format", "yaml", BASE, ADDED), "Invalid value"),
    ],
)
def test_usage_problems_exit_2(args: tuple[str, ...], message: str) -> None:
    code, _, err = run("diff", *args)
    assert code == 2 and message in err and "Traceback" not in err


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    (tmp_path / "sub").mkdir()
    shutil.copy(BASE, tmp_path / "sub" / "app.appspec")
    git("add", ".")
    git("commit", "-q", "-m", "base")
    shutil.copy(ADDED, tmp_path / "sub" / "app.appspec")
    return tmp_path


def test_git_compares_the_working_file_with_a_revision(repo: Path) -> None:
    spec = repo / "sub" / "app.appspec"
    code, out, _ = run("diff", "--git", "HEAD", str(spec), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["old"] == f"HEAD:{spec}" and data["summary"]["modules_added"] == 1


def test_git_errors_are_usage_errors(repo: Path) -> None:
    spec = repo / "sub" / "app.appspec"
    code, _, err = run("diff", "--git", "no-such-rev", str(spec))
    assert code == 2 and "cannot read" in err and "no-such-rev" in err and "Traceback" not in err
    (repo / "sub" / "new.appspec").write_text(Path(BASE).read_text())
    code, _, err = run("diff", "--git", "HEAD", str(repo / "sub" / "new.appspec"))
    assert code == 2 and "cannot read" in err


def test_git_outside_a_repository(tmp_path: Path) -> None:
    spec = tmp_path / "app.appspec"
    shutil.copy(BASE, spec)
    code, _, err = run("diff", "--git", "HEAD", str(spec))
    assert code == 2 and "cannot read" in err
