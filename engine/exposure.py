"""Who can reach Botlab's server, and what must protect it: the decision, without Streamlit.

``streamlit run app.py`` listens on 127.0.0.1 (``.streamlit/config.toml``), so only this machine
reaches it. Listening anywhere else (``--server.address 0.0.0.0``, a LAN address, or a Unix
socket behind a reverse proxy) exposes it, and then:

* the dashboard needs a login: Streamlit's OIDC (``st.login``), configured in the ``[auth]``
  section of ``.streamlit/secrets.toml``, gates every page. Without one, the dashboard refuses
  to serve any page unless ``BOTLAB_ALLOW_ANONYMOUS=1`` says that this is on purpose (e.g. a
  private network or an authenticating proxy in front);
* the HTTP API answers reads without a token only to this machine and only while the server
  listens on loopback: exposed, every request needs ``BOTLAB_API_TOKENS`` (see
  :mod:`engine.api.access`).

A configured login gates the pages on loopback too: configuring one means the dashboard is
meant to be private.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from engine.config import env_flag

ALLOW_ANONYMOUS_ENV = "BOTLAB_ALLOW_ANONYMOUS"
#: What Streamlit's OIDC needs in ``[auth]`` besides one provider's client id and secret.
AUTH_KEYS = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")


def is_loopback_ip(address: str | None) -> bool:
    """Whether ``address`` is an IP of this machine's loopback (127.0.0.0/8, ::1, and IPv4
    loopback mapped into IPv6); a name or anything else is not."""
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def is_loopback_address(address: str | None) -> bool:
    """Whether a listening address (Streamlit's ``server.address``) reaches only this machine.

    Unset means every interface (Streamlit's own default), and a Unix socket is there to be
    reached through a proxy: neither is loopback.
    """
    if not address:
        return False
    host = address.strip().lower().strip("[]")
    return host == "localhost" or host.endswith(".localhost") or is_loopback_ip(host)


def login_configured(auth: Mapping[str, Any] | None) -> bool:
    """Whether an ``[auth]`` section has what ``st.login`` needs: ``redirect_uri``,
    ``cookie_secret`` and one provider (at top level, or as a ``[auth.NAME]`` table)."""
    if not auth or not all(auth.get(key) for key in AUTH_KEYS):
        return False
    return any(True for _ in _complete_providers(auth))


def login_provider(auth: Mapping[str, Any] | None) -> str | None:
    """The provider ``st.login`` is called with: ``None`` for the top-level one, else the first
    ``[auth.NAME]`` table that is complete."""
    return next(_complete_providers(auth)) if login_configured(auth) else None


def _complete_providers(auth: Mapping[str, Any]) -> Iterator[str | None]:
    """The providers of ``auth`` that have all of :data:`PROVIDER_KEYS`, first to last: ``None``
    for the top-level one, then the name of each complete ``[auth.NAME]`` table."""
    for name, section in [(None, auth), *auth.items()]:
        if isinstance(section, Mapping) and all(section.get(key) for key in PROVIDER_KEYS):
            yield name


def anonymous_allowed(env: Mapping[str, str] | None = None) -> bool:
    """``BOTLAB_ALLOW_ANONYMOUS=1``: the operator accepts an exposed dashboard without login.
    A value that is not a yes or a no is a :class:`~engine.config.ConfigError` naming it."""
    return env_flag(os.environ if env is None else env, ALLOW_ANONYMOUS_ENV, False)


@dataclass(frozen=True)
class Exposure:
    """The decision for one server: who reaches it, and whether pages need a login."""

    address: str | None
    loopback: bool
    login: bool
    allow_anonymous: bool

    @property
    def login_required(self) -> bool:
        """Every page asks for a login first."""
        return self.login

    @property
    def refused(self) -> bool:
        """Exposed with neither a login nor ``BOTLAB_ALLOW_ANONYMOUS=1``: serve no page."""
        return not self.loopback and not self.login and not self.allow_anonymous

    def refusal(self) -> str:
        """What the refused dashboard says instead of any page."""
        where = f"on {self.address!r}" if self.address else "on every network interface"
        return (
            f"Botlab is listening {where}, where other machines can reach it, and no login is "
            "configured: it serves no page. Either listen on this machine only "
            '(server.address = "127.0.0.1" in .streamlit/config.toml, the default), add a '
            "login (an [auth] section in .streamlit/secrets.toml for Streamlit's OIDC "
            f"st.login), or set {ALLOW_ANONYMOUS_ENV}=1 to serve it without one on purpose."
        )


def decide(
    address: str | None,
    *,
    auth: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
) -> Exposure:
    """The exposure of a server listening on ``address`` with the ``[auth]`` secrets given."""
    return Exposure(
        address=address or None,
        loopback=is_loopback_address(address),
        login=login_configured(auth),
        allow_anonymous=anonymous_allowed(env),
    )
