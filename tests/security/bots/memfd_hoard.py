"""Attack: hold memory outside the address space: memfds written with write(), never mapped.

RLIMIT_AS never sees these pages. ``P["route"]`` picks how memfd_create is reached: the os
module, the posix module under it, or a raw system call through ctypes.
"""

import ctypes
import json
import os
import posix

from backtesting import Strategy

P = json.loads("""__PARAMS__""")
SYS_MEMFD_CREATE = 319  # x86_64
libc = ctypes.CDLL(None, use_errno=True)


def memfd(name):
    if P["route"] == "os":
        return os.memfd_create(name)
    if P["route"] == "posix":
        return posix.memfd_create(name)
    fd = libc.syscall(SYS_MEMFD_CREATE, name.encode(), 0)
    if fd < 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))
    return fd


class MemfdHoard(Strategy):
    def init(self):
        chunk = b"x" * (1024 * 1024)
        fds = []
        for n in range(P["files"]):
            fd = memfd(f"hoard{n}")
            fds.append(fd)
            for _ in range(P["mb_each"]):
                os.write(fd, chunk)
            print(f"memfd {n}: {P['mb_each']} MB written")
        print(f"holding {P['files'] * P['mb_each']} MB in memfds")

    def next(self):
        pass
