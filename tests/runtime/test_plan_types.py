"""The plan dataclasses (compiler/plan_types.py) and their JSDoc typedefs (runtime/plan-types.js) agree.

Every dataclass the app's data holds has a typedef of the same name whose properties are exactly the fields the
app carries, in camelCase; every typedef describes such a dataclass (or names a union of them).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from compiler import plan_types
from targets.forge_uikit.app_data import carried_shapes

TYPEDEFS = Path(__file__).resolve().parents[2] / "targets" / "forge_uikit" / "runtime" / "plan-types.js"
_BLOCK = re.compile(r"/\*\*(.*?)\*/", re.DOTALL)
_TYPEDEF = re.compile(r"@typedef\s+\{(?P<type>[^}]*)\}\s+(?P<name>\w+)")
_PROPERTY = re.compile(r"@property\s+\{[^}]*\}\s+\[?(?P<name>\w+)")


def typedefs(text: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each typedef of the file: (its type expression, its property names)."""
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    for block in _BLOCK.findall(text):
        head = _TYPEDEF.search(block)
        if head is not None:
            found[head["name"]] = (head["type"], tuple(m["name"] for m in _PROPERTY.finditer(block)))
    return found


DECLARED = typedefs(TYPEDEFS.read_text(encoding="utf-8"))
SHAPES = carried_shapes()


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_dataclass_has_its_typedef(name: str) -> None:
    assert name in DECLARED, f"plan-types.js has no typedef {name}"
    kind, properties = DECLARED[name]
    assert kind == "object"
    assert sorted(properties) == sorted(SHAPES[name]), name


def test_every_object_typedef_describes_a_dataclass() -> None:
    objects = {name for name, (kind, _) in DECLARED.items() if kind == "object"}
    assert objects == set(SHAPES)


UNIONS = {
    "JqlPart": plan_types.JqlPart,
    "Limit": plan_types.Limit,
    "Fetch": plan_types.Fetch,
    "UserRef": plan_types.UserRef,
    "DayValue": plan_types.DayValue,
    "PlannedView": plan_types.PlannedView,
    "PlannedExpr": plan_types.PlannedExpr,
    "PlannedOperand": plan_types.PlannedOperand,
    "PlannedCondition": plan_types.PlannedCondition,
}


@pytest.mark.parametrize("name", sorted(UNIONS))
def test_union_typedefs_name_the_same_variants(name: str) -> None:
    kind, _ = DECLARED[name]
    assert {part.strip() for part in kind.split("|")} == {cls.__name__ for cls in UNIONS[name].__args__}


def test_the_check_bites() -> None:
    """A typedef that lost a property is told apart from its dataclass."""
    text = TYPEDEFS.read_text(encoding="utf-8")
    broken = typedefs(text.replace(" * @property {string} into the result the views read\n", ""))
    assert sorted(broken["SearchFetch"][1]) != sorted(SHAPES["SearchFetch"])
    assert sorted(DECLARED["SearchFetch"][1]) == sorted(SHAPES["SearchFetch"])
