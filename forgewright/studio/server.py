"""Starting and stopping a studio: the lock, the socket, the secret, the file watcher and the server.

:func:`prepare` does everything but serve (tests run the prepared server on a thread of their own);
:func:`serve` is what the command runs: prepare, print the address, open the browser, serve until
Ctrl-C, then release everything.
"""

from __future__ import annotations

import contextlib
import errno
import secrets
import socket
import sys
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click
import uvicorn

from forgewright.studio.app import Studio, create_app, log_to_stderr
from forgewright.studio.conversation import ChatSetup, Conversation
from forgewright.studio.events import EventBus
from forgewright.studio.lock import StudioLock, StudioLockError
from forgewright.studio.project import Project, Refused
from forgewright.studio.shipping import Shipping
from forgewright.studio.views import ViewCache

HOST = "127.0.0.1"
"""The only address the studio listens on: other machines can never reach it."""

WATCH_SECONDS = 0.5
"""How often the spec file is looked at for changes made outside the studio."""


class _Server(uvicorn.Server):
    """The server, answering the page's waiting requests at once when it stops (else the graceful
    shutdown would wait for them, then cancel them noisily)."""

    def __init__(self, config: uvicorn.Config, bus: EventBus) -> None:
        super().__init__(config)
        self.bus = bus

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self.bus.close()
        await super().shutdown(sockets)


@dataclass
class Prepared:
    """A studio ready to serve: its server, its address (secret included) and what to release after."""

    studio: Studio
    server: uvicorn.Server
    sock: socket.socket
    url: str
    locks: list[StudioLock]

    def serve(self) -> None:
        """Serve until stopped (Ctrl-C, or ``server.should_exit``); blocks."""
        stop = threading.Event()
        watcher = threading.Thread(target=_watch, args=(self.studio, stop), name="spec watcher", daemon=True)
        watcher.start()
        try:
            self.server.run(sockets=[self.sock])
        finally:
            stop.set()
            watcher.join()
            self.close()

    def close(self) -> None:
        self.sock.close()
        for lock in self.locks:
            lock.release()


def _watch(studio: Studio, stop: threading.Event) -> None:
    while not stop.wait(WATCH_SECONDS):
        with contextlib.suppress(Exception):  # a hiccup reading the file is retried on the next round
            studio.project.check_disk()


def _bind(port: int) -> socket.socket:
    # proto given: asyncio turns Nagle's algorithm off only on sockets that say they are TCP, and with it
    # on, a response written in two parts (head, body) waits ~40 ms for the browser's delayed ACK
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.bind((HOST, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise click.UsageError(
                f"port {port} is in use; choose another with --port, or --port 0 for any free one"
            ) from None
        raise click.UsageError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from None
    sock.listen(64)
    sock.set_inheritable(False)
    return sock


def prepare(
    spec: Path | None,
    *,
    port: int = 0,
    setup: ChatSetup,
    cwd: Path | None = None,
    log: Callable[[str], None] = log_to_stderr,
) -> Prepared:
    """Lock the spec, read it, bind the socket and build the app. Raises :class:`StudioLockError`,
    ``InputFileError`` or ``click.UsageError`` (all exit 2) before anything is served."""
    folder = cwd if cwd is not None else Path.cwd()
    locks = [StudioLock.acquire(spec)] if spec is not None else []
    ports: list[int] = []

    def claim(path: Path) -> None:  # a new spec gets its name on the first save: lock that name then
        try:
            lock = StudioLock.acquire(path)
        except StudioLockError as error:
            raise Refused(error.message) from None
        locks.append(lock)
        lock.describe(*ports)

    try:
        bus = EventBus()
        project = Project(spec, folder, bus.publish, claim)
        studio = Studio(
            project=project,
            bus=bus,
            views=ViewCache(),
            conversation=Conversation(project, bus, setup),
            shipping=Shipping(project, bus, folder),
        )
        sock = _bind(port)
    except BaseException:
        for lock in locks:
            lock.release()
        raise
    port = sock.getsockname()[1]
    ports.append(port)
    for lock in locks:
        lock.describe(port)
    secret = secrets.token_urlsafe(32)
    app = create_app(studio, secret, port, log)
    config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="on", timeout_graceful_shutdown=2)
    return Prepared(studio, _Server(config, studio.bus), sock, f"http://{HOST}:{port}/?secret={secret}", locks)


def serve(spec: Path | None, *, port: int, open_browser: bool, setup: ChatSetup) -> None:
    """The ``studio`` command: prepare, say where, open the browser, serve until Ctrl-C."""
    prepared = prepare(spec, port=port, setup=setup)
    project = prepared.studio.project
    what = f"editing {project.path}" if project.path is not None else "a new spec (saved on the first save)"
    click.echo(f"forgewright studio — {what}")
    click.echo(f"  open {prepared.url}")
    click.echo("  (the address holds this session's secret: do not share it) · Ctrl-C stops the studio")
    if setup.settings is None:
        click.echo(f"  note: {setup.reason}")
    sys.stdout.flush()  # the address must show at once, also when the output goes to a pipe or a log
    if open_browser:
        threading.Thread(target=webbrowser.open, args=(prepared.url,), daemon=True).start()
    prepared.serve()
    total = prepared.studio.conversation.info()["total"]
    if total:
        click.echo(total, err=True)
