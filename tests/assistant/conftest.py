"""Fixtures for the assistant: the real SDK against ``httpx2.MockTransport`` with recorded bodies."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2
import pytest

from forgewright.assistant import client as client_module
from forgewright.assistant import config, service
from forgewright.assistant.examples import BUILTIN, Example, request_of
from forgewright.assistant.prompt import StaticDocs, field_catalogue, rules_text

BODIES = Path(__file__).parent / "bodies"
API_KEY = "sk-ant-api03-TEST-KEY-never-logged-0000"
REFERENCE_DOUBLE = "# The appspec language\n\n(test double of dsl.reference.language_reference())"


def body(name: str) -> dict[str, Any]:
    """A recorded Messages API body from tests/assistant/bodies."""
    data: dict[str, Any] = json.loads((BODIES / name).read_text(encoding="utf-8"))
    return data


def spec_of(name: str) -> str:
    """The spec inside a recorded tool_use body."""
    spec: str = body(name)["content"][0]["input"]["spec"]
    return spec


def stable_docs() -> StaticDocs:
    """Static docs with a stable reference double and one example, so snapshots change only with us."""
    name, source = BUILTIN[0]
    return StaticDocs(
        rules=rules_text(),
        language_reference=REFERENCE_DOUBLE,
        field_catalogue=field_catalogue(),
        examples=(Example(name, request_of(source), source),),
    )


Reply = httpx2.Response | Callable[[httpx2.Request], httpx2.Response]


@dataclass
class FakeApi:
    """Serves queued responses in order and records every request that reached the transport."""

    replies: list[Reply] = field(default_factory=list)
    requests: list[httpx2.Request] = field(default_factory=list)
    waits: list[float] = field(default_factory=list)
    """The waits before retries, in seconds (recorded instead of slept)."""

    def ok(self, name: str) -> FakeApi:
        self.replies.append(
            httpx2.Response(200, json=body(name), headers={"request-id": f"req_{len(self.replies):04d}"})
        )
        return self

    def error(self, status: int, name: str, headers: dict[str, str] | None = None) -> FakeApi:
        self.replies.append(httpx2.Response(status, json=body(name), headers=headers or {}))
        return self

    def answer(self, data: dict[str, Any]) -> FakeApi:
        """A 200 with this JSON body."""
        self.replies.append(httpx2.Response(200, json=data))
        return self

    def raw(self, status: int, content: bytes, headers: dict[str, str] | None = None) -> FakeApi:
        """Any status with any bytes: a proxy's page, a cut-off body, a plain-text 404."""
        self.replies.append(httpx2.Response(status, content=content, headers=headers or {}))
        return self

    def fail(self, exc: BaseException) -> FakeApi:
        def raise_it(request: httpx2.Request) -> httpx2.Response:
            raise exc

        self.replies.append(raise_it)
        return self

    def handle(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        if not self.replies:
            raise AssertionError("unexpected extra request to the API")
        reply = self.replies.pop(0)
        return reply(request) if callable(reply) else reply

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.requests]


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeApi]:
    """A fake Anthropic API wired under the real SDK, with instant retries and a key in the environment."""
    fake = FakeApi()
    transport = httpx2.MockTransport(fake.handle)
    monkeypatch.setattr(client_module, "default_transport", lambda: transport)
    monkeypatch.setattr(service, "load_docs", stable_docs)
    monkeypatch.setattr(client_module, "sleep", fake.waits.append)
    monkeypatch.setenv(config.API_KEY_ENV, API_KEY)
    monkeypatch.delenv(config.MODEL_ENV, raising=False)
    monkeypatch.delenv(config.AUDIT_LOG_ENV, raising=False)
    monkeypatch.delenv(config.TIMEOUT_ENV, raising=False)
    monkeypatch.delenv(config.BASE_URL_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    yield fake
