"""Tokeniser for strategy descriptions, and a token stream with phrase-matching helpers.

Every token keeps its character span in the original text, so fragments that were not understood
can be quoted back verbatim. Hyphens that join two tokens ("14-day", "stop-loss", "z-score") are
dropped (the next token is marked ``joined``); a minus sign directly before a number that follows
a space or an opening bracket makes the number negative ("-2"); a plus sign there is kept off
the number ("+100" is 100).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from engine.generation import _vocabulary as vocab

#: A number with thousands separators ("1,000") never follows a number and a comma: in
#: "CRSI(3,2,100)" the settings are 3, 2 and 100, not 3 and 2,100.
#: A decimal comma ("2,5%") is one only before a percent sign: in "stoch 14,3,3 %K" the "%" is
#: the line's name and the settings are 14, 3 and 3. A one-digit number with a decimal comma
#: before a multiple's unit is one too ("2,5 std", "sl 1,5x atr", "tp 3,5R"): settings before
#: those units ("bb 20,2 std") have a longer first number.
_TOKEN_RE = re.compile(
    r"""
    (?P<arrow>->|=>|\u2192)
  | (?P<date>\d{4}-\d{2}-\d{2})
  | (?P<sym>\^[A-Za-z0-9.]+|[A-Z0-9]{2,10}=[XF]\b|[a-z0-9]{2,10}=[xf]\b|[A-Z]{1,5}-[A-Z]{1,4}\b
            |[A-Z][A-Z0-9&]{1,11}\.[A-Z]{1,4}\b|6[ABCEJS]\b)
  | (?P<num>(?<!\d,)\d+,\d{1,2}(?=\s?(?:%(?![A-Za-z])|(?:per\s?cent|percent|pct|procent)\b))
            |(?<![\d,])\d,\d{1,2}(?=\s?(?:[xX\u00d7]|std|sd|stdev|standard|atr|ATR|[rR])\b)
            |(?<!\d,)\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
  | (?P<word>(?:[A-Za-z]\.){2,3}(?![A-Za-z0-9])
            |%[KkDdRrBb]\b|[+\-](?:[Dd][Ii]|[Dd][Mm][Ii])\b|[Dd][Ii][+\-]
            |[Dd][Mm][Ii][+\-](?![A-Za-z])|[A-Za-z][A-Za-z]*(?:'[A-Za-z]+)?)
  | (?P<op>>=|<=|=>|=<|>|<|=|\u2265|\u2264)
  | (?P<punct>[(),;:.!?/&*+%$\[\]\-\u2013\u2014"'\u00d7\u20ac\u00a3])
  | (?P<nl>\n)
  | (?P<field>\|(?=\s*[A-Za-z][A-Za-z ]{0,30}:))
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
    tokens = _unit_first_intervals(_join_two_word_spellings(_without_bold_marks(tokens)))
    tokens = _paired_exits_apart(tokens)
    return _dashes_after_labels(_script_as_words(_list_items_as_lines(tokens)))


def _dashes_after_labels(tokens: list[Token]) -> list[Token]:
    """A dash after a label that opens a line ("STOP - 2x ATR", "Size – 25% of equity") is the
    label's colon: read as one (its text kept), never a minus sign or a range."""
    for k, tok in enumerate(tokens):
        if tok.kind != "punct" or tok.text not in vocab.DASHES:
            continue
        for start in (k - 1, k - 2):  # a label of one word or two ("Stop loss - 3%")
            opens = start == 0 or (start > 0 and tokens[start - 1].kind == "nl")
            said = " ".join(t.low for t in tokens[max(start, 0) : k])
            if start >= 0 and opens and said in vocab.FORM_LABELS:
                tok.low = ":"
                break
    return tokens


def _paired_exits_apart(tokens: list[Token]) -> list[Token]:
    """ "TP/SL 6%/3%", "SL/TP 2% / 4%": two exits' labels then their sizes in the same order,
    each put beside its size ("TP 6% SL 3%"), which is how they are read. Sizes without a unit
    ("TP/SL 6/3") are moved too, and stay reported as sizes of no known unit."""
    out = list(tokens)
    for i in range(len(out) - 6):
        first, slash, second = out[i : i + 3]
        labels = {first.low, second.low} <= vocab.PAIRED_EXIT_LABELS and first.low != second.low
        if not (labels and slash.low == "/" and out[i + 3].kind == "num"):
            continue
        one_end = i + 4 + (out[i + 4].low == "%")
        if one_end + 1 >= len(out) or out[one_end].low != "/" or out[one_end + 1].kind != "num":
            continue
        two_end = one_end + 2 + (one_end + 2 < len(out) and out[one_end + 2].low == "%")
        out[i:two_end] = [first, *out[i + 3 : one_end], second, *out[one_end + 1 : two_end]]
    return out


def _without_bold_marks(tokens: list[Token]) -> list[Token]:
    """Markdown's bold marks ("**Stop loss:** 2%", "**Entry:** buy ...") dropped: two stars
    written together are emphasis, never a value or an operator, and left in they would stand
    between a label and its value. A single star (a list's bullet, "2 * ATR") is kept."""

    def bold(k: int) -> bool:
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        prev = tokens[k - 1] if k else None
        pair_after = nxt is not None and nxt.text == "*" and nxt.start == tokens[k].end
        pair_before = prev is not None and prev.text == "*" and prev.end == tokens[k].start
        return tokens[k].text == "*" and (pair_after or pair_before)

    return [tok for k, tok in enumerate(tokens) if not bold(k)]


def _unit_first_intervals(tokens: list[Token]) -> list[Token]:
    """A chart's bars written unit first ("h4", "M15", "d1"; ``vocab.UNIT_FIRST_INTERVALS``)
    read as the number then the unit ("4h", "15m", "1d"): one letter with a whole number
    written against it, the two a word of their own. The number takes the letter's span and
    the letter the number's, so the two still quote as written ("h4")."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        tok, nxt = tokens[k], tokens[k + 1] if k + 1 < len(tokens) else None
        if nxt is not None and _unit_first_interval(tok, nxt, tokens[k + 2 : k + 3]):
            out.append(Token(nxt.text, nxt.low, "num", tok.start, tok.end, nxt.value))
            out.append(Token(tok.text, tok.low, "word", nxt.start, nxt.end))
            k += 2
            continue
        out.append(tok)
        k += 1
    return out


def _unit_first_interval(unit: Token, count: Token, after: list[Token]) -> bool:
    """``unit`` and ``count`` are a chart code written unit first ("h4"): a lone letter of
    ``vocab.UNIT_FIRST_INTERVALS`` with a whole number against it, ending a word."""
    if unit.kind != "word" or unit.low not in vocab.UNIT_FIRST_INTERVALS or unit.joined:
        return False
    if count.kind != "num" or count.start != unit.end or not count.text.isdigit():
        return False
    return not after or after[0].start > count.end or after[0].low in ",;:.)"


def _list_items_as_lines(tokens: list[Token]) -> list[Token]:
    """Number marks of a list ("1) buy when ... 2) sell when ...", "2. Sell when ...", "(3) Stop
    2%", "Rule 2: sell after 10 days", "Step 1 - buy ...") become line breaks: each item reads
    as a line of its own, and its number is never read as a value (see ``_list_mark``)."""
    out: list[Token] = []
    depth = 0
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        end = _list_mark(tokens, k, out, depth)
        if end is not None:
            out.append(Token(tokens[end - 1].text, "\n", "nl", tok.start, tokens[end - 1].end))
            k = end
            continue
        if tok.low == "(":
            depth += 1
        elif tok.low == ")" and depth:
            depth -= 1
        out.append(tok)
        k += 1
    return out


def _list_mark(tokens: list[Token], i: int, before: list[Token], depth: int) -> int | None:
    """The end of a list item's mark starting at ``tokens[i]``, if one does: an item number
    after a list word ("Rule 2:", "Step one -"), before a ")" that closes none of the ``depth``
    open "(" (so "RSI(2)" and "(20, 2)" stay settings), or opening a line ("(3)", "2. Sell", "1 -
    buy"; not "9:30"). ``before`` is the tokens kept so far: a line opens after a line break."""
    listed = tokens[i].low in vocab.LIST_MARKER_WORDS
    opens_line = not before or before[-1].kind == "nl"
    bracketed = opens_line and tokens[i].low == "("
    k = i + 1 if listed or bracketed else i
    if k + 2 < len(tokens) and _item_letter(tokens, k, opens_line or bracketed, depth):
        return k + 2
    if k + 2 >= len(tokens) or not _item_number(tokens[k]):
        return None
    mark, after = tokens[k + 1], tokens[k + 2]
    if bracketed:
        return k + 2 if mark.low == ")" else None
    if mark.low == ")" and not depth or listed and mark.low in vocab.LIST_MARKER_ENDS:
        return k + 2
    time_of_day = after.kind == "num" and after.start == mark.end  # "9:30", "10.5"
    return k + 2 if opens_line and mark.low in vocab.LIST_MARKER_ENDS and not time_of_day else None


def _item_letter(tokens: list[Token], k: int, opens_line: bool, depth: int) -> bool:
    """A list item's letter at ``tokens[k]`` ("a) buy when ...", "(b) sell ...", "Rules: a) ...
    b) ..."): one of ``LIST_MARKER_LETTERS`` closed by a ")" that closes no open "(", with a
    word or number after it ("a) buy", "c) 2% stop"; never "sma(a)"), opening a line, after
    punctuation, or next after the letter before it ("... rsi < 30 b) sell ...")."""
    letter, mark, after = tokens[k], tokens[k + 1], tokens[k + 2]
    if letter.kind != "word" or letter.low not in vocab.LIST_MARKER_LETTERS or mark.low != ")":
        return False
    previous = chr(ord(letter.low) - 1)
    follows = any(
        tokens[j].low == previous and tokens[j + 1].low == ")" for j in range(max(k - 1, 0))
    )
    after_mark = opens_line or follows or (k > 0 and tokens[k - 1].kind in ("punct", "nl"))
    return after_mark and not depth and after.kind in ("word", "num")  # "c) 2% stop loss"


def _item_number(tok: Token) -> bool:
    """A list item's number: a whole number from 1 to 99 in digits or words ("1.5" and the "1"
    of "Q-1" are no item)."""
    value = tok.value if tok.kind == "num" else vocab.NUMBER_WORDS.get(tok.low)
    return "." not in tok.text and not tok.joined and value in range(1, 100)


def _script_as_words(tokens: list[Token]) -> list[Token]:
    """Pine Script in a description, as the words it stands for (the vocabulary's ``SCRIPT_*``
    tables): "ta.rsi(close, 14)" is "rsi(14)", "sma(volume, 20)" "volume sma(20)",
    "highest(high, 55)[1]" "highest high(55)", "close[1]" "close 1 bars ago", "ta.crossover(a,
    b)" "a crosses above b", "strategy.entry('L', strategy.long)" "buy". Calls with named
    arguments ("stop = ...") stay as written: their words are reported, never guessed."""
    if not any(t.low == "(" for t in tokens) and not any(t.low == "[" for t in tokens):
        return tokens
    prefixes = {
        j
        for k, tok in enumerate(tokens)
        if tok.low in vocab.SCRIPT_NAMESPACES and _attached(tokens, k, k + 2)
        for j in (k, k + 1)
    }  # the "ta." of "ta.rsi"
    out = [tok for k, tok in enumerate(tokens) if k not in prefixes]
    out = _script_factors(_script_indexes(_script_sources(out)))
    return _script_crosses(_script_orders(out))


def _attached(tokens: list[Token], first: int, last: int) -> bool:
    """Tokens ``first`` to ``last`` are written with no space between them ("ta.rsi")."""
    if last >= len(tokens):
        return False
    return all(tokens[k].end == tokens[k + 1].start for k in range(first, last))


def _word(low: str, at: Token) -> Token:
    """A word a script call stands for, placed at the span of ``at`` (quoted as written)."""
    return Token(low, low, "word", at.start, at.end)


def _closing(tokens: list[Token], opening: int) -> int | None:
    """The index of the ")" that closes the "(" at ``opening``."""
    depth = 0
    for k in range(opening, len(tokens)):
        depth += {"(": 1, ")": -1}.get(tokens[k].low, 0)
        if depth == 0:
            return k
    return None


def _script_sources(tokens: list[Token]) -> list[Token]:
    """ "sma(close, 10)": "sma(10)"; "sma(volume, 20)": "volume sma(20)"; "highest(high,
    55)": "highest high(55)"."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        called = k + 3 < len(tokens) and tok.kind == "word" and tokens[k + 1].low == "("
        called = called and tok.low not in vocab.SCRIPT_CROSSES  # "crossover(close, ...)"
        src = tokens[k + 2].low if called else ""
        if called and tokens[k + 3].low == ",":
            if tok.low in vocab.SCRIPT_EXTREMES and src in vocab.BAR_FIELDS:
                out += [tok, tokens[k + 2], tokens[k + 1]]  # "highest high ("
                k += 4
                continue
            if src in vocab.SCRIPT_SOURCES:
                out += [_word(w, tokens[k + 2]) for w in vocab.SCRIPT_SOURCES[src]]
                out += [tok, tokens[k + 1]]
                k += 4
                continue
        out.append(tok)
        k += 1
    return out


#: What "[N]" is read after: a call's closing bracket ("sma(20)[1]") or a bar's price.
_INDEXED = frozenset({")", "open", "high", "low", "close", "volume"})


def _script_indexes(tokens: list[Token]) -> list[Token]:
    """ "close[1]": "close 1 bars ago"; "[0]" is this bar; "highest(high, 55)[1]" is the house
    reading of "highest high(55)" already (the bars before this one)."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        index = k + 2 < len(tokens) and tok.low == "[" and tokens[k + 2].low == "]"
        number = tokens[k + 1] if index else None
        indexed = out and out[-1].end == tok.start and out[-1].low in _INDEXED
        if number is None or number.kind != "num" or not indexed:
            out.append(tok)  # "rsi[1]": "rsi 1 bars ago" would be RSI(1), so left as written
            k += 1
            continue
        lag = int(number.value or 0)
        opening = next((j for j in range(len(out) - 1, -1, -1) if out[j].low == "("), 0)
        named = {t.low for t in out[max(0, opening - 2) : opening]}  # "highest high ("
        extreme = out[-1].low == ")" and bool(named & vocab.SCRIPT_EXTREMES)
        if lag and not (extreme and lag == 1):
            said = Token(number.text, number.low, "num", tok.start, number.end, number.value)
            out += [said, _word("bars", number), _word("ago", tokens[k + 2])]  # quoted "[1]"
        k += 3
    return out


def _script_factors(tokens: list[Token]) -> list[Token]:
    """ "sma(20) * 1.05": "1.05 * sma(20)", the order a multiple is read in (also after an
    indexed price: "volume[1] * 1.5", by then "volume 1 bars ago")."""
    for k, tok in enumerate(tokens):
        if tok.low != "*" or not 0 < k < len(tokens) - 1 or tokens[k + 1].kind != "num":
            continue
        start = _factored_operand(tokens, k)
        if start is None:
            continue
        moved = tokens[:start] + [tokens[k + 1], tok] + tokens[start:k]
        return moved + _script_factors(tokens[k + 2 :])
    return tokens


def _factored_operand(tokens: list[Token], k: int) -> int | None:
    """Where the script operand ending before ``k`` starts: a call ("sma(20)", "volume
    sma(20)") or an indexed price ("close 1 bars ago"); None for anything else."""
    if k >= 4 and tokens[k - 1].low == "ago" and tokens[k - 4].low in _INDEXED:
        return k - 4
    if tokens[k - 1].low != ")":
        return None
    depth = 0
    for j in range(k - 1, 0, -1):
        depth += {")": 1, "(": -1}.get(tokens[j].low, 0)
        if depth == 0:
            start = j - 1  # the function's name
            if tokens[start].kind != "word":
                return None
            return start - (start > 0 and tokens[start - 1].low in vocab.SCRIPT_SOURCES)
    return None


def _script_orders(tokens: list[Token]) -> list[Token]:
    """ "strategy.entry('L', strategy.long)": "buy"; "strategy.close('L')": "exit"."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        call = tok.low == "strategy" and k + 3 < len(tokens) and tokens[k + 1].low == "."
        end = _closing(tokens, k + 3) if call and tokens[k + 3].low == "(" else None
        if end is None:
            out.append(tok)
            k += 1
            continue
        name, inside = tokens[k + 2].low, tokens[k + 4 : end]
        said = [
            vocab.SCRIPT_ORDERS[t.low]
            for j, t in enumerate(inside)
            if t.low in ("long", "short") and j and inside[j - 1].low == "."
        ]
        order = said[0] if name in ("entry", "order") and said else vocab.SCRIPT_ORDERS.get(name)
        if order is None or any(t.kind == "op" for t in inside):
            out.append(tok)
            k += 1
            continue
        out.append(Token(order, order, "word", tok.start, tokens[end].end))
        k = end + 1
    return out


def _script_crosses(tokens: list[Token]) -> list[Token]:
    """ "crossover(a, b)": "a crosses above b" (the comma's span says the crossing)."""
    for k, tok in enumerate(tokens):
        words = vocab.SCRIPT_CROSSES.get(tok.low)
        if words is None or not _attached(tokens, k, k + 1) or tokens[k + 1].low != "(":
            continue  # "crossover(": not "moving average crossover (8, 34)", two lengths
        end = _closing(tokens, k + 1)
        depth, comma = 0, None
        for j in range(k + 1, end or k):
            depth += {"(": 1, ")": -1}.get(tokens[j].low, 0)
            if depth == 1 and tokens[j].low == ",":
                comma = j
                break
        if end is None or comma is None:
            continue
        if not any(
            any(t.kind == "word" for t in side)
            for side in (tokens[k + 2 : comma], tokens[comma + 1 : end])
        ):
            continue  # "crossover(8, 34)": lengths, not a line and a level
        said = [_word(w, tokens[comma]) for w in words]
        inner = tokens[k + 2 : comma] + said + tokens[comma + 1 : end]
        return tokens[:k] + _script_crosses(inner) + _script_crosses(tokens[end + 1 :])
    return tokens


def _make_token(match: re.Match[str]) -> Token:
    kind = match.lastgroup or "punct"
    text = match.group()
    low = text.lower()
    value = None
    if kind == "num":
        value = _number_value(text)
    if kind == "sym" and (low in vocab.COMPOUND_WORDS or low in vocab.FUTURES_ROOTS):
        kind = "word"  # "6E": a currency future's root, read as a word like "ES" is
    if kind == "word" and "." in low:
        low = low.replace(".", "")  # "P.S.", "e.g.", "a.m.", "U.S.": read as their letters
    if kind == "arrow":
        kind, low = "word", "then"
    if kind == "field":  # "Symbol: AAPL | Buy when: ...": a pipe before a label ends a field
        kind, low = "nl", "\n"
    if kind == "op":
        low = {"=>": ">=", "=<": "<=", "\u2265": ">=", "\u2264": "<="}.get(low, low)
    return Token(text, low, kind, match.start(), match.end(), value)


def _number_value(text: str) -> float:
    """A number's value: "1,000" is a thousand, but "2,5" (only ever read before a percent sign,
    the European way of writing 2.5%) has a decimal comma."""
    whole, comma, rest = text.partition(",")
    if comma and len(rest) < 3:
        return float(f"{whole}.{rest}")
    return float(text.replace(",", ""))


def _join_two_word_spellings(tokens: list[Token]) -> list[Token]:
    """Read a word written as two ("per cent") as the one word the recognisers know ("percent")."""
    out: list[Token] = []
    for tok in tokens:
        prev = out[-1] if out else None
        joined = vocab.TWO_WORD_SPELLINGS.get((prev.low, tok.low)) if prev else None
        if prev is not None and joined is not None and prev.kind == tok.kind == "word":
            out[-1] = Token(prev.text + " " + tok.text, joined, "word", prev.start, tok.end)
        else:
            out.append(tok)
    return out


#: A word written in camel case as a variable name ("lowerBB", "middleBand", "signalLine").
_CAMEL_RE = re.compile(r"([a-z]{3,})([A-Z]{2,}|[A-Z][a-z]{2,})")


def _split_compound(tok: Token) -> list[Token]:
    """Split "Z-SCORE"-like uppercase compounds the symbol pattern swallowed into words,
    camel-case names ("lowerBB": "lower BB") and a multiple of the ATR ("2xATR": "x ATR")."""
    if tok.kind == "word" and tok.low in vocab.COMPOUND_WORDS:
        parts = re.split(r"[-.]", tok.text)
        out, pos = [], tok.start
        for n, part in enumerate(parts):
            out.append(Token(part, part.lower(), "word", pos, pos + len(part), joined=n > 0))
            pos += len(part) + 1
        return out
    if tok.kind == "word" and tok.low[:1] in vocab.TIMES_WORDS and tok.low[1:] in vocab.ATR_WORDS:
        middle = tok.start + 1  # "2xATR": a multiple of the ATR
        return [
            Token(tok.text[:1], tok.low[:1], "word", tok.start, middle),
            Token(tok.text[1:], tok.low[1:], "word", middle, tok.end),
        ]
    camel = _CAMEL_RE.fullmatch(tok.text) if tok.kind == "word" else None
    if camel is not None:
        first, second = camel.groups()
        middle = tok.start + len(first)
        return [
            Token(first, first.lower(), "word", tok.start, middle),
            Token(second, second.lower(), "word", middle, tok.end),
        ]
    return [tok]


@cache
def _words_of(phrase: str) -> tuple[str, ...]:
    """A phrase's words: the vocabulary's phrases are constants, so each is split once."""
    return tuple(phrase.split())


class Stream:
    """A token list with helpers to match phrases, numbers and filler words."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = tokenize(text)
        self.n = len(self.tokens)
        self.corrections: dict[int, str] = {}  # token index -> the misspelt original
        self.ranges: dict[int, str] = {}  # token index -> a range of percents read as one
        #: token index -> a level said before its direction ("30 below"), read in the other order
        self.reordered: dict[int, str] = {}
        #: more timeframe words ("daily" when the bars tested are intraday): word -> frame
        self.frames: dict[str, str] = {}
        #: lengths no whole number of bars: the unit's token -> the interval counting it
        #: ("its 12-day SMA" in a weekly phrase: "1wk"), reported with the reason
        self.lengths_not_read: dict[int, str] = {}
        self._lows: frozenset[str] | None = None  # every token's word, built on first ``says``

    def low(self, i: int) -> str:
        """Lowercase text of token ``i`` ('' past the end)."""
        return self.tokens[i].low if 0 <= i < self.n else ""

    def kind(self, i: int) -> str:
        return self.tokens[i].kind if 0 <= i < self.n else ""

    def arrow(self, i: int) -> bool:
        """Whether token ``i`` is an arrow from a condition to its action ("oversold -> buy",
        "mid band = sell"), as typed: spelling reads "->" as the word "then"."""
        return 0 <= i < self.n and self.tokens[i].text in vocab.ACTION_ARROWS

    def phrase(self, i: int, phrase: str | tuple[str, ...]) -> int | None:
        """If the words of ``phrase`` start at ``i``, the index after them."""
        words = _words_of(phrase) if isinstance(phrase, str) else phrase
        end = i + len(words)
        if i < 0 or end > self.n:
            return None
        tokens = self.tokens  # the innermost loop of every reader: no method call per word
        for k, word in enumerate(words, i):
            if tokens[k].low != word:
                return None
        return end

    def says(self, words: Collection[str]) -> bool:
        """Whether any token of the text is one of ``words`` (a guard for a reader that needs
        one: checked in a set built once, not by a scan of the text at every position)."""
        if self._lows is None:
            self._lows = frozenset(t.low for t in self.tokens)
        return not self._lows.isdisjoint(words)

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

    def said(self, table: dict[str, object] | frozenset[str]) -> Iterator[tuple[int, int]]:
        """Every phrase of ``table`` in the text, left to right, each the longest at its start
        and none overlapping: ``(start, end)`` token spans."""
        k = 0
        while k < self.n:
            found = self.longest(k, table)
            if found is None:
                k += 1
                continue
            yield k, found[0]
            k = found[0]

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
        if self.low(j) in vocab.PERCENT_WORDS:
            return j + 1, value
        return None

    def span_text(self, i: int, j: int) -> str:
        """The original text from token ``i`` to token ``j - 1``."""
        return self.text[self.tokens[i].start : self.tokens[j - 1].end]
