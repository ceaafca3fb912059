"""Configuration of the assistant, each value defined in exactly one place."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from forgewright.assistant.errors import ShellError

DEFAULT_MODEL = "claude-sonnet-5-5"
"""The default model: a current Sonnet-class model. Override with ``--model`` or ``FORGEWRIGHT_MODEL``."""

MODEL_ENV = "FORGEWRIGHT_MODEL"
API_KEY_ENV = "ANTHROPIC_API_KEY"
AUDIT_LOG_ENV = "FORGEWRIGHT_AUDIT_LOG"
TIMEOUT_ENV = "FORGEWRIGHT_TIMEOUT"
BASE_URL_ENV = "ANTHROPIC_BASE_URL"

MAX_REPAIRS = 2
"""Repairs of a draft with errors after the first attempt."""

MAX_CALLS = 1 + MAX_REPAIRS
"""The hard bound on model calls for one request (``new``, or one ``chat`` turn): the first call and
the repairs; a call that sends the answer to a clarifying question counts too. Retries of a request
that got no answer (rate limit, overload, network) are not calls: they are bounded by MAX_RETRIES."""

MAX_OUTPUT_TOKENS = 8192
"""Specs are short; this leaves room for the envelope's summary and assumptions."""

DEFAULT_TIMEOUT_SECONDS = 90.0
"""How long one request may wait for its answer. The answer comes whole, at the end, so this must cover
writing a large spec (a few thousand tokens); a server that never answers is given up on after it."""

CONNECT_TIMEOUT_SECONDS = 10.0

MAX_RETRIES = 2
"""Retries of a request that got no answer: 408, 409, 429, 5xx (529 overloaded) or a failed connection.
A request that timed out waiting for its answer is not retried: the wait would likely repeat."""

RETRY_BACKOFF_SECONDS = (2.0, 6.0)
"""The wait before retry 1, 2 … when the server does not say how long to wait (the last value repeats)."""

MAX_RETRY_WAIT_SECONDS = 30.0
"""The longest wait a ``retry-after`` header can impose; asked for longer, we stop and say when to retry."""

PROGRESS_INTERVAL_SECONDS = 10.0
"""When stderr is not a terminal, how often a "still waiting" line is printed during a request."""

CALL_LIMITS = (
    f"At most {MAX_CALLS} calls to Claude per request: the first and up to {MAX_REPAIRS} repairs of a draft "
    "with errors; answering a question Claude asks uses one of them. Each call waits at most --timeout "
    f"seconds for its answer and is retried at most {MAX_RETRIES} times on rate limits, overload or "
    "network errors."
)
LIMITS_HELP = f"{CALL_LIMITS} Progress and the tokens of every call go to stderr."
"""Stated in the ``--help`` of ``new`` and ``chat``."""


class ConfigError(ShellError):
    """A setting is missing or unusable: one line naming it, exit code 2."""


class MissingApiKey(ConfigError):
    """No API key in the environment."""

    def __init__(self) -> None:
        super().__init__(f"{API_KEY_ENV} is not set; export your Anthropic API key to use this command")


@dataclass(frozen=True)
class Settings:
    """What a command needs to talk to the model."""

    model: str
    api_key: str
    timeout: float = DEFAULT_TIMEOUT_SECONDS


def resolve_model(option: str | None, env: Mapping[str, str] | None = None) -> str:
    """``--model`` wins, then ``FORGEWRIGHT_MODEL``, then :data:`DEFAULT_MODEL`."""
    environ = os.environ if env is None else env
    for candidate in (option, environ.get(MODEL_ENV)):
        if candidate and candidate.strip():
            return candidate.strip()
    return DEFAULT_MODEL


def resolve_timeout(option: float | None, env: Mapping[str, str] | None = None) -> float:
    """``--timeout`` wins, then ``FORGEWRIGHT_TIMEOUT``, then :data:`DEFAULT_TIMEOUT_SECONDS`."""
    if option is not None:
        return option
    environ = os.environ if env is None else env
    raw = environ.get(TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_TIMEOUT_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= 3600:  # also false for nan
        raise ConfigError(f"{TIMEOUT_ENV}={raw!r} is not a number of seconds between 0 and 3600")
    return seconds


def require_api_key(env: Mapping[str, str] | None = None) -> str:
    """The API key from the environment, or :class:`MissingApiKey`."""
    environ = os.environ if env is None else env
    key = environ.get(API_KEY_ENV, "").strip()
    if not key:
        raise MissingApiKey()
    return key


def resolve_settings(
    model_option: str | None, timeout_option: float | None = None, env: Mapping[str, str] | None = None
) -> Settings:
    """Model, key and timeout together; raises :class:`ConfigError` before anything is sent."""
    return Settings(
        model=resolve_model(model_option, env),
        api_key=require_api_key(env),
        timeout=resolve_timeout(timeout_option, env),
    )
