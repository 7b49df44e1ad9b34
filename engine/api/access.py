"""Who may call the API: the rules, and the ASGI middleware that applies them to ``/api/*``.

* Once ``BOTLAB_API_TOKENS`` is set, **every** request needs ``Authorization: Bearer <token>``,
  reads included, from this machine too (**401** without a valid one): behind a reverse proxy
  that adds no forwarding headers (nginx's default ``proxy_pass``) every request would look
  local, so "local" is never trusted once tokens exist.
* Without tokens, **reads** (GET, HEAD) need none only while the server listens on loopback
  (``server.address`` 127.0.0.1, the default) and the request is from this machine: the client
  address (from the ASGI scope) is loopback (127.0.0.0/8, ::1), the request names a local host
  (``Host: localhost``, ``127.0.0.1``, ``[::1]`` or ``*.localhost``: a web page that rebinds its
  own DNS name to 127.0.0.1 cannot read the API) and it did not come through a proxy (no
  ``Forwarded``, ``X-Forwarded-For`` or ``X-Real-IP`` header). Any other read is **403** with how
  to enable access. A server listening on another address (or a Unix socket) answers no
  anonymous read at all.
* **Writes** (POST: execute-script, generate, queue, cancel) always need a valid bearer token:
  the API runs code, and a web page in the user's own browser can POST to localhost. Without
  tokens configured, writes answer **403** "set BOTLAB_API_TOKENS".
* A token that is sent but not valid is **401**. Tokens are compared in constant time
  (:func:`hmac.compare_digest`) and never logged.
* Other methods are left to the router (405 with ``Allow``, or 404).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Mapping

from engine.api.errors import ApiError
from engine.exposure import is_loopback_ip

READ_METHODS = frozenset({"GET", "HEAD"})
WRITE_METHODS = frozenset({"POST"})
FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip")
ENABLE_HINT = (
    "set BOTLAB_API_TOKENS to one or more long random tokens (comma-separated) on the server, "
    "and send 'Authorization: Bearer <token>'"
)


#: Whether a client address (an IP, as in the ASGI scope's ``client``) is this machine.
is_loopback = is_loopback_ip


def is_local_host(host_header: str | None) -> bool:
    """Whether a ``Host`` header names this machine (absent counts: no browser omits it)."""
    if host_header is None:
        return True
    host = host_header.strip().lower()
    if host.startswith("["):
        host = host[1 : host.find("]")] if "]" in host else host[1:]
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    host = host.rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    return is_loopback(host)


def bearer_token(headers: Mapping[str, str]) -> str | None:
    """The token of an ``Authorization: Bearer`` header; ``""`` for another scheme; ``None``
    without the header."""
    value = headers.get("authorization")
    if value is None:
        return None
    scheme, _, token = value.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def token_valid(token: str | None, tokens: tuple[str, ...]) -> bool:
    """Constant-time comparison with every configured token."""
    if not token or not tokens:
        return False
    given = token.encode("utf-8", "surrogateescape")
    matches = [hmac.compare_digest(given, t.encode("utf-8")) for t in tokens]
    return any(matches)


def check_access(
    method: str,
    client_host: str | None,
    headers: Mapping[str, str],
    tokens: tuple[str, ...],
    *,
    is_local: Callable[[str | None], bool] = is_loopback,
    server_loopback: bool = True,
) -> ApiError | None:
    """``None`` when the request may go on, else the error to answer (see the module doc).

    ``server_loopback``: the server listens on a loopback address only."""
    if method not in READ_METHODS and method not in WRITE_METHODS:
        return None
    token = bearer_token(headers)
    if tokens:
        if token_valid(token, tokens):
            return None
        if token:
            return _unauthorized("the bearer token is not valid", invalid=True)
        return _unauthorized("every request needs 'Authorization: Bearer <token>'")
    if method in WRITE_METHODS:
        refusal = "writes are switched off until API tokens are set:"
    elif not server_loopback:
        refusal = (
            "this server listens on a non-loopback address, so the API answers no request "
            "without a token;"
        )
    elif (
        is_local(client_host)
        and is_local_host(headers.get("host"))
        and not any(name in headers for name in FORWARDING_HEADERS)
    ):
        return None
    else:
        refusal = "the API answers only this machine (localhost); to allow remote access,"
    return ApiError(403, "forbidden", f"{refusal} {ENABLE_HINT}")


def _unauthorized(message: str, *, invalid: bool = False) -> ApiError:
    challenge = 'Bearer realm="botlab"' + (', error="invalid_token"' if invalid else "")
    return ApiError(401, "unauthorized", message, headers={"WWW-Authenticate": challenge})


class AccessMiddleware:
    """Applies :func:`check_access` (given ``rules``: its keyword arguments) to every HTTP
    request of the app it wraps; ``respond(error, path)`` is the refusal's response."""

    def __init__(self, app, *, respond: Callable, **rules) -> None:
        self.app, self.respond, self.rules = app, respond, rules

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            raw = scope.get("headers") or ()
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in raw}
            client = scope.get("client")
            host = client[0] if client else None
            error = check_access(scope["method"], host, headers, **self.rules)
            if error is not None:
                await self.respond(error, scope["path"])(scope, receive, send)
                return
        await self.app(scope, receive, send)
