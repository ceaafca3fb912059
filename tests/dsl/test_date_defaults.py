"""A `date` parameter's default passes `check` exactly when the generated app would accept it at run time.

The app's rule is pinned by the shared vectors (tests/vectors/jql-values.json, run against the runtime by
node); here every date vector is written as a default and checked, so the checker cannot drift from it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dsl import analyze

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "jql-values.json"
DATE_CASES = [c for c in json.loads(VECTORS.read_text(encoding="utf-8"))["typed"] if c["type"] == "date"]


def _spec(default: str) -> str:
    escaped = json.dumps(default, ensure_ascii=True)
    return f"""app "Dates" {{
  gadget recent "Recent" {{
    config {{
      since: date = {escaped} "Since"
    }}
    issues where "created >= {{since}}"
    list {{ key }}
  }}
}}
"""


@pytest.mark.parametrize("case", [c for c in DATE_CASES if isinstance(c["value"], str)], ids=lambda c: repr(c["value"]))
def test_the_checker_accepts_a_date_default_exactly_when_the_app_does(case: dict[str, Any]) -> None:
    codes = [d.code for d in analyze(_spec(case["value"]), "dates.appspec").diagnostics]
    assert ("E206" in codes) == bool(case.get("error")), codes


def test_the_vectors_hold_both_kinds_of_case() -> None:
    assert any(c.get("error") for c in DATE_CASES) and any(not c.get("error") for c in DATE_CASES)
