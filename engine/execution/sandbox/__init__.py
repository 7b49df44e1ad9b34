"""The sandbox hostile bot code runs in: a warm zygote forks one hardened child per run.

Bot code, whether written by an LLM, compiled from rules or uploaded, is treated as hostile. Each
run gets a child forked from a clean, preloaded zygote, which applies, in order: a cgroup of its
own (memory and tasks counted by the kernel, when the machine allows one), a new network
namespace (when permitted), rlimits with soft = hard, a parent-death signal, no-new-privs,
Landlock (read-only Python installation, read-write job directory, no TCP, scoped signals), a
capability drop, and a seccomp filter (no sockets, no exec, no fork, no setsid, no signals to
others, no shared memory...). The owner supervises: wall-clock timeout, cancel, output cap while
streaming, the scratch directory's total size, kill of everything the run started, and a precise
failure reason. See ``README.md`` here.

>>> from engine.execution.sandbox import get_sandbox, probe
>>> probe().one_line()
'landlock=abi7 ... caps=dropped memory=cgroup threads=cgroup disk=watch -> strict'
>>> outcome = get_sandbox().run(job_dir, limits)  # a ProcessOutcome, like _process.run_plain
"""

from engine.execution.sandbox._doctor import format_self_test, self_test
from engine.execution.sandbox._report import (
    LayerReport,
    SandboxUnavailable,
    SandboxWarning,
    probe,
)
from engine.execution.sandbox._sandbox import DEFAULT_ENTRY, ForkedRun, Sandbox, get_sandbox

__all__ = [
    "DEFAULT_ENTRY",
    "ForkedRun",
    "LayerReport",
    "Sandbox",
    "SandboxUnavailable",
    "SandboxWarning",
    "format_self_test",
    "get_sandbox",
    "probe",
    "self_test",
]
