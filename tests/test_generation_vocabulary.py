"""The compiler's vocabulary is one table of named word sets: a name written twice would make
the later set silently replace the earlier one for every recogniser that reads it."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import engine.generation._vocabulary as vocabulary


def test_no_word_set_is_defined_twice():
    tree = ast.parse(Path(vocabulary.__file__).read_text())
    names = [
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    ]

    assert [name for name, count in Counter(names).items() if count > 1] == []


def test_each_voice_word_is_written_once_with_all_its_roles():
    """A voice word written under two role keys would keep only the later key's roles."""
    written = [word for words in vocabulary._VOICE_TABLE.values() for word in words.split()]

    assert [word for word, count in Counter(written).items() if count > 1] == []
    assert "filler" in vocabulary.VOICE_WORDS["the"]
    assert vocabulary.VOICE_WORDS["thanks"] == {"filler", "chat", "marker", "signoff"}


def test_reading_again_builds_no_new_phrase_index():
    """Phrase tables are module constants: their first-word index is built once and kept. A
    table made per call ("dict.fromkeys(SOME_SET, True)", "A | B") would be indexed, and kept
    alive, on every reading: memory that grows with each keystroke in the dashboard."""
    from engine.generation import understand

    texts = [
        "SPY 5m: buy when rsi(14) < 30, sell when rsi(14) > 70. No overnight holds.",
        "buy half at RSI < 30, the rest at -10%, only trade between 10:00 and 15:00, "
        "market filter: SPY above its 200 sma",
        "define the trend as the close above the 50 sma. buy when price crosses the 20 ema on "
        "SPY 15m and the trend is up, only buy after 10am",
    ]
    for text in texts:
        understand(text)
    kept = len(vocabulary._KEEP)
    for text in texts:
        understand(text)
    assert len(vocabulary._KEEP) == kept
