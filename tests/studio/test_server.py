"""Starting a studio: the socket it listens on, and what it releases when it cannot start."""

from __future__ import annotations

import socket
import tomllib
from pathlib import Path, PurePosixPath

import click
import pytest

import forgewright.studio
from forgewright.files import InputFileError
from forgewright.studio.conversation import ChatSetup
from forgewright.studio.lock import StudioLock
from forgewright.studio.server import _bind, prepare

NO_CHAT = ChatSetup(None, "no chat here")


def test_the_socket_listens_on_loopback_only_and_says_it_is_tcp() -> None:
    sock = _bind(0)
    try:
        assert sock.getsockname()[0] == "127.0.0.1"
        # asyncio turns Nagle's algorithm off only for sockets that say they are TCP; with it on, every
        # answer written in two parts waited ~40 ms for the browser's delayed ACK
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()


def test_a_port_in_use_is_a_usage_error(tmp_path: Path) -> None:
    taken = _bind(0)
    try:
        with pytest.raises(click.UsageError, match=r"port \d+ is in use; choose another with --port"):
            prepare(tmp_path / "a.appspec", port=taken.getsockname()[1], setup=NO_CHAT, cwd=tmp_path)
    finally:
        taken.close()
    StudioLock.acquire(tmp_path / "a.appspec").release()  # the failed start let go of its lock


def test_an_unreadable_spec_stops_the_start_and_lets_go_of_the_lock(tmp_path: Path) -> None:
    spec = tmp_path / "utf16.appspec"
    spec.write_bytes(b"\xff\xfeapp")
    with pytest.raises(InputFileError, match="is UTF-16 text"):
        prepare(spec, setup=NO_CHAT, cwd=tmp_path)
    StudioLock.acquire(spec).release()


def test_every_page_asset_is_shipped_in_the_package() -> None:
    """The page's files are package data: each must match a pattern pyproject.toml ships, or an installed
    studio would answer 404 for it."""
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    patterns = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    package = Path(forgewright.studio.__file__).parent
    assets = [p.relative_to(package).as_posix() for p in (package / "static").rglob("*") if p.is_file()]
    assert "static/index.html" in assets and "static/js/main.js" in assets
    shipped = patterns["forgewright.studio"]
    assert [a for a in assets if not any(PurePosixPath(a).match(glob) for glob in shipped)] == []
