"""The prompt builder: the ONLY place in forgewright that constructs a request body for the model.

The boundary (design promise 1): the model sees only the user's words, our static language docs and
our own spec. This module enforces it by construction: :func:`build_request` accepts only the typed
inputs below and checks their types at run time, and :class:`RequestBody` — the only thing the
client will send — is created nowhere else (a test scans the package for that).

- :class:`UserText`: words the user typed (a request, an answer to a question).
- :class:`SpecText`: an appspec that forgewright read, wrote or is repairing.
- :class:`Findings`: our checker's diagnostics for a draft (JSON built from our own values).
- :class:`AskedQuestion`: a question the model itself asked earlier in this session.
- :class:`StaticDocs`: the rules, the language reference, the field catalogue and the examples.

There is no type for Jira data, so there is no path from Jira data to the model.

Layout of a request: the static part (``system``: rules, reference, catalogue, examples; the tool
definition precedes it in the cache prefix) ends with a ``cache_control`` breakpoint, so it is
cached across requests; the changing parts (current spec, request, answers, draft under repair)
come last, in the single user message.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dsl.diagnostics import Diagnostic
from forgewright.assistant.envelope import ENVELOPE_TOOL, TOOL_NAME
from forgewright.assistant.examples import Example

# ---------------------------------------------------------------------------------------------
# Typed inputs


@dataclass(frozen=True)
class UserText:
    """Words the user typed."""

    text: str


@dataclass(frozen=True)
class SpecText:
    """An appspec of our own: read from the user's spec file, or a draft forgewright is repairing."""

    text: str


@dataclass(frozen=True)
class AskedQuestion:
    """A question the model asked in this session, sent back next to the user's answer."""

    text: str


@dataclass(frozen=True)
class Clarification:
    question: AskedQuestion
    answer: UserText


@dataclass(frozen=True)
class Findings:
    """Our checker's diagnostics for a draft, in their JSON form (code, position, message, hint)."""

    items: tuple[dict[str, object], ...]

    @staticmethod
    def of(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic]) -> Findings:
        return Findings(tuple(d.to_json() for d in diagnostics))

    def to_json(self) -> str:
        return json.dumps(list(self.items), indent=1, sort_keys=True, ensure_ascii=False)


@dataclass(frozen=True)
class Repair:
    """A draft that failed the checker and what the checker said about it."""

    draft: SpecText
    findings: Findings


@dataclass(frozen=True)
class Turn:
    """Everything that changes from request to request."""

    request: UserText
    current: SpecText | None = None
    clarifications: tuple[Clarification, ...] = ()
    repair: Repair | None = None


@dataclass(frozen=True)
class StaticDocs:
    """The static, cached part of every prompt."""

    rules: str
    language_reference: str
    field_catalogue: str
    examples: tuple[Example, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class RequestBody:
    """A request body built by :func:`build_request`; the client sends nothing else."""

    data: dict[str, Any]

    def to_json(self) -> str:
        """Exactly what is sent, as JSON (``--show-prompt``)."""
        return json.dumps(self.data, indent=2, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------
# Static docs

FRAME_CURRENT = "The current spec, which the request below changes:\n<current_spec>\n{spec}</current_spec>"
FRAME_REQUEST = "The user's request:\n<request>\n{text}\n</request>"
FRAME_CLARIFICATION = (
    "You asked:\n<question>\n{question}\n</question>\nThe user answered:\n<answer>\n{answer}\n</answer>"
)
FRAME_REPAIR = (
    "Your previous draft did not pass forgewright's checker. Return the whole corrected spec.\n"
    "<draft>\n{draft}</draft>\n<diagnostics>\n{findings}\n</diagnostics>"
)
FRAMES = (FRAME_CURRENT, FRAME_REQUEST, FRAME_CLARIFICATION, FRAME_REPAIR)


def rules_text() -> str:
    """The rules part of the system prompt (``rules.md`` beside this module)."""
    from importlib.resources import files

    return files("forgewright.assistant").joinpath("rules.md").read_text(encoding="utf-8").strip()


def field_catalogue() -> str:
    """The fields each data source provides, generated from ``dsl.catalogue`` so it cannot drift."""
    from dsl import catalogue
    from dsl.types import CUSTOM_FIELD_TYPES, ParamType

    sources = (
        ('issues where "JQL"', catalogue.ISSUE_FIELDS),
        ('worklogs of issues where "JQL"', catalogue.WORKLOG_FIELDS),
        ('status periods of issues where "JQL"', catalogue.STATUS_PERIOD_FIELDS),
        ("projects", catalogue.PROJECT_FIELDS),
        ("filters", catalogue.FILTER_FIELDS),
        ("sprints of board {board} last N closed", catalogue.SPRINT_FIELDS),
        ("burndown of active|last closed sprint of board {board}", catalogue.SPRINT_DAY_FIELDS),
        ("versions of project {project}", catalogue.VERSION_FIELDS),
    )
    out = ["Fields a view may name, by data source (name: type; JQL names; not sortable when marked)."]
    for title, fields in sources:
        out.append(f"\n## {title}")
        for f in fields:
            jql = f"; JQL: {', '.join(f.jql)}" if f.jql else ""
            sort = "" if f.sortable else "; not sortable"
            out.append(f"- {f.name}: {f.type.value}{jql}{sort}")
    out.append("\n## Searchable in JQL but not a view field")
    out.append(", ".join(catalogue.JQL_ONLY_FIELDS))
    out.append("\n## Custom field types (`field name: TYPE = customfield_NNNNN`)")
    out.append(", ".join(CUSTOM_FIELD_TYPES))
    out.append("\n## Config and settings parameter types")
    out.append(", ".join(t.value for t in ParamType))
    return "\n".join(out)


def examples_text(examples: tuple[Example, ...]) -> str:
    parts = ["Example specs, each answering the request in its first line."]
    for example in examples:
        parts.append(f"\n## {example.name}\n<example>\n{example.source.rstrip()}\n</example>")
    return "\n".join(parts)


def load_static_docs(
    reference: Callable[[], str] | None = None, examples: tuple[Example, ...] | None = None
) -> StaticDocs:
    """The static docs: our rules, the language reference (from ``dsl.reference``), the catalogue
    and the examples. ``reference`` and ``examples`` may be replaced (tests)."""
    from forgewright.assistant.examples import load_examples

    if reference is None:
        from dsl.reference import language_reference  # type: ignore[import-not-found,unused-ignore]

        reference = language_reference
    return StaticDocs(
        rules=rules_text(),
        language_reference=reference().strip(),
        field_catalogue=field_catalogue(),
        examples=load_examples() if examples is None else examples,
    )


# ---------------------------------------------------------------------------------------------
# The builder


def _require(value: object, kind: type, what: str) -> None:
    if not isinstance(value, kind):
        raise TypeError(f"{what} must be {kind.__name__}, not {type(value).__name__}")


def _check_turn(turn: Turn) -> None:
    _require(turn, Turn, "turn")
    _require(turn.request, UserText, "turn.request")
    if turn.current is not None:
        _require(turn.current, SpecText, "turn.current")
    for item in turn.clarifications:
        _require(item, Clarification, "a clarification")
        _require(item.question, AskedQuestion, "clarification.question")
        _require(item.answer, UserText, "clarification.answer")
    if turn.repair is not None:
        _require(turn.repair, Repair, "turn.repair")
        _require(turn.repair.draft, SpecText, "repair.draft")
        _require(turn.repair.findings, Findings, "repair.findings")


def _spec_block(spec: SpecText) -> str:
    return spec.text if spec.text.endswith("\n") else spec.text + "\n"


def user_blocks(turn: Turn) -> list[dict[str, Any]]:
    """The changing part: one text block per piece, in a fixed order."""
    blocks: list[str] = []
    if turn.current is not None:
        blocks.append(FRAME_CURRENT.format(spec=_spec_block(turn.current)))
    blocks.append(FRAME_REQUEST.format(text=turn.request.text.strip()))
    for item in turn.clarifications:
        answer = item.answer.text.strip()
        blocks.append(FRAME_CLARIFICATION.format(question=item.question.text, answer=answer))
    if turn.repair is not None:
        blocks.append(
            FRAME_REPAIR.format(draft=_spec_block(turn.repair.draft), findings=turn.repair.findings.to_json())
        )
    return [{"type": "text", "text": text} for text in blocks]


def system_blocks(docs: StaticDocs) -> list[dict[str, Any]]:
    """The static part, with a cache breakpoint on its last block."""
    _require(docs, StaticDocs, "docs")
    texts = [
        docs.rules,
        "# Language reference\n\n" + docs.language_reference,
        "# Field catalogue\n\n" + docs.field_catalogue,
        "# Examples\n\n" + examples_text(docs.examples),
    ]
    blocks: list[dict[str, Any]] = [{"type": "text", "text": t} for t in texts]
    blocks[-1]["cache_control"] = {"type": "ephemeral"}
    return blocks


def build_request(turn: Turn, *, model: str, docs: StaticDocs, max_tokens: int) -> RequestBody:
    """The complete request body for one model call."""
    _check_turn(turn)
    return RequestBody(
        {
            "model": model,
            "max_tokens": max_tokens,
            "system": system_blocks(docs),
            "tools": [ENVELOPE_TOOL],
            "tool_choice": {"type": "tool", "name": TOOL_NAME},
            "messages": [{"role": "user", "content": user_blocks(turn)}],
        }
    )
