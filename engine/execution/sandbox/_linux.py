"""Thin ctypes wrappers for the Linux calls the sandbox needs and Python 3.11 lacks.

``os.unshare`` only exists from 3.12, and ``prctl``/``capset`` never made it into ``os``. Every
function raises ``OSError`` with the real errno, so callers can tell "not permitted" from "not
supported" and say which.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys

IS_LINUX = sys.platform.startswith("linux")

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_CAPBSET_DROP = 24
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = 38
PR_GET_NO_NEW_PRIVS = 39
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4

CLONE_THREAD = 0x00010000
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000

_LINUX_CAPABILITY_VERSION_3 = 0x20080522

_libc: ctypes.CDLL | None = None


def libc() -> ctypes.CDLL:
    """The C library of this process (loaded once, with errno capture)."""
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    return _libc


def _check(result: int, what: str) -> int:
    if result < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")
    return result


def prctl(option: int, arg2: int = 0, arg3: int = 0, arg4: int = 0, arg5: int = 0) -> int:
    c = ctypes.c_ulong
    fn = libc().prctl
    return _check(fn(option, c(arg2), c(arg3), c(arg4), c(arg5)), f"prctl({option})")


def unshare(flags: int) -> None:
    _check(libc().unshare(ctypes.c_int(flags)), "unshare")


def syscall(number: int, *args) -> int:
    """Raw ``syscall(2)``. Plain ints are widened to ``long``: the call is variadic, and a 32-bit
    int would leave the upper half of the register undefined."""
    fn = libc().syscall
    fn.restype = ctypes.c_long
    wide = [ctypes.c_long(a) if isinstance(a, int) else a for a in args]
    return _check(fn(ctypes.c_long(number), *wide), f"syscall({number})")


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def effective_capabilities() -> int:
    """This process's effective capability mask (0 for an ordinary user)."""
    header = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    _check(libc().capget(ctypes.byref(header), data), "capget")
    return data[0].effective | (data[1].effective << 32)


def last_capability() -> int:
    try:
        with open("/proc/sys/kernel/cap_last_cap") as fh:
            return int(fh.read())
    except (OSError, ValueError):
        return 40


def drop_capabilities(last_cap: int) -> None:
    """Drop every capability: bounding set, ambient set, then effective/permitted/inheritable.

    A sandbox child running as root keeps root's capabilities otherwise, and several of them
    (CAP_MKNOD, CAP_SYS_NICE, CAP_SYS_RESOURCE, CAP_IPC_LOCK...) would let a bot hurt the machine
    in ways Landlock does not see. Order matters: dropping the bounding set needs CAP_SETPCAP, so
    it goes before ``capset`` clears everything.
    """
    for cap in range(last_cap + 1):
        with contextlib.suppress(OSError):  # EINVAL for capabilities this kernel does not know
            prctl(PR_CAPBSET_DROP, cap)
    with contextlib.suppress(OSError):
        prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)
    header = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    _check(libc().capset(ctypes.byref(header), data), "capset")


def set_child_subreaper() -> None:
    prctl(PR_SET_CHILD_SUBREAPER, 1)


def set_parent_death_signal(signum: int) -> None:
    prctl(PR_SET_PDEATHSIG, signum)


def set_no_new_privs() -> None:
    prctl(PR_SET_NO_NEW_PRIVS, 1)


def set_not_dumpable() -> None:
    prctl(PR_SET_DUMPABLE, 0)
