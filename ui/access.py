"""The dashboard's door: refuse an exposed dashboard nobody protects, and ask for the login.

Called by ``app.py`` before any page. The decision (which address is exposed, whether a login is
configured, whether ``BOTLAB_ALLOW_ANONYMOUS`` is set) is :mod:`engine.exposure`'s; this module
only shows it: the refusal and nothing else, or Streamlit's OIDC login (``st.login``) and
nothing else until the user is signed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from engine import exposure
from engine.config import ConfigError


def gate() -> None:
    """Stop the script here unless this visitor may see the pages (see the module doc).

    When it stops, the one page served is the refusal or the login, declared with
    ``st.navigation``: a session that never declared its pages would fall back to serving the
    files in ``pages/`` by their own URLs, past this door.
    """
    auth = _auth_secrets()
    try:
        decision = exposure.decide(st.get_option("server.address"), auth=auth)
    except ConfigError as exc:  # BOTLAB_ALLOW_ANONYMOUS=maybe: no guess either way
        config_problem_only(exc)
    if decision.refused:
        _only_page(lambda: _refusal(decision))
    if not decision.login_required:
        return
    if not st.user.is_logged_in:
        _only_page(lambda: _login(exposure.login_provider(auth)))
    with st.sidebar:
        who = st.user.get("email") or st.user.get("name") or "signed in"
        st.caption(f"Signed in: {who}")
        st.button("Log out", key="botlab_logout", on_click=st.logout, icon=":material/logout:")


def config_problem_only(exc: ConfigError) -> None:
    """Serve only the setting Botlab cannot use (which variable, what is wrong), and stop."""

    def problem() -> None:
        st.error(f"Botlab's configuration has a problem: {exc}", icon=":material/settings:")
        st.caption("Fix the environment variable named above and restart the dashboard.")

    _only_page(problem)


def _only_page(render) -> None:
    """Serve ``render`` as the app's only page, whatever the URL, and stop."""
    st.navigation([st.Page(render, title="Botlab", url_path="signin")], position="hidden").run()
    st.stop()


def _refusal(decision: exposure.Exposure) -> None:
    st.title("Botlab")
    st.error(decision.refusal(), icon=":material/lock:")


def _login(provider: str | None) -> None:
    st.title("Botlab")
    st.write("Sign in to see the runs and start bots.")
    st.button(
        "Log in",
        key="botlab_login",
        type="primary",
        icon=":material/login:",
        on_click=st.login,
        args=() if provider is None else (provider,),
    )


def _auth_secrets() -> Mapping[str, Any] | None:
    """The ``[auth]`` section of ``.streamlit/secrets.toml``, or ``None`` (no secrets file)."""
    try:
        auth = st.secrets.get("auth")
    except FileNotFoundError:
        return None
    return auth if isinstance(auth, Mapping) else None
