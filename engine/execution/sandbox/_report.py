"""What isolation this machine offers, in one line, and what to do when a layer is missing.

:func:`probe` is cheap (no fork, no subprocess): it asks the kernel for the Landlock ABI, checks
that seccomp filters are supported and libseccomp loads, and guesses whether a network namespace
will be allowed. What a run actually got is reported by the sandboxed child itself (see
``_child``) and stored on the run as its ``sandbox_report``.
"""

from __future__ import annotations

import os
import sys
from dataclasses import asdict, dataclass

from engine.execution.sandbox import _landlock, _linux

# Layers strict mode refuses to run without. netns and the capability drop are defence in depth:
# seccomp already denies every socket, and Landlock confines files whatever the capabilities.
REQUIRED = ("landlock", "seccomp", "rlimits", "pdeathsig", "nnp", "memory", "threads", "disk")

# What holds each of a run's totals (see README.md here for what each layer guarantees):
#   memory:  "cgroup" (memory.max counts every page the run touches, shared memory included)
#            or "rlimit" (RLIMIT_AS, with seccomp refusing every shared-memory route)
#   threads: "cgroup" (pids.max), "nproc" (RLIMIT_NPROC counted in the run's own user
#            namespace) or "seccomp" (no threads at all: nothing could count them)
#   disk:    "watch" (the supervisor watches the scratch directory and kills at the total,
#            with RLIMIT_FSIZE capping any one file at the total)
# "off" means nothing holds it.
LIMIT_LAYERS = ("memory", "threads", "disk")
LIMIT_MEANINGS = {
    ("memory", "cgroup"): (
        "a cgroup per run counts every page it touches, shared memory and files in memory "
        "included (memory.max), besides RLIMIT_AS; seccomp refuses memfd and SysV/POSIX shared "
        "memory"
    ),
    ("memory", "rlimit"): (
        "RLIMIT_AS caps the address space and seccomp refuses memfd and SysV/POSIX shared "
        "memory; no cgroup, so page cache and kernel memory go uncounted"
    ),
    ("threads", "cgroup"): "a cgroup per run refuses tasks past pids.max",
    ("threads", "nproc"): "RLIMIT_NPROC, counted in a user namespace of the run's own",
    ("threads", "seccomp"): (
        "no threads at all: nothing here can count them (no writable pids cgroup; root "
        "ignores RLIMIT_NPROC)"
    ),
    ("disk", "watch"): (
        "the supervisor watches the scratch directory and kills the run at its total; no "
        "file may be larger than the total (RLIMIT_FSIZE)"
    ),
}

HINTS = {
    "platform": (
        "Landlock and seccomp are Linux-only, so on {platform} a bot would run with your user's "
        "full privileges (files, network, programs). Run Botlab on Linux (or in a Linux "
        "container) for untrusted bots."
    ),
    "landlock": (
        "Landlock is unavailable (needs Linux >= 5.13 with 'landlock' in the kernel's lsm= list; "
        "check /sys/kernel/security/lsm). Without it a bot could read your "
        ".env, API keys and database."
    ),
    "seccomp": (
        "seccomp is unavailable ({why}). Install the library and its binding: "
        "`apt-get install libseccomp2` (Debian/Ubuntu; `dnf install libseccomp` on Fedora) and "
        "`pip install pyseccomp`; the kernel needs CONFIG_SECCOMP_FILTER. Without it a bot "
        "could use the network, run programs and fork."
    ),
    "rlimits": "resource limits are unavailable on this platform.",
    "pdeathsig": "the parent-death signal is Linux-only: a bot could outlive Botlab.",
    "nnp": "no-new-privileges is Linux-only.",
    "memory": (
        "nothing counts a run's shared memory (no writable memory cgroup, and no seccomp to "
        "refuse memfd and shared-memory segments): a bot could hold memory beyond its limit."
    ),
    "threads": (
        "nothing caps a run's threads (no writable pids cgroup, no user namespace for "
        "RLIMIT_NPROC, no seccomp): a bot could exhaust the machine's process IDs."
    ),
    "disk": "nothing caps a run's total disk use (the scratch directory cannot be watched).",
}
PERMISSIVE_HINT = (
    "To run anyway with the layers that are available, set BOTLAB_SANDBOX=permissive "
    "(only for bots you trust, on a machine you own)."
)


@dataclass(frozen=True)
class LayerReport:
    """Which isolation layers are available (from :func:`probe`) or were in force (for a run)."""

    platform: str = sys.platform
    landlock_abi: int = 0
    seccomp: bool = False
    netns: bool = False
    rlimits: bool = False
    pdeathsig: bool = False
    nnp: bool = False
    caps: str = "n/a"  # "dropped", "none" (nothing to drop) or "kept"
    notes: tuple[str, ...] = ()  # why a layer is off, one short line each
    seccomp_error: str = ""
    memory: str = "off"
    threads: str = "off"
    disk: str = "off"

    def missing(self) -> tuple[str, ...]:
        """The required layers that are not available / were not in force."""
        state = {
            "landlock": self.landlock_abi > 0,
            "seccomp": self.seccomp,
            "rlimits": self.rlimits,
            "pdeathsig": self.pdeathsig,
            "nnp": self.nnp,
            "memory": self.memory != "off",
            "threads": self.threads != "off",
            "disk": self.disk != "off",
        }
        return tuple(name for name in REQUIRED if not state[name])

    @property
    def strict(self) -> bool:
        """True when every required layer is there: what ``BOTLAB_SANDBOX=strict`` needs."""
        return not self.missing()

    def one_line(self) -> str:
        """E.g. ``landlock=abi7 seccomp=on netns=on ... caps=dropped -> strict``."""

        def flag(value: bool) -> str:
            return "on" if value else "off"

        landlock = f"abi{self.landlock_abi}" if self.landlock_abi else "off"
        line = (
            f"landlock={landlock} seccomp={flag(self.seccomp)} netns={flag(self.netns)} "
            f"rlimits={flag(self.rlimits)} pdeathsig={flag(self.pdeathsig)} "
            f"nnp={flag(self.nnp)} caps={self.caps} memory={self.memory} "
            f"threads={self.threads} disk={self.disk}"
        )
        missing = self.missing()
        return line + (" -> strict" if not missing else f" -> degraded (no {', '.join(missing)})")

    def describe_limits(self) -> list[str]:
        """One line per run total: the layer holding it and what that layer counts."""
        lines = []
        for name in LIMIT_LAYERS:
            layer = getattr(self, name)
            meaning = LIMIT_MEANINGS.get((name, layer), "NOT ENFORCED")
            lines.append(f"{name}: {layer} ({meaning})")
        return lines

    def explain(self) -> list[str]:
        """One sentence per missing required layer: what it means and how to get it."""
        if not _linux.IS_LINUX:
            return [HINTS["platform"].format(platform=self.platform)]
        out = []
        for name in self.missing():
            why = self.seccomp_error or "libseccomp or kernel support missing"
            out.append(HINTS[name].format(why=why, platform=self.platform))
        return out

    def to_dict(self) -> dict:
        data = asdict(self)
        data["one_line"] = self.one_line()
        data["strict"] = self.strict
        return data

    @classmethod
    def from_dict(cls, data: dict) -> LayerReport:
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        fields["notes"] = tuple(fields.get("notes", ()))
        return cls(**fields)


class SandboxUnavailable(RuntimeError):
    """Strict mode and a required isolation layer is missing; the bot was not run.

    The message names each missing layer, how to get it, and the ``BOTLAB_SANDBOX=permissive``
    escape hatch.
    """

    def __init__(self, report: LayerReport, context: str = "") -> None:
        self.report = report
        lines = [f"Botlab's sandbox cannot run bots safely here ({report.one_line()})."]
        if context:
            lines.append(context)
        lines += report.explain()
        lines.append(PERMISSIVE_HINT)
        super().__init__("\n".join(lines))


class SandboxWarning(UserWarning):
    """Permissive mode is running bots with fewer isolation layers than strict mode needs."""


def probe() -> LayerReport:
    """What this machine supports, without forking: for ``botlab doctor`` and Settings."""
    if not _linux.IS_LINUX:
        return LayerReport(rlimits=_has_rlimits(), notes=(f"{sys.platform}: not Linux",))
    from engine.execution.sandbox import _seccomp

    notes = []
    seccomp_ok = _seccomp.available() and _kernel_has_seccomp_filter()
    seccomp_error = ""
    if not _seccomp.available():
        seccomp_error = _seccomp.IMPORT_ERROR or "pyseccomp missing"
    elif not seccomp_ok:
        seccomp_error = "kernel without CONFIG_SECCOMP_FILTER"
    if seccomp_error:
        notes.append(f"seccomp: {seccomp_error}")
    abi = _landlock.abi_version()
    if not abi:
        notes.append("landlock: not enabled in this kernel")
    netns, why = netns_possible()
    if not netns:
        notes.append(f"netns: {why}")
    from engine.execution.sandbox import _cgroup

    hierarchy, cgroup_note = _cgroup.detect()
    if hierarchy is None:
        notes.append(f"cgroup: {cgroup_note}")
    nproc = netns and not privileged()
    memory, threads = limit_layers(cgroup=hierarchy is not None, nproc=nproc, seccomp=seccomp_ok)
    return LayerReport(
        landlock_abi=abi,
        seccomp=seccomp_ok,
        netns=netns,
        rlimits=True,
        pdeathsig=True,
        nnp=True,
        caps=caps_state(),
        notes=tuple(notes),
        seccomp_error=seccomp_error,
        memory=memory,
        threads=threads,
        disk="watch",
    )


def limit_layers(*, cgroup: bool, nproc: bool, seccomp: bool) -> tuple[str, str]:
    """Which layer holds a run's memory and its threads, given what the run can have.

    ``nproc``: the run gets its own user namespace and is not privileged, so RLIMIT_NPROC counts
    its tasks alone (root ignores RLIMIT_NPROC, even inside a user namespace).
    """
    memory = "cgroup" if cgroup else "rlimit" if seccomp else "off"
    threads = "cgroup" if cgroup else "nproc" if nproc else "seccomp" if seccomp else "off"
    return memory, threads


def privileged() -> bool:
    """Root or capable: RLIMIT_NPROC does not apply."""
    if os.geteuid() == 0:
        return True
    try:
        return bool(_linux.effective_capabilities() & ((1 << 21) | (1 << 24)))
    except OSError:
        return False


def netns_possible() -> tuple[bool, str]:
    """Whether the child can get its own network namespace: as root, or via a user namespace."""
    try:
        if _linux.effective_capabilities() & (1 << 21):  # CAP_SYS_ADMIN
            return True, ""
    except OSError:
        pass
    if _read_int("/proc/sys/user/max_user_namespaces", 1) == 0:
        return False, "user namespaces are disabled (user.max_user_namespaces=0)"
    if _read_int("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", 0) == 1:
        return False, "AppArmor restricts unprivileged user namespaces (Ubuntu >= 23.10)"
    if _read_int("/proc/sys/kernel/unprivileged_userns_clone", 1) == 0:
        return False, "unprivileged user namespaces are disabled"
    return True, ""


def caps_state() -> str:
    try:
        return "dropped" if _linux.effective_capabilities() else "none"
    except OSError:
        return "n/a"


def _kernel_has_seccomp_filter() -> bool:
    return os.path.exists("/proc/sys/kernel/seccomp/actions_avail")


def _has_rlimits() -> bool:
    try:
        import resource  # noqa: F401
    except ImportError:
        return False
    return True


def _read_int(path: str, default: int) -> int:
    try:
        with open(path) as fh:
            return int(fh.read().strip())
    except (OSError, ValueError):
        return default
