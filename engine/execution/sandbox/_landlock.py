"""Landlock: the filesystem allowlist, no TCP, and scoped signals, through raw syscalls.

Landlock is an unprivileged LSM (Linux >= 5.13). A process builds a *ruleset* (which access rights
it wants to restrict, and which hierarchies still get which rights), then restricts itself, for
good: the restriction is inherited and cannot be undone. Rights the kernel's ABI does not know are
masked out, so the same code works from ABI 1 upwards and does what it can.

What each ABI adds that we use: 2 REFER (renames across directories), 3 TRUNCATE, 4 TCP bind and
connect, 5 device ioctls, 6 scoping of signals and abstract UNIX sockets to the sandbox. UDP and
pathname UNIX sockets are *not* covered by any ABI (measured), which is why seccomp also denies
``socket()``.
"""

from __future__ import annotations

import ctypes
import os
import stat
from collections.abc import Iterable

from engine.execution.sandbox import _linux

SYS_CREATE_RULESET = 444  # the same number on every architecture
SYS_ADD_RULE = 445
SYS_RESTRICT_SELF = 446
CREATE_RULESET_VERSION = 1 << 0
RULE_PATH_BENEATH = 1

EXECUTE = 1 << 0
WRITE_FILE = 1 << 1
READ_FILE = 1 << 2
READ_DIR = 1 << 3
REMOVE_DIR = 1 << 4
REMOVE_FILE = 1 << 5
MAKE_CHAR = 1 << 6
MAKE_DIR = 1 << 7
MAKE_REG = 1 << 8
MAKE_SOCK = 1 << 9
MAKE_FIFO = 1 << 10
MAKE_BLOCK = 1 << 11
MAKE_SYM = 1 << 12
REFER = 1 << 13
TRUNCATE = 1 << 14
IOCTL_DEV = 1 << 15

NET_BIND_TCP = 1 << 0
NET_CONNECT_TCP = 1 << 1

SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0
SCOPE_SIGNAL = 1 << 1

# Rights that make sense on a regular file (anything else on a file rule is EINVAL).
FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV

READ_ONLY = READ_FILE | READ_DIR
# The scratch directory: plain files and directories only. No symlinks (the executor reads
# result.json after the run), no FIFOs (a read would block it), no device nodes, no sockets.
# No removing or renaming files either: an unlinked file that is still open (or mapped) keeps
# its blocks but leaves the directory, where the supervisor counts the run's disk total.
READ_WRITE = READ_FILE | READ_DIR | WRITE_FILE | REMOVE_DIR | MAKE_DIR | MAKE_REG | REFER | TRUNCATE


def fs_rights_for(abi: int) -> int:
    """Every filesystem right the kernel's ABI can restrict."""
    if abi <= 0:
        return 0
    rights = (1 << 13) - 1  # ABI 1
    if abi >= 2:
        rights |= REFER
    if abi >= 3:
        rights |= TRUNCATE
    if abi >= 5:
        rights |= IOCTL_DEV
    return rights


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def abi_version() -> int:
    """The Landlock ABI of the running kernel, 0 when Landlock is unavailable."""
    if not _linux.IS_LINUX:
        return 0
    try:
        return _linux.syscall(SYS_CREATE_RULESET, None, 0, CREATE_RULESET_VERSION)
    except (OSError, AttributeError):
        return 0  # ENOSYS (kernel too old) or EOPNOTSUPP (not in lsm=)


def restrict_self(
    abi: int, read_only: Iterable[str], read_write: Iterable[str], files_rw: Iterable[str] = ()
) -> str:
    """Confine this process (and its future children) for good; returns a short summary.

    ``read_only`` and ``read_write`` are directories or files; missing paths are skipped (a
    system without ``/lib64`` is fine). ``files_rw`` are single files such as ``/dev/null``.
    Needs no-new-privs (or CAP_SYS_ADMIN) first, like seccomp.
    """
    handled_fs = fs_rights_for(abi)
    attr = _RulesetAttr(handled_access_fs=handled_fs)
    size = 8
    if abi >= 4:
        attr.handled_access_net = NET_BIND_TCP | NET_CONNECT_TCP  # no rules: no TCP at all
        size = 16
    if abi >= 6:
        attr.scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL
        size = 24
    ruleset = _linux.syscall(SYS_CREATE_RULESET, ctypes.byref(attr), size, 0)
    try:
        for path in read_only:
            _allow(ruleset, path, READ_ONLY & handled_fs)
        for path in read_write:
            _allow(ruleset, path, READ_WRITE & handled_fs)
        for path in files_rw:
            _allow(ruleset, path, (READ_FILE | WRITE_FILE) & handled_fs)
        _linux.syscall(SYS_RESTRICT_SELF, ruleset, 0)
    finally:
        os.close(ruleset)
    parts = ["fs"]
    if abi >= 4:
        parts.append("no-tcp")
    if abi >= 6:
        parts.append("scoped-signals")
    return "+".join(parts)


def _allow(ruleset: int, path: str, access: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return
    try:
        if not stat.S_ISDIR(os.fstat(fd).st_mode):
            access &= FILE_RIGHTS
        if not access:
            return
        rule = _PathBeneathAttr(allowed_access=access, parent_fd=fd)
        _linux.syscall(SYS_ADD_RULE, ruleset, RULE_PATH_BENEATH, ctypes.byref(rule), 0)
    finally:
        os.close(fd)
