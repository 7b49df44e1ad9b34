"""Attack: run programs (each would create a marker file if it ran)."""

import ctypes
import json
import os
import subprocess

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


def marker(name):
    return os.path.join(P["marker_dir"], name)


def checked(status):
    if status != 0:
        raise OSError(f"exit status {status}")


def subclasses_chain():
    wrap_close = next(
        c for c in ().__class__.__base__.__subclasses__() if c.__name__ == "_wrap_close"
    )
    checked(wrap_close.__init__.__globals__["system"](f"touch {marker('subclasses')}"))


def enum_chain():
    import enum

    builtins = enum.bltns
    importer = builtins.getattr(builtins, "_" + "_import" + "_" + "_")
    system = builtins.getattr(importer("o" + "s"), "sys" + "tem")
    checked(system(f"touch {marker('enum')}"))


class ProgramsAttack(Strategy):
    def init(self):
        touch = "/usr/bin/touch"
        attempt("os.system", lambda: checked(os.system(f"touch {marker('system')}")))
        attempt("subprocess.run", lambda: subprocess.run([touch, marker("subprocess")], check=True))
        attempt("os.posix_spawn", lambda: os.posix_spawn(touch, [touch, marker("spawn")], {}))
        attempt("libc system", lambda: checked(libc.system(f"touch {marker('libc')}".encode())))
        attempt("subclasses chain", subclasses_chain)
        attempt("enum.bltns chain", enum_chain)
        attempt("os.execv", lambda: os.execv(touch, [touch, marker("execv")]))

    def next(self):
        pass
