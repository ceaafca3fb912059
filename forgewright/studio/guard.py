"""Who may talk to a studio: only the page it opened, in the browser of the person who started it.

The server listens on 127.0.0.1 only, which keeps other machines out but not other programs of this
machine, nor other web pages open in the same browser. So every request must pass, in this order:

1. ``Host`` is ``127.0.0.1:PORT`` or ``localhost:PORT``: a page of another site whose name was made to
   resolve to 127.0.0.1 (DNS rebinding) sends its own name and is refused;
2. ``Origin``, when sent, is this server's own; requests that change anything (every method but GET and
   HEAD) must send it. Another page in the browser — on any site, or on another port of this machine —
   cannot pass;
3. ``Sec-Fetch-Site``, when the browser sends it, is ``same-origin`` or ``none`` (an address typed or
   opened from the terminal), never a request another page started;
4. the session secret: the address the studio prints carries it once (``/?secret=…``); that request
   gets it back as a cookie (``HttpOnly``, ``SameSite=Strict``, named after the port) and is redirected
   to ``/``, so the secret leaves the address bar. Every later request must carry the cookie.

Refusals are one plain line (status 403) and one line on the studio's stderr, with the method and path
but never the query, the headers or the body. Every answer carries headers that keep it out of caches
and other pages' reach, and a content security policy (the page loads only its own scripts and styles).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from urllib.parse import parse_qs

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD"})
ALLOWED_FETCH_SITES = frozenset({"same-origin", "none"})

PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
"""The content security policy of everything but the preview (which sets its own)."""

COMMON_HEADERS = {
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}


def _printable(text: str, limit: int = 120) -> str:
    """A request path as it may appear in a log line: no control characters, not too long."""
    shown = "".join(ch if ch.isprintable() else "?" for ch in text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


class Guard:
    """ASGI middleware applying the rules above to every HTTP request before the app sees it."""

    def __init__(self, app: ASGIApp, secret: str, port: int, log: Callable[[str], None]) -> None:
        self.app = app
        self.secret = secret
        self.hosts = frozenset({f"127.0.0.1:{port}", f"localhost:{port}"})
        self.origins = frozenset(f"http://{host}" for host in self.hosts)
        self.cookie = f"forgewright-studio-{port}"
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        problem = self.refusal(scope, headers)
        if problem is not None:
            self.log(f"refused {scope['method']} {_printable(scope['path'])}: {problem}")
            await _plain(send, 403, f"forgewright studio refused this request: {problem}.\n")
            return
        reopened = scope["path"] == "/" and b"secret=" in scope.get("query_string", b"")
        if reopened or not self._has_cookie(headers):
            await self._enter(scope, send)
            return
        await self.app(scope, receive, _with_headers(send))

    def refusal(self, scope: Scope, headers: Headers) -> str | None:
        """Why the request is refused (before the secret is looked at), or None."""
        if headers.get("host") not in self.hosts:
            return "it names another host (Host header); open the address the studio printed"
        origin = headers.get("origin")
        if origin is not None and origin not in self.origins:
            return "it comes from another page (Origin header)"
        if origin is None and scope["method"] not in SAFE_METHODS:
            return "a request that changes something must come from the studio's page (no Origin header)"
        site = headers.get("sec-fetch-site")
        if site is not None and site not in ALLOWED_FETCH_SITES:
            return "another page started it (Sec-Fetch-Site header)"
        return None

    def _has_cookie(self, headers: Headers) -> bool:
        """Whether the session cookie is among the cookies sent (other local apps may send odd ones: the
        header is split by hand rather than parsed strictly, so theirs cannot hide ours)."""
        for pair in headers.get("cookie", "").split(";"):
            name, _, value = pair.strip().partition("=")
            if name == self.cookie and hmac.compare_digest(value.encode(), self.secret.encode()):
                return True
        return False

    async def _enter(self, scope: Scope, send: Send) -> None:
        """No cookie: only the printed address (``/?secret=…``) lets one in, trading the secret for it."""
        given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("secret", [""])[0]
        if scope["path"] != "/" or scope["method"] not in SAFE_METHODS or not given:
            self.log(f"refused {scope['method']} {_printable(scope['path'])}: no session secret")
            await _plain(
                send, 403, "forgewright studio needs its session secret: open the address it printed when it started.\n"
            )
            return
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            self.log(f"refused {scope['method']} /: wrong session secret")
            await _plain(send, 403, "this address carries the wrong session secret: open the one the studio printed.\n")
            return
        cookie = f"{self.cookie}={self.secret}; Path=/; HttpOnly; SameSite=Strict"
        await _respond(send, 303, b"", [(b"location", b"/"), (b"set-cookie", cookie.encode())])


def _with_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            for name, value in COMMON_HEADERS.items():
                headers.setdefault(name, value)
            headers.setdefault("content-security-policy", PAGE_POLICY)
        await send(message)

    return sending


async def _plain(send: Send, status: int, text: str) -> None:
    await _respond(send, status, text.encode("utf-8"), [(b"content-type", b"text/plain; charset=utf-8")])


async def _respond(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    common = [(name.encode(), value.encode()) for name, value in COMMON_HEADERS.items()]
    policy = (b"content-security-policy", PAGE_POLICY.encode())
    length = (b"content-length", str(len(body)).encode())
    await send({"type": "http.response.start", "status": status, "headers": [*headers, *common, policy, length]})
    await send({"type": "http.response.body", "body": body})
