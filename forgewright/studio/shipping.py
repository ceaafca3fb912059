"""Build and deploy from the studio, through the same functions as ``forgewright build`` and ``deploy``.

- Build: the saved spec compiled and written to a folder by the guarded writer (never over files that
  are not its last build's, never into the spec's folder, swapped in atomically), or zipped in memory
  for download (entries in a fixed order with fixed times, so the same spec gives the same bytes).
- Deploy, in two requests. The review builds the folder, checks it as ``deploy`` does and returns the
  scopes with their reasons, what an earlier deploy to the site granted, and the exact commands of the
  manual mode; nothing runs yet. The deploy then runs the deploy runner with the email and token typed
  in the page, refusing when the app changed since its review. The token goes into a
  :class:`~forgewright.deploy.secrets.Credentials` at once and from there only into the Forge CLI's
  environment; every line shown is redacted with the same redactor the runner uses, and nothing keeps
  the token once the deploy ends.
"""

from __future__ import annotations

import copy
import hashlib
import io
import itertools
import json
import os
import threading
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compiler import BuildOutput
from compiler.plan import PlanError
from dsl.render import summary_line
from forgewright.commands.build import build_spec_file, slug
from forgewright.deploy import forge_cli, runner
from forgewright.deploy.errors import DeployError
from forgewright.deploy.lock import BuildLock
from forgewright.deploy.manifest import read_manifest
from forgewright.deploy.manual import manual_instructions
from forgewright.deploy.secrets import EMAIL_VAR, TOKEN_PAGE, TOKEN_VAR, Credentials
from forgewright.files import InputFileError
from forgewright.specs import SpecError, compile_spec
from forgewright.studio.events import EventBus
from forgewright.studio.project import Project, Refused
from forgewright.writer import WriteError

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every entry's time in a downloaded zip (the earliest a zip can hold): the bytes depend on the spec only."""


@dataclass(frozen=True)
class Target:
    """Where a build goes and where its app is deployed to."""

    folder: Path
    site: str
    environment: str


def fingerprint(lock: BuildLock) -> str:
    """What a scope review approved: this spec, these scopes."""
    return hashlib.sha256(json.dumps([lock.spec_sha256, sorted(lock.scope_names)]).encode()).hexdigest()


class Shipping:
    """Builds, zips and deploys the project's saved spec; at most one deploy at a time."""

    def __init__(self, project: Project, bus: EventBus, cwd: Path, environ: Mapping[str, str] | None = None) -> None:
        self.project = project
        self.bus = bus
        self.cwd = cwd
        self.environ = os.environ if environ is None else environ
        self._jobs = itertools.count(1)
        self.job: dict[str, Any] | None = None
        self._lock = threading.Lock()

    def info(self) -> dict[str, Any]:
        with self._lock:
            job = copy.deepcopy(self.job)
        return {
            "cwd": str(self.cwd),
            "environments": list(forge_cli.ENVIRONMENTS),
            "email": self.environ.get(EMAIL_VAR, ""),
            "token_in_environment": bool(self.environ.get(TOKEN_VAR, "").strip()),
            "token_page": TOKEN_PAGE,
            "job": job,
        }

    # --- build ----------------------------------------------------------------------------------------

    def _saved_spec(self) -> Path:
        path = self.project.path
        if path is None or self.project.missing:
            raise Refused("save the spec first: a build is made from the spec file")
        return path

    def _compiled(self) -> BuildOutput:
        spec = self._saved_spec()
        with _as_refusal():
            return compile_spec(spec)[1]

    def folder(self, given: str) -> Path:
        """The build folder the page names (relative to the folder the studio was started in)."""
        if not given.strip():
            raise Refused("name a folder to build into", status=400)
        return self.cwd / Path(given.strip()).expanduser()

    def zip_app(self) -> tuple[str, bytes]:
        """The app as a zip: its file name and bytes (one folder named after the app inside)."""
        output = self._compiled()
        name = slug(output.plan.app_name)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for draft in sorted(output.drafts, key=lambda d: d.path):
                entry = zipfile.ZipInfo(f"{name}/{draft.path}", date_time=ZIP_TIME)
                entry.external_attr = 0o100644 << 16
                entry.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(entry, draft.content.encode("utf-8"))
        return f"{name}.zip", buffer.getvalue()

    def build(self, given: str) -> dict[str, Any]:
        """Write the app into a folder, as ``forgewright build SPEC -o FOLDER`` does."""
        if self.project.busy is not None:
            raise Refused(f"{self.project.busy} is running; build when it has ended")
        spec, folder = self._saved_spec(), self.folder(given)
        with _as_refusal():
            result = build_spec_file(spec, folder)
        return {"folder": str(folder), "files": len(result.output.drafts), "app": result.output.plan.app_name}

    # --- deploy -------------------------------------------------------------------------------------

    def target(self, data: Mapping[str, Any]) -> Target:
        site = str(data.get("site") or "").strip()
        environment = str(data.get("environment") or "development")
        if not site:
            raise Refused("give the Jira site to install on, like your-team.atlassian.net", status=400)
        try:
            host = runner.normalize_site(site)
        except DeployError:
            message = f"{site!r} is not a Jira site's host name; give it like your-team.atlassian.net"
            raise Refused(message, 400) from None
        if environment not in forge_cli.ENVIRONMENTS:
            raise Refused(f"no Forge environment {environment!r}; one of {', '.join(forge_cli.ENVIRONMENTS)}", 400)
        return Target(self.folder(str(data.get("folder") or "")), host, environment)

    def review(self, target: Target) -> dict[str, Any]:
        """Build the folder and say what a deploy of it would grant and run; runs nothing."""
        built = self.build(str(target.folder))
        spec = self._saved_spec()
        with _as_refusal():
            lock = runner.check_build_or_refuse(target.folder, spec)
            manifest = read_manifest(target.folder)
            review = runner.scope_review(lock, manifest, target.site, target.environment, self.environ)
            manual = manual_instructions(target.folder, lock, manifest, target.environment, target.site, spec)
        return {
            **built,
            "site": target.site,
            "environment": target.environment,
            "review": review,
            "scopes": [{"scope": s.scope, "reasons": list(s.reasons)} for s in lock.scopes],
            "registers": manifest.app_id is None,
            "fingerprint": fingerprint(lock),
            "manual": manual,
        }

    def start_deploy(self, target: Target, reviewed: str, email: str, token: str) -> int:
        """Start the deploy of the reviewed build; its job number. The token is handed on, not kept."""
        email = email.strip() or self.environ.get(EMAIL_VAR, "").strip()
        token = token.strip() or self.environ.get(TOKEN_VAR, "").strip()
        if not email or not token:
            raise Refused(f"type your Atlassian account email and an API token (create one at {TOKEN_PAGE})", 400)
        spec = self._saved_spec()
        credentials = Credentials(email, token)
        del token
        self.project.begin("a deploy", writes="the deploy wrote the app id into the spec")
        number = next(self._jobs)
        job = {"job": number, "site": target.site, "environment": target.environment, "lines": [], "status": "running"}
        with self._lock:
            self.job = job
        self.bus.publish("deploy.start", job)
        # yes: the page's review was the confirmation; verbose: each step's (redacted) output goes to the log
        options = runner.DeployOptions(target.folder, target.site, target.environment, spec, yes=True, verbose=True)
        thread = threading.Thread(
            target=self._deploy, args=(number, options, reviewed, credentials), name=f"deploy {number}", daemon=True
        )
        thread.start()
        return number

    def _deploy(self, number: int, options: runner.DeployOptions, reviewed: str, credentials: Credentials) -> None:
        redact = credentials.redactor()
        echo = self._echo(number, redact)
        ok, message = False, ""
        try:
            lock = runner.check_build_or_refuse(options.build_dir, options.spec)
            if fingerprint(lock) != reviewed:
                raise DeployError("the app changed since its scopes were reviewed; review them again before deploying")
            runner.deploy(options, environ=self.environ, interactive=False, echo=echo, credentials=credentials)
            ok = True
        except DeployError as error:
            message = redact(error.format_message())
        except Exception as error:  # never a traceback, and never unredacted
            message = redact(f"internal error: {type(error).__name__}: {error}")
        finally:
            del credentials, redact
            self.project.check_disk()
            self.project.end()
        with self._lock:
            job = self.job if self.job is not None and self.job["job"] == number else {"job": number, "lines": []}
            job.update(status="done" if ok else "failed", message=message)
        self.bus.publish("deploy.result", job)

    def _echo(self, number: int, redact: Callable[[str], str]) -> Callable[[str], None]:
        def echo(text: str) -> None:
            for line in redact(text).splitlines():
                with self._lock:
                    if self.job is not None and self.job["job"] == number:
                        self.job["lines"].append(line)
                self.bus.publish("deploy.line", {"job": number, "line": line})

        return echo


@contextmanager
def _as_refusal() -> Iterator[None]:
    """Errors of the spec, the writer and the deploy checks, turned into refusals in their own words."""
    try:
        yield
    except SpecError as error:
        analysis = error.analysis
        raise Refused(f"{analysis.file} has errors ({summary_line(analysis.diagnostics)}); fix them first") from None
    except (WriteError, PlanError) as error:
        raise Refused(str(error)) from None
    except (InputFileError, DeployError) as error:
        raise Refused(error.format_message()) from None
