"""The ``forgewright`` command line: one click group, each command in its own module.

Exit codes are a contract: 0 success, 1 bad input (a spec with errors, a differing build),
2 usage or environment problems (missing file, missing API key, unknown option). No path may
end in a Python traceback: ``main`` turns anything unexpected into one line and exit code 3.
"""

from __future__ import annotations

import importlib
import sys

import click

from forgewright import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="forgewright")
def cli() -> None:
    """Describe a Jira app in plain English, review it as a short spec, get a Forge app.

    \b
    Typical flow:
      forgewright check app.appspec          validate a spec
      forgewright fmt app.appspec            format it canonically
    """


# One line per command module (forgewright/commands/<name>.py, exposing ``command``).
COMMAND_MODULES = (
    "check",
    "build",
    "verify",
    "scopes",
    "fmt",
    "new",
    "chat",
    "deploy",
    "diff",
    "audit",
    "preview",
)


def _register_commands() -> None:
    """Attach every command; each lives in its own module under forgewright.commands."""
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"forgewright.commands.{name}")
        cli.add_command(module.command)


_register_commands()


def main() -> None:
    """Console-script entry point: run the CLI and never let a traceback reach the user."""
    try:
        cli.main(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # the last line of defence: report, don't dump a traceback
        click.echo(f"forgewright: internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo("This is a bug in forgewright; please report it with the command you ran.", err=True)
        sys.exit(3)
