"""Attack: leave the process group and outlive the run (fork, setsid, drop the death signal)."""

import ctypes
import os
import time

from backtesting import Strategy

libc = ctypes.CDLL(None, use_errno=True)
SIGCHLD = 17


def attempt(name, action):
    try:
        action()
    except BaseException as exc:
        print(f"attempt {name}: blocked ({type(exc).__name__}: {exc})")
    else:
        print(f"attempt {name}: SUCCEEDED")


def linger():
    """What a grandchild would do: a new session, then outlive the run (for 30 s at most, so a
    broken sandbox cannot leave it behind for good)."""
    libc.setsid()
    time.sleep(30)
    os._exit(0)


def raw_fork(make_child, child=linger):
    pid = make_child()
    if pid == 0:
        child()
    if pid < 0:
        raise OSError(ctypes.get_errno(), "fork failed")


class EscapeAttack(Strategy):
    def init(self):
        attempt("os.fork", lambda: raw_fork(os.fork))
        attempt("libc fork", lambda: raw_fork(libc.fork))
        attempt("raw clone", lambda: raw_fork(lambda: libc.syscall(56, SIGCHLD, 0, 0, 0, 0)))
        # a vfork child shares our memory: it must only _exit
        attempt("vfork", lambda: raw_fork(lambda: libc.syscall(58), child=lambda: os._exit(0)))
        attempt("setsid", os.setsid)
        attempt("setpgid", lambda: os.setpgid(0, 0))
        attempt("drop parent-death signal", lambda: _prctl(1, 0))
        attempt("unshare user namespace", lambda: _checked(libc.unshare(0x10000000)))
        attempt("ptrace attach zygote", lambda: _checked(libc.ptrace(16, os.getppid(), 0, 0)))

    def next(self):
        pass


def _prctl(option, value):
    _checked(libc.prctl(option, value, 0, 0, 0))


def _checked(result):
    if result < 0:
        raise OSError(ctypes.get_errno(), "refused")
