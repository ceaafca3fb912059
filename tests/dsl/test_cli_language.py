"""`forgewright check` and `forgewright fmt`: exit codes, output forms, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from forgewright.cli import cli

ROOT = Path(__file__).parents[2]
GOOD = ROOT / "examples" / "overdue-gadget.appspec"
BAD = ROOT / "tests" / "dsl" / "fixtures" / "E101-unknown-field.appspec"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_check_clean_file_exits_0() -> None:
    code, out, _ = run("check", str(GOOD))
    assert code == 0 and "ok (0 errors" in out


def test_check_bad_file_prints_code_frame_and_exits_1() -> None:
    code, out, err = run("check", str(GOOD), str(BAD))
    assert code == 1
    assert "error[E101]: unknown field `asignee`" in err
    assert f"--> {BAD}:4:18" in err
    assert "^^^^^^^" in err and "did you mean `assignee`?" in err
    assert "failed (2 errors" in out


def test_check_json_is_machine_readable() -> None:
    code, out, _ = run("check", "--format", "json", str(BAD))
    assert code == 1
    document = json.loads(out)
    items = document["diagnostics"]
    assert document["omitted"] == []
    assert [i["code"] for i in items] == ["E101", "E101"]
    assert items[0]["line"] == 4 and items[0]["hint"] == "did you mean `assignee`?"


def test_missing_file_is_a_usage_error() -> None:
    code, _, err = run("check", "does-not-exist.appspec")
    assert code == 2 and "no such file" in err and "Traceback" not in err


def test_non_utf8_file_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.appspec"
    path.write_bytes(b'app "caf\xe9" {}')
    code, _, err = run("check", str(path))
    assert code == 2 and "not UTF-8" in err


def test_unknown_option_is_a_usage_error() -> None:
    code, _, _ = run("check", "--colour", str(GOOD))
    assert code == 2


def test_fmt_check_and_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "messy.appspec"
    path.write_text('app "X" { global_page p "P" { projects table {key,name} } }', encoding="utf-8")
    code, out, _ = run("fmt", "--check", str(path))
    assert code == 1 and "not formatted" in out
    assert path.read_text(encoding="utf-8").startswith('app "X" { global')
    code, _, _ = run("fmt", str(path))
    assert code == 0
    assert "    table { key, name }\n" in path.read_text(encoding="utf-8")
    assert run("fmt", "--check", str(path))[0] == 0


def test_fmt_leaves_unparseable_files_alone(tmp_path: Path) -> None:
    path = tmp_path / "broken.appspec"
    path.write_text('app "X" {', encoding="utf-8")
    code, _, err = run("fmt", str(path))
    assert code == 1 and "E003" in err
    assert path.read_text(encoding="utf-8") == 'app "X" {'


def test_version_and_help() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("forgewright, version ")
    code, out, _ = run("--help")
    assert code == 0 and "check" in out and "fmt" in out
