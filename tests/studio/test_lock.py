"""One studio per spec: a second one on the same file (by any name) refuses with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from forgewright.studio.lock import StudioLock, StudioLockError, lock_folder
from tests.studio.support import SPEC, Running, start_studio


def test_a_second_lock_on_the_same_file_by_another_name_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "a.appspec"
    spec.write_text("", encoding="utf-8")
    (tmp_path / "link.appspec").symlink_to(spec)
    first = StudioLock.acquire(spec)
    first.describe(4321)
    with pytest.raises(StudioLockError) as refused:
        StudioLock.acquire(tmp_path / "link.appspec")
    message = refused.value.format_message()
    assert f"process {os.getpid()}" in message and "http://127.0.0.1:4321/" in message
    assert refused.value.exit_code == 2
    other = StudioLock.acquire(tmp_path / "b.appspec")  # another spec: no conflict
    first.release()
    StudioLock.acquire(spec).release()  # released: free again
    other.release()


def test_locks_live_in_the_runtime_folder_or_the_cache(tmp_path: Path) -> None:
    assert lock_folder({"XDG_RUNTIME_DIR": "/run/user/7"}) == Path("/run/user/7/forgewright")
    assert lock_folder({"XDG_RUNTIME_DIR": "relative", "HOME": "/home/x"}) == Path("/home/x/.cache/forgewright/studio")


def test_a_second_studio_process_on_the_same_spec_refuses_to_start(studio: Running, spec_file: Path) -> None:
    second = subprocess.run(
        [sys.executable, "-c", "from forgewright.cli import main; main()", "studio", str(spec_file), "--no-open"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        check=False,
    )
    assert second.returncode == 2, second.stderr
    assert "another forgewright studio already has" in second.stderr
    assert f"http://127.0.0.1:{studio.port}/" in second.stderr
    assert "Traceback" not in second.stderr and second.stdout == ""


def test_a_new_spec_is_locked_under_the_name_it_gets(tmp_path: Path, no_key: None) -> None:
    studio = start_studio(None, tmp_path)
    try:
        studio.api("POST", "/api/save", {"text": SPEC, "base": 1})
        saved = tmp_path / "open-bugs.appspec"
        with pytest.raises(StudioLockError, match=f"http://127.0.0.1:{studio.port}/"):
            StudioLock.acquire(saved)
    finally:
        studio.stop()
    StudioLock.acquire(saved).release()  # the stopped studio let go of it
