"""Chat turns in the studio: the assistant's own repair loop, with its questions answered in the page.

A turn is what a ``forgewright chat`` turn is — one request, at most :data:`config.MAX_CALLS` calls, the
same prompt, checks and repairs — run on a thread of its own while the project is held busy. What the
terminal would print goes to the page as events: the progress of each call, Claude's questions (the
turn waits for the answer typed in the page), and the result: the spec diff, the scope changes with
their reasons and the consent note when scopes grow, the summary and assumptions, the tokens spent.

A valid result becomes a new version (saved to the file). Anything else keeps the current version and
says why; Claude's best draft is saved beside the spec as ``NAME.draft.appspec`` (as ``chat`` does) and
can be opened in the editor. A spec with errors is repaired by the next turn.
"""

from __future__ import annotations

import copy
import io
import itertools
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compiler.diff import diff_apps
from compiler.diff_render import diff_to_json, render_text
from compiler.plan import build_plan
from dsl import analyze, ast
from forgewright.assistant import config, service
from forgewright.assistant.audit import AuditLog
from forgewright.assistant.examples import request_of
from forgewright.assistant.progress import Progress
from forgewright.assistant.prompt import Findings, Repair, SpecText, Turn, UserText
from forgewright.assistant.repair import Outcome, Status, unchanged_reason
from forgewright.assistant.session import (
    app_name_of,
    default_file_name,
    diff_counts,
    draft_path,
    free_name,
    save_spec,
    spec_diff,
)
from forgewright.commands.scopes import scopes_json
from forgewright.files import InputFileError
from forgewright.studio.events import EventBus
from forgewright.studio.project import Project, Refused
from forgewright.studio.views import diagnostics_json

QUESTION_TIMEOUT_SECONDS = 30 * 60.0
"""How long a turn waits for the answer to Claude's question before it ends without one."""

REPAIR_REQUEST = "Fix the errors the checker reports in this spec."
"""What a repair asks for when the person gives no words and the spec does not start with its request."""

NO_KEY = (
    f"The chat needs an Anthropic API key, and {config.API_KEY_ENV} is not set. Stop the studio (Ctrl-C in "
    f"its terminal), run  export {config.API_KEY_ENV}=sk-ant-…  (create a key in the Anthropic Console, "
    "under API keys), and start it again. Everything else here works without a key."
)


class _PageStream(io.StringIO):
    """A text stream for :class:`Progress` whose lines become ``chat.progress`` events (not a terminal,
    so progress comes as whole lines, with a reminder now and then during a long wait)."""

    def __init__(self, emit: Callable[[str], None]) -> None:
        super().__init__()
        self._emit = emit
        self._partial = ""

    def write(self, text: str) -> int:
        self._partial += text
        *lines, self._partial = self._partial.split("\n")
        for line in lines:
            if line.strip():
                self._emit(line.strip())
        return len(text)


@dataclass
class ChatSetup:
    """What the chat needs: settings (None without a key, ``reason`` saying why) and the audit log."""

    settings: config.Settings | None
    reason: str | None = None
    audit: AuditLog | None = None

    @staticmethod
    def resolve(model: str | None, timeout: float | None, audit_log: Path | None) -> ChatSetup:
        """From the options and the environment, as ``chat`` reads them; a missing key turns only the chat
        off (other bad settings stop the command, exit 2)."""
        audit = service.audit_log(audit_log)
        model_id, seconds = config.resolve_model(model), config.resolve_timeout(timeout)
        try:
            key = config.require_api_key()
        except config.MissingApiKey:
            return ChatSetup(None, NO_KEY, audit)
        return ChatSetup(config.Settings(model_id, key, seconds), None, audit)


class Conversation:
    """The chat of one studio: at most one turn at a time, its questions, and the turns so far."""

    def __init__(self, project: Project, bus: EventBus, setup: ChatSetup) -> None:
        self.project = project
        self.bus = bus
        self.setup = setup
        self._assistant: service.Assistant | None = None
        self._numbers = itertools.count(1)
        self._answers: queue.Queue[str | None] = queue.Queue()
        self._asking: int | None = None
        self._draft_file: Path | None = None
        self.turns: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def info(self) -> dict[str, Any]:
        with self._lock:
            return {
                "available": self.setup.settings is not None,
                "reason": self.setup.reason,
                "model": self.setup.settings.model if self.setup.settings is not None else None,
                "total": self._assistant.total_line() if self._assistant is not None else None,
                "asking": self._asking,
                "turns": copy.deepcopy(self.turns),
            }

    # --- the page's requests ------------------------------------------------------------------------

    def start(self, message: str) -> int:
        """Begin a turn for ``message`` on the current version; its number. Refused without a key, while
        another job runs, or with nothing to do."""
        if self.setup.settings is None:
            raise Refused(self.setup.reason or NO_KEY, status=503)
        words = message.strip()
        current = self.project.current.text
        if not words and not current.strip():
            raise Refused("say what the app should do")
        base = self.project.begin("a chat turn")
        number = next(self._numbers)
        record = {"turn": number, "message": words, "status": "working", "lines": []}
        with self._lock:
            self.turns.append(record)
        self._emit("chat.turn", record)
        threading.Thread(target=self._run, args=(number, words, base), name=f"chat turn {number}", daemon=True).start()
        return number

    def answer(self, turn: int, text: str | None) -> None:
        """The person's answer to the question turn ``turn`` waits on (None: no answer)."""
        if self._asking != turn:
            raise Refused("no question of this turn is waiting for an answer")
        self._answers.put(text)

    # --- the turn's thread --------------------------------------------------------------------------

    def _run(self, number: int, words: str, base: int) -> None:
        try:
            result = self._turn(number, words, base)
        except Exception as exc:  # report, never leave the page waiting
            result = {"status": "failed", "note": "kept the current version.", "error": f"internal error: {exc!r}"}
        finally:
            self._asking = None
            self.project.end()
        self._finish(number, result)

    def _turn(self, number: int, words: str, base: int) -> dict[str, Any]:
        text, name = self.project.current.text, self.project.name
        assistant = self._assistant_for(number)
        turn = self._request(text, name, words)
        outcome = assistant.resolve(turn, name, lambda questions: self._ask(number, questions))
        usage = assistant.total_line()
        if outcome.ok:
            return {**self._applied(outcome, text, words, base), "total": usage}
        return {**self._unchanged(outcome, text), "total": usage}

    def _assistant_for(self, number: int) -> service.Assistant:
        """The assistant (made on the first turn, when its docs are loaded), reporting to turn ``number``."""
        progress = Progress(stream=_PageStream(lambda line: self._line(number, line)))
        if self._assistant is None:
            assert self.setup.settings is not None
            self._assistant = service.Assistant(self.setup.settings, service.load_docs(), self.setup.audit, progress)
        self._assistant.progress = progress
        return self._assistant

    def _request(self, text: str, name: str, words: str) -> Turn:
        """The turn for the current text: a change of a valid spec, or a repair of one with errors (the last
        valid version before it, if any, as the current spec)."""
        analysis = analyze(text, name)
        if analysis.ok or not text.strip():
            current = SpecText(text) if text.strip() else None
            return Turn(UserText(words), current=current)
        earlier = next(
            (v.text for v in self.project.history.back_from_current() if v.text.strip() and analyze(v.text, name).ok),
            None,
        )
        repair = Repair(SpecText(text), Findings.of(analysis.diagnostics))
        request = words or request_of(text) or REPAIR_REQUEST
        return Turn(UserText(request), current=SpecText(earlier) if earlier else None, repair=repair)

    def _ask(self, number: int, questions: tuple[str, ...]) -> str | None:
        """Show Claude's questions in the page and wait for the answer typed there."""
        while not self._answers.empty():  # an answer sent too late for an earlier question
            self._answers.get_nowait()
        self._asking = number
        with self._lock:
            self._record(number)["asking"] = list(questions)
        self._emit("chat.question", {"turn": number, "questions": list(questions)})
        try:
            answer = self._answers.get(timeout=QUESTION_TIMEOUT_SECONDS)
        except queue.Empty:
            answer = None
        finally:
            self._asking = None
            with self._lock:
                self._record(number).pop("asking", None)
        self._line(number, "you answered: " + answer if answer and answer.strip() else "no answer given")
        return answer

    def _applied(self, outcome: Outcome, old: str, words: str, base: int) -> dict[str, Any]:
        """Save a valid result as the new version; what changed, for the page."""
        envelope = outcome.envelope
        extra = {
            "summary": envelope.summary if envelope is not None else "",
            "assumptions": list(envelope.assumptions) if envelope is not None else [],
        }
        if outcome.spec == old:
            return {"status": "unchanged", "note": "no change to the spec", **extra}
        label = f"chat: {_short(words) or 'repair'}"
        try:
            version = self.project.apply(outcome.spec, label, base)
        except Refused as refused:
            saved = self._keep_draft(outcome.spec, self.project.name)
            return {"status": "kept", "note": f"{refused.message}; Claude's version is saved as {saved}", **extra}
        change = change_of(old, version.text, self.project.name)
        return {"status": "applied", "version": version.number, **extra, **change}

    def _unchanged(self, outcome: Outcome, text: str) -> dict[str, Any]:
        kept = "kept the current version" if text.strip() else "no spec yet"
        result: dict[str, Any] = {
            "status": outcome.status.value,
            "note": unchanged_reason(outcome, kept),
            "error": outcome.error.message if outcome.status is Status.FAILED and outcome.error else None,
            "questions": list(outcome.questions) if outcome.status is Status.QUESTION else [],
        }
        if outcome.draft is not None:
            draft = outcome.draft.envelope.spec
            saved = self._keep_draft(draft, self.project.name)
            found = diagnostics_json(analyze(draft, self.project.name))
            result["draft"] = {"file": saved, "text": draft, "diagnostics": found}
        return result

    def _keep_draft(self, text: str, name: str) -> str | None:
        """Save Claude's draft in this session's draft file beside the spec; its path (None if it cannot)."""
        if self._draft_file is None:
            target = self.project.path or self.project.folder / default_file_name(app_name_of(text))
            self._draft_file = free_name(draft_path(target))
        try:
            save_spec(self._draft_file, text)
        except InputFileError:
            return None
        return str(self._draft_file)

    # --- events -------------------------------------------------------------------------------------

    def _record(self, number: int) -> dict[str, Any]:
        return next(record for record in self.turns if record["turn"] == number)

    def _line(self, number: int, line: str) -> None:
        with self._lock:
            self._record(number)["lines"].append(line)
        self._emit("chat.progress", {"turn": number, "line": line})

    def _finish(self, number: int, result: dict[str, Any]) -> None:
        with self._lock:
            record = self._record(number)
            record.pop("asking", None)
            record.update(result)
        self._emit("chat.result", record)

    def _emit(self, kind: str, data: dict[str, Any]) -> None:
        self.bus.publish(kind, data)


def _short(words: str, limit: int = 60) -> str:
    flat = " ".join(words.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def change_of(old: str, new: str, name: str) -> dict[str, Any]:
    """What a new version changes: the spec diff, the meaning (modules, views, data) and the scopes, with
    their reasons and the consent note when scopes are added."""
    diff = spec_diff(old or None, new, name)
    added, removed = diff_counts(diff)
    old_app, new_app = _app_of(old, name), _app_of(new, name)
    change: dict[str, Any] = {"diff": diff, "added": added, "removed": removed}
    if new_app is None:
        return change
    if old_app is None:
        change["first_scopes"] = scopes_json(build_plan(new_app))["scopes"]
        return change
    meaning = diff_apps(old_app, new_app)
    change["meaning"] = {**diff_to_json(meaning), "text": render_text(meaning)}
    return change


def _app_of(text: str, name: str) -> ast.App | None:
    if not text.strip():
        return None
    analysis = analyze(text, name)
    return analysis.app if analysis.ok else None
