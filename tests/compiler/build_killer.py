"""Kill a real ``forgewright build`` at every file-system step it takes, and record what each kill left.

Run by test_compiler_writer.py as a subprocess: ``build_killer.py WORK OLD_SPEC NEW_SPEC MODE``. It builds
OLD_SPEC into WORK/out, then, for k = 1, 2, … until a build runs to the end, forks a child that runs the
``build`` command for NEW_SPEC into WORK/out and SIGKILLs itself right before its k-th file-system change
(an audit hook sees each one: opening a file for writing, mkdir, rename, remove, chmod, flock, the atomic
swap through ctypes …). After each kill another child runs the same build normally, as a user would next.
On stdout, first the trees of the two builds, then one JSON line per k: the tree after the kill, the names
beside it, and the same after the next build with that build's stderr. MODE ``fallback`` disables the
atomic swap (as on a system without one). Forking after warm-up builds keeps each run to milliseconds.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import signal
import sys
from pathlib import Path
from typing import Any

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_CHANGES = {
    "os.mkdir",
    "os.rename",
    "os.remove",
    "os.rmdir",
    "os.chmod",
    "shutil.rmtree",
    "tempfile.mkdtemp",
    "ctypes.call_function",
    "fcntl.flock",
}


def _is_change(event: str, args: tuple[Any, ...]) -> bool:
    if event == "open":
        mode, flags = args[1], args[2]
        return bool(mode and set(str(mode)) & set("wax+")) or bool(isinstance(flags, int) and flags & _WRITE_FLAGS)
    return event in _CHANGES


def tree(folder: Path) -> dict[str, str] | None:
    """Every file under ``folder`` with its SHA-256; None when the folder does not exist."""
    if not folder.is_dir():
        return None
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run_build(spec: Path, out: Path, kill_at: int | None, mode: str, log: Path) -> tuple[int, int]:
    """Run the build command in a forked child; (number of changes it reached, how it ended: the signal
    number, or 0 for a normal end)."""
    counter = log.with_suffix(".count")
    pid = os.fork()
    if pid == 0:  # the child: never returns
        try:
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            if mode == "fallback":
                import forgewright.writer

                forgewright.writer.exchange = lambda first, second: False  # type: ignore[assignment]
            seen = [0]
            building = [True]

            def hook(event: str, args: tuple[Any, ...]) -> None:
                if building[0] and _is_change(event, args):
                    seen[0] += 1
                    if seen[0] == kill_at:
                        os.kill(os.getpid(), signal.SIGKILL)

            from forgewright.cli import cli  # already loaded by the warm-up in the parent

            sys.addaudithook(hook)
            with contextlib.suppress(SystemExit):
                cli.main(["build", str(spec), "-o", str(out)], standalone_mode=False)
            building[0] = False
            sys.stdout.flush()
            sys.stderr.flush()
            counter.write_text(str(seen[0]))
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    ended = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
    return (int(counter.read_text()) if counter.exists() and not ended else 0), ended


def build_in_process(spec: Path, out: Path) -> None:
    """A build in this process, output discarded: loads everything the forked children will use."""
    from forgewright.cli import cli

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        cli.main(["build", str(spec), "-o", str(out)], standalone_mode=False)


def main() -> None:
    work, old_spec, new_spec, mode = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
    scratch = work.parent / f"{work.name}-scratch"
    scratch.mkdir()
    references = {}
    for name, spec in (("old", old_spec), ("new", new_spec)):
        build_in_process(spec, scratch / name)
        build_in_process(spec, scratch / name)  # a second time: replaces, so the swap is loaded too
        references[name] = tree(scratch / name)
    print(json.dumps(references), flush=True)
    log = scratch / "build.log"
    out = work / "out"
    k = 0
    while True:
        k += 1
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        run_build(old_spec, out, None, mode, log)
        reached, signal_number = run_build(new_spec, out, k, mode, log)
        killed = {"tree": tree(out), "beside": sorted(os.listdir(work))}
        run_build(new_spec, out, None, mode, log)
        after = {"tree": tree(out), "beside": sorted(os.listdir(work)), "stderr": log.read_text()}
        print(json.dumps({"k": k, "signal": signal_number, "killed": killed, "next": after}), flush=True)
        if not signal_number:
            print(json.dumps({"changes": reached}), flush=True)
            break


if __name__ == "__main__":
    main()
