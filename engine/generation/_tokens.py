"""Tokeniser for strategy descriptions, and a token stream with phrase-matching helpers.

Every token keeps its character span in the original text, so fragments that were not understood
can be quoted back verbatim. Hyphens that join two tokens ("14-day", "stop-loss", "z-score") are
dropped (the next token is marked ``joined``); a minus sign directly before a number that follows
a space or an opening bracket makes the number negative ("-2"); a plus sign there is kept off
the number ("+100" is 100).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any

from engine.generation import _vocabulary as vocab

#: A number with thousands separators ("1,000") never follows a number and a comma: in
#: "CRSI(3,2,100)" the settings are 3, 2 and 100, not 3 and 2,100.
_TOKEN_RE = re.compile(
    r"""
    (?P<arrow>->|=>|\u2192)
  | (?P<date>\d{4}-\d{2}-\d{2})
  | (?P<sym>\^[A-Za-z0-9.]+|[A-Z0-9]{3,10}=[XF]\b|[A-Z]{1,5}[-.][A-Z]{1,4}\b)
  | (?P<num>(?<!\d,)\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
  | (?P<word>%[KkDdRrBb]\b|[+\-][Dd][Ii]\b|[Dd][Ii][+\-]|[A-Za-z][A-Za-z]*(?:'[A-Za-z]+)?)
  | (?P<op>>=|<=|=>|=<|>|<|=|\u2265|\u2264)
  | (?P<punct>[(),;:.!?/&*+%$\[\]\-\u2013\u2014"'\u00d7])
  | (?P<nl>\n)
    """,
    re.VERBOSE,
)


#: What a reader of the stream finds at a token: the index after what it read, the kind of item
#: and its value (None: nothing it reads starts there).
Found = tuple[int, str, object] | None


@dataclass
class Token:
    """One token: its original text, a normalised lowercase form, kind and span."""

    text: str
    low: str
    kind: str  # word | num | sym | date | op | punct | nl
    start: int
    end: int
    value: float | None = None
    joined: bool = False  # preceded by a joining hyphen ("14-day": "day" is joined)


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens (see the module docstring for hyphens and minus signs)."""
    text = text.replace("\u2019", "'")
    raw = [_make_token(m) for m in _TOKEN_RE.finditer(text)]
    tokens: list[Token] = []
    i = 0
    while i < len(raw):
        tok = raw[i]
        if tok.kind == "punct" and tok.text in "-\u2013+" and i + 1 < len(raw):
            nxt = raw[i + 1]
            before = text[tok.start - 1] if tok.start > 0 else " "
            if nxt.kind == "num" and nxt.start == tok.end and (before.isspace() or before in "(["):
                nxt.value = (nxt.value or 0.0) * (1 if tok.text == "+" else -1)
                nxt.text = text[tok.start : nxt.end]
                nxt.low = nxt.text
                nxt.start = tok.start
                tokens.append(nxt)
                i += 2
                continue
            if tok.text != "+" and nxt.start == tok.end and tokens and tokens[-1].end == tok.start:
                nxt.joined = True
                i += 1
                continue
        tokens.extend(_split_compound(tok))
        i += 1
    return tokens


def _make_token(match: re.Match[str]) -> Token:
    kind = match.lastgroup or "punct"
    text = match.group()
    low = text.lower()
    value = None
    if kind == "num":
        value = float(text.replace(",", ""))
    if kind == "sym" and low in vocab.COMPOUND_WORDS:
        kind = "word"
    if kind == "arrow":
        kind, low = "word", "then"
    if kind == "op":
        low = {"=>": ">=", "=<": "<=", "\u2265": ">=", "\u2264": "<="}.get(low, low)
    return Token(text, low, kind, match.start(), match.end(), value)


def _split_compound(tok: Token) -> list[Token]:
    """Split "Z-SCORE"-like uppercase compounds the symbol pattern swallowed into words."""
    if tok.kind == "word" and tok.low in vocab.COMPOUND_WORDS:
        parts = re.split(r"[-.]", tok.text)
        out, pos = [], tok.start
        for n, part in enumerate(parts):
            out.append(Token(part, part.lower(), "word", pos, pos + len(part), joined=n > 0))
            pos += len(part) + 1
        return out
    return [tok]


class Stream:
    """A token list with helpers to match phrases, numbers and filler words."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = tokenize(text)
        self.n = len(self.tokens)
        self.corrections: dict[int, str] = {}  # token index -> the misspelt original
        self.ranges: dict[int, str] = {}  # token index -> a range of percents read as one
        #: more timeframe words ("daily" when the bars tested are intraday): word -> frame
        self.frames: dict[str, str] = {}
        #: lengths no whole number of bars: the unit's token -> the interval counting it
        #: ("its 12-day SMA" in a weekly phrase: "1wk"), reported with the reason
        self.lengths_not_read: dict[int, str] = {}

    def low(self, i: int) -> str:
        """Lowercase text of token ``i`` ('' past the end)."""
        return self.tokens[i].low if 0 <= i < self.n else ""

    def kind(self, i: int) -> str:
        return self.tokens[i].kind if 0 <= i < self.n else ""

    def phrase(self, i: int, phrase: str | tuple[str, ...]) -> int | None:
        """If the words of ``phrase`` start at ``i``, the index after them."""
        words = phrase.split() if isinstance(phrase, str) else phrase
        j = i
        for word in words:
            if self.low(j) != word:
                return None
            j += 1
        return j

    def longest(
        self, i: int, table: dict[str, object] | frozenset[str]
    ) -> tuple[int, object] | None:
        """The longest phrase of ``table`` (keys are space-separated words) starting at ``i``,
        with its value (True for a phrase of a set)."""
        best: tuple[int, object] | None = None
        for key in vocab.phrases_starting(table, self.low(i)):
            end = self.phrase(i, key)
            if end is not None and (best is None or end > best[0]):
                best = (end, table[key] if isinstance(table, dict) else True)
        return best

    def first_read(self, i: int, readers: Iterable[Callable[[Stream, int], Any]]) -> Any:
        """What the first of ``readers`` that reads something at ``i`` read, else None."""
        return next((got for read in readers if (got := read(self, i)) is not None), None)

    def first(self, i: int, phrases: tuple[str, ...]) -> int | None:
        """The end of the first of ``phrases`` (in their order) written at ``i``, else None."""
        for phrase in phrases:
            end = self.phrase(i, phrase)
            if end is not None:
                return end
        return None

    def skip(self, i: int, words: Collection[str] = vocab.ARTICLES) -> int:
        """Skip filler words such as articles."""
        while self.low(i) in words:
            i += 1
        return i

    def optional(self, i: int, words: str | Collection[str]) -> int:
        """After an optional word at ``i``: ``i + 1`` when token ``i`` is ``words`` (or one of
        them), else ``i``."""
        low = self.low(i)
        return i + 1 if (low == words if isinstance(words, str) else low in words) else i

    def number(self, i: int) -> tuple[int, float] | None:
        """A number written with digits or words ("14", "1,000", "twenty", "two hundred")."""
        tok = self.tokens[i] if 0 <= i < self.n else None
        if tok is None:
            return None
        if tok.kind == "num":
            return i + 1, float(tok.value or 0.0)
        if tok.low in vocab.NUMBER_WORDS:
            value = vocab.NUMBER_WORDS[tok.low]
            j = i + 1
            if self.low(j) == "hundred":
                value, j = value * 100, j + 1
            elif value >= 20 and self.low(j) in vocab.NUMBER_WORDS:
                unit = vocab.NUMBER_WORDS[self.low(j)]
                if unit < 10:
                    value, j = value + unit, j + 1
            return j, float(value)
        if tok.low == "hundred":
            return i + 1, 100.0
        if tok.low in vocab.APPROXIMATELY and self.kind(i + 1) == "num":
            return self.number(i + 1)  # "drops like 5%", "about 30": the number said
        return None

    def percent(self, i: int) -> tuple[int, float] | None:
        """A percentage: "5%", "5 percent", "5 pct", "five per cent"; a range of them ("a 7-8%
        pullback", "stop 2 to 3 percent") is its nearer end, the level a move reaches first (kept
        in ``ranges`` to be echoed)."""
        got = self.number(i)
        if got is None:
            return None
        j, value = got
        other = self.number(j + (self.low(j) == "to"))
        joined = self.kind(j) == "num" and self.tokens[j].joined
        if other is not None and (joined or self.low(j) == "to") and 0 < value < other[1]:
            after = self.percent(other[0] - 1) if self.kind(other[0] - 1) == "num" else None
            if after is not None and after[1] == other[1]:  # the range's end is a percentage
                self.ranges[i] = self.span_text(i, after[0])
                return after[0], value
        if self.low(j) in ("%", "percent", "pct", "procent"):
            return j + 1, value
        if self.phrase(j, "per cent"):
            return j + 2, value
        return None

    def span_text(self, i: int, j: int) -> str:
        """The original text from token ``i`` to token ``j - 1``."""
        return self.text[self.tokens[i].start : self.tokens[j - 1].end]
