"""Idempotency keys for the requests that create work (HTTP ``Idempotency-Key``, MCP
``idempotency_key``), as Stripe does them.

* The same key with the same request within 24 hours answers the first answer again (same
  status, same job and run ids) and creates nothing; the HTTP answer carries
  ``Idempotent-Replayed: true``.
* The same key with a different request is refused: **422** ``idempotency_key_reused``.
* The same key while its first request is still running (execute-script) is **409**
  ``idempotency_key_in_use``, with ``Retry-After``.
* A request refused for bad input records nothing: the key can be used again.

Keys are 1 to 255 printable ASCII characters (a UUID is the usual choice), scoped to the client
that sent them (its token) and the operation. The records live in the database
(:mod:`engine.store.idempotency`), committed with the work itself, so a crash of the server
between the two cannot happen and a client retrying after a crash makes no duplicate.
"""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from engine.api.errors import ApiError, bad_request
from engine.store.idempotency import StoredKey, key_hash, request_hash

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
IN_PROGRESS_RETRY_AFTER_S = 5


@dataclass
class Idempotency:
    """One request's key, who sent it, and (after the call) whether its answer was replayed."""

    key: str
    scope: str
    #: How the client named it, for messages: the HTTP header, or the MCP argument.
    name: str = HEADER
    replayed: bool = False
    operation: str = field(default="", init=False)
    key_hash: str = field(default="", init=False)
    request_hash: str = field(default="", init=False)

    def bind(self, operation: str, request: Any) -> None:
        """Tie the key to the operation and the request's content."""
        self.operation = operation
        self.key_hash = key_hash(self.scope, operation, self.key)
        self.request_hash = request_hash(request)


def parse_key(raw: str | None, *, name: str = HEADER) -> str | None:
    """The key as sent, checked; ``None`` when none was sent. 400 names ``name`` otherwise."""
    if raw is None:
        return None
    if not raw or len(raw) > MAX_KEY_LENGTH or not all(" " < c <= "~" for c in raw):
        raise bad_request(
            f"{name} must be 1 to {MAX_KEY_LENGTH} printable ASCII characters without spaces "
            "(a UUID, for example)",
            name,
        )
    return raw


def token_scope(token: str | None) -> str:
    """The scope of an HTTP client's keys: its token (hashed), else the anonymous one."""
    if not token:
        return "anonymous"
    return "token:" + hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def this_process() -> str:
    """The owner written on a key held while its request runs: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def owner_alive(owner: str) -> bool:
    """Whether the process named by :func:`this_process` still runs."""
    from engine.execution.supervisor import runner_alive

    host, _, pid = owner.rpartition(":")
    return runner_alive(host, int(pid)) if pid.isdigit() else False


def stored_answer(stored: StoredKey, idempotency: Idempotency) -> tuple[int, dict]:
    """The recorded answer to a key seen again, or the refusal (422, 409)."""
    if stored.request_hash != idempotency.request_hash:
        raise ApiError(
            422,
            "idempotency_key_reused",
            f"the {idempotency.name} {idempotency.key!r} was already used with a different "
            "request in the last 24 hours; send a new key for a new request",
            field=idempotency.name,
        )
    if not stored.answered:
        raise ApiError(
            409,
            "idempotency_key_in_use",
            f"a request with the {idempotency.name} {idempotency.key!r} is still in progress; "
            "retry when it has finished",
            field=idempotency.name,
            headers={"Retry-After": str(IN_PROGRESS_RETRY_AFTER_S)},
        )
    idempotency.replayed = True
    return int(stored.response_status), dict(stored.response or {})


def replay(store, idempotency: Idempotency | None, operation: str, request: Any):
    """The first answer when the key was seen before (``(status, body)``), else ``None``."""
    if idempotency is None:
        return None
    idempotency.bind(operation, request)
    stored = store.find_idempotency_key(idempotency.key_hash)
    return None if stored is None else stored_answer(stored, idempotency)


def create_once(
    store, idempotency: Idempotency | None, status: int, create: Callable[[], dict]
) -> tuple[int, dict]:
    """``create()`` the work and record its answer under the key, in one transaction.

    Call :func:`replay` first. If another request recorded the same key meanwhile, this
    transaction (the work included) rolls back and that request's answer is returned.
    """
    if idempotency is None:
        return status, create()
    try:
        with store.transaction():
            answer = create()
            store.record_idempotency_key(
                idempotency.key_hash,
                operation=idempotency.operation,
                request_hash_=idempotency.request_hash,
                response_status=status,
                response=answer,
                job_id=answer.get("job_id") or (answer.get("run") or {}).get("job_id"),
            )
    except sa.exc.IntegrityError:
        stored = store.find_idempotency_key(idempotency.key_hash)
        if stored is None:
            raise
        return stored_answer(stored, idempotency)
    return status, answer


def hold(store, idempotency: Idempotency) -> tuple[int, dict] | None:
    """Hold the key while a synchronous request runs; ``None`` when held, else the answer a
    concurrent request with the key gave meanwhile (or its refusal, 422/409).

    A key held by a process that is gone (the server crashed mid-run, so no answer was ever
    given) is taken over.
    """
    try:
        store.record_idempotency_key(
            idempotency.key_hash,
            operation=idempotency.operation,
            request_hash_=idempotency.request_hash,
            owner=this_process(),
        )
        return None
    except sa.exc.IntegrityError:
        pass
    if store.take_over_idempotency_key(
        idempotency.key_hash, owner=this_process(), is_alive=owner_alive
    ):
        return None
    stored = store.find_idempotency_key(idempotency.key_hash)
    if stored is None:  # released meanwhile: its request was refused; try again
        return hold(store, idempotency)
    return stored_answer(stored, idempotency)


def run_held(
    store, idempotency: Idempotency | None, run: Callable[[], tuple[int, dict]]
) -> tuple[int, dict]:
    """Run a synchronous request under its held key and record the answer. A request refused
    as bad input (400), or that failed unexpectedly, releases the key instead."""
    if idempotency is None:
        return run()
    answered = hold(store, idempotency)
    if answered is not None:
        return answered
    try:
        status, answer = run()
    except BaseException:
        store.release_idempotency_key(idempotency.key_hash)
        raise
    if status == 400:
        store.release_idempotency_key(idempotency.key_hash)
    else:
        store.answer_idempotency_key(idempotency.key_hash, status, answer)
    return status, answer
