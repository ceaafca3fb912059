"""Generate → check → repair: turn one request into a checked spec, or say exactly why not.

One loop owns the bound on calls (:data:`config.MAX_CALLS` per request, whatever the answers): the
first call, repairs of a draft the checker rejects (the draft and the checker's JSON diagnostics go
back), and calls that carry the user's answer to a question Claude asked. A question during a repair
keeps the draft under repair: the next request carries both the answer and the draft. The loop stops
early when the same errors come back (the model is not making progress). Whatever ends it — a limit,
an unanswered question, a failed call — the best draft so far (fewest errors) is in the outcome, so
the caller can save it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from dsl import Analysis, analyze
from dsl.diagnostics import Severity
from dsl.formatter import format_source
from forgewright.assistant import config
from forgewright.assistant.answer import Reply
from forgewright.assistant.envelope import Envelope
from forgewright.assistant.errors import AssistantError
from forgewright.assistant.prompt import AskedQuestion, Clarification, Findings, Repair, SpecText, Turn, UserText


class Status(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    QUESTION = "question"
    FAILED = "failed"
    INTERRUPTED = "interrupted"


@dataclass(frozen=True)
class Draft:
    """A spec the model wrote that the checker rejected, with the checker's analysis of it."""

    envelope: Envelope
    analysis: Analysis

    @property
    def errors(self) -> int:
        """How many errors the checker reported (a spec that does not parse has at least one)."""
        return sum(1 for d in self.analysis.diagnostics if d.severity is Severity.ERROR)

    def to_repair(self) -> Repair:
        """What a repair request carries: the draft and the checker's findings."""
        return Repair(SpecText(self.envelope.spec), Findings.of(self.analysis.diagnostics))


@dataclass(frozen=True)
class Outcome:
    """How one request ended. ``draft`` is the best rejected draft (for any status but VALID)."""

    status: Status
    calls: int
    repairs: int
    envelope: Envelope | None = None
    analysis: Analysis | None = None
    spec: str = ""
    draft: Draft | None = None
    questions: tuple[str, ...] = ()
    stopped_early: bool = False
    error: AssistantError | None = None

    @property
    def ok(self) -> bool:
        return self.status is Status.VALID


Caller = Callable[[Turn], Reply]
"""Builds and sends the request for a turn; raises :class:`AssistantError` when the call fails."""
Asker = Callable[[tuple[str, ...]], str | None]
"""Shows Claude's questions and returns the user's answer; None when there is none."""
Teller = Callable[[str], None]
"""Tells the user what the loop does next (a repair and why)."""


def error_set(analysis: Analysis) -> frozenset[tuple[str, str]]:
    """What "the same errors" means: the same codes and messages, wherever they moved to."""
    return frozenset((d.code, d.message) for d in analysis.diagnostics if d.severity is Severity.ERROR)


def canonical(text: str, file: str) -> str:
    """The spec in canonical layout (the model's layout varies; the saved file should not)."""
    formatted = format_source(text, file)
    return formatted if formatted is not None and analyze(formatted, file).ok else text


def repair_notice(draft: Draft, repair: int) -> str:
    """Why a repair call is made, in a line: the errors' count and the first one."""
    errors = [d for d in draft.analysis.diagnostics if d.severity is Severity.ERROR]
    first = f": line {errors[0].span.line}: {errors[0].message}" if errors else ""
    count = f"{len(errors)} error{'s' * (len(errors) != 1)}"
    return f"the draft has {count}{first}; asking Claude to repair it (repair {repair} of at most {config.MAX_REPAIRS})"


def unchanged_reason(outcome: Outcome, kept: str) -> str:
    """Why a request ended without a new version, in one sentence ending in ``kept`` (what stays current).
    A failed call's own message and Claude's open questions are for the caller to show beside it."""
    if outcome.status is Status.INTERRUPTED:
        return f"interrupted; {kept}."
    if outcome.status is Status.QUESTION:
        if outcome.calls < config.MAX_CALLS:
            return f"no answer; {kept}."
        return f"Claude still has questions after {outcome.calls} calls; {kept}. Say the answers in your next message."
    if outcome.status is Status.FAILED:
        return f"{kept}."
    return f"Claude's change still has errors; {kept}."


@dataclass
class _Loop:
    """The state of one request's loop."""

    turn: Turn
    call: Caller
    ask: Asker
    tell: Teller
    file: str
    calls: int = 0
    repairs: int = 0
    best: Draft | None = None

    def end(
        self,
        status: Status,
        envelope: Envelope | None = None,
        *,
        questions: tuple[str, ...] = (),
        stopped_early: bool = False,
        error: AssistantError | None = None,
    ) -> Outcome:
        """The outcome of a loop that did not reach a valid spec; it carries the best draft."""
        return Outcome(
            status,
            self.calls,
            self.repairs,
            envelope=envelope,
            draft=self.best,
            questions=questions,
            stopped_early=stopped_early,
            error=error,
        )

    def run(self) -> Outcome:
        seen: set[frozenset[tuple[str, str]]] = set()
        while True:
            try:
                reply = self.call(self.turn)
            except AssistantError as error:
                return self.end(Status.FAILED, error=error)
            except KeyboardInterrupt:  # Ctrl-C ends the request, not the program: the draft is kept
                return self.end(Status.INTERRUPTED)
            self.calls += 1
            envelope = reply.envelope
            if envelope.is_question:
                answer = self.ask(envelope.questions) if self.calls < config.MAX_CALLS else None
                if answer is None or not answer.strip():
                    return self.end(Status.QUESTION, envelope, questions=envelope.questions)
                asked = Clarification(AskedQuestion("\n".join(envelope.questions)), UserText(answer))
                self.turn = replace(self.turn, clarifications=(*self.turn.clarifications, asked))
                continue
            analysis = analyze(envelope.spec, self.file)
            if analysis.ok:
                spec = canonical(envelope.spec, self.file)
                final = analyze(spec, self.file)
                return Outcome(Status.VALID, self.calls, self.repairs, envelope, final, spec)
            draft = Draft(envelope, analysis)
            if self.best is None or draft.errors <= self.best.errors:
                self.best = draft
            errors = error_set(analysis)
            if errors in seen:
                return self.end(Status.INVALID, envelope, stopped_early=True)
            seen.add(errors)
            if self.calls >= config.MAX_CALLS:
                return self.end(Status.INVALID, envelope)
            self.repairs += 1
            self.tell(repair_notice(draft, self.repairs))
            self.turn = replace(self.turn, repair=draft.to_repair())


def generate(turn: Turn, *, call: Caller, ask: Asker, tell: Teller, file: str) -> Outcome:
    """Run the loop for one request (``new``, or a chat turn with its current spec).

    ``file`` is the name the checker's diagnostics carry, and so what the model sees: pass a base name
    (``overdue.appspec``), never a path — a user's folder names are not the model's business.
    """
    return _Loop(turn, call, ask, tell, file).run()
