"""Generate → check → repair: turn one request into a checked spec, a question, or a failure.

The model's spec is parsed and checked; on errors the draft and the checker's diagnostics (JSON)
go back for repair, at most :data:`config.MAX_REPAIRS` times, stopping early when the same errors
come back (the model is not making progress). A failure keeps the best attempt (fewest errors).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from dsl import Analysis, analyze
from dsl.diagnostics import Severity
from dsl.formatter import format_source
from forgewright.assistant import config
from forgewright.assistant.client import Reply
from forgewright.assistant.envelope import Envelope
from forgewright.assistant.prompt import Findings, Repair, RequestBody, SpecText, Turn
from forgewright.assistant.usage import Usage


class Status(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    QUESTION = "question"


@dataclass(frozen=True)
class Outcome:
    """The result of one request: a valid spec, the best invalid attempt, or the model's questions."""

    status: Status
    envelope: Envelope
    analysis: Analysis | None
    spec: str
    calls: int
    repairs: int
    usage: Usage
    stopped_early: bool = False

    @property
    def ok(self) -> bool:
        return self.status is Status.VALID


Builder = Callable[[Turn], RequestBody]
Caller = Callable[[RequestBody], Reply]


def error_set(analysis: Analysis) -> frozenset[tuple[str, str]]:
    """What "the same errors" means: the same codes and messages, wherever they moved to."""
    return frozenset((d.code, d.message) for d in analysis.diagnostics if d.severity is Severity.ERROR)


def _error_count(analysis: Analysis) -> int:
    return len(error_set(analysis)) + (1 if analysis.app is None else 0)


def canonical(text: str, file: str) -> str:
    """The spec in canonical layout (the model's layout varies; the saved file should not)."""
    formatted = format_source(text, file)
    return formatted if formatted is not None and analyze(formatted, file).ok else text


def generate(turn: Turn, *, build: Builder, call: Caller, file: str = "draft.appspec") -> Outcome:
    """Run the loop for one turn (a new request, or a chat turn with its current spec)."""
    reply = call(build(turn))
    usage = reply.usage
    calls = 1
    if reply.envelope.is_question:
        return Outcome(Status.QUESTION, reply.envelope, None, "", calls, 0, usage)
    analysis = analyze(reply.envelope.spec, file)
    best = (analysis, reply.envelope)
    seen = {error_set(analysis)}
    repairs = 0
    stopped_early = False
    while not analysis.ok and repairs < config.MAX_REPAIRS:
        draft = Repair(SpecText(reply.envelope.spec), Findings.of(analysis.diagnostics))
        reply = call(build(replace(turn, repair=draft)))
        usage, calls, repairs = usage + reply.usage, calls + 1, repairs + 1
        if reply.envelope.is_question:
            return Outcome(Status.QUESTION, reply.envelope, None, "", calls, repairs, usage)
        analysis = analyze(reply.envelope.spec, file)
        if analysis.ok:
            break
        if _error_count(analysis) <= _error_count(best[0]):
            best = (analysis, reply.envelope)
        errors = error_set(analysis)
        if errors in seen:
            stopped_early = True
            break
        seen.add(errors)
    if analysis.ok:
        spec = canonical(reply.envelope.spec, file)
        final = analyze(spec, file)
        return Outcome(Status.VALID, reply.envelope, final, spec, calls, repairs, usage)
    worst, envelope = best
    return Outcome(Status.INVALID, envelope, worst, envelope.spec, calls, repairs, usage, stopped_early)
