"""Real-browser tests: Playwright driving Debian's Chromium against ``streamlit run app.py``.

No browser is ever downloaded (never ``playwright install``): the tests use ``/usr/bin/chromium``
(``apt-get install chromium``) and skip, with a message, when it is missing, unless ``CI`` is set,
where a missing browser is a failure. One server (with its own empty ``BOTLAB_HOME`` and, once a
bot is run, its own worker) serves the whole session; both are stopped at the end. Screenshots go
to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from bench import dashboard
from bench.dashboard import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
VIEWPORT = {"width": 1400, "height": 1000}


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives a real Chromium against a real server")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def _require_browser() -> None:
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package (pip install -e '.[test]')")
    if not missing:
        return
    message = "browser tests need " + " and ".join(missing)
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message + " (CI is set, so this is a failure, not a skip)")
    pytest.skip(message)


class Server(dashboard.Server):
    """A running ``streamlit run app.py`` with its own Botlab home (stops its worker too)."""

    def __init__(self, home: Path) -> None:
        env = {**os.environ, "BOTLAB_HOME": str(home)}
        env.pop("BOTLAB_DATABASE_URL", None)
        env.pop("BOTLAB_DATA_SOURCE", None)
        super().__init__(env, home.parent / "streamlit.log")
        self.home = home

    def store(self):
        from engine.config import load_settings
        from engine.store import Store

        return Store.open(load_settings({"BOTLAB_HOME": str(self.home)}))

    def stop(self) -> None:
        super().stop()
        dashboard.stop_worker(self.home)


@contextlib.contextmanager
def serving(tmp_path_factory, name: str):
    """A dashboard on a new, empty home of its own, stopped (worker too) when done."""
    home = tmp_path_factory.mktemp(name) / "home"
    home.mkdir()
    running = Server(home).start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    _require_browser()
    with serving(tmp_path_factory, "browser") as running:
        yield running


@pytest.fixture(scope="session")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, request):
    """A fresh browser context (no cookies, no session) and page; a screenshot if the test
    failed (``FAILED-<test>.png``)."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        yield page
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            with contextlib.suppress(Exception):
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"FAILED-{request.node.name}.png"))
    finally:
        context.close()


def shot(page, name: str) -> Path:
    """Keep a full-page screenshot as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    wait_idle(page)
    with contextlib.suppress(Exception):  # tables and charts paint a moment after the script
        page.locator("[data-testid='stSkeleton']").first.wait_for(state="detached", timeout=5000)
    page.wait_for_timeout(700)
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('section, div')]"
        ".map(e => e.scrollHeight).filter(h => h < 20000), 800)"
    )
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(int(height) + 40, 6000)})
    page.wait_for_timeout(300)
    page.screenshot(path=str(path))
    page.set_viewport_size(VIEWPORT)
    return path


def wait_idle(page, timeout: float = 30_000) -> None:
    """Until the script run finished (Streamlit's own e2e idiom)."""
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=timeout
    )
