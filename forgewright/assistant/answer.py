"""Reading a 200 answer of the Messages API ourselves, so that anything else becomes a clear message.

A proxy's login page, a cut-off or empty body, or JSON without the message's parts would otherwise
surface as an exception deep inside the SDK's models. Here the body is parsed as plain JSON and every
part we use is checked: the usage (billed even when the rest is unusable), the stop reason and the
envelope tool call.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from forgewright.assistant import config
from forgewright.assistant.envelope import TOOL_NAME, Envelope, EnvelopeError, parse_envelope
from forgewright.assistant.errors import AnswerError, AssistantError
from forgewright.assistant.usage import Usage

RETRY_HINT = f"try again; if it keeps happening, check {config.BASE_URL_ENV} and any proxy between you and the API"


@dataclass(frozen=True)
class Reply:
    """A usable answer: the envelope, what the call cost and how long it took (retries included)."""

    envelope: Envelope
    usage: Usage
    stop_reason: str
    seconds: float = 0.0
    request_id: str | None = None


def snippet(text: str) -> str:
    """The start of a body, on one line, for a message."""
    flat = " ".join(text.split())
    return flat if len(flat) <= 60 else flat[:57] + "…"


def _json_body(body: bytes, content_type: str) -> dict[str, Any]:
    """The body as a JSON object, or an :class:`AssistantError` saying what came instead."""
    text = body.decode("utf-8", "replace")
    if not text.strip():
        raise AssistantError(f"the Anthropic API answered 200 with an empty body; {RETRY_HINT}")
    try:
        data = json.loads(text)
    except ValueError:
        if "html" in content_type.lower() or text.lstrip().startswith("<"):
            raise AssistantError(
                f"the answer is a web page ({snippet(text)!r}), not the Anthropic API's: a proxy or a wrong "
                f"ANTHROPIC_BASE_URL is in the way; {RETRY_HINT}"
            ) from None
        raise AssistantError(
            f"the Anthropic API's answer is not complete JSON (cut off after {len(body):,} bytes?); {RETRY_HINT}"
        ) from None
    if not isinstance(data, dict):
        raise AssistantError(f"the Anthropic API's answer is not a message ({snippet(text)!r}); {RETRY_HINT}")
    return data


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _usage(data: dict[str, Any]) -> Usage:
    """The tokens billed; zero where the answer does not say (better a low count than a failure)."""
    raw = data.get("usage")
    usage = raw if isinstance(raw, dict) else {}
    return Usage(
        input=_count(usage.get("input_tokens")),
        output=_count(usage.get("output_tokens")),
        cache_read=_count(usage.get("cache_read_input_tokens")),
        cache_write=_count(usage.get("cache_creation_input_tokens")),
        requests=1,
    )


def _tool_inputs(content: list[Any]) -> list[object]:
    return [
        block.get("input")
        for block in content
        if isinstance(block, dict) and block.get("type") == "tool_use" and block.get("name") == TOOL_NAME
    ]


def read_answer(body: bytes, content_type: str, max_tokens: object) -> Reply:
    """The envelope of a 200 answer, or an error: :class:`AssistantError` (exit 2) when the body is not a
    Messages API message, :class:`AnswerError` (exit 1) when it is one we cannot use."""
    data = _json_body(body, content_type)
    if data.get("type") == "error":
        raise AssistantError(f"the Anthropic API answered 200 with an error: {snippet(json.dumps(data))}")
    usage = _usage(data) if "usage" in data else None
    content = data.get("content")
    if not isinstance(content, list) or data.get("type", "message") != "message":
        raise AssistantError(
            f"the Anthropic API's answer is not a complete message (it has no list of content blocks); {RETRY_HINT}",
            usage=usage,
        )
    stop = data.get("stop_reason") if isinstance(data.get("stop_reason"), str) else "unknown"
    billed = usage if usage is not None else Usage(requests=1)
    if stop == "refusal":
        raise AnswerError(
            "Claude declined to answer this request (stop reason: refusal); rephrase it as a description of a Jira app",
            usage=billed,
        )
    if stop == "max_tokens":
        raise AnswerError(
            f"the answer was cut off at the {max_tokens}-token output limit (stop reason: max_tokens); "
            "ask for a smaller app or split the request",
            usage=billed,
        )
    inputs = _tool_inputs(content)
    if not inputs:
        raise AnswerError(
            f"the model answered without the spec envelope (stop reason: {stop}); try again", usage=billed
        )
    try:
        envelope = parse_envelope(inputs[0])
    except EnvelopeError as exc:
        raise AnswerError(f"the model's envelope is malformed: {exc}; try again", usage=billed) from None
    return Reply(envelope, billed, str(stop))
