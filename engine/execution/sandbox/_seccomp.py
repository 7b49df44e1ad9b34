"""The seccomp filter: which system calls a bot may not make.

Default ALLOW with a denylist, because numpy, pandas and CPython make hundreds of different calls
and an allowlist would break on the next library upgrade. The denylist covers what lets code
leave its box: sockets of every family, running programs, creating processes (threads stay
allowed: OpenBLAS and Python's ``threading`` need them), new sessions/process groups, signals to
anyone but itself, debugging other processes, namespaces and mounts, kernel-facing interfaces
(bpf, io_uring, keyrings, modules...), device nodes, and the knobs that would undo other layers
(rlimits, parent-death signal, dumpability, scheduling priority).

Denied calls return EPERM, so Python code gets an ``OSError`` it can report, rather than dying
of SIGSYS. ``clone3`` returns ENOSYS instead: its flags live in memory the filter cannot read,
and ENOSYS makes glibc fall back to ``clone`` (which the filter *can* check) for threads.
Non-native system calls (x32, i386 ``int 0x80``) kill the process.

``pyseccomp`` finds libseccomp with ``ctypes.util.find_library``, which runs ``ldconfig``: import
this module *before* Landlock is applied (the zygote preloads it).
"""

from __future__ import annotations

import ctypes
import errno
import os

from engine.execution.sandbox import _linux

try:  # libseccomp2 (Debian package) + pyseccomp (PyPI)
    import pyseccomp as _sc

    IMPORT_ERROR: str | None = None
except Exception as exc:  # RuntimeError "Unable to find libseccomp", OSError, ImportError
    _sc = None
    IMPORT_ERROR = f"{type(exc).__name__}: {exc}"

# Denied outright (EPERM). Names this libseccomp does not know are skipped.
DENIED = (
    # network of every family (Landlock does not cover UDP or pathname UNIX sockets)
    "socket", "socketpair",
    # running programs and creating processes
    "execve", "execveat", "fork", "vfork",
    # leaving the process group the supervisor kills
    "setsid", "setpgid",
    # other processes
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "tkill",
    "pidfd_open", "pidfd_getfd", "pidfd_send_signal", "process_madvise", "process_mrelease",
    "migrate_pages", "move_pages",
    # namespaces, mounts, roots
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree",
    "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr",
    # kernel-facing interfaces
    "bpf", "perf_event_open", "userfaultfd", "fanotify_init",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    "keyctl", "add_key", "request_key",
    "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load", "reboot",
    "swapon", "swapoff", "acct", "quotactl", "quotactl_fd", "syslog", "vhangup",
    "settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "sethostname", "setdomainname",
    "iopl", "ioperm", "name_to_handle_at", "open_by_handle_at", "lookup_dcookie", "uselib",
    "nfsservctl", "mknod", "mknodat",
    # undoing other layers, or starving the machine
    "setrlimit", "sched_setscheduler", "sched_setattr", "sched_setparam", "setpriority",
    "ioprio_set", "mlock", "mlock2", "mlockall",
    # using shared memory someone else created (creating it is refused below, with ENOMEM)
    "shmat", "shmctl", "shmdt", "msgsnd", "msgrcv", "msgctl", "semop", "semtimedop", "semctl",
    "mq_unlink", "mq_timedsend", "mq_timedreceive", "mq_notify", "mq_getsetattr",
)  # fmt: skip

# Memory a run could hold outside its address space, so that RLIMIT_AS never sees it, and some
# of which outlives the process (SysV segments and POSIX queues stay until removed): refused
# with ENOMEM, the answer a full memory limit gives. Files in /dev/shm are out of reach anyway
# (Landlock), and a MAP_SHARED|MAP_ANONYMOUS mapping is inside the address space.
SHARED_MEMORY = ("memfd_create", "memfd_secret", "shmget", "msgget", "semget", "mq_open")
F_SETPIPE_SZ = 1031  # pipe buffers of up to 1 MiB each are kernel memory, too
# An O_TMPFILE file has blocks but no name, so the disk total could not see it (Landlock does
# not treat its creation as making a file). openat2 carries its flags in memory the filter
# cannot read: ENOSYS, and callers fall back to openat.
O_TMPFILE_BIT = 0o20000000

PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
PR_SET_PDEATHSIG = _linux.PR_SET_PDEATHSIG
PR_SET_DUMPABLE = _linux.PR_SET_DUMPABLE
TIOCSTI = 0x5412
TIOCLINUX = 0x541C


def available() -> bool:
    return _sc is not None


def build_base_filter(*, threads: bool = True):
    """The part of the filter that is the same for every run (built once, in the zygote).

    ``threads=False`` refuses threads too (EAGAIN, as a full thread limit would): the fallback
    when neither a pids cgroup nor RLIMIT_NPROC in a user namespace can count them.
    """
    if _sc is None:
        raise RuntimeError(f"pyseccomp unavailable: {IMPORT_ERROR}")
    eperm = _sc.ERRNO(errno.EPERM)
    flt = _sc.SyscallFilter(_sc.ALLOW)
    flt.set_attr(_sc.Attr.ACT_BADARCH, _sc.KILL_PROCESS)
    for name in DENIED:
        _add(flt, eperm, name)
    for name in SHARED_MEMORY:
        _add(flt, _sc.ERRNO(errno.ENOMEM), name)
    _add(flt, eperm, "fcntl", _sc.Arg(1, _sc.EQ, F_SETPIPE_SZ))
    _add(flt, eperm, "open", _sc.Arg(1, _sc.MASKED_EQ, O_TMPFILE_BIT, O_TMPFILE_BIT))
    _add(flt, eperm, "openat", _sc.Arg(2, _sc.MASKED_EQ, O_TMPFILE_BIT, O_TMPFILE_BIT))
    _add(flt, _sc.ERRNO(errno.ENOSYS), "openat2")
    if threads:
        _add(flt, eperm, "clone", _sc.Arg(0, _sc.MASKED_EQ, _linux.CLONE_THREAD, 0))
    else:
        _add(flt, _sc.ERRNO(errno.EAGAIN), "clone")
    _add(flt, _sc.ERRNO(errno.ENOSYS), "clone3")
    _add(flt, eperm, "prlimit64", _sc.Arg(2, _sc.NE, 0))  # setting limits (reading is fine)
    _add(flt, eperm, "prctl", _sc.Arg(0, _sc.EQ, PR_SET_PDEATHSIG))
    _add(flt, eperm, "prctl", _sc.Arg(0, _sc.EQ, PR_SET_DUMPABLE))
    _add(flt, eperm, "personality", _sc.Arg(0, _sc.NE, 0xFFFFFFFF))  # query only
    _add(flt, eperm, "sched_setaffinity", _sc.Arg(0, _sc.NE, 0))  # itself only
    _add(flt, eperm, "ioctl", _sc.Arg(1, _sc.EQ, TIOCSTI))  # typing into a terminal
    _add(flt, eperm, "ioctl", _sc.Arg(1, _sc.EQ, TIOCLINUX))
    return flt


def compile_base(*, threads: bool = True) -> bytes:
    """The static filter as BPF, compiled once: libseccomp takes ~3 ms to compile ~90 rules,
    which every child would otherwise pay."""
    flt = build_base_filter(threads=threads)
    _signal_syscalls()
    _sc.get_api()  # libseccomp probes the kernel once; let the zygote pay for it
    fd = os.memfd_create("botlab-seccomp", os.MFD_CLOEXEC)
    with open(fd, "w+b") as fh:
        flt.export_bpf(fh)
        fh.seek(0)
        return fh.read()


def load(program: bytes, pid: int) -> None:
    """Load the static filter, then a small one naming this process, for good.

    Signals may only go to ``pid`` itself (Python's ``signal.raise_signal``, ``abort()``).
    Filters stack and the strictest answer wins, so two filters deny what either denies.
    Needs no-new-privs first.
    """
    _load_bpf(program)
    own = _sc.SyscallFilter(_sc.ALLOW)
    own.set_attr(_sc.Attr.ACT_BADARCH, _sc.KILL_PROCESS)
    eperm = _sc.ERRNO(errno.EPERM)
    for number in _signal_syscalls():
        own.add_rule(eperm, number, _sc.Arg(0, _sc.NE, pid))
    own.load()


_SIGNAL_SYSCALLS: list[int] = []


def _signal_syscalls() -> list[int]:
    """Numbers of the calls that send signals by pid (resolved once, in the zygote)."""
    if not _SIGNAL_SYSCALLS:
        for name in ("kill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo"):
            number = _sc.resolve_syscall(_sc.Arch.NATIVE, name)
            if number >= 0:
                _SIGNAL_SYSCALLS.append(number)
    return _SIGNAL_SYSCALLS


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _load_bpf(program: bytes) -> None:
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = _SockFprog(len(program) // 8, ctypes.addressof(buffer))
    _linux.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(fprog))


def _add(flt, action: int, name: str, *args) -> None:
    number = _sc.resolve_syscall(_sc.Arch.NATIVE, name)
    if number < 0:
        return  # unknown to this libseccomp/architecture
    flt.add_rule(action, number, *args)
