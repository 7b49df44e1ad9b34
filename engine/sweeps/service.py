"""Sweeps for the HTTP API and the MCP server: start one in the background, read, cancel, resume.

A sweep is checked and recorded in the caller's thread (so a bad grid, an unknown parameter or
missing data is answered at once, with the reason) and then runs in a background thread of this
process; its slices run in sandboxed children, as everywhere. At most :data:`MAX_RUNNING` sweeps
run at once per process; more are refused with a retry hint. If the process stops, the sweep is
closed as interrupted and ``resume`` continues it.
"""

from __future__ import annotations

import logging
import threading

from engine.api.errors import ApiError, bad_request, not_found, too_many
from engine.results import Refused, request_subject
from engine.sweeps.report import sweep_document

log = logging.getLogger("botlab.sweeps")

MAX_RUNNING = 1
RETRY_AFTER_S = 30


class SweepService:
    """Background sweeps over one store."""

    def __init__(self, store, settings) -> None:
        self.store = store
        self.settings = settings
        self._threads: dict[int, threading.Thread] = {}
        self._lock = threading.Lock()

    def start(self, request) -> dict:
        """Check and record ``request`` (a :class:`~engine.sweeps.runner.SweepRequest`), then
        run it in the background; returns the sweep without its combinations."""
        self._check_room()
        runner = self._runner()
        try:
            sweep = runner.prepare(request)
        except Refused as exc:  # the grid's, the objective's, the sweep's checks
            raise refused(exc, "invalid_sweep") from exc
        except Exception as exc:
            raise _mapped(exc) from None
        self._launch(sweep.id, runner.run)
        return self.get(sweep.id)

    def resume(self, sweep_id: int) -> dict:
        sweep = self._sweep(sweep_id)
        if sweep.status == "succeeded":
            return self.get(sweep_id)
        self._check_room()
        runner = self._runner()
        try:
            runner.check_resumable(sweep_id)
        except Refused as exc:
            raise refused(exc, "conflict") from exc
        self._launch(sweep_id, runner.resume)
        return self.get(sweep_id)

    def get(self, sweep_id: int, *, with_combinations: bool = False) -> dict:
        document = sweep_document(self.store, sweep_id, with_combinations=with_combinations)
        if document is None:
            raise not_found(f"no sweep with id {sweep_id}")
        document["links"] = links(sweep_id)
        return document

    def cancel(self, sweep_id: int) -> dict:
        self._sweep(sweep_id)
        self.store.request_sweep_cancel(sweep_id)
        answer = self.get(sweep_id)
        answer["cancel_requested"] = True
        return answer

    def list(self, limit: int = 50) -> list[dict]:
        return [self.get(s.id) for s in self.store.list_sweeps(limit=limit)]

    # -- internals -----------------------------------------------------------------------------

    def _sweep(self, sweep_id: int):
        sweep = self.store.get_sweep(sweep_id)
        if sweep is None:
            raise not_found(f"no sweep with id {sweep_id}")
        return sweep

    def _runner(self):
        from engine.sweeps.runner import SweepRunner

        return SweepRunner(store=self.store, settings=self.settings)

    def _check_room(self) -> None:
        with self._lock:
            running = [i for i, t in self._threads.items() if t.is_alive()]
            self._threads = {i: self._threads[i] for i in running}
            if len(running) >= MAX_RUNNING:
                raise too_many(
                    "busy",
                    f"sweep {running[0]} is running (at most {MAX_RUNNING} at once here); "
                    "retry when it ends, or cancel it",
                    RETRY_AFTER_S,
                )

    def _launch(self, sweep_id: int, run) -> None:
        def target() -> None:
            try:
                run(sweep_id)
            except Exception:  # recorded on the sweep by the runner; keep the server going
                log.exception("sweep %s failed", sweep_id)

        thread = threading.Thread(target=target, name=f"botlab-sweep-{sweep_id}", daemon=True)
        with self._lock:
            self._threads[sweep_id] = thread
        thread.start()

    def wait(self, sweep_id: int, timeout: float | None = None) -> None:
        """Block until the background sweep ``sweep_id`` ends (tests, the MCP tool)."""
        thread = self._threads.get(sweep_id)
        if thread is not None:
            thread.join(timeout)


def links(sweep_id: int) -> dict:
    base = f"/api/sweeps/{sweep_id}"
    return {
        "self": base,
        "results": f"{base}/results",
        "cancel": f"{base}/cancel",
        "resume": f"{base}/resume",
    }


def params_texts(params: dict) -> list[str]:
    """``{"fast": "5:20:5", "slow": [20, 30]}`` as ``["fast=5:20:5", "slow=20,30"]``."""
    texts = []
    for name, spec in params.items():
        if isinstance(spec, list):
            if not spec:
                raise bad_request(f"params.{name}: an empty list of values", f"params.{name}")
            spec = ",".join(_text(value) for value in spec)
        texts.append(f"{name}={spec}")
    return texts


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _mapped(exc: Exception) -> ApiError:
    """The errors a sweep's checks raise, as API errors (data: 422, sandbox: 503)."""
    from engine.data import DataError
    from engine.execution.sandbox import SandboxUnavailable

    if isinstance(exc, DataError):
        return ApiError(422, "data_unavailable", str(exc), hints=exc.hints)
    if isinstance(exc, SandboxUnavailable):
        return ApiError(503, "sandbox_unavailable", str(exc))
    raise exc


#: A refusal's code -> its HTTP status (anything else is a bad request).
REFUSED_STATUS = {"not_found": 404, "conflict": 409}


def refused(exc: Refused, code: str = "invalid_request") -> ApiError:
    """A :class:`~engine.results.Refused` as an API error: its input by its request field, its
    hints in request words; ``code`` unless the refusal has its own (``not_found``...)."""
    own = exc.code if exc.code in REFUSED_STATUS else code
    return ApiError(
        REFUSED_STATUS.get(own, 400),
        own,
        exc.said(request_subject),
        field=exc.field,
        hints=exc.hints,
    )
