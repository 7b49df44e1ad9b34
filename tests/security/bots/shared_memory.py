"""Attack: every other way to hold memory that RLIMIT_AS does not count, or that outlives the run.

Each attempt is caught, so the run goes on to the next one; the test checks they were all refused.
"""

import ctypes
import mmap
import os

from backtesting import Strategy

libc = ctypes.CDLL(None, use_errno=True)
IPC_CREAT = 0o1000
IPC_PRIVATE = 0
MB = 1024 * 1024


def attempt(name, action):
    try:
        action()
    except BaseException as exc:
        print(f"attempt {name}: blocked ({type(exc).__name__}: {exc})")
    else:
        print(f"attempt {name}: SUCCEEDED")


def checked(result):
    if result is None or result < 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))
    return result


def posix_shared_memory():
    from multiprocessing import shared_memory

    block = shared_memory.SharedMemory(create=True, size=64 * MB)
    block.buf[:] = b"x" * (64 * MB)


def raw_shm_open():
    fd = checked(libc.shm_open(b"/botlab-attack", os.O_CREAT | os.O_RDWR, 0o600))
    os.ftruncate(fd, 64 * MB)


def dev_shm_file():
    with open("/dev/shm/botlab-attack", "wb") as fh:
        fh.write(b"x" * MB)


def dev_shm_mapping():
    fd = os.open("/dev/shm/botlab-attack-map", os.O_CREAT | os.O_RDWR, 0o600)
    os.ftruncate(fd, 64 * MB)
    mmap.mmap(fd, 64 * MB, mmap.MAP_SHARED)[:MB] = b"x" * MB


def sysv_segment():
    shmid = checked(libc.shmget(IPC_PRIVATE, 64 * MB, IPC_CREAT | 0o600))
    address = ctypes.c_void_p(libc.shmat(shmid, None, 0))
    ctypes.memset(address, 1, 64 * MB)


def sysv_message_queue():
    checked(libc.msgget(IPC_PRIVATE, IPC_CREAT | 0o600))


def sysv_semaphores():
    checked(libc.semget(IPC_PRIVATE, 16, IPC_CREAT | 0o600))


def posix_message_queue():
    librt = ctypes.CDLL("librt.so.1", use_errno=True)
    checked(librt.mq_open(b"/botlab-attack", os.O_CREAT | os.O_RDWR, 0o600, None))


def big_pipe():
    read_end, _ = os.pipe()
    checked(libc.fcntl(read_end, 1031, 1024 * MB))  # F_SETPIPE_SZ


class SharedMemoryAttack(Strategy):
    def init(self):
        attempt("memfd_create", lambda: os.memfd_create("attack"))
        attempt("multiprocessing shared_memory", posix_shared_memory)
        attempt("shm_open via libc", raw_shm_open)
        attempt("file in /dev/shm", dev_shm_file)
        attempt("MAP_SHARED mapping of /dev/shm", dev_shm_mapping)
        attempt("SysV shmget", sysv_segment)
        attempt("SysV msgget", sysv_message_queue)
        attempt("SysV semget", sysv_semaphores)
        attempt("POSIX mq_open", posix_message_queue)
        attempt("pipe buffer growth", big_pipe)

    def next(self):
        pass
