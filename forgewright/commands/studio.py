"""``forgewright studio [SPEC]``: the assistant, the spec, its preview, scopes and deploy in one browser page.

This module stays light (``--help`` imports neither the web server nor the Anthropic SDK); the studio
itself lives in :mod:`forgewright.studio`.
"""

from __future__ import annotations

from pathlib import Path

import click

from forgewright.assistant import config
from forgewright.assistant.options import assistant_options


@click.command("studio", epilog=f"{config.CALL_LIMITS} Progress and the tokens of every call show in the chat.")
@click.argument("spec", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="The port on 127.0.0.1 to listen on; 0 picks a free one.",
)
@click.option("--no-open", is_flag=True, help="Print the address instead of opening a browser.")
@assistant_options
def command(
    spec: Path | None, port: int, no_open: bool, model: str | None, timeout: float | None, audit_log: Path | None
) -> None:
    """Open a local web page to build an app: chat with Claude on one side, the spec beside it (checked
    as you type, saved to SPEC), the live preview, the scopes with their reasons, the audit, and build
    and deploy buttons.

    \b
    SPEC is read if it exists and written on every change (a new one is named after its app on the
    first save). The page is served on 127.0.0.1 only, to the browser that opens the printed address
    (it holds a secret); a second studio on the same SPEC refuses to start. Without ANTHROPIC_API_KEY
    everything but the chat works. The deploy token typed in the page goes only to the Forge CLI.
    """
    from forgewright.studio.conversation import ChatSetup
    from forgewright.studio.server import serve

    serve(spec, port=port, open_browser=not no_open, setup=ChatSetup.resolve(model, timeout, audit_log))
