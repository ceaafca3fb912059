"""Reading spec files as users hand them over (issue 16, defect 10): byte order marks, pipes, devices, folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from forgewright.cli import cli
from forgewright.deploy.lock import read_lock
from forgewright.deploy.runner import check_spec_matches, write_spec_atomically
from forgewright.files import UTF8_BOM, InputFileError, read_spec

SPEC = 'app "Bom" {\n  gadget g "G" {\n    issues where "project = A"\n    table { key, summry }\n  }\n}\n'


def spec_with_bom(tmp_path: Path, text: str = SPEC) -> Path:
    path = tmp_path / "bom.appspec"
    path.write_bytes(UTF8_BOM + text.encode("utf-8"))
    return path


def test_a_byte_order_mark_is_dropped_and_positions_stay_as_the_user_sees_them(tmp_path: Path) -> None:
    with_bom = spec_with_bom(tmp_path)
    plain = tmp_path / "plain.appspec"
    plain.write_text(SPEC, encoding="utf-8")
    assert read_spec(with_bom) == SPEC
    runner = CliRunner()
    reports = [runner.invoke(cli, ["check", "--format", "json", str(p)]) for p in (with_bom, plain)]
    assert [r.exit_code for r in reports] == [1, 1]
    positions = [[(d["line"], d["column"]) for d in json.loads(r.stdout)["diagnostics"]] for r in reports]
    assert positions[0] == positions[1] and positions[0][0] == (4, 18)  # `summry`, not one column further


def test_a_spec_with_a_byte_order_mark_builds_verifies_and_keeps_its_mark(tmp_path: Path) -> None:
    spec = spec_with_bom(tmp_path, SPEC.replace("summry", "summary"))
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(cli, ["build", str(spec), "-o", str(out)]).exit_code == 0
    assert runner.invoke(cli, ["verify", str(spec), str(out)]).exit_code == 0
    check_spec_matches(spec, read_lock(out))  # the deploy's spec check hashes the same text as the build
    write_spec_atomically(spec, read_spec(spec).replace('"Bom"', '"Bom 2"'))  # as after forge register
    assert spec.read_bytes().startswith(UTF8_BOM + b'app "Bom 2"')


def test_utf16_and_bad_bytes_are_named(tmp_path: Path) -> None:
    utf16 = tmp_path / "u16.appspec"
    utf16.write_bytes(SPEC.encode("utf-16"))
    with pytest.raises(InputFileError, match="UTF-16 text; save it as UTF-8"):
        read_spec(utf16)
    bad = tmp_path / "bad.appspec"
    bad.write_bytes(UTF8_BOM + b"app \xff")
    with pytest.raises(InputFileError, match=r"not UTF-8 text \(byte 7\)"):  # counted in the file, mark included
        read_spec(bad)


@pytest.mark.parametrize(("make", "kind"), [("folder", "a folder"), ("device", "a device")])
def test_folders_and_devices_are_refused(tmp_path: Path, make: str, kind: str) -> None:
    if make == "folder":
        path = tmp_path / "spec.appspec"
        path.mkdir()
    else:
        path = Path(os.devnull)
    for command in (["check", str(path)], ["build", str(path), "-o", str(tmp_path / "out")]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 2, result.output
        assert f"{path}: is {kind}, not a spec file" in result.output
    assert not (tmp_path / "out").exists()


def test_a_named_pipe_is_refused_at_once_instead_of_waiting_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "spec.appspec"
    os.mkfifo(pipe)
    link = tmp_path / "link.appspec"
    link.symlink_to(pipe)
    for path in (pipe, link):
        run = subprocess.run(
            [sys.executable, "-c", "from forgewright.cli import main; main()", "check", str(path)],
            capture_output=True,
            text=True,
            timeout=60,  # without the type check, this waits forever for someone to write into the pipe
            check=False,
        )
        assert run.returncode == 2, run.stderr
        assert f"{path}: is a named pipe, not a spec file" in run.stderr
        assert "Traceback" not in run.stderr
