"""The structured envelope the model answers through: a strict tool it is required to call.

With ``strict: true`` the API constrains the tool input to this JSON schema, so the envelope
always has its four parts. We still validate what comes back (a truncated or unexpected reply
must become a clear message, not a ``KeyError``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

TOOL_NAME = "submit_appspec"

ENVELOPE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "spec": {
            "type": "string",
            "description": (
                "The complete appspec source, from `app` to its closing brace, with the user's request as a "
                "`#` comment on the first line. Empty only when asking questions instead."
            ),
        },
        "summary": {
            "type": "string",
            "description": "One short paragraph, in plain English, of what the app does for its users.",
        },
        "assumptions": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Each choice made that the request did not state (fields, limits, sort order …).",
        },
        "questions": {
            "type": "array",
            "items": {"type": "string"},
            "description": (
                "Questions for the user when the request is too ambiguous to guess well; "
                "leave empty when giving a spec."
            ),
        },
    },
    "required": ["spec", "summary", "assumptions", "questions"],
    "additionalProperties": False,
}

ENVELOPE_TOOL: dict[str, Any] = {
    "name": TOOL_NAME,
    "description": (
        "Submit the appspec that answers the user's request, with a summary and the assumptions made; "
        "or, only when the request cannot reasonably be answered without more information, ask questions."
    ),
    "strict": True,
    "input_schema": ENVELOPE_SCHEMA,
}


class EnvelopeError(ValueError):
    """The model's tool input is not a well-formed envelope."""


@dataclass(frozen=True)
class Envelope:
    """What the model sent back: a spec (maybe empty), a summary, assumptions and questions."""

    spec: str
    summary: str
    assumptions: tuple[str, ...]
    questions: tuple[str, ...]

    @property
    def is_question(self) -> bool:
        """The model asked instead of answering (an empty spec with at least one question)."""
        return bool(self.questions) and not self.spec.strip()


_FENCE = re.compile(r"^\s*```[A-Za-z0-9_-]*\n(?P<body>.*?)\n?```\s*$", re.DOTALL)


def _strip_fence(text: str) -> str:
    """A spec wrapped in a Markdown code fence, unwrapped; anything else unchanged."""
    match = _FENCE.match(text)
    return match.group("body") if match else text


def _strings(value: object, name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise EnvelopeError(f"`{name}` must be a list of strings")
    return tuple(item.strip() for item in value if item.strip())


def parse_envelope(data: object) -> Envelope:
    """Validate a tool input and turn it into an :class:`Envelope`."""
    if not isinstance(data, dict):
        raise EnvelopeError("the tool input is not an object")
    missing = [key for key in ENVELOPE_SCHEMA["required"] if key not in data]
    if missing:
        raise EnvelopeError(f"the envelope lacks {', '.join(missing)}")
    spec, summary = data["spec"], data["summary"]
    if not isinstance(spec, str) or not isinstance(summary, str):
        raise EnvelopeError("`spec` and `summary` must be strings")
    body = _strip_fence(spec).strip()
    return Envelope(
        spec=body + "\n" if body else "",
        summary=summary.strip(),
        assumptions=_strings(data["assumptions"], "assumptions"),
        questions=_strings(data["questions"], "questions"),
    )
