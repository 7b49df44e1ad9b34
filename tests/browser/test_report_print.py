"""The HTML report as a person prints it or saves it as PDF, in a real Chromium: ``botlab report``
writes the file, the browser opens it from disk with every outside request refused, and prints it.
On paper it reads on its own: the headline sentence and the cards' plain labels on the first page,
each part from a new page, nothing wider than the paper, each chart as a still picture."""

from __future__ import annotations

import io
import json
import unicodedata

import pytest

from engine import wording
from engine.report import HEADLINE, headline
from tests.conftest import BOTS
from tests.test_cli import botlab

from .conftest import ARTIFACTS

#: A4 (210 mm) less the report's 12 mm side margins, in CSS pixels (96 per inch).
PAPER_WIDTH_PX = round((210 - 2 * 12) / 25.4 * 96)

#: The parts of the report that each start a page, in order, after the first.
PARTS = (
    "How the account grew",
    "Monthly returns (%)",
    "Trades (54)",
    "All statistics",
    "Run details",
)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """A MACD bot's run on GOOG (54 trades) and its report, written by ``botlab report``."""
    home = tmp_path_factory.mktemp("report-print")
    mp = pytest.MonkeyPatch()
    mp.setenv("BOTLAB_HOME", str(home / "home"))
    try:
        proc = botlab("run", str(BOTS / "macd_stop.py"), "--symbol", "GOOG", "--json")
        run = json.loads(proc.stdout)
        path = home / "report.html"
        written = botlab("report", str(run["execution_id"]), "-o", str(path))
        assert written.returncode == 0, written.stderr
    finally:
        mp.undo()
    return path, run


def open_offline(page, path) -> list[str]:
    """Open ``path`` with every request that would leave the file refused; returns their URLs."""
    outside: list[str] = []

    def refuse_outside(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:")):
            return route.continue_()
        outside.append(url)
        return route.abort()

    page.route("**/*", refuse_outside)
    page.goto(path.as_uri())
    page.locator("body[data-print-ready]").wait_for(state="attached", timeout=60_000)
    return outside


def flat(text: str) -> str:
    """Text as the PDF holds it, with its lines joined and its ligatures ("ﬁ") as letters."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def test_the_report_saved_as_pdf_reads_on_paper(page, report):
    from pypdf import PdfReader

    path, run = report
    outside = open_offline(page, path)
    pdf = page.pdf(format="A4", print_background=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "report.pdf").write_bytes(pdf)

    pages = [flat(p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]
    assert outside == []  # plotly.js and the charts are inside the file
    assert len(pages) > len(PARTS)
    first = pages[0]
    assert flat(headline(run)) in first
    assert flat(headline(run)).startswith("Starting with $100,000, this bot ended with")
    for name in HEADLINE:
        assert wording.metric_label(name) in first, name
        assert flat(wording.metric_explanation(name)) in first, name
    # each part starts a page of its own
    starts = [next(i for i, text in enumerate(pages) if text.startswith(part)) for part in PARTS]
    assert starts == sorted(starts) and starts[0] == 1, [p[:40] for p in pages]
    everything = " ".join(pages)
    assert "Final account value" in everything and "Why it closed" in everything
    # the raw forms and the button stay on screen
    assert "landlock=" not in everything and "Print or save as PDF" not in everything


def test_in_print_nothing_is_wider_than_the_paper_and_charts_are_pictures(page, report):
    path, _ = report
    open_offline(page, path)
    page.set_viewport_size({"width": PAPER_WIDTH_PX, "height": 1000})
    page.emulate_media(media="print")

    printed = page.evaluate(
        """() => ({
        background: getComputedStyle(document.body).backgroundColor,
        widest: document.documentElement.scrollWidth,
        interactive: [...document.querySelectorAll('.interactive')]
            .map(e => getComputedStyle(e).display),
        pictures: [...document.querySelectorAll('img.print-picture')].map(img => ({
            alt: img.alt, loaded: img.complete && img.naturalWidth > 0,
            right: img.getBoundingClientRect().right,
            shown: getComputedStyle(img).display})),
        breaks: [...document.querySelectorAll('section.page')]
            .map(s => getComputedStyle(s).breakBefore),
        })"""
    )
    assert printed["background"] == "rgb(255, 255, 255)"
    assert printed["widest"] <= PAPER_WIDTH_PX  # no table or chart runs off the paper's edge
    assert printed["interactive"] == ["none"] * 3
    assert [p["alt"] for p in printed["pictures"]] == [
        "How the account grew",
        "Drops from the previous peak",
        "Price, with entries and exits",
    ]
    for picture in printed["pictures"]:
        assert picture["loaded"] and picture["shown"] == "block", picture
        assert picture["right"] <= PAPER_WIDTH_PX, picture
    assert printed["breaks"] == ["page"] * 5

    page.emulate_media(media="screen")  # on screen: the interactive charts, no pictures
    shown = page.evaluate(
        "() => [...document.querySelectorAll('img.print-picture, .interactive')]"
        ".map(e => e.className + ':' + getComputedStyle(e).display)"
    )
    assert sorted(shown) == ["interactive:block"] * 3 + ["print-picture:none"] * 3


def test_a_bot_that_says_script_is_shown_as_text_and_never_run(page, bot_file, tmp_path):
    bot = bot_file(
        "from backtesting import Strategy\n\n"
        "class Hostile(Strategy):\n"
        "    def init(self):\n"
        "        print('<script>window.ran = \"log\"</script>')\n\n"
        "    def next(self):\n"
        "        raise ValueError('<script>window.ran = \"error\"</script>')\n"
    )
    name = '<script>window.ran = "name"</script>'
    run = json.loads(botlab("run", str(bot), "--name", name, "--symbol", "GOOG", "--json").stdout)
    assert run["status"] == "failed" and "<script>" in run["error"]
    path = tmp_path / "hostile.html"
    assert botlab("report", str(run["execution_id"]), "-o", str(path)).returncode == 0
    html = path.read_text(encoding="utf-8")
    assert "<script>window.ran" not in html
    assert "&lt;script&gt;window.ran" in html  # name, error and code: escaped text

    page.goto(path.as_uri())
    assert page.evaluate("() => window.ran === undefined")
    assert page.title() == f"Botlab run {run['execution_id']}: {name}"
    assert page.locator("h1").inner_text() == f"Botlab run {run['execution_id']}: {name}"
    assert '<script>window.ran = "error"</script>' in page.locator(".fail").inner_text()
    assert '<script>window.ran = "log"</script>' in page.locator("pre").inner_text()
