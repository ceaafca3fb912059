"""Python side of the offline Forge toolchain in tests/toolchain/.

Each check runs one Node script from tests/toolchain/bin/ on an app directory and returns a
typed result holding the script's JSON report. A check that *runs* and finds problems returns a
result with ``ok == False``; a check that cannot run at all (node missing, packages not installed,
script crashed) raises :class:`ToolchainError`.

Typical use from a test::

    from toolchain_support import check_manifest, check_scopes, check_types, bundle, run_resolver

    @pytest.mark.toolchain
    def test_generated_app(tmp_path):
        app = tmp_path / "app"          # write the generated app here
        assert check_manifest(app).ok
        built = bundle(app, tmp_path / "out")
        run = run_resolver(built.resolver_bundle, "getIssues", {}, {"search": {"issues": [...]}})

Tests marked ``@pytest.mark.toolchain`` go through :func:`gate`: under CI (env ``CI`` set) they
always run and fail when the toolchain is not installed; locally they fail the same way unless
``FORGEWRIGHT_SKIP_TOOLCHAIN=1``, in which case they are skipped *loudly* (a warning plus a line
in the terminal summary).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

__all__ = [
    "BundleResult",
    "CheckResult",
    "ResolverRun",
    "ToolchainError",
    "bundle",
    "check_manifest",
    "check_manifests",
    "check_scopes",
    "check_types",
    "configure",
    "ensure_installed",
    "gate",
    "install_command",
    "materialize_negative",
    "negative_controls",
    "run_resolver",
    "run_resolver_http",
    "sample_app_dir",
    "toolchain_dir",
]

SKIP_ENV = "FORGEWRIGHT_SKIP_TOOLCHAIN"
MARKER = "toolchain"
DEFAULT_TIMEOUT = 300.0
# Packages the scripts import; if any is absent the install is incomplete.
_REQUIRED_PACKAGES = (
    "@forge/manifest",
    "@forge/lint",
    "@forge/react",
    "@forge/bridge",
    "@forge/resolver",
    "@forge/api",
    "typescript",
    "esbuild",
    "yaml",
)


class ToolchainError(RuntimeError):
    """The toolchain itself could not run (not installed, node missing, script crashed)."""


def toolchain_dir() -> Path:
    """tests/toolchain: package.json, node_modules, bin/ scripts and fixtures."""
    return Path(__file__).resolve().parent / "toolchain"


def sample_app_dir() -> Path:
    """The hand-written reference app that passes every check."""
    return toolchain_dir() / "fixtures" / "sample-app"


def install_command() -> str:
    return "npm ci --ignore-scripts --prefix tests/toolchain"


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise ToolchainError("`node` is not on PATH; the Forge toolchain checks need Node.js 20 or newer.")
    return node


def ensure_installed() -> None:
    """Raise ToolchainError with the install command when node or the npm packages are missing."""
    _node()
    modules = toolchain_dir() / "node_modules"
    missing = [p for p in _REQUIRED_PACKAGES if not (modules / p / "package.json").is_file()]
    if missing:
        raise ToolchainError(
            f"Forge toolchain packages are not installed (missing: {', '.join(missing)}). "
            f"From the repository root run: {install_command()}"
        )


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class CheckResult:
    """What one check reported. ``data`` is the script's JSON object as is."""

    check: str
    ok: bool
    data: dict[str, Any]
    seconds: float

    @property
    def errors(self) -> list[dict[str, Any]]:
        """Error-level findings (for types: diagnostics of category error)."""
        if self.check == "types":
            return [d for d in self.data.get("diagnostics", []) if d.get("category") == "error"]
        return list(self.data.get("errors", []))

    @property
    def warnings(self) -> list[dict[str, Any]]:
        if self.check == "types":
            return [d for d in self.data.get("diagnostics", []) if d.get("category") != "error"]
        return list(self.data.get("warnings", []))

    @property
    def missing_scopes(self) -> list[str]:
        """Scope names the linter says are missing (scopes check only), sorted, no repeats."""
        return sorted({m["scope"] for m in self.data.get("missing_scopes", []) if m.get("scope")})

    @property
    def unchecked_calls(self) -> list[dict[str, Any]]:
        """requestJira calls the scope linter could not read (scopes check only)."""
        return list(self.data.get("unchecked_calls", []))

    def messages(self) -> list[str]:
        """One line per finding, ``file:line:col: message``, for assertion messages."""
        out: list[str] = []
        items = self.errors + (self.unchecked_calls if self.check == "scopes" else [])
        for e in items:
            where = ":".join(str(e[k]) for k in ("file", "line", "column") if e.get(k) is not None)
            text = e.get("message") or e.get("text") or e.get("reason") or ""
            out.append(f"{where}: {text}" if where else str(text))
        return out

    def summary(self) -> str:
        head = f"{self.check}: {'ok' if self.ok else 'FAILED'} in {self.seconds:.1f}s"
        return "\n".join([head, *("  " + m for m in self.messages())])


@dataclass(frozen=True)
class BundleResult(CheckResult):
    @property
    def function_bundles(self) -> dict[str, Path]:
        """Function module key -> bundled CommonJS file (only the ones that built)."""
        return {f["key"]: Path(f["bundle"]) for f in self.data.get("functions", []) if f.get("bundle")}

    @property
    def ui_bundles(self) -> dict[str, Path]:
        """Resource key -> bundled browser file (UI Kit resources that built)."""
        return {u["key"]: Path(u["bundle"]) for u in self.data.get("ui", []) if u.get("bundle")}

    @property
    def resolver_bundle(self) -> Path:
        """The bundle of the first function module (raises when none built)."""
        bundles = self.function_bundles
        if not bundles:
            raise ToolchainError(f"no function bundle was produced:\n{self.summary()}")
        return next(iter(bundles.values()))


@dataclass(frozen=True)
class ResolverRun:
    """One resolver invocation against the fake Jira."""

    ok: bool
    result: Any
    error: dict[str, Any] | None
    requests: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    data: dict[str, Any] = field(default_factory=dict)

    def requests_to(self, pathname: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if r.get("pathname") == pathname]

    @property
    def unmatched_requests(self) -> list[dict[str, Any]]:
        """Requests the fake Jira had no answer for (it replied 404)."""
        return [r for r in self.requests if not r.get("matched")]

    def requested_fields(self, pathname: str = "/rest/api/3/search/jql") -> list[list[str]]:
        """For each request to ``pathname``: the ``fields`` it asked for (query or JSON body)."""
        out: list[list[str]] = []
        for r in self.requests_to(pathname):
            raw: Any = r.get("query", {}).get("fields")
            body = r.get("body")
            if raw is None and isinstance(body, dict):
                raw = body.get("fields")
            if raw is None:
                out.append([])
                continue
            items = raw if isinstance(raw, list) else [raw]
            out.append([f.strip() for item in items for f in str(item).split(",") if f.strip()])
        return out


# --------------------------------------------------------------------------- running scripts


def _run_script(
    name: str, args: list[str], stdin: str | None = None, timeout: float = DEFAULT_TIMEOUT
) -> tuple[dict[str, Any], float]:
    ensure_installed()
    script = toolchain_dir() / "bin" / f"{name}.mjs"
    started = time.monotonic()
    try:
        proc = subprocess.run(
            [_node(), str(script), *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ToolchainError(f"{name} timed out after {timeout:.0f}s") from exc
    seconds = time.monotonic() - started
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    data: dict[str, Any] | None = None
    if lines:
        try:
            data = json.loads(lines[-1])
        except json.JSONDecodeError:
            data = None
    if proc.returncode != 0 or data is None:
        detail = (data or {}).get("tool_error") or proc.stderr.strip() or proc.stdout.strip()
        raise ToolchainError(f"{name} failed (exit {proc.returncode}):\n{detail}")
    return data, seconds


def _app(app_dir: str | os.PathLike[str]) -> str:
    path = Path(app_dir).resolve()
    if not (path / "manifest.yml").is_file():
        raise ToolchainError(f"{path} has no manifest.yml")
    return str(path)


def check_manifest(app_dir: str | os.PathLike[str], *, timeout: float = DEFAULT_TIMEOUT) -> CheckResult:
    """@forge/manifest's FULL validation of manifest.yml (resources, functions, scopes, runtime...)."""
    data, secs = _run_script("check-manifest", [_app(app_dir)], timeout=timeout)
    return CheckResult("manifest", bool(data["ok"]), data, secs)


def check_manifests(app_dirs: list[Path], *, timeout: float = DEFAULT_TIMEOUT) -> list[CheckResult]:
    """check_manifest for many apps in one Node process (check-manifest-many.mjs), in the given order."""
    data, secs = _run_script("check-manifest-many", [_app(d) for d in app_dirs], timeout=timeout)
    share = secs / max(len(app_dirs), 1)
    return [CheckResult("manifest", bool(report["ok"]), report, share) for report in data["apps"]]


def check_scopes(
    app_dir: str | os.PathLike[str], *, with_full_manifest: bool = False, timeout: float = DEFAULT_TIMEOUT
) -> CheckResult:
    """@forge/lint client-side linters, offline. ``ok`` is False on any lint error or unreadable call.

    FullManifestLinter is left out unless ``with_full_manifest``: check_manifest runs that validation.
    """
    args = [_app(app_dir), *(["--with-full-manifest"] if with_full_manifest else [])]
    data, secs = _run_script("check-scopes", args, timeout=timeout)
    return CheckResult("scopes", bool(data["ok"]), data, secs)


def check_types(app_dir: str | os.PathLike[str], *, timeout: float = DEFAULT_TIMEOUT) -> CheckResult:
    """TypeScript checkJs over src/ against the real @forge/react, @forge/bridge, @forge/api types."""
    data, secs = _run_script("check-types", [_app(app_dir)], timeout=timeout)
    return CheckResult("types", bool(data["ok"]), data, secs)


def bundle(
    app_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str], *, timeout: float = DEFAULT_TIMEOUT
) -> BundleResult:
    """esbuild every UI Kit resource (browser) and function handler (node, CJS) into out_dir."""
    data, secs = _run_script("bundle", [_app(app_dir), str(Path(out_dir).resolve())], timeout=timeout)
    return BundleResult("bundle", bool(data["ok"]), data, secs)


def run_resolver(
    bundle_path: str | os.PathLike[str],
    function_key: str,
    payload: Mapping[str, Any] | None,
    fake_jira: Mapping[str, Any],
    context: Mapping[str, Any] | None = None,
    *,
    account_id: str = "fake-account-id",
    export: str = "handler",
    now: str | None = None,
    timeout: float = 60.0,
) -> ResolverRun:
    """Call resolver function ``function_key`` of a bundled app with the fake Jira ``fake_jira``.

    ``fake_jira`` = ``{"routes": [...], "search": {"issues": [...], "page_size": N}}``; see the header of
    tests/toolchain/bin/run-resolver.mjs. ``context`` is the UI context the resolver receives (for a
    gadget, e.g. ``{"extension": {"gadgetConfiguration": {...}}}``). ``now`` (ISO 8601) fixes the clock the
    resolver reads with ``Date.now()``.
    """
    spec = {
        "function_key": function_key,
        "payload": dict(payload or {}),
        "context": dict(context or {}),
        "account_id": account_id,
        "export": export,
        "fake_jira": dict(fake_jira),
    }
    if now is not None:
        spec["now"] = now
    bundle_file = str(Path(bundle_path).resolve())
    data, secs = _run_script("run-resolver", [bundle_file], stdin=json.dumps(spec), timeout=timeout)
    return _resolver_run(data, secs)


def _resolver_run(data: dict[str, Any], seconds: float) -> ResolverRun:
    return ResolverRun(
        ok=bool(data["ok"]),
        result=data.get("result"),
        error=data.get("error"),
        requests=list(data.get("requests", [])),
        seconds=seconds,
        data=data,
    )


def run_resolver_http(
    bundle_path: str | os.PathLike[str],
    function_key: str,
    payload: Mapping[str, Any] | None,
    base_url: str,
    context: Mapping[str, Any] | None = None,
    *,
    account_id: str = "fake-account-id",
    now: str | None = None,
    kvs: Mapping[str, Any] | None = None,
    timeout: float = 120.0,
) -> ResolverRun:
    """Like :func:`run_resolver`, but every Jira request goes over HTTP to the fake Jira server at ``base_url``
    (benchmarks/fakejira), so parallel requests overlap for real. ``now`` starts the app's clock at that moment
    (it keeps running); ``kvs`` is the @forge/kvs store. ``requests`` lists method, path, status and the
    milliseconds each started and finished; see tests/toolchain/bin/run-resolver-http.mjs.
    """
    spec: dict[str, Any] = {
        "function_key": function_key,
        "payload": dict(payload or {}),
        "context": dict(context or {}),
        "account_id": account_id,
        "base_url": base_url,
    }
    if now is not None:
        spec["now"] = now
    if kvs is not None:
        spec["kvs"] = dict(kvs)
    bundle_file = str(Path(bundle_path).resolve())
    data, secs = _run_script("run-resolver-http", [bundle_file], stdin=json.dumps(spec), timeout=timeout)
    return _resolver_run(data, float(data.get("seconds", secs)))


# --------------------------------------------------------------------------- fixtures


def negative_controls() -> dict[str, dict[str, Any]]:
    """Name -> description of each negative control (edits applied to the sample app)."""
    folder = toolchain_dir() / "fixtures" / "negative"
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}


def materialize_negative(name: str, dest: str | os.PathLike[str]) -> Path:
    """Copy the sample app to ``dest`` and apply the named control's edits; returns ``dest``."""
    control = negative_controls()[name]
    target = Path(dest)
    shutil.copytree(sample_app_dir(), target)
    for edit in control["edits"]:
        path = target / edit["file"]
        text = path.read_text(encoding="utf-8")
        if text.count(edit["replace"]) != 1:
            raise ToolchainError(f"negative control {name}: edit text not found exactly once in {edit['file']}")
        path.write_text(text.replace(edit["replace"], edit["with"]), encoding="utf-8")
    return target


# --------------------------------------------------------------------------- pytest integration

_skipped: list[str] = []


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() not in ("", "0", "false", "no")


def gate() -> None:
    """Decide whether a toolchain test may run: returns, skips loudly, or fails with the fix."""
    in_ci = _truthy(os.environ.get("CI"))
    if not in_ci and os.environ.get(SKIP_ENV, "").strip() == "1":
        message = f"Forge toolchain checks skipped because {SKIP_ENV}=1 (never skipped under CI)"
        warnings.warn(pytest.PytestWarning(message), stacklevel=2)
        pytest.skip(message)
    try:
        ensure_installed()
    except ToolchainError as exc:
        hint = "" if in_ci else f" (or set {SKIP_ENV}=1 to skip these checks locally)"
        pytest.fail(f"{exc}{hint}", pytrace=False)


class _Plugin:
    """Hooks registered by :func:`configure`."""

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        if item.get_closest_marker(MARKER) is None:
            return
        try:
            gate()
        except pytest.skip.Exception:
            _skipped.append(item.nodeid)
            raise

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if _skipped:
            terminalreporter.write_sep(
                "!",
                f"FORGE TOOLCHAIN CHECKS SKIPPED for {len(_skipped)} test(s) ({SKIP_ENV}=1): "
                "generated apps were NOT validated",
                red=True,
                bold=True,
            )


def configure(config: pytest.Config) -> None:
    """Register the ``toolchain`` marker and the gate; call from a conftest's pytest_configure."""
    config.addinivalue_line(
        "markers",
        f"{MARKER}: needs the Node toolchain in tests/toolchain ({install_command()}); "
        f"skipped locally only with {SKIP_ENV}=1",
    )
    if not config.pluginmanager.has_plugin("forgewright-toolchain"):
        config.pluginmanager.register(_Plugin(), "forgewright-toolchain")
