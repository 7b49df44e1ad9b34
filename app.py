"""Botlab's dashboard: ``streamlit run app.py``.

This file is the router and frame: page config, the shared sidebar and the navigation. Each page
in ``pages/`` is a thin file calling its body in ``ui/``; every number, chart and check comes from
``engine``. Every request goes through this router, a fresh server's very first one included
(:func:`ui.serving.route_every_request`), so a deep link such as ``/run?run=12`` opens its page.
"""

import streamlit as st

from engine.config import ConfigError
from engine.store.faults import StoreUnavailable
from ui import access, serving, sidebar, state, text


def main() -> None:
    st.set_page_config(
        page_title="Botlab",
        page_icon=serving.FAVICON,  # inlined: a :material/...: icon is fetched from Google
        layout="wide",
        initial_sidebar_state="auto",  # open on a computer, closed on a phone
    )
    access.gate()  # an exposed dashboard shows nothing before its login (engine.exposure)
    try:
        state.settings()
    except ConfigError as exc:  # a setting Botlab cannot use: say which, run nothing
        access.config_problem_only(exc)
    pages = {
        "Build": [
            _page(state.NEW_BOT, "New bot", "add_circle", default=True),
            _page(state.RUN, "Run", "monitoring"),
            # the default page is served at "/" only: "/new" is this door to it
            st.Page(_to_new_bot, title="New bot", url_path="new", visibility="hidden"),
        ],
        "Explore": [
            _page(state.LEADERBOARD, "Leaderboard", "leaderboard"),
            _page(state.COMPARE, "Compare", "compare_arrows"),
            _page(state.SWEEP, "Sweep", "grid_on"),
            _page(state.STRATEGIES, "Strategies", "account_tree"),
        ],
        "Botlab": [_page(state.SETTINGS, "Settings", "settings")],
    }
    page = st.navigation(pages)
    if page.title == "New bot" and st.query_params.get("run"):  # /?run=12: the run's page
        st.switch_page(state.RUN, query_params={"run": st.query_params["run"]})
    try:
        sidebar.render()
        page.run()
    except StoreUnavailable as exc:  # damaged, read-only, full: what to do, in the page's words
        st.error(text.error_text(str(exc), exc.hints), icon=":material/database:")


def _page(path: str, title: str, icon: str, *, default: bool = False) -> st.Page:
    """A navigation entry, served at its own url_path (the default page: at "/")."""
    return st.Page(
        path,
        title=title,
        icon=f":material/{icon}:",
        url_path=None if default else state.URL_PATHS[path],
        default=default,
    )


def _to_new_bot() -> None:
    st.switch_page(state.NEW_BOT, query_params=st.query_params.to_dict())


if __name__ == "__main__":  # Streamlit runs this file as the script: the dashboard
    main()
else:  # `streamlit run app.py` imports it to serve it: the dashboard plus the HTTP API at /api
    from engine.api import routes

    serving.route_every_request()
    app = st.App(
        __file__,
        routes=[
            *routes(listen_address=st.get_option("server.address")),
            *serving.page_routes(["", *state.URL_PATHS.values()]),
        ],
    )
