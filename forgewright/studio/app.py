"""The studio's routes: the page, its assets, and a small JSON API over the project, chat and shipping.

=============================  ============================================================================
``GET /``                      the page (``static/index.html``)
``GET /static/…``              its scripts and styles
``GET /api/state``             the spec, its versions, its views, the chat, the build and deploy settings
``POST /api/check``            the views of a text being typed (diagnostics; scopes, audit, preview if valid)
``POST /api/save``             save a hand edit (``base``: the version it was made on)
``POST /api/undo`` / ``redo``  move through the versions (the file follows)
``GET /preview/KEY``           the preview page of a text seen lately, for a sandboxed frame
``GET /api/events?after=N``    what happened since event N (long poll)
``POST /api/chat``             start a chat turn; ``/api/chat/answer`` answers Claude's question
``GET /api/build.zip``         the app as a zip; ``POST /api/build`` writes it to a folder
``POST /api/deploy/review``    build, then the scopes and commands of a deploy; ``POST /api/deploy`` runs it
=============================  ============================================================================

Every request first passes :class:`~forgewright.studio.guard.Guard`. Bodies are JSON of at most
:data:`MAX_BODY` bytes and are never logged. Problems the person can act on come back as
``{"error": message}`` with a 4xx status; anything else is one ``internal error`` line, never a traceback.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from forgewright.studio.conversation import Conversation
from forgewright.studio.events import EventBus
from forgewright.studio.guard import Guard
from forgewright.studio.project import Project, Refused
from forgewright.studio.shipping import Shipping
from forgewright.studio.views import ViewCache, keywords

MAX_BODY = 2 * 1024 * 1024
"""The largest request body (a spec of some thousands of lines fits many times over)."""

POLL_SECONDS = 20.0
"""How long ``/api/events`` waits for something to happen before answering with nothing."""

PREVIEW_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
    "sandbox allow-scripts; frame-ancestors 'self'"
)
"""The preview is the page ``forgewright preview`` writes (inline style and script): allowed those, and
sandboxed even when opened on its own, so it can reach nothing of the studio."""


@dataclass
class Studio:
    """Everything one studio holds."""

    project: Project
    bus: EventBus
    views: ViewCache
    conversation: Conversation
    shipping: Shipping

    def state(self) -> dict[str, Any]:
        """What the page needs after it loads (or loses track): everything, and the last event number."""
        last = self.bus.last  # before the state: an event in between is seen twice, never missed
        project = self.project.state()
        views = self.views.get(project["text"], self.project.name).data
        return {
            **project,
            "views": views,
            "chat": self.conversation.info(),
            "ship": self.shipping.info(),
            "keywords": keywords(),
            "events": last,
        }


def _page() -> str:
    return (resources.files("forgewright.studio") / "static" / "index.html").read_text(encoding="utf-8")


async def _body(request: Request) -> dict[str, Any]:
    try:
        data = await request.json()
    except ValueError:
        raise Refused("the request body is not JSON", status=400) from None
    if not isinstance(data, dict):
        raise Refused("the request body is not a JSON object", status=400)
    return data


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise Refused(f"{key} must be text", status=400)
    return value


def _number(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise Refused(f"{key} must be a number", status=400)
    return value


def create_app(studio: Studio, secret: str, port: int, log: Callable[[str], None]) -> ASGIApp:
    """The studio's ASGI app, behind its guard."""
    page = _page()

    async def index(request: Request) -> Response:
        return HTMLResponse(page)

    async def state(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(studio.state))

    async def check(request: Request) -> Response:
        text = _text(await _body(request), "text")
        views = await run_in_threadpool(studio.views.get, text, studio.project.name)
        return JSONResponse(views.data)

    async def save(request: Request) -> Response:
        data = await _body(request)
        text, base = _text(data, "text"), _number(data, "base")
        await run_in_threadpool(studio.project.save, text, base)
        return JSONResponse(await run_in_threadpool(studio.state))

    async def undo(request: Request) -> Response:
        await run_in_threadpool(studio.project.undo)
        return JSONResponse(await run_in_threadpool(studio.state))

    async def redo(request: Request) -> Response:
        await run_in_threadpool(studio.project.redo)
        return JSONResponse(await run_in_threadpool(studio.state))

    async def preview(request: Request) -> Response:
        found = studio.views.preview(request.path_params["key"])
        if found is None:
            return HTMLResponse("<p>This preview is no longer kept; reload the studio.</p>", status_code=404)
        return HTMLResponse(found, headers={"content-security-policy": PREVIEW_POLICY})

    async def events(request: Request) -> Response:
        try:
            after = int(request.query_params.get("after", "0"))
        except ValueError:
            raise Refused("after must be a number", status=400) from None
        return JSONResponse({"events": await studio.bus.wait(after, POLL_SECONDS)})

    async def chat(request: Request) -> Response:
        message = _text(await _body(request), "message")
        return JSONResponse({"turn": await run_in_threadpool(studio.conversation.start, message)})

    async def answer(request: Request) -> Response:
        data = await _body(request)
        given = data.get("answer")
        studio.conversation.answer(_number(data, "turn"), given if isinstance(given, str) else None)
        return JSONResponse({"ok": True})

    async def build_zip(request: Request) -> Response:
        name, data = await run_in_threadpool(studio.shipping.zip_app)
        return Response(
            data, media_type="application/zip", headers={"content-disposition": f'attachment; filename="{name}"'}
        )

    async def build(request: Request) -> Response:
        folder = _text(await _body(request), "folder")
        return JSONResponse(await run_in_threadpool(studio.shipping.build, folder))

    async def review(request: Request) -> Response:
        target = studio.shipping.target(await _body(request))
        return JSONResponse(await run_in_threadpool(studio.shipping.review, target))

    async def deploy(request: Request) -> Response:
        data = await _body(request)
        token = data.pop("token", "")  # handed on at once, never kept in the request's data
        target = studio.shipping.target(data)
        reviewed, email = _text(data, "fingerprint"), _text(data, "email")
        if not isinstance(token, str):
            raise Refused("token must be text", status=400)
        job = studio.shipping.start_deploy(target, reviewed, email, token)
        del token
        return JSONResponse({"job": job})

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Refused)
        return JSONResponse({"error": exc.message}, status_code=exc.status)

    async def http_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code)

    async def internal(request: Request, exc: Exception) -> Response:
        log(f"internal error in {request.method} {request.url.path}: {type(exc).__name__}: {exc}")
        message = f"internal error: {type(exc).__name__}; this is a bug in forgewright, please report it"
        return JSONResponse({"error": message}, status_code=500)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        import asyncio

        studio.bus.bind(asyncio.get_running_loop())
        yield
        studio.bus.close()

    routes = [
        Route("/", index),
        Route("/api/state", state),
        Route("/api/check", check, methods=["POST"]),
        Route("/api/save", save, methods=["POST"]),
        Route("/api/undo", undo, methods=["POST"]),
        Route("/api/redo", redo, methods=["POST"]),
        Route("/preview/{key:str}", preview),
        Route("/api/events", events),
        Route("/api/chat", chat, methods=["POST"]),
        Route("/api/chat/answer", answer, methods=["POST"]),
        Route("/api/build.zip", build_zip),
        Route("/api/build", build, methods=["POST"]),
        Route("/api/deploy/review", review, methods=["POST"]),
        Route("/api/deploy", deploy, methods=["POST"]),
        Mount("/static", StaticFiles(packages=[("forgewright.studio", "static")])),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={Refused: refused, HTTPException: http_problem, Exception: internal},
        max_body_size=MAX_BODY,
    )
    return Guard(_answered(app), secret, port, log)


def _answered(app: ASGIApp) -> ASGIApp:
    """The app, with an error it has already answered and logged (``internal``) going no further: Starlette
    raises it again for the server to log, which would print a traceback."""

    async def app_answered(scope: Scope, receive: Receive, send: Send) -> None:
        with contextlib.suppress(Exception):
            await app(scope, receive, send)

    return app_answered


def log_to_stderr(line: str) -> None:
    print(f"studio: {line}", file=sys.stderr, flush=True)
