"""A first deploy of a build made by the real compiler, with the real rebuild after `forge register`.

The other deploy tests use a miniature build; this one proves the pieces fit: the lock the compiler
writes is the one deploy checks, the id lands in the spec, the rebuilt app carries it and still
verifies against the spec, and the token is nowhere on disk or in the output.
"""

from __future__ import annotations

import base64
from pathlib import Path

from click.testing import CliRunner
from deploy_support import NEW_APP_ID, SITE, TOKEN, Workspace, files_containing

from forgewright.cli import cli
from forgewright.commands.build import build_spec_file


def test_first_deploy_of_a_compiled_app_rebuilds_with_the_registered_id(workspace: Workspace) -> None:
    ws = workspace
    build_spec_file(ws.spec, ws.build)  # replaces the miniature build with the compiler's
    assert "00000000-0000-0000-0000-000000000000" in (ws.build / "manifest.yml").read_text()

    result = CliRunner().invoke(
        cli, ["deploy", str(ws.build), "--site", SITE, "--spec", str(ws.spec), "--yes"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert f'id "{NEW_APP_ID}"' in ws.spec.read_text(encoding="utf-8")
    assert f'id: "{NEW_APP_ID}"' in (ws.build / "manifest.yml").read_text(encoding="utf-8")
    verify = CliRunner().invoke(cli, ["verify", str(ws.spec), str(ws.build)])
    assert verify.exit_code == 0, verify.output
    assert "overdue: search the issues its query matches" in result.output  # the reason from the real lock
    for form in (TOKEN.encode(), base64.b64encode(TOKEN.encode())):
        assert form not in result.output_bytes
        assert files_containing(ws.root, form) == []
        assert files_containing(Path(ws.home), form) == []
