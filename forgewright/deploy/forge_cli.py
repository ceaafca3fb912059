"""Finding the Forge CLI, and the exact command lines a deploy runs (shared by the automatic and manual modes).

Flags checked against @forge/cli 13.3.0 (its command registrations in ``out/command-line`` and the
cli-reference pages on developer.atlassian.com):

- ``forge settings set usage-analytics false``;
- ``forge register [name]`` (no ``--non-interactive`` flag exists; it may ask for a Developer Space and
  the developer terms when Atlassian enables those for the account, which a non-interactive run can't answer);
- ``forge deploy -e ENV --non-interactive``;
- ``forge install list --json`` prints a JSON array of ``{id, environment, site, product, …}``
  (``site`` is the host name, ``product`` the display name such as ``Jira``);
- ``forge install -e ENV -s SITE -p Jira --non-interactive [--upgrade]``; with ``--non-interactive`` the
  CLI does not ask to confirm scopes, so forgewright's own review is the confirmation.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass

from forgewright.deploy.errors import EXIT_USAGE, DeployError

FORGE_CLI_PACKAGE = "@forge/cli"
FORGE_CLI_VERSION = "13.3.0"
PRODUCT = "Jira"
ENVIRONMENTS = ("development", "staging", "production")


@dataclass(frozen=True)
class ForgeCli:
    """How to start the Forge CLI: ``prefix`` + the forge arguments."""

    prefix: tuple[str, ...]
    how: str  # for people: "forge on PATH (/usr/bin/forge)" or "npx …"

    def argv(self, args: Sequence[str]) -> list[str]:
        return [*self.prefix, *args]


def find_forge_cli(path: str | None = None) -> ForgeCli:
    """``forge`` on ``PATH``, else the pinned CLI through ``npx``, else one clear message (exit 2)."""
    forge = shutil.which("forge", path=path)
    if forge:
        return ForgeCli((forge,), f"forge on PATH ({forge})")
    npx = shutil.which("npx", path=path)
    if npx:
        package = f"{FORGE_CLI_PACKAGE}@{FORGE_CLI_VERSION}"
        return ForgeCli((npx, "--yes", package), f"npx --yes {package} (no forge on PATH)")
    raise DeployError(
        "The Forge CLI was not found: there is no `forge` on PATH and no `npx` to run it with.\n"
        f"Install Node.js (which brings npm and npx), then the CLI: npm install -g {FORGE_CLI_PACKAGE}\n"
        "Or run forgewright deploy --manual to see the commands.",
        EXIT_USAGE,
    )


def find_npm(path: str | None = None) -> str:
    npm = shutil.which("npm", path=path)
    if not npm:
        raise DeployError(
            "npm was not found on PATH; it installs the app's dependencies before `forge deploy`. "
            "Install Node.js (it includes npm) and try again.",
            EXIT_USAGE,
        )
    return npm


# The forge arguments of each step, in one place so that --manual prints exactly what the runner runs.


def analytics_off_args() -> list[str]:
    return ["settings", "set", "usage-analytics", "false"]


def register_args(app_name: str) -> list[str]:
    return ["register", app_name]


def npm_install_args(locked: bool = False) -> list[str]:
    """``npm ci`` when the build ships a package-lock.json (it must stay as generated), else ``npm install``.
    --ignore-scripts: the generated app needs no install scripts, so no dependency gets to run code."""
    return ["ci" if locked else "install", "--ignore-scripts", "--no-audit", "--no-fund"]


def deploy_args(environment: str) -> list[str]:
    return ["deploy", "-e", environment, "--non-interactive"]


def install_list_args() -> list[str]:
    return ["install", "list", "--json"]


def install_args(environment: str, site: str, upgrade: bool) -> list[str]:
    args = ["install", "-e", environment, "-s", site, "-p", PRODUCT, "--non-interactive"]
    return [*args, "--upgrade"] if upgrade else args
