"""tests/vectors/releases.json against the preview's release rules (node runs them against the runtime:
release-vectors.test.mjs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from targets.preview.releases import VersionIssue, chosen_versions, version_work

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parents[1] / "vectors" / "releases.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", VECTORS["choices"], ids=lambda c: c["name"])
def test_chosen_versions_in_the_preview(case: dict[str, Any]) -> None:
    shown, total = chosen_versions(case["versions"], case["state"], case["most"])
    assert [v["name"] for v in shown] == case["shown"]
    assert total == case["total"]


@pytest.mark.parametrize("case", VECTORS["work"], ids=lambda c: c["name"])
def test_version_work_in_the_preview(case: dict[str, Any]) -> None:
    issues = [
        VersionIssue(tuple(i["versions"]), i["category"] == "done", i["value"] if case["measured"] else 1)
        for i in case["issues"]
    ]
    assert version_work(case["versions"], issues) == case["expected"]
