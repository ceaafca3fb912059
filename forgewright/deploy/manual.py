"""``forgewright deploy BUILD --manual``: the exact commands to deploy by hand. Runs and writes nothing."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from pathlib import Path

from forgewright.deploy import forge_cli
from forgewright.deploy.lock import BuildLock
from forgewright.deploy.manifest import ManifestInfo
from forgewright.deploy.secrets import EMAIL_VAR, TOKEN_PAGE, TOKEN_VAR

SITE_PLACEHOLDER = "YOUR-SITE.atlassian.net"


def _line(words: Sequence[str]) -> str:
    return "  " + shlex.join(words)


def manual_instructions(
    build_dir: Path,
    lock: BuildLock,
    manifest: ManifestInfo,
    environment: str,
    site: str | None,
    spec: Path | None,
) -> str:
    site_shown = site or SITE_PLACEHOLDER
    out: list[str] = [f'To deploy "{lock.app_name}" by hand, run these commands (forgewright ran nothing):', ""]
    out.append(_line(["cd", str(build_dir)]))
    out.append(f"  export {EMAIL_VAR}=you@example.com")
    out.append(f"  read -rs {TOKEN_VAR} && export {TOKEN_VAR}   # paste an API token from {TOKEN_PAGE}")
    out.append(_line(["forge", *forge_cli.analytics_off_args()]))
    if manifest.app_id is None:
        spec_shown = str(spec) if spec else "SPEC.appspec"
        out += [
            _line(["forge", *forge_cli.register_args(lock.app_name)]),
            "  # forge register wrote the new app id into manifest.yml (app: id: ari:cloud:ecosystem::app/…).",
            f'  # Add it to the app header of {spec_shown} as a line  id "ari:cloud:ecosystem::app/…"',
            "  # so that rebuilds keep it, then rebuild this folder from the spec:",
            _line(["forgewright", "build", spec_shown, "-o", str(build_dir)]),
            _line(["cd", str(build_dir)]),
        ]
    out.append(_line(["npm", *forge_cli.npm_install_args(locked="package-lock.json" in lock.files)]))
    out.append(_line(["forge", *forge_cli.deploy_args(environment)]))
    out.append(_line(["forge", *forge_cli.install_args(environment, site_shown, upgrade=False)]))
    out.append("  # if the app is already installed there (see: forge install list), upgrade it instead:")
    out.append(_line(["forge", *forge_cli.install_args(environment, site_shown, upgrade=True)]))
    out.append("")
    out.append(
        f"No forge on PATH? Install it with `npm install -g {forge_cli.FORGE_CLI_PACKAGE}`, or write "
        f"`npx --yes {forge_cli.FORGE_CLI_PACKAGE}@{forge_cli.FORGE_CLI_VERSION}` in place of `forge`."
    )
    out.append("Installing needs admin rights on the site; new scopes need a site admin's consent.")
    return "\n".join(out)
