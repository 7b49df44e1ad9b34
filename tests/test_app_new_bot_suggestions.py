"""New bot page: what Botlab could not read comes with complete descriptions it does read, each a
button that fills the description box."""

from __future__ import annotations

from engine.generation import understand
from tests.app_support import APP_FIXTURES, app, no_exception, texts

pytest_plugins = ["tests.app_fixtures"]
pytestmark = APP_FIXTURES

UNREAD = "buy the big dip on TSLA"


def test_each_suggestion_is_a_button_that_fills_the_description(home):
    at = app()
    at.text_area(key="nb_description").input(UNREAD)
    at.run()
    no_exception(at)
    expected = understand(UNREAD).suggestions
    buttons = [b for b in at.button if b.key.startswith("nb_suggestion_")]
    assert expected and [b.label for b in buttons] == expected
    assert "Botlab does read these; click one to use it:" in texts(at)

    buttons[0].click().run()

    no_exception(at)
    assert at.text_area(key="nb_description").value == expected[0]
    assert "offline compiler understood all of it" in texts(at)
    assert not [b for b in at.button if b.key.startswith("nb_suggestion_")]


def test_a_fully_understood_description_offers_no_suggestions(home):
    at = app()
    at.text_area(key="nb_description").input("trade the 9/21 EMA cross")
    at.run()
    no_exception(at)
    assert not [b for b in at.button if b.key.startswith("nb_suggestion_")]
    assert "traded both ways" in texts(at)
