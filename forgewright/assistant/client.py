"""Talking to the model: the SDK client (with the opt-in audit hook) and one call → one :class:`Reply`.

Every failure becomes an :class:`AssistantError` with one clear sentence — never a traceback.
Transient failures (429, 5xx/529, timeouts, connection errors) are first retried by the SDK itself,
with its backoff, honouring ``retry-after``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import anthropic
import click
import httpx2

from forgewright.assistant import config
from forgewright.assistant.audit import AuditLog
from forgewright.assistant.envelope import TOOL_NAME, Envelope, EnvelopeError, parse_envelope
from forgewright.assistant.prompt import RequestBody
from forgewright.assistant.usage import Usage


class AssistantError(click.ClickException):
    """A model call failed; the message says why and what to do. Exit 2 (environment) unless set."""

    exit_code = 2

    def show(self, file: object = None) -> None:
        click.echo(f"forgewright: {self.message}", err=True)


class AnswerError(AssistantError):
    """The call worked but the answer is unusable (refusal, cut off, no envelope): exit 1."""

    exit_code = 1


@dataclass(frozen=True)
class Reply:
    """One successful model call: the envelope, what it cost and how long it took."""

    envelope: Envelope
    usage: Usage
    stop_reason: str
    seconds: float
    request_id: str | None = None


def default_transport() -> httpx2.BaseTransport | None:
    """The HTTP transport for new clients; None means the SDK's default. Tests replace this."""
    return None


def make_client(
    api_key: str,
    *,
    audit: AuditLog | None = None,
    transport: httpx2.BaseTransport | None = None,
    max_retries: int | None = None,
    timeout: float | None = None,
) -> anthropic.Anthropic:
    """The SDK client; with ``audit``, every request body sent is recorded (never a header)."""
    hooks = {"request": [audit.record]} if audit is not None else {}
    chosen = transport if transport is not None else default_transport()
    if chosen is not None:
        http_client = anthropic.DefaultHttpxClient(transport=chosen, event_hooks=hooks)
    else:
        http_client = anthropic.DefaultHttpxClient(event_hooks=hooks)
    return anthropic.Anthropic(
        api_key=api_key,
        http_client=http_client,
        max_retries=config.MAX_RETRIES if max_retries is None else max_retries,
        timeout=config.REQUEST_TIMEOUT_SECONDS if timeout is None else timeout,
    )


def _api_message(exc: anthropic.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error")
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return str(inner["message"])
    return str(exc.message)


def _explain(exc: anthropic.APIError, model: str) -> AssistantError:
    """One sentence per failure kind."""
    if isinstance(exc, anthropic.AuthenticationError):
        return AssistantError(
            f"the Anthropic API rejected the key in {config.API_KEY_ENV} (401 authentication error); "
            "check that it is a valid, active API key"
        )
    if isinstance(exc, anthropic.PermissionDeniedError):
        return AssistantError(f"the API key may not use this model or feature (403): {_api_message(exc)}")
    if isinstance(exc, anthropic.NotFoundError):
        return AssistantError(
            f"the Anthropic API does not know model `{model}` (404); set --model or {config.MODEL_ENV} "
            "to a current model id"
        )
    if isinstance(exc, anthropic.RateLimitError):
        return AssistantError(
            "rate limited by the Anthropic API (429), still after retrying; wait a minute and try again"
        )
    if isinstance(exc, anthropic.OverloadedError):
        return AssistantError("the Anthropic API is overloaded (529), still after retrying; try again soon")
    if isinstance(exc, anthropic.InternalServerError):
        return AssistantError(f"the Anthropic API failed ({exc.status_code}) after retrying; try again later")
    if isinstance(exc, anthropic.BadRequestError):
        return AssistantError(f"the Anthropic API rejected the request (400): {_api_message(exc)}")
    if isinstance(exc, anthropic.APIStatusError):
        return AssistantError(f"the Anthropic API answered {exc.status_code}: {_api_message(exc)}")
    if isinstance(exc, anthropic.APITimeoutError):
        return AssistantError("the Anthropic API did not answer in time (timeout) after retrying; try again")
    if isinstance(exc, anthropic.APIConnectionError):
        return AssistantError(
            "cannot reach the Anthropic API (connection error); check the network connection and proxy"
        )
    return AssistantError(f"the Anthropic API call failed: {exc}")


def _usage(message: anthropic.types.Message) -> Usage:
    u = message.usage
    return Usage(
        input=u.input_tokens,
        output=u.output_tokens,
        cache_read=u.cache_read_input_tokens or 0,
        cache_write=u.cache_creation_input_tokens or 0,
        requests=1,
    )


def send(client: anthropic.Anthropic, body: RequestBody) -> Reply:
    """Send one prompt-builder request; return the envelope or raise :class:`AssistantError`."""
    if not isinstance(body, RequestBody):
        raise TypeError("only a RequestBody from forgewright.assistant.prompt may be sent")
    model = str(body.data.get("model", ""))
    started = time.monotonic()
    try:
        message = client.messages.create(**body.data)
    except anthropic.APIError as exc:
        raise _explain(exc, model) from None
    seconds = time.monotonic() - started
    usage = _usage(message)
    stop = message.stop_reason or "unknown"
    if stop == "refusal":
        raise AnswerError(
            "Claude declined to answer this request (stop reason: refusal); rephrase it as a description of a Jira app"
        )
    if stop == "max_tokens":
        limit = body.data.get("max_tokens")
        raise AnswerError(
            f"the answer was cut off at the {limit}-token output limit (stop reason: max_tokens); "
            "ask for a smaller app or split the request"
        )
    tool_inputs = [b.input for b in message.content if b.type == "tool_use" and b.name == TOOL_NAME]
    if not tool_inputs:
        raise AnswerError(f"the model answered without the spec envelope (stop reason: {stop}); try again")
    try:
        envelope = parse_envelope(tool_inputs[0])
    except EnvelopeError as exc:
        raise AnswerError(f"the model's envelope is malformed: {exc}; try again") from None
    return Reply(envelope, usage, stop, seconds, getattr(message, "_request_id", None))
