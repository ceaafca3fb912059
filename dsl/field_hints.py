"""What to say about a field name a spec uses but its data does not have (E101).

A typo gets "did you mean"; otherwise the hint proposes what would make the name work: for issue
data, a custom-field declaration whose type fits where the name stands (a number to sum, a date to
group by week, a category to slice by), and for the Jira fields a spec cannot declare (Sprint, Rank,
Epic Link …) what is possible instead.
"""

from __future__ import annotations

from enum import Enum

from dsl.catalogue import JQL_FIELDS


class FieldUse(Enum):
    """Where a field name stands in a view or an ``order by``."""

    COLUMN = "show it"
    ORDER = "order by it"
    CATEGORY = "group by it"
    DATE = "group it by date"
    VALUE = "add it up"
    CALCULATION = "calculate with it"
    CONDITION = "test it"


# Words in a name that say what a field holds, for places where any type would do.
_NAME_TYPES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("date", "_at", "_on", "day", "deadline"), "date"),
    (("point", "estimate", "hours", "count", "cost", "size", "score", "budget", "amount", "effort"), "number"),
    (("owner", "reviewer", "approver", "lead", "manager", "developer", "tester", "contact"), "user"),
)


def _suggested_type(name: str, use: FieldUse) -> str:
    """The custom-field type that fits the place a name stands in, refined by what the name says."""
    if use in (FieldUse.VALUE, FieldUse.CALCULATION):
        return "number"
    if use is FieldUse.DATE:
        return "date"
    lowered = name.lower()
    for words, word_type in _NAME_TYPES:
        if any(word in lowered for word in words) and (use is not FieldUse.CATEGORY or word_type == "user"):
            return word_type
    return "option" if use is FieldUse.CATEGORY else "text"


# Jira fields people ask for that are not row fields and cannot be declared with a type that fits.
_SPECIAL: dict[str, str] = {
    "sprint": "Jira's Sprint field can choose issues in the query (`sprint in openSprints()`), but a view "
    "cannot show, group or order by it; for sprints as rows, read `sprints of board {board} last 6 closed`",
    "rank": "Jira's Rank only orders issues: declare it as `field rank: text = customfield_NNNNN` (the Rank "
    "field's id on your site) and write `order by rank asc`; its values are not meant to be shown",
    "epic": "epics are parent issues in Jira Cloud: use `parent`",
    "epiclink": "Epic Link was replaced by the parent field in Jira Cloud: use `parent`",
    "epic_link": "Epic Link was replaced by the parent field in Jira Cloud: use `parent`",
    "story_points": "story points are a custom field: `field story_points: number = customfield_10016` on most "
    "Jira Cloud sites (check the id on yours)",
    "storypoints": "story points are a custom field: `field story_points: number = customfield_10016` on most "
    "Jira Cloud sites (check the id on yours)",
}


def unknown_field_hint(name: str, use: FieldUse, issue_data: bool, available: list[str]) -> str:
    """The hint for an unknown field that no close spelling explains.

    ``available`` lists (some of) the fields the data has, for data that cannot declare custom fields.
    """
    special = _SPECIAL.get(name.lower())
    if special is not None and issue_data:
        return special
    if name.lower() in JQL_FIELDS and issue_data:
        return f"`{name}` can be searched in the query, but it is not a field a view can show"
    if use is FieldUse.CONDITION and name[:1].isupper():
        return f'a value is written in quotes: `"{name}"`'
    if not issue_data:
        return "available here: " + ", ".join(available)
    return (
        f"if it is a custom field, declare it with its id and type to {use.value}: "
        f"`field {name}: {_suggested_type(name, use)} = customfield_NNNNN`"
    )
