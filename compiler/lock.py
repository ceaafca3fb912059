"""``forgewright.lock``: what a build was made from and the hash of every file it wrote.

Format 1 (the deploy step reads exactly this)::

    {"format": 1, "forgewright_version": "0.1.0", "spec_sha256": "…", "app_name": "…",
     "scope_style": "classic",
     "scopes": [{"scope": "read:jira-work", "reasons": ["key: why (spec line N) -> GET /path"]}],
     "files": {"manifest.yml": "<sha256>", …}}

JSON with two-space indentation, sorted keys and a final newline; the lock never lists itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from compiler.drafts import FileDraft
from compiler.plan import Plan

LOCK_FILE = "forgewright.lock"
LOCK_FORMAT = 1


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def lock_data(plan: Plan, spec_text: str, drafts: Iterable[FileDraft], version: str) -> dict[str, Any]:
    return {
        "format": LOCK_FORMAT,
        "forgewright_version": version,
        "spec_sha256": sha256_text(spec_text),
        "app_name": plan.app_name,
        "scope_style": plan.scope_style,
        "scopes": [
            {"scope": grant.scope, "reasons": [reason.describe() for reason in grant.reasons]} for grant in plan.scopes
        ],
        "files": {d.path: sha256_text(d.content) for d in drafts if d.path != LOCK_FILE},
    }


def render_lock(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
