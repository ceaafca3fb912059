"""Talking to the model: the SDK client (with the opt-in audit hook) and one call → one :class:`Reply`.

This is the only module that imports the Anthropic SDK (commands that never call the model never
load it). Retries are ours, not the SDK's, so that every one is visible — "retry 1/2 in 6 s", with
the wait a 429 asked for — and bounded: at most :data:`config.MAX_RETRIES`, waits of at most
:data:`config.MAX_RETRY_WAIT_SECONDS` (asked to wait longer, we stop at once and say when to try
again), and no retry of a request that timed out waiting for its answer. The 200 answer is read by
:mod:`forgewright.assistant.answer`. Every failure becomes an :class:`AssistantError` with one clear
sentence — never a traceback.
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import replace

import anthropic
import httpx2

from forgewright.assistant import config
from forgewright.assistant.answer import Reply, read_answer, snippet
from forgewright.assistant.audit import AuditLog
from forgewright.assistant.errors import AssistantError, AuditLogError
from forgewright.assistant.progress import Progress
from forgewright.assistant.prompt import RequestBody

sleep = time.sleep
"""How we wait before a retry (tests replace it to record the waits instead)."""


def default_transport() -> httpx2.BaseTransport | None:
    """The HTTP transport for new clients; None means the SDK's default. Tests replace this."""
    return None


def make_client(
    api_key: str,
    *,
    audit: AuditLog | None = None,
    transport: httpx2.BaseTransport | None = None,
    timeout: float = config.DEFAULT_TIMEOUT_SECONDS,
) -> anthropic.Anthropic:
    """The SDK client, without its own retries; with ``audit``, every request body sent is recorded."""
    hooks = {"request": [audit.record]} if audit is not None else {}
    chosen = transport if transport is not None else default_transport()
    if chosen is not None:
        http_client = anthropic.DefaultHttpxClient(transport=chosen, event_hooks=hooks)
    else:
        http_client = anthropic.DefaultHttpxClient(event_hooks=hooks)
    return anthropic.Anthropic(
        api_key=api_key,
        http_client=http_client,
        max_retries=0,
        timeout=httpx2.Timeout(timeout, connect=min(config.CONNECT_TIMEOUT_SECONDS, timeout)),
    )


# ---------------------------------------------------------------------------------------------
# Failures: what happened, whether to retry, and how long the server asked us to wait


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    minutes = round(seconds / 60)
    return f"{minutes} minutes" if minutes < 90 else f"{seconds / 3600:.1f} hours"


def _asked_wait(headers: httpx2.Headers) -> float | None:
    """The wait a ``retry-after-ms`` or ``retry-after`` header asks for (seconds or an HTTP date)."""
    if "retry-after-ms" in headers:
        try:
            return max(0.0, float(headers["retry-after-ms"]) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _api_message(exc: anthropic.APIStatusError) -> str | None:
    """The API's own error message, when the body is the API's JSON error; None for anything else."""
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error")
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return str(inner["message"])
    return None


def _is_retryable(exc: anthropic.APIError) -> bool:
    if isinstance(exc, anthropic.APIStatusError):
        if exc.response.headers.get("x-should-retry") == "false":
            return False
        return exc.status_code in (408, 409, 429) or exc.status_code >= 500
    if isinstance(exc, anthropic.APITimeoutError):
        # A connection that could not be made is worth another try; an answer that never came is not.
        return isinstance(exc.__cause__, httpx2.ConnectTimeout | httpx2.PoolTimeout)
    return isinstance(exc, anthropic.APIConnectionError)


def _what_happened(exc: anthropic.APIError) -> str:
    """A few words for the retry note."""
    if isinstance(exc, anthropic.RateLimitError):
        return "rate limited (429)"
    if isinstance(exc, anthropic.OverloadedError):
        return "the API is overloaded (529)"
    if isinstance(exc, anthropic.APIStatusError):
        return f"the API answered {exc.status_code}"
    if isinstance(exc, anthropic.APITimeoutError):
        return "the connection timed out"
    return f"the connection failed ({_cause(exc)})"


def _cause(exc: BaseException) -> str:
    cause = exc.__cause__
    return f"{type(cause).__name__}: {cause}" if cause is not None and str(cause) else "no details"


def _explain(exc: anthropic.APIError, *, model: str, base_url: str, requests: int, timeout: float) -> str:
    """One sentence per failure kind: what happened and what to do."""
    tried = f" ({requests} requests)" if requests > 1 else ""
    if isinstance(exc, anthropic.APIStatusError):
        return _explain_status(exc, model=model, base_url=base_url, tried=tried)
    if isinstance(exc, anthropic.APITimeoutError) and not _is_retryable(exc):
        return (
            f"the Anthropic API did not answer within {timeout:g} s; try again, or allow longer with "
            f"--timeout SECONDS (or {config.TIMEOUT_ENV})"
        )
    return (
        f"cannot reach the Anthropic API at {base_url} ({_cause(exc)}){tried}; check the network connection, "
        f"any proxy, and {config.BASE_URL_ENV} if set"
    )


def _explain_status(exc: anthropic.APIStatusError, *, model: str, base_url: str, tried: str) -> str:
    api_message = _api_message(exc)
    if api_message is None and exc.status_code in (404, 405):
        return (
            f"{base_url} answered {exc.status_code} ({snippet(exc.response.text)!r}), which is not the Anthropic API's "
            f"answer; check {config.BASE_URL_ENV} and any proxy"
        )
    detail = api_message if api_message is not None else f"a non-API answer: {snippet(exc.response.text)!r}"
    if isinstance(exc, anthropic.AuthenticationError):
        return (
            f"the Anthropic API rejected the key in {config.API_KEY_ENV} (401 authentication error); "
            "check that it is a valid, active API key"
        )
    if isinstance(exc, anthropic.PermissionDeniedError):
        return f"the API key may not use this model or feature (403): {detail}"
    if isinstance(exc, anthropic.NotFoundError):
        if "model" in detail.lower():
            return (
                f"the Anthropic API does not know model `{model}` (404: {detail}); set --model or "
                f"{config.MODEL_ENV} to a current model id"
            )
        return f"the Anthropic API answered 404: {detail}; check {config.BASE_URL_ENV} and any proxy"
    if isinstance(exc, anthropic.RateLimitError):
        asked = _asked_wait(exc.response.headers)
        when = f"in {_duration(asked)}" if asked else "in a minute"
        return f"rate limited by the Anthropic API (429){tried}; try again {when}"
    if isinstance(exc, anthropic.OverloadedError):
        return f"the Anthropic API is overloaded (529){tried}; try again in a few minutes"
    if exc.status_code >= 500:
        return f"the Anthropic API failed ({exc.status_code}: {detail}){tried}; try again later"
    if isinstance(exc, anthropic.BadRequestError):
        return f"the Anthropic API rejected the request (400): {detail}"
    return f"the Anthropic API answered {exc.status_code}: {detail}"


# ---------------------------------------------------------------------------------------------
# One call


def send(client: anthropic.Anthropic, body: RequestBody, progress: Progress, label: str, timeout: float) -> Reply:
    """Send one prompt-builder request (retrying as described above); a :class:`Reply` or an error."""
    if not isinstance(body, RequestBody):
        raise TypeError("only a RequestBody from forgewright.assistant.prompt may be sent")
    model = str(body.data.get("model", ""))
    started = time.monotonic()
    for attempt in range(config.MAX_RETRIES + 1):
        requests = attempt + 1
        waiting = f"{label}…" if attempt == 0 else f"{label}, retry {attempt}/{config.MAX_RETRIES}…"
        try:
            with progress.waiting(waiting):
                raw = client.messages.with_raw_response.create(**body.data)
        except anthropic.APIError as exc:
            if isinstance(exc.__cause__, AuditLogError):
                exc.__cause__.requests = attempt
                raise exc.__cause__ from None
            wait = _next_wait(exc, attempt, model=model, base_url=str(client.base_url), timeout=timeout)
            progress.note(_retry_note(exc, attempt, wait))
            sleep(wait)
            continue
        http = raw.http_response
        try:
            reply = read_answer(http.content, http.headers.get("content-type", ""), body.data.get("max_tokens"))
        except AssistantError as exc:
            exc.requests = requests
            raise
        return replace(
            reply,
            usage=replace(reply.usage, requests=requests),
            seconds=time.monotonic() - started,
            request_id=http.headers.get("request-id"),
        )
    raise AssertionError("unreachable: the last attempt either returns or raises")


def _next_wait(exc: anthropic.APIError, attempt: int, *, model: str, base_url: str, timeout: float) -> float:
    """How long to wait before retrying after ``exc``; raises the explained error when we should not."""
    requests = attempt + 1
    if not _is_retryable(exc) or attempt == config.MAX_RETRIES:
        message = _explain(exc, model=model, base_url=base_url, requests=requests, timeout=timeout)
        raise AssistantError(message, requests=requests) from None
    asked = _asked_wait(exc.response.headers) if isinstance(exc, anthropic.APIStatusError) else None
    if asked is not None and asked > config.MAX_RETRY_WAIT_SECONDS:
        raise AssistantError(
            f"{_what_happened(exc)}: the Anthropic API asks to wait {_duration(asked)} before the next request, "
            f"longer than forgewright waits ({config.MAX_RETRY_WAIT_SECONDS:.0f} s); try again in {_duration(asked)}",
            requests=requests,
        ) from None
    if asked is not None:
        return asked
    backoff = config.RETRY_BACKOFF_SECONDS
    return backoff[min(attempt, len(backoff) - 1)]


def _retry_note(exc: anthropic.APIError, attempt: int, wait: float) -> str:
    asked = isinstance(exc, anthropic.APIStatusError) and _asked_wait(exc.response.headers) is not None
    why = " as the API asked" if asked else ""
    return f"  {_what_happened(exc)}; retry {attempt + 1}/{config.MAX_RETRIES} in {wait:.0f} s{why}"
