"""The automatic deploy: check the build, review scopes, then run the Forge CLI step by step.

Order of the steps (each a child process, except the rebuild):

1. ``forge settings set usage-analytics false``
2. ``forge register NAME`` and, in-process, the id written into the spec and the app rebuilt
   (only when the app has no id yet)
3. ``npm install`` (without the credentials in its environment)
4. ``forge deploy -e ENV --non-interactive``
5. ``forge install list --json``, to choose between a first install and an upgrade
6. ``forge install -e ENV -s SITE -p Jira --non-interactive [--upgrade]``
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import click

from compiler import BuildOutput
from compiler.plan import PlanError
from forgewright.deploy import forge_cli
from forgewright.deploy.errors import EXIT_FAILED, EXIT_USAGE, DeployError
from forgewright.deploy.lock import LOCK_NAME, BuildLock, expected_digests, read_lock
from forgewright.deploy.manifest import ManifestInfo, read_manifest, where_to_find
from forgewright.deploy.scopes import compare, record_scopes, recorded_scopes, review_text, state_path
from forgewright.deploy.secrets import Credentials, obtain_credentials, without_credentials
from forgewright.deploy.spec_id import SpecEditError, set_app_id
from forgewright.deploy.steps import StepFailed, StepRunner
from forgewright.files import UTF8_BOM, read_spec
from forgewright.integrity import Expected, rebuilt_files, verify_build
from forgewright.specs import SpecError, compile_spec

Rebuild = Callable[[Path, Path], None]
_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")
ALREADY_INSTALLED = "App is already installed"  # @forge/cli-shared text: install.error.alreadyInstalledError


@dataclass(frozen=True)
class DeployOptions:
    build_dir: Path
    site: str | None
    environment: str = "development"
    spec: Path | None = None
    yes: bool = False
    verbose: bool = False


def normalize_site(site: str) -> str:
    """``https://Team.atlassian.net/jira/`` -> ``team.atlassian.net``; exit 2 on something not a host name."""
    host = site.strip().lower()
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", host).split("/", 1)[0].rstrip(".")
    if not _HOST.match(host):
        raise DeployError(
            f"--site {site!r}: give the host name of the Jira site, like your-team.atlassian.net", EXIT_USAGE
        )
    return host


def check_build_or_refuse(build_dir: Path, spec: Path | None) -> BuildLock:
    """The build's lock, after checking the folder is exactly the app forgewright generated: the same check
    as ``forgewright verify`` (a rebuild from ``spec`` in memory, compared byte for byte) when the spec is
    given, else against the digests in the lock. Raises :class:`DeployError` listing every difference."""
    lock = read_lock(build_dir)
    if spec is not None:
        check_spec_matches(spec, lock)
        expected: Expected = rebuilt_files(_compile(spec))
        ignore: frozenset[str] = frozenset()
        against = f"a rebuild of {spec}"
    else:
        expected, ignore, against = expected_digests(lock), frozenset({LOCK_NAME}), f"its {LOCK_NAME}"
    try:
        diff = verify_build(build_dir, expected, ignore)
    except OSError as exc:
        raise DeployError(f"{build_dir}: cannot read ({exc.strerror or exc})") from None
    if not diff.ok:
        raise DeployError(
            f"{build_dir} is not exactly the app forgewright generated (compared with {against}): "
            f"{diff.summary()}\n" + "\n".join(f"  {line}" for line in diff.lines()) + "\n"
            "A generated app is neither edited nor added to by hand: move added files out, change the spec "
            "instead, and rebuild (forgewright build SPEC -o DIR)."
        )
    return lock


def _compile(spec: Path) -> BuildOutput:
    try:
        return compile_spec(spec)[1]
    except SpecError as exc:
        raise DeployError(f"{spec} has errors, so the build cannot be checked against it:\n{exc.render()}") from None
    except PlanError as exc:
        raise DeployError(f"{spec}: {exc}") from None


def check_spec_matches(spec: Path, lock: BuildLock) -> str:
    """The spec's text, after checking it is the spec this build was made from."""
    text = read_spec(spec)
    # the compiler hashes the spec's text as read (UTF-8, line endings untouched): hash the same thing
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != lock.spec_sha256:
        raise DeployError(
            f"{spec} is not the spec this build was made from (its SHA-256 differs from the one in "
            "forgewright.lock). Rebuild from this spec first, or pass the spec the build came from."
        )
    return text


def default_rebuild(spec: Path, out_dir: Path) -> None:
    """Rebuild through the build command's entry point (imported here: most deploys never rebuild)."""
    from forgewright.commands.build import build_spec_file

    build_spec_file(spec, out_dir)


def installed_state(output: str, site: str, environment: str) -> bool | None:
    """From ``forge install list --json``: is the app installed in Jira on ``site`` in ``environment``?
    None when the output holds no JSON list (an older or newer CLI): the caller then falls back."""
    rows = _json_list(output)
    if rows is None:
        return None
    for row in rows:
        if not isinstance(row, dict):
            continue
        row_site = str(row.get("site", "")).lower()
        row_site = re.sub(r"^[a-z]+://", "", row_site).split("/", 1)[0]
        product = str(row.get("product", "")).lower().split(",")[0].replace("(required)", "").strip()
        if row_site == site and str(row.get("environment", "")) == environment and product == "jira":
            return True
    return False


def _json_list(output: str) -> list[Any] | None:
    """The JSON array in ``output``, which may have other lines (notices, warnings) before or after it."""
    decoder = json.JSONDecoder()
    for match in re.finditer(r"^[ \t]*(\[)", output, re.MULTILINE):
        try:
            value, _end = decoder.raw_decode(output, match.start(1))
        except ValueError:
            continue
        if isinstance(value, list):
            return value
    return None


def _anchored(options: DeployOptions) -> DeployOptions:
    """Paths made absolute up front: rebuilding replaces the build folder, which may be the current one."""
    spec = Path(os.path.abspath(options.spec)) if options.spec is not None else None
    return replace(options, build_dir=Path(os.path.abspath(options.build_dir)), spec=spec)


def write_spec_atomically(spec: Path, text: str) -> None:
    """Replace the spec's text, keeping a byte order mark it started with."""
    with open(spec, "rb") as current:
        bom = UTF8_BOM if current.read(len(UTF8_BOM)) == UTF8_BOM else b""
    fd, tmp = tempfile.mkstemp(prefix=f".{spec.name}.", dir=spec.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(bom + text.encode("utf-8"))
        with contextlib.suppress(OSError):
            os.chmod(tmp, spec.stat().st_mode & 0o7777)
        os.replace(tmp, spec)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def scope_review(
    lock: BuildLock, manifest: ManifestInfo, site: str, environment: str, environ: Mapping[str, str]
) -> str:
    """The scopes with their reasons, and what changed since the last deploy of this app to the same place."""
    state_file = state_path(environ)
    earlier = recorded_scopes(state_file, manifest.app_id, environment, site) if manifest.app_id else None
    return review_text(lock, compare(lock.scope_names, earlier))


def deploy(
    options: DeployOptions,
    environ: Mapping[str, str],
    interactive: bool,
    rebuild: Rebuild = default_rebuild,
    echo: Callable[[str], None] = click.echo,
    credentials: Credentials | None = None,
) -> None:
    """Run a whole deploy; raises :class:`DeployError` (already worded, already redacted) on any failure.

    ``credentials`` given (the studio's deploy form) are used as they are; otherwise they come from the
    environment or prompts. Either way they reach only the Forge CLI child processes."""
    lock = check_build_or_refuse(options.build_dir, options.spec)
    manifest = read_manifest(options.build_dir)
    if not options.site:
        raise DeployError("--site is needed: the Jira site to install on, like your-team.atlassian.net", EXIT_USAGE)
    site = normalize_site(options.site)
    if manifest.app_id is None and options.spec is None:
        raise DeployError(
            "This app has no id yet, so the deploy registers it with Atlassian and writes the new id into "
            "the spec's app header (so rebuilds keep it). Pass the spec the build came from: --spec FILE.",
            EXIT_USAGE,
        )
    if options.spec is None:
        echo(
            f"Note: without --spec the build was checked against its {LOCK_NAME} only (a lock edited along "
            "with a file would pass); pass --spec FILE to rebuild it from the spec and compare byte for byte."
        )
    path = environ.get("PATH")
    forge = forge_cli.find_forge_cli(path)
    npm = forge_cli.find_npm(path)

    state_file = state_path(environ)
    echo(scope_review(lock, manifest, site, options.environment, environ))
    echo(f"Target: {site}, Forge {options.environment} environment (Forge CLI: {forge.how}).")
    if not options.yes:
        if not interactive:
            raise DeployError("no terminal to confirm the scopes on: add --yes to confirm them", EXIT_USAGE)
        if not click.confirm("Deploy with these scopes?", default=False):
            raise DeployError("Deploy cancelled; nothing was changed.", EXIT_FAILED)

    if credentials is None:
        credentials = obtain_credentials(environ, interactive)
    failure: DeployError | None = None
    try:
        app_id, lock, manifest = _run_steps(
            options, site, lock, manifest, forge, npm, credentials, environ, rebuild, echo
        )
    except DeployError as exc:
        failure = exc
    finally:
        del credentials
    if failure is not None:
        # The traceback's frames hold the credentials and the child environment as locals: drop them,
        # so that nothing keeps the token alive once the error has been shown.
        failure.__traceback__ = failure.__context__ = failure.__cause__ = None
        raise failure
    try:
        record_scopes(state_file, app_id, options.environment, site, lock.scope_names)
    except OSError as exc:  # the deploy itself succeeded; only the memory of its scopes is lost
        echo(f"Note: could not record the granted scopes in {state_file} ({exc.strerror}).")
    echo(_finished(lock, manifest, site, options.environment))


def _run_steps(
    options: DeployOptions,
    site: str,
    lock: BuildLock,
    manifest: ManifestInfo,
    forge: forge_cli.ForgeCli,
    npm: str,
    credentials: Credentials,
    environ: Mapping[str, str],
    rebuild: Rebuild,
    echo: Callable[[str], None],
) -> tuple[str, BuildLock, ManifestInfo]:
    options = _anchored(options)
    build_dir, environment = options.build_dir, options.environment
    register = manifest.app_id is None
    forge_env: dict[str, str] | None = credentials.child_env({**environ, "FORCE_COLOR": "0"})
    runner: StepRunner | None = StepRunner(
        build_dir, credentials.redactor(), total=7 if register else 5, site=site, verbose=options.verbose, echo=echo
    )
    assert forge_env is not None and runner is not None
    try:
        runner.run("Turn off Forge CLI usage analytics", forge.argv(forge_cli.analytics_off_args()), forge_env)
        if register:
            assert options.spec is not None
            lock, manifest = _register_and_rebuild(options.spec, build_dir, lock, forge, forge_env, runner, rebuild)
        app_id = manifest.app_id
        assert app_id is not None
        npm_args = forge_cli.npm_install_args(locked="package-lock.json" in lock.files)
        runner.run("Install the app's npm dependencies", [npm, *npm_args], without_credentials(environ))
        runner.run(
            f"Deploy to the Forge {environment} environment", forge.argv(forge_cli.deploy_args(environment)), forge_env
        )
        listing = runner.run(
            f"Check whether the app is already installed on {site}",
            forge.argv(forge_cli.install_list_args()),
            forge_env,
        )
        installed = installed_state(listing.output, site, environment)
        if installed is None:  # unreadable listing: trust our own record of an earlier install
            installed = recorded_scopes(state_path(environ), app_id, environment, site) is not None
        _install(runner, forge, forge_env, environment, site, installed, echo)
        return app_id, lock, manifest
    finally:
        forge_env = None
        runner = None
        del credentials


def _register_and_rebuild(
    spec: Path,
    build_dir: Path,
    lock: BuildLock,
    forge: forge_cli.ForgeCli,
    forge_env: Mapping[str, str],
    runner: StepRunner,
    rebuild: Rebuild,
) -> tuple[BuildLock, ManifestInfo]:
    register = forge.argv(forge_cli.register_args(lock.app_name))
    runner.run("Register the app with Atlassian (forge register)", register, forge_env)
    app_id = read_manifest(build_dir).app_id
    if app_id is None:
        raise StepFailed("register", "forge register finished, but manifest.yml holds no app id afterwards.")
    runner.announce(f"Write the app id into {spec} and rebuild")
    text = read_spec(spec)
    try:
        new_text = set_app_id(text, app_id, str(spec))
    except SpecEditError as exc:
        raise DeployError(f"registered the app as {app_id}, but could not write the id into {spec}: {exc}") from None
    write_spec_atomically(spec, new_text)
    runner.echo(f"    {spec}: id {app_id}")
    hint = f"The app is registered as {app_id} and the id is in {spec}; rebuild (forgewright build) and deploy again."
    try:
        rebuild(spec, build_dir)
    except SpecError as exc:
        raise DeployError(f"rebuilding failed:\n{exc.render()}\n{hint}") from None
    except click.ClickException as exc:
        raise DeployError(f"rebuilding failed: {runner.redact(exc.format_message())}\n{hint}") from None
    except SystemExit as exc:
        raise DeployError(f"rebuilding failed (exit code {exc.code}).\n{hint}") from None
    except Exception as exc:
        raise DeployError(f"rebuilding failed: {type(exc).__name__}: {runner.redact(str(exc))}\n{hint}") from None
    new_lock = check_build_or_refuse(build_dir, spec)
    manifest = read_manifest(build_dir)
    if manifest.app_id != app_id:
        raise DeployError(f"after the rebuild, manifest.yml does not carry the registered id {app_id}.\n{hint}")
    return new_lock, manifest


def _install(
    runner: StepRunner,
    forge: forge_cli.ForgeCli,
    forge_env: Mapping[str, str],
    environment: str,
    site: str,
    upgrade: bool,
    echo: Callable[[str], None],
) -> None:
    # "must be deployed before installation" and "was not installed on any" are printed with exit code 0
    markers = ("must be deployed before installation", "was not installed on any")
    title = f"{'Upgrade the installation' if upgrade else 'Install the app'} on {site}"
    try:
        runner.run(title, forge.argv(forge_cli.install_args(environment, site, upgrade)), forge_env, markers)
    except StepFailed as failure:
        if upgrade or failure.result is None or ALREADY_INSTALLED.lower() not in failure.result.output.lower():
            raise
        echo("    already installed there: upgrading instead")
        runner.run(
            title, forge.argv(forge_cli.install_args(environment, site, True)), forge_env, markers, announce=False
        )


def _finished(lock: BuildLock, manifest: ManifestInfo, site: str, environment: str) -> str:
    lines = [f'Done: "{lock.app_name}" is installed on {site} (Forge {environment} environment).']
    if manifest.modules:
        lines.append("Where to find it in Jira:")
        lines += [f"  - {where_to_find(m)}" for m in manifest.modules]
    if environment != "production":
        lines.append(f"Outside production, Jira shows the titles with ({environment.upper()}) after them.")
    lines.append(f"Jira: https://{site}/jira")
    return "\n".join(lines)


def manual(options: DeployOptions) -> str:
    """The --manual text: the scope review and the commands. Reads the build, runs and writes nothing."""
    from forgewright.deploy.manual import manual_instructions

    lock = check_build_or_refuse(options.build_dir, options.spec)
    manifest = read_manifest(options.build_dir)
    site = normalize_site(options.site) if options.site else None
    review = review_text(lock)
    steps = manual_instructions(options.build_dir, lock, manifest, options.environment, site, options.spec)
    return f"{review}\n\n{steps}"
