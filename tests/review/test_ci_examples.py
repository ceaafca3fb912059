"""examples/ci: the workflow and pre-commit files parse and call forgewright commands that exist."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from forgewright.cli import cli
from tests.review.support import ROOT

CI = ROOT / "examples" / "ci"


def _commands(text: str) -> set[str]:
    """``forgewright <command>`` outside comments."""
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return set(re.findall(r"\bforgewright ([a-z]+)\b", code)) - {"review"}


def test_workflow_runs_check_fmt_verify_and_posts_diff_and_audit() -> None:
    text = (CI / "forgewright.yml").read_text()
    workflow = yaml.safe_load(text)
    steps = workflow["jobs"]["review"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    for needed in ("forgewright check", "forgewright fmt --check", "forgewright verify", "review-comment.sh"):
        assert needed in runs
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "write"}
    script = (CI / "review-comment.sh").read_text()
    assert "forgewright diff --git" in script and "forgewright audit" in script


def test_pre_commit_hooks() -> None:
    config = yaml.safe_load((CI / ".pre-commit-config.yaml").read_text())
    entries = [hook["entry"] for repo in config["repos"] for hook in repo["hooks"]]
    assert entries[:2] == ["forgewright check", "forgewright fmt --check"]
    assert 'forgewright verify "$spec" "${spec%.appspec}"' in entries[2]


def test_every_command_used_exists() -> None:
    used: set[str] = set()
    for path in CI.iterdir():
        if path.suffix in (".yml", ".yaml", ".sh"):
            used |= _commands(path.read_text())
    assert {"check", "fmt", "verify", "diff", "audit", "preview"} <= used
    missing = used - set(cli.commands)
    assert not missing, missing


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("git") is None, reason="needs bash and git")
def test_review_script_on_a_repository(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    pairs = ROOT / "tests" / "review" / "pairs"
    shutil.copy(pairs / "base.appspec", tmp_path / "app.appspec")
    git("add", ".")
    git("commit", "-q", "-m", "base")
    shutil.copy(pairs / "settings-added.appspec", tmp_path / "app.appspec")
    shutil.copy(pairs / "base.appspec", tmp_path / "<i>new.appspec")
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "forgewright").write_text(
        f'#!/bin/sh\nexec "{ROOT / ".venv" / "bin" / "python"}" -c '
        '"import sys; sys.path.insert(0, sys.argv.pop(1)); from forgewright.cli import main; main()" '
        f'"{ROOT}" "$@"\n'
    )
    (shim / "forgewright").chmod(0o755)
    git("add", ".")
    env = {"PATH": f"{shim}:/usr/bin:/bin"}
    result = subprocess.run(
        ["bash", str(CI / "review-comment.sh"), "HEAD", "out.md"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    comment = (tmp_path / "out.md").read_text()
    assert comment.startswith("<!-- forgewright-review -->")
    assert "scopes \\+1 \u22120" in comment and "> [!WARNING]" in comment
    assert "Data-access audit" in comment and "&lt;i&gt;new.appspec</code> is new" in comment
    assert "<i>new" not in comment
