"""Configuration of the assistant, each value defined in exactly one place."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import click

DEFAULT_MODEL = "claude-sonnet-5-5"
"""The default model: a current Sonnet-class model. Override with ``--model`` or ``FORGEWRIGHT_MODEL``."""

MODEL_ENV = "FORGEWRIGHT_MODEL"
API_KEY_ENV = "ANTHROPIC_API_KEY"
AUDIT_LOG_ENV = "FORGEWRIGHT_AUDIT_LOG"

MAX_REPAIRS = 2
"""Repair rounds after the first attempt; the loop also stops early when the same errors come back."""

MAX_QUESTION_ROUNDS = 3
"""How many clarifying questions one request may lead to before we give up asking."""

MAX_OUTPUT_TOKENS = 8192
"""Specs are short; this leaves room for the envelope's summary and assumptions."""

REQUEST_TIMEOUT_SECONDS = 120.0
MAX_RETRIES = 3
"""SDK retries for 408/409/429/5xx and connection errors, with its own backoff (honours retry-after)."""


class MissingApiKey(click.ClickException):
    """No API key in the environment: one line naming the variable, exit code 2."""

    exit_code = 2

    def __init__(self) -> None:
        super().__init__(f"{API_KEY_ENV} is not set; export your Anthropic API key to use this command")

    def show(self, file: object = None) -> None:
        click.echo(f"forgewright: {self.message}", err=True)


@dataclass(frozen=True)
class Settings:
    """What a command needs to talk to the model."""

    model: str
    api_key: str


def resolve_model(option: str | None, env: Mapping[str, str] | None = None) -> str:
    """``--model`` wins, then ``FORGEWRIGHT_MODEL``, then :data:`DEFAULT_MODEL`."""
    environ = os.environ if env is None else env
    for candidate in (option, environ.get(MODEL_ENV)):
        if candidate and candidate.strip():
            return candidate.strip()
    return DEFAULT_MODEL


def require_api_key(env: Mapping[str, str] | None = None) -> str:
    """The API key from the environment, or :class:`MissingApiKey`."""
    environ = os.environ if env is None else env
    key = environ.get(API_KEY_ENV, "").strip()
    if not key:
        raise MissingApiKey()
    return key


def resolve_settings(model_option: str | None, env: Mapping[str, str] | None = None) -> Settings:
    """Model and key together; raises :class:`MissingApiKey` before anything is sent."""
    return Settings(model=resolve_model(model_option, env), api_key=require_api_key(env))
