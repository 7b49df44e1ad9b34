"""Botlab's dashboard: ``streamlit run app.py``.

This file is the router and frame: page config, the shared sidebar and the navigation. Each page
in ``pages/`` is a thin file calling its body in ``ui/``; every number, chart and check comes from
``engine``. Every page's ``url_path`` differs from its file's name, so a deep link such as
``/run?run=12`` opened first on a fresh server still goes through this router.
"""

import streamlit as st

from engine.config import ConfigError
from ui import sidebar, state


def main() -> None:
    st.set_page_config(
        page_title="Botlab",
        page_icon=":material/smart_toy:",
        layout="wide",
        initial_sidebar_state="expanded",
    )
    try:
        state.settings()
    except ConfigError as exc:  # a setting Botlab cannot use: say which, run nothing
        st.error(f"Botlab's configuration has a problem: {exc}", icon=":material/settings:")
        st.caption("Fix the environment variable named above and restart the dashboard.")
        st.stop()
    pages = {
        "Build": [
            st.Page(
                state.NEW_BOT,
                title="New bot",
                icon=":material/add_circle:",
                url_path=state.URL_PATHS[state.NEW_BOT],
                default=True,
            ),
            st.Page(
                state.RUN,
                title="Run",
                icon=":material/monitoring:",
                url_path=state.URL_PATHS[state.RUN],
            ),
        ],
        "Explore": [
            st.Page(
                state.LEADERBOARD,
                title="Leaderboard",
                icon=":material/leaderboard:",
                url_path=state.URL_PATHS[state.LEADERBOARD],
            ),
            st.Page(
                state.COMPARE,
                title="Compare",
                icon=":material/compare_arrows:",
                url_path=state.URL_PATHS[state.COMPARE],
            ),
            st.Page(
                state.STRATEGIES,
                title="Strategies",
                icon=":material/account_tree:",
                url_path=state.URL_PATHS[state.STRATEGIES],
            ),
        ],
        "Botlab": [
            st.Page(
                state.SETTINGS,
                title="Settings",
                icon=":material/settings:",
                url_path=state.URL_PATHS[state.SETTINGS],
            ),
        ],
    }
    page = st.navigation(pages)
    if page.title == "New bot" and st.query_params.get("run"):  # /?run=12: the run's page
        st.switch_page(state.RUN, query_params={"run": st.query_params["run"]})
    sidebar.render()
    page.run()


if __name__ == "__main__":  # Streamlit runs this file as the script: the dashboard
    main()
else:  # `streamlit run app.py` imports it to serve it: the dashboard plus the HTTP API at /api
    from engine.api import routes

    app = st.App(__file__, routes=routes())
