"""The ``forgewright`` command line: one click group, each command in its own module, loaded on demand.

Exit codes are a contract: 0 success, 1 bad input (a spec with errors, a differing build),
2 usage or environment problems (missing file, missing API key, unknown option). No path may
end in a Python traceback: ``main`` turns anything unexpected into one line and exit code 3.

Start-up time matters (``check`` runs in editors and CI loops), so a command's module — and what it
imports, such as the Anthropic SDK for ``new`` and ``chat`` — is imported only when that command
runs. ``forgewright --help`` imports none of them: the group lists each command's one-line help from
:data:`COMMANDS` (a test keeps the table and the command modules in step).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator, MutableMapping
from typing import Any

import click

COMMANDS: dict[str, str] = {
    "new": "Ask Claude for a spec from a plain-English request; check, repair.",
    "chat": "Refine a spec turn by turn, seeing the spec and scope diffs.",
    "check": "Report every problem in spec files, with positions and hints.",
    "fmt": "Rewrite spec files in the one canonical layout (comments kept).",
    "build": "Compile a spec into a complete Forge app folder.",
    "verify": "Check that a build folder is exactly what its spec builds to.",
    "scopes": "List the scopes an app needs, each with its reasons.",
    "diff": "Show what a spec change means, scopes and consent included.",
    "audit": "Show which Jira data an app reads, how and as whom.",
    "preview": "Render every module as one HTML page with sample data.",
    "deploy": "Register, deploy and install a built app through the Forge CLI.",
    "studio": "Build an app in the browser: chat, spec, preview, scopes, deploy.",
}
"""Every command (module ``forgewright.commands.<name>``, exposing ``command``) and the line ``--help``
shows for it, in that order. The command's own ``--help`` has the full text."""


class LazyCommands(MutableMapping[str, click.Command]):
    """The group's commands by name: every name in :data:`COMMANDS` is listed, and its module is
    imported the first time the command itself is looked up."""

    def __init__(self) -> None:
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            if name not in COMMANDS:
                raise KeyError(name)
            self._loaded[name] = importlib.import_module(f"forgewright.commands.{name}").command
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self._loaded if name not in COMMANDS)

    def __len__(self) -> int:
        return len(set(COMMANDS) | set(self._loaded))


class LazyGroup(click.Group):
    """A group whose commands are imported only when one is run (or its own help is shown)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["commands"] = LazyCommands()
        super().__init__(*args, **kwargs)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from :data:`COMMANDS`, so ``--help`` imports no command module."""
        with formatter.section("Commands"):
            formatter.write_dl(list(COMMANDS.items()))


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from compiler.version import forgewright_version

    click.echo(f"forgewright, version {forgewright_version()}")
    ctx.exit()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version, help="Show the version."
)
def cli() -> None:
    """Describe a Jira app in plain English, review it as a short spec, get a Forge app.

    \b
    Typical flow:
      forgewright studio                     all of it in the browser, or in the terminal:
      forgewright new "a gadget with the overdue issues of a project I pick"
      forgewright check app.appspec          validate a spec
      forgewright build app.appspec          compile it into a Forge app
    """


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
