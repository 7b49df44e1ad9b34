"""Attack: signal or kill other processes (the zygote, the owner, a bystander)."""

import ctypes
import json
import os
import signal

from backtesting import Strategy

P = json.loads("""__PARAMS__""")
libc = ctypes.CDLL(None, use_errno=True)


def attempt(name, action):
    try:
        action()
    except BaseException as exc:
        print(f"attempt {name}: blocked ({type(exc).__name__}: {exc})")
    else:
        print(f"attempt {name}: SUCCEEDED")


def raw(result):
    if result < 0:
        raise OSError(ctypes.get_errno(), "libc call failed")
    return result


def pidfd_kill():
    fd = raw(libc.syscall(434, P["victim_pid"], 0))  # pidfd_open
    raw(libc.syscall(424, fd, signal.SIGKILL, None, 0))  # pidfd_send_signal


class SignalsAttack(Strategy):
    def init(self):
        zygote = os.getppid()
        attempt("kill zygote", lambda: os.kill(zygote, signal.SIGKILL))
        attempt("libc kill zygote", lambda: raw(libc.kill(zygote, signal.SIGKILL)))
        attempt("signal owner", lambda: raw(libc.kill(P["owner_pid"], signal.SIGUSR1)))
        attempt("kill bystander", lambda: raw(libc.kill(P["victim_pid"], signal.SIGKILL)))
        attempt("pidfd kill bystander", pidfd_kill)
        attempt("probe kill everything", lambda: raw(libc.kill(-1, 0)))
        attempt("probe kill init", lambda: raw(libc.kill(1, 0)))
        attempt("probe owner group", lambda: os.killpg(os.getpgid(P["owner_pid"]), 0))

    def next(self):
        pass
