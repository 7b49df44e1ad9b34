"""Attack: hold disk the scratch directory does not show (unnamed or unlinked files, kept open)."""

import ctypes
import mmap
import os
import tempfile

from backtesting import Strategy

libc = ctypes.CDLL(None, use_errno=True)
MB = 1024 * 1024
kept = []  # open descriptors and mappings keep the blocks alive


def attempt(name, action):
    try:
        action()
    except BaseException as exc:
        print(f"attempt {name}: blocked ({type(exc).__name__}: {exc})")
    else:
        print(f"attempt {name}: SUCCEEDED")


def fill(fd):
    os.write(fd, b"x" * 8 * MB)
    kept.append(fd)


def unlink_open_file():
    fd = os.open("hidden.bin", os.O_CREAT | os.O_RDWR, 0o600)
    fill(fd)
    os.unlink("hidden.bin")


def unlink_through_libc():
    fd = os.open("hidden2.bin", os.O_CREAT | os.O_RDWR, 0o600)
    fill(fd)
    if libc.unlink(b"hidden2.bin") < 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


def unnamed_file():
    fill(os.open(".", os.O_TMPFILE | os.O_RDWR, 0o600))


def temporary_file():
    handle = tempfile.TemporaryFile(dir=".")  # noqa: SIM115 (kept open on purpose)
    handle.write(b"x" * 8 * MB)
    kept.append(handle)


def rename_away():
    with open("moved.bin", "wb") as fh:
        fh.write(b"x" * MB)
    os.rename("moved.bin", "elsewhere.bin")


def mapped_then_unlinked():
    fd = os.open("mapped.bin", os.O_CREAT | os.O_RDWR, 0o600)
    os.ftruncate(fd, 8 * MB)
    area = mmap.mmap(fd, MB, mmap.MAP_SHARED)
    kept.append(area)
    os.close(fd)
    if libc.unlink(b"mapped.bin") < 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


class DiskHide(Strategy):
    def init(self):
        attempt("unlink an open file", unlink_open_file)
        attempt("unlink through libc", unlink_through_libc)
        attempt("O_TMPFILE", unnamed_file)
        attempt("tempfile.TemporaryFile", temporary_file)
        attempt("rename", rename_away)
        attempt("unlink a mapped file", mapped_then_unlinked)

    def next(self):
        pass
