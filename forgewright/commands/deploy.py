"""``forgewright deploy BUILD_DIR --site SITE``: install a built app on a Jira site through the Forge CLI.

The work happens in :mod:`forgewright.deploy`; this module only maps options onto it.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from forgewright.deploy import forge_cli, runner
from forgewright.deploy.secrets import stdin_is_terminal


@click.command("deploy")
@click.argument(
    "build_dir", type=click.Path(exists=True, file_okay=False, dir_okay=True, path_type=Path), metavar="BUILD_DIR"
)
@click.option("--site", "-s", metavar="HOST", help="The Jira site to install on, like your-team.atlassian.net.")
@click.option(
    "--environment",
    "-e",
    type=click.Choice(forge_cli.ENVIRONMENTS),
    default="development",
    show_default=True,
    help="The Forge environment to deploy to and install from.",
)
@click.option(
    "--spec",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="The spec the build came from: the build is checked against a rebuild of it, byte for byte; needed "
    "when the app has no id yet (the new id is written into it).",
)
@click.option("--yes", "-y", is_flag=True, help="Accept the scope review without asking.")
@click.option("--manual", is_flag=True, help="Run nothing: print the scope review and the exact commands.")
@click.option("--verbose", "-v", is_flag=True, help="Show the (redacted) output of every step.")
def command(
    build_dir: Path,
    site: str | None,
    environment: str,
    spec: Path | None,
    yes: bool,
    manual: bool,
    verbose: bool,
) -> None:
    """Deploy the app in BUILD_DIR to a Jira site through Atlassian's Forge CLI.

    \b
    Checks the build as `forgewright verify` does (against a rebuild of --spec, else against its
    forgewright.lock), shows the scopes with their reasons, then runs:
      forge register (first deploy only), npm install, forge deploy, forge install [--upgrade].
    The Atlassian email and API token come from FORGE_EMAIL and FORGE_API_TOKEN, or are asked for;
    the token is handed only to the Forge CLI and is never stored or shown.
    """
    options = runner.DeployOptions(
        build_dir=build_dir, site=site, environment=environment, spec=spec, yes=yes, verbose=verbose
    )
    if manual:
        click.echo(runner.manual(options))
        return
    runner.deploy(options, environ=os.environ, interactive=stdin_is_terminal())
