"""How the dashboard's pages are served, so that nothing a page loads leaves the machine or fails.

Streamlit's page (``index.html``) finds its server by trying the address it was opened at: opened
at a deep link such as ``/run?run=12``, it first asks ``/run/_stcore/health`` and
``/run/_stcore/host-config``, gets two 404s, then tries ``/``. Each page path here serves the
same ``index.html`` with the server's address set (``window.__streamlit.BACKEND_BASE_URL``, the
setting Streamlit reads for that), so the first try is the right one.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

#: The favicon, an SVG Streamlit inlines into the page (a ``:material/...:`` icon is fetched
#: from Google's font servers, which fails offline).
FAVICON = Path(__file__).resolve().parent / "assets" / "favicon.svg"


def route_every_request() -> None:
    """Run every request through ``app.py``'s ``st.navigation`` router, a fresh server's first
    one included.

    Streamlit decides per process whether an app is a legacy one (a ``pages/`` folder beside the
    script, which this app has) and only changes its mind when a script run calls
    ``st.navigation``. So the first request a fresh server answers is routed the legacy way,
    against the files in ``pages/``: a deep link (``/sweep``, ``/run?run=12``) matches none of
    them and the browser shows "Page not found" before the router runs and opens the page. This
    says "not legacy" before any session starts, as that first ``st.navigation`` call would.
    """
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


def page_routes(url_paths) -> list:
    """Routes serving the dashboard's page at ``/`` and at each of ``url_paths`` (``"run"``...),
    for ``st.App(..., routes=...)``."""
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    base = _base_path()

    async def page(request) -> HTMLResponse:
        return HTMLResponse(_index_html(), headers={"Cache-Control": "no-cache"})

    paths = [f"{base}/{path}" for path in url_paths]
    return [Route(path, page, methods=["GET", "HEAD"]) for path in paths]


def _base_path() -> str:
    """``server.baseUrlPath`` as ``/prefix`` (empty when the app is served at the root)."""
    from streamlit import config

    prefix = str(config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{prefix}" if prefix else ""


@functools.cache
def _index_html() -> str:
    from streamlit import file_util

    static = Path(file_util.get_static_dir())
    html = (static / "index.html").read_text(encoding="utf-8")
    base = json.dumps(_base_path() + "/")
    head = [f"<script>window.__streamlit={{BACKEND_BASE_URL:location.origin+{base}}}</script>"]
    modules = json.dumps(_run_page_modules(static))
    head.append(  # (each at the address Streamlit imports it from, so each is loaded once)
        f"<script>addEventListener('load',()=>setTimeout(()=>requestIdleCallback(()=>{modules}"
        f".forEach(m=>import(location.origin+{base}+m).catch(()=>{{}}))),1000))</script>"
    )
    return html.replace("<head>", "<head>\n    " + "\n    ".join(head), 1)


#: Streamlit's components the Run page draws first: its chart (4.5 MB with plotly.js) and its
#: cards. The page loads them once the browser is idle, a second after the page loaded (sooner,
#: they slowed the page's own first view when it is opened again and again).
RUN_PAGE_COMPONENTS = ("PlotlyChart", "Metric")


def _run_page_modules(static: Path) -> list[str]:
    """The files of :data:`RUN_PAGE_COMPONENTS` (``static/js/<Name>.<hash>.js``), for the page to
    load while the user reads it.

    Streamlit loads a component's file only when a page first draws one. Reading and starting
    Plotly's was most of the time the Run page's first chart took after its data arrived, and the
    cards waited for theirs; loaded while the user reads the New bot page, both are drawn at once
    (with the Run page's lazy tabs, click to chart took half the time, ``bench.dashboard``). A
    file this Streamlit names otherwise is left out (loaded when needed, as before)."""
    folder = static / "static" / "js"
    files = [sorted(folder.glob(f"{name}.*.js")) for name in RUN_PAGE_COMPONENTS]
    return [f"static/js/{found[0].name}" for found in files if len(found) == 1]
