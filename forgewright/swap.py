"""Swapping two folders in one step, so that a build folder is never missing, not even for an instant.

POSIX ``rename`` cannot replace a non-empty folder, so replacing a build with plain renames needs two of
them (old out of the way, new into place) and a kill between the two leaves no build at all. Linux
(``renameat2`` with ``RENAME_EXCHANGE``, since 3.15, on ext4, xfs, btrfs, tmpfs and others) and macOS
(``renamex_np`` with ``RENAME_SWAP``) can exchange two paths atomically instead; the C library call is
reached through ctypes. Where neither exists, or the file system refuses, :func:`exchange` says so and
the writer falls back to the two renames (and the next build repairs an interruption between them).
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 1 << 1  # linux/fs.h
_RENAME_SWAP = 0x00000002  # macOS sys/stdio.h
_UNSUPPORTED = frozenset({errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP})

Swap = Callable[[bytes, bytes], int]


@functools.cache
def _system_swap() -> Swap | None:
    """The C library's atomic exchange as ``f(a, b) -> 0 or -1`` (errno set), or None without one."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        renameat2 = libc.renameat2
        renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
        renameat2.restype = ctypes.c_int
        return lambda a, b: int(renameat2(_AT_FDCWD, a, _AT_FDCWD, b, _RENAME_EXCHANGE))
    if sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        renamex_np = libc.renamex_np
        renamex_np.argtypes = (ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint)
        renamex_np.restype = ctypes.c_int
        return lambda a, b: int(renamex_np(a, b, _RENAME_SWAP))
    return None


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths atomically. False when this system or file system cannot (nothing
    changed then); OSError for any other failure."""
    swap = _system_swap()
    if swap is None:
        return False
    if swap(os.fsencode(first), os.fsencode(second)) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(second))
