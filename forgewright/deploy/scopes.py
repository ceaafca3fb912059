"""The scope review shown before a deploy, and what earlier deploys granted.

After each successful install, the scopes are remembered per app id + environment + site in
``$XDG_CONFIG_HOME/forgewright/deployments.json`` (default ``~/.config/forgewright/deployments.json``).
The file holds only those four things: never the email, never the token. When the next deploy of the same
app to the same place needs scopes the record lacks, the review says that a site admin must consent again
(Forge grants new scopes only through ``forge install --upgrade`` and an admin's consent).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forgewright.deploy.lock import BuildLock

STATE_FORMAT = 1


@dataclass(frozen=True)
class ScopeChange:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    known: bool  # False: no earlier deploy of this app to this site and environment is on record


def state_path(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME", "").strip()
    root = Path(base) if base and Path(base).is_absolute() else Path(env.get("HOME") or Path.home()) / ".config"
    return root / "forgewright" / "deployments.json"


def _key(app_id: str, environment: str, site: str) -> str:
    return f"{app_id} {environment} {site}"


def load_state(path: Path) -> dict[str, Any]:
    """The recorded deployments; an unreadable file counts as empty (it is a convenience, not a source of truth)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"format": STATE_FORMAT, "deployments": {}}
    if not isinstance(data, dict) or not isinstance(data.get("deployments"), dict):
        return {"format": STATE_FORMAT, "deployments": {}}
    return data


def recorded_scopes(path: Path, app_id: str, environment: str, site: str) -> tuple[str, ...] | None:
    entry = load_state(path)["deployments"].get(_key(app_id, environment, site))
    if not isinstance(entry, dict) or not isinstance(entry.get("scopes"), list):
        return None
    return tuple(s for s in entry["scopes"] if isinstance(s, str))


def record_scopes(path: Path, app_id: str, environment: str, site: str, scopes: Sequence[str]) -> None:
    """Remember the scopes granted to this app on this site and environment (atomic replace)."""
    state = load_state(path)
    state["format"] = STATE_FORMAT
    state["deployments"][_key(app_id, environment, site)] = {
        "app_id": app_id,
        "environment": environment,
        "site": site,
        "scopes": sorted(set(scopes)),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".deployments-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(state, handle, indent=2, sort_keys=True)
            handle.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def compare(current: Sequence[str], earlier: Sequence[str] | None) -> ScopeChange:
    if earlier is None:
        return ScopeChange((), (), known=False)
    return ScopeChange(
        added=tuple(sorted(set(current) - set(earlier))),
        removed=tuple(sorted(set(earlier) - set(current))),
        known=True,
    )


def review_text(lock: BuildLock, change: ScopeChange | None = None) -> str:
    """The scopes with their reasons, and what changed since the last deploy to the same place."""
    lines: list[str] = []
    if not lock.scopes:
        lines.append(f'"{lock.app_name}" asks for no scopes.')
    else:
        lines.append(f'"{lock.app_name}" will be granted these {len(lock.scopes)} scope(s) on the site:')
        for scope in lock.scopes:
            marker = "  (new)" if change and scope.scope in change.added else ""
            lines.append(f"  {scope.scope}{marker}")
            for reason in scope.reasons or ("(no reason recorded in the lock)",):
                lines.append(f"      because {reason}")
        lines.append("The app calls Jira as the person viewing it, so it sees only what that person may see.")
    if change is not None and change.known:
        if change.added:
            lines.append(
                f"Scopes added since the last deploy to this site: {', '.join(change.added)}. "
                "A site admin must consent again: the install runs as forge install --upgrade, which counts "
                "as consent when you are a site admin; otherwise the site keeps the earlier version until "
                "an admin updates the app."
            )
        if change.removed:
            lines.append(f"Scopes no longer needed: {', '.join(change.removed)}.")
        if not change.added and not change.removed:
            lines.append("Same scopes as the last deploy to this site.")
    return "\n".join(lines)
