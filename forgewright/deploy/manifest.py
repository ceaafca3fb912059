"""What the deploy reads from a build's ``manifest.yml``: the app id and where each module shows up in Jira."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from forgewright.deploy.errors import DeployError
from forgewright.deploy.spec_id import is_app_id

MANIFEST_NAME = "manifest.yml"
# The compiler writes this placeholder (targets/forge_uikit PLACEHOLDER_APP_ID, the nil UUID) while the spec
# has no id; it stands for "not registered yet", never for a real app.
PLACEHOLDER_APP_ID = "ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000"


@dataclass(frozen=True)
class ManifestModule:
    type: str  # e.g. "jira:dashboardGadget"
    key: str
    title: str


@dataclass(frozen=True)
class ManifestInfo:
    app_id: str | None  # None until the app is registered
    modules: tuple[ManifestModule, ...]


def read_manifest(build_dir: Path) -> ManifestInfo:
    path = build_dir / MANIFEST_NAME
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DeployError(f"{path}: missing; rebuild the app.") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DeployError(f"{path}: cannot read it as YAML ({type(exc).__name__}); rebuild the app.") from None
    if not isinstance(data, dict):
        raise DeployError(f"{path}: not a Forge manifest; rebuild the app.")
    app = data.get("app")
    raw_id = app.get("id") if isinstance(app, dict) else None
    app_id = raw_id.strip() if isinstance(raw_id, str) and is_app_id(raw_id.strip()) else None
    if app_id == PLACEHOLDER_APP_ID:
        app_id = None
    modules: list[ManifestModule] = []
    raw_modules = data.get("modules")
    if isinstance(raw_modules, dict):
        for module_type, entries in raw_modules.items():
            if not isinstance(module_type, str) or not module_type.startswith("jira:"):
                continue  # functions, triggers …: nothing a user opens
            for entry in entries if isinstance(entries, list) else []:
                if isinstance(entry, dict):
                    key = str(entry.get("key", ""))
                    title = entry.get("title")
                    modules.append(ManifestModule(module_type, key, str(title) if title else key))
    return ManifestInfo(app_id, tuple(modules))


_WHERE = {
    "jira:dashboardGadget": 'open a dashboard (Dashboards), choose Edit, then "Add gadget" and pick "{title}"',
    "jira:issuePanel": 'open any issue and select the app\'s icon under the issue summary to add "{title}"',
    "jira:issueActivity": 'open any issue; "{title}" is a tab in the Activity section',
    "jira:issueAction": 'open any issue and look in its "•••" (more actions) menu for "{title}"',
    "jira:issueContext": 'open any issue; "{title}" is in the details panel on the right',
    "jira:projectPage": 'open a project; "{title}" is in the project sidebar',
    "jira:globalPage": 'open the Apps menu in the top navigation and pick "{title}"',
    "jira:adminPage": 'as a Jira admin, open Settings (gear icon) > Apps; "{title}" is in the sidebar',
}


def where_to_find(module: ManifestModule) -> str:
    """One sentence telling a user where in Jira the module appears."""
    template = _WHERE.get(module.type, 'look for "{title}" where Jira shows ' + module.type + " modules")
    return template.format(title=module.title)
