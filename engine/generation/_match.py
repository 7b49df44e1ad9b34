"""Words -> matched phrases: the first stage of reading a description.

:func:`match` scans the words with the recognisers of ``_parse`` (every word and phrase they
know is data in ``_vocabulary``) and returns a :class:`Matched`: the phrases found, in order,
the notes saying what was set aside, expanded or corrected, and what was not understood
(:meth:`Matched.not_understood`: the words no phrase matched, with the phrases later stages
could not use). Before anything is read, empty text and text that asks the machine for
something else ("ignore previous instructions ...") are refused.

* A **named strategy** typed as the only rule ("buy the dip on AAPL", "death cross since 2010")
  is replaced by its standard description, the rest of the text (symbol, period, stops) kept,
  and read by the same scan; the note quotes the description.
* A **title** is the text before a first colon when the clause after the colon is a whole rule
  (an action and a condition) and the text before it states no condition of its own ("only
  when QQQ is above its 50-day SMA: buy ..." is a rule): "Golden cross: buy when ...", "MACD
  crossover strategy: ...",
  "Hey, can you backtest this for me: buy AAPL when ...". Its symbol, test period, bars,
  direction, stops and indicator settings are kept ("RSI(2) strategy on SPY: buy below 10, ...",
  "15m scalp on EURUSD: ..."); a bare "short" in it over rules that say no side makes them short
  sales ("Breakdown short on XLE: enter when ..."); the lines and lengths it names are those of
  the body's golden cross and new high (read where those are); its other words are set aside,
  never read as a second rule.
* A **greeting** is a sentence, or the description's opening words up to a comma, made only of
  greeting, thanks and request words and filler ("Hi!", "yo, ...", "Thanks in advance, much
  appreciated!"); so are such words before a sentence's first phrase or after its last ("idk if
  this works but buy when ...", "... > 70 lol").
* **Words of no rule** left over once every phrase is read are set aside, quoted: framing
  ("For Costco I look at momentum.": 'I look at'), an idiom restating a rule read ("sell after
  10 days no matter what") and a market concept its side's concrete condition sums up ("I buy
  MSFT on pullbacks. When RSI drops below 40, I buy."); see :func:`_words_of_no_rule`. A run
  with a rule word in it is reported.
* A misspelt vocabulary word is read as the word it is closest to ("read 'bellow' as 'below'"),
  corrected in the words (``_spelling``) before the scan.

Each is echoed ("set aside the title 'Golden cross'"), so nothing is dropped silently.
"""

from __future__ import annotations

import copy
import itertools
import re
from dataclasses import dataclass, field

from engine.generation import _indicator_table as table
from engine.generation import _operands as ops
from engine.generation import _parameters as parameters
from engine.generation import _parse as parse
from engine.generation import _parse_rules as parse_rules
from engine.generation import _spelling as spelling
from engine.generation import _vocabulary as vocab
from engine.generation._draft import DCond, Ind, Item, Num, Price, When
from engine.generation._parse import Scan, scan
from engine.generation._restated import approximations, restate
from engine.generation._tokens import Stream, Token

EXAMPLE = (
    "buy when RSI(14) drops below 30, sell when it rises above 70, 5% stop loss, "
    "on AAPL over the last 2 years"
)
EMPTY = f"Describe a strategy in plain English, for example: '{EXAMPLE}'."
INJECTION = (
    "Botlab reads trading rules, not instructions to a machine: this text asks for something "
    "else, so no bot is written from it. Describe when to buy and when to sell, for example: "
    f"'{EXAMPLE}'."
)
_INJECTION_RE = re.compile(
    "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in vocab.INJECTION_PHRASES), re.IGNORECASE
)
Span = tuple[int, int]  # tokens start:end


@dataclass
class Matched:
    """The phrases of a description and which of its words they used.

    ``refusal`` is set (and nothing was read) for empty text and for a request to the machine,
    which is ``blocked`` for every engine; ``quoted`` then holds the words that asked.
    ``band_family`` is what "the band" means in this text (see :func:`_band_family`). A later
    stage that cannot use a phrase reports its span, and :meth:`not_understood` quotes it.
    """

    items: list[Item] = field(default_factory=list)
    stream: Stream = field(default_factory=lambda: Stream(""))
    used: list[bool] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    band_family: str = "bbands"
    refusal: str | None = None
    blocked: bool = False
    quoted: list[str] = field(default_factory=list)
    meaningful: frozenset[int] = frozenset()  # the tokens that are not filler or punctuation
    #: unread words that name the instrument meant ("Trading Zoom:"; see ``_unread_tickers``)
    unknown_names: list[str] = field(default_factory=list)
    #: the tokens before it are a named strategy's standard description ("buy the dip"): its
    #: stops are defaults the writer's own ("with a 2% stop") replace
    named_until: int = 0

    def not_understood(self, rejected: list[Span]) -> list[str]:
        """Contiguous runs of tokens no phrase used, or in a ``rejected`` phrase (one a later
        stage could not use), that contain a meaningful word, verbatim.

        Punctuation ends a run, except inside a rejected phrase, which is quoted whole ("ATR(14)
        is above its 50-day average").
        """
        if self.refusal is not None:
            return list(self.quoted)
        placed = list(self.used)
        inside = [False] * len(placed)
        for start, end in rejected:
            for k in range(start, end):
                placed[k] = False
                inside[k] = True
        s = self.stream
        runs = _unread_runs(s, placed, inside)
        return [
            s.span_text(run[0], run[-1] + 1) for run in runs if self.meaningful.intersection(run)
        ]


def _unread_runs(s: Stream, placed: list[bool], inside: list[bool]) -> list[list[int]]:
    """Contiguous runs of the tokens not ``placed``; punctuation ends a run, except ``inside`` a
    rejected phrase (see :meth:`Matched.not_understood`)."""
    out: list[list[int]] = []
    run: list[int] = []
    for k in range(s.n + 1):
        tok = s.tokens[k] if k < s.n else None
        punct = tok is not None and tok.kind in ("punct", "nl") and tok.low not in _JOINERS
        if tok is None or placed[k] or (punct and not inside[k]):
            if run:
                out.append(run)
            run = []
        else:
            run.append(k)
    return out


_JOINERS = frozenset({"'", "&", "/", "$", "%", "-"})


def _meaningful(tok: Token) -> bool:
    if tok.kind in ("num", "sym", "date"):
        return True
    return tok.kind in ("word", "op") and tok.low not in vocab.FILLER  # "X = buy": "=" is filler


def match(words: Stream) -> Matched:
    """Match the phrases of ``words`` (see the module docstring)."""
    text = words.text
    if not text.strip():
        return Matched(refusal=EMPTY)
    injection = _INJECTION_RE.search(text)
    if injection is not None:
        return Matched(refusal=INJECTION, blocked=True, quoted=[injection.group()])
    text, named_settings = parameters.declared(text)
    if named_settings:  # "Params: rsi_len=7 ... RSI(rsi_len) < 30": the numbers in place
        words = spelling.words(text)
    text, restated = restate(words)
    restated = named_settings + restated
    if restated:  # "the 10 day high... actually make it the 20 day high": read as corrected
        words = spelling.words(text)
    sc = scan(words)
    if _intraday(sc) and any(_says_daily(words, k) for k in range(words.n)):
        words = spelling.words(text)  # "the daily 50 EMA" on hourly bars: built from them
        words.frames = {"daily": "D"}
        sc = scan(words)
    day_trades = _day_trades_only(sc) if _intraday(sc) else []
    _opening_range_defined(sc)
    notes = day_trades + set_aside(sc)
    named = _named(sc)
    reordered = None if named is None else _named_lengths(text, sc, *named[:2])
    if reordered is not None:  # "ema crossover 9 21": the lengths' own crossover, not the stock one
        text, note = reordered
        sc = scan(spelling.words(text))
        notes = [note, *set_aside(sc)]
        named = _named(sc)
    named_until = 0
    if named is not None:  # "buy the dip on TSLA": its standard description, read in its place
        read, note, described = _expand_named(text, sc, *named)
        sc = scan(spelling.words(read))
        notes = [note, *set_aside(sc)]
        named_until = sum(1 for tok in sc.stream.tokens if tok.start < described)
    notes += restated + approximations(sc.stream, lambda k: _in_an_item(sc, k))
    notes += _corrections(sc) + _bars_of_the_one_timeframe(sc)
    notes += _frames_of_conditions(sc)
    notes += _tickers_after_their_names(sc) + _names_beside_tickers(sc)
    notes += _lowercase_tickers(sc) + _stablecoin_quotes(sc) + _role_lengths(sc)
    notes += _other_currencies(sc)
    notes += _declared_pair_lengths(sc) + _role_definitions(sc)
    meaningful = frozenset(k for k, tok in enumerate(sc.stream.tokens) if _meaningful(tok))
    reported = _unread_conditions(sc) | _universes(sc)
    meaningful |= reported
    notes += _words_of_no_rule(sc, meaningful, reported)
    return Matched(
        sc.items,
        sc.stream,
        sc.used,
        notes,
        _band_family(sc),
        meaningful=meaningful,
        named_until=named_until,
        unknown_names=_unknown_names(sc),
    )


# -- words left over that carry no rule ---------------------------------------------------------

#: Why words are set aside that no phrase read and that carry no rule
_NO_RULE = "no number, indicator, price, time, symbol or order in these words"
#: What an idiom of ``RESTATING_IDIOMS`` restates, echoed as it is set aside
_RESTATES = {
    "time exit": "it restates the time exit given",
    "calendar": "it restates the calendar rules given",
    "same day": "every exit given is at the same day's close",
}


def _words_of_no_rule(sc: Scan, meaningful: frozenset[int], reported: frozenset[int]) -> list[str]:
    """Set aside (in ``sc``, in place) the runs of words no phrase read that carry no rule,
    which would otherwise be reported as not understood; the echo of each.

    * Framing ("For Costco I look at momentum. ...": 'I look at'; "Could you set up a strategy
      that ..."): no rule word in the run (see :func:`_rule_words`); one note quotes them all.
    * An idiom restating a rule read ("sell after 10 days no matter what"; "every year" with
      month rules; "no overnight holding" when every exit is the same day's close).
    * A market concept summed up by its side's concrete condition (see :func:`_summary_side`).

    Any other run is reported as before, and so is every run with a word of an unread condition
    or of a universe (``reported``): when in doubt, words are reported, never set aside."""
    s = sc.stream
    framing: list[list[int]] = []
    notes: list[str] = []
    for run in _unread_runs(s, sc.used, [False] * len(sc.used)):
        if not meaningful.intersection(run) or reported.intersection(run):
            continue
        if _introduces_an_open_phrase(sc, run):
            continue
        ruled = _rule_words(s, run, meaningful)
        why = None if not ruled else _restated(sc, run, ruled)
        side = None if not ruled or why is not None else _summary_side(sc, run, ruled)
        if side is not None:
            why = f"read as summed up by the {side} rule given"
        if ruled and why is None:
            continue  # reported
        if why is None:
            framing.append(run)
        else:
            notes.append(f"set aside '{s.span_text(run[0], run[-1] + 1)}' ({why})")
        for k in run:
            sc.used[k] = True
    if framing:
        quoted = ", ".join(f"'{s.span_text(run[0], run[-1] + 1)}'" for run in framing)
        notes.insert(0, f"set aside {quoted} ({_NO_RULE})")
    return notes


def _introduces_an_open_phrase(sc: Scan, run: list[int]) -> bool:
    """``run`` touches a phrase a later stage may not use: one no stage reads ("catch oversold"),
    or a condition or a line no rule tests in a sentence with no action ("I look for the price to
    be above the 200 day moving average.", "I use the 50-day SMA as a guide."). Its words may be
    part of that phrase, reported with it if it is."""
    s = sc.stream
    for item in sc.items:
        if not (run[0] <= item.end and item.start <= run[-1] + 1):
            continue
        if item.kind == "unparsed":
            return True
        if item.kind in ("cond", "mention"):
            start, end = _sentence_of(s, item.start)
            if any(i.kind == "action" and start <= i.start < end for i in sc.items):
                continue
            if item.kind == "cond" or not _a_tested_line(sc, item):
                return True
    return False


def _a_tested_line(sc: Scan, mention: Item) -> bool:
    """``mention`` names a line a condition compares ("For Costco I look at momentum." over
    "the 10-day rate of change turns positive"); else it is reported ("I use the 50-day SMA as
    a guide." over rules on the 200-day SMA), and the words around it with it."""
    said = mention.value
    return isinstance(said, Ind) and any(_same_line(said, line) for line in _tested_lines(sc.items))


#: "Scalp BTC on the 5 minute chart.", "Swing trading NVDA on the daily.": words of a strategy's
#: name that are also the writer's framing carry no rule where no phrase read them
_STYLES_OF_TRADING = vocab.STYLE_NAME_WORDS & vocab.FRAMING_WORDS


def _rule_words(s: Stream, run: list[int], meaningful: frozenset[int]) -> list[int]:
    """The tokens of ``run`` that may carry a rule: numbers, symbols and dates; every word of the
    tables that say rules (``_spelling.RULE_WORDS``, computed from them), of
    ``MARKET_CONCEPTS``, ``MARKET_FACTS`` and ``LIMITS``; and any word Botlab does not know (it
    may name anything). Not: filler, and the writer's voice (chat, requests, framing verbs:
    ``VOICE_WORDS``), nor the words of a ``FRAMING_PHRASES`` phrase ("set up")."""
    framed: set[int] = set()
    for k in run:
        said = s.longest(k, vocab.FRAMING_PHRASES)
        if said is not None and said[0] - 1 <= run[-1]:
            framed.update(range(k, said[0]))
    return [
        k
        for k in run
        if k in meaningful
        and k not in framed
        and (
            s.kind(k) != "word"
            or s.low(k) in spelling.RULE_WORDS
            and s.low(k) not in _STYLES_OF_TRADING
            or s.low(k) in vocab.MARKET_CONCEPTS
            or s.low(k) in vocab.MARKET_FACTS | vocab.LIMITS
            or s.low(k) not in vocab.VOICE_WORDS
        )
    ]


def _restated(sc: Scan, run: list[int], ruled: list[int]) -> str | None:
    """Why ``run`` restates a rule read, when its rule words are all one idiom of
    ``RESTATING_IDIOMS`` and what the idiom restates is in the text; else None."""
    s = sc.stream
    for k in run:
        said = s.longest(k, vocab.RESTATING_IDIOMS)
        if said is None or said[0] - 1 > run[-1] or any(not k <= j < said[0] for j in ruled):
            continue
        restates = str(said[1])
        if restates == "time exit" and any(
            i.kind == "risk" and i.value[0] == "time" for i in sc.items
        ):
            return _RESTATES[restates]
        if restates == "calendar" and any(
            isinstance(i.value, When) and i.value.kind == "calendar" for i in sc.items
        ):
            return _RESTATES[restates]
        if restates == "same day" and _exits_at_the_same_close(sc):
            return _RESTATES[restates]
    return None


def _exits_at_the_same_close(sc: Scan) -> bool:
    """Every exit said is at the close of the day entered at the open, on daily bars ("buy at
    the open and sell at the close of the same day"): nothing is held overnight."""
    fills: dict[str, list[str | None]] = {}
    for n, item in enumerate(sc.items):
        if item.kind != "action":
            continue
        clause = itertools.takewhile(
            lambda i: i.kind != "action" and not (i.kind == "sep" and i.value), sc.items[n + 1 :]
        )
        said = [
            i.value.fill for i in clause if isinstance(i.value, When) and i.value.kind == "fill"
        ]
        fills.setdefault(str(item.value), []).extend(said or [None])
    exits = [fill for side, said in fills.items() if side in vocab.CLOSING_SIDES for fill in said]
    entries = [fill for side, said in fills.items() if side in vocab.OPENING_SIDES for fill in said]
    return (
        bool(exits)
        and set(exits) == {"close"}
        and set(entries) == {"next_open"}
        and not _bars_said(sc)
        and not any(i.kind == "risk" and i.value[0] == "time" for i in sc.items)
    )


def _summary_side(sc: Scan, run: list[int], ruled: list[int]) -> str | None:
    """The side whose rule sums up ``run`` ("I like to buy MSFT on pullbacks. When the RSI drops
    below 40, I buy."): its rule words are all ``MARKET_CONCEPTS``, said of a side (the action
    of its sentence, or with none every entry of the text) that has a concrete condition in the
    text (see :func:`_concrete`). With none ("buy AAPL on pullbacks, sell at 10% profit"), the
    concept is the missing rule, reported."""
    s = sc.stream
    concepts = {vocab.MARKET_CONCEPTS.get(s.low(k)) for k in ruled}
    if None in concepts or any(s.low(k) in vocab.CONCEPT_QUALIFIERS for k in run):
        return None  # "the high of the pullback bar": one bar, not what is traded
    start, end = _sentence_of(s, run[0])
    sides = {_side(i.value) for i in sc.items if i.kind == "action" and start <= i.start < end}
    if sides and "regime" in concepts:
        return None  # "buy when RSI(2) < 10 on strong trends": a filter, not read
    if not sides:
        sides = {_side(i.value) for i in sc.items if i.kind == "action"} & vocab.OPENING_SIDES
    if len(sides) != 1 or not sides <= _concrete_sides(sc):
        return None
    return next(iter(sides))


def _side(action: object) -> str:
    """ "buy", "short", or "sell" for any exit ("exit", "cover")."""
    return "sell" if action in vocab.CLOSING_SIDES else str(action)


def _sentence_of(s: Stream, k: int) -> tuple[int, int]:
    """The token span of the sentence holding token ``k``."""
    start, end = k, k
    while start > 0 and not _sentence_ends(s, start - 1):
        start -= 1
    while end < s.n and not _sentence_ends(s, end):
        end += 1
    return start, end


def _sentence_ends(s: Stream, k: int) -> bool:
    return s.kind(k) == "nl" or s.low(k) in ".!?;"


def _concrete_sides(sc: Scan) -> set[str]:
    """The sides with a concrete condition said in a sentence of theirs: a crossing, a touch, a
    run of bars or a comparison with a number ("RSI drops below 40", "the SAR flips below
    price", "ROC turns positive"); not a state between two lines ("in an uptrend": the close
    above its 200-day SMA), which sums up no pullback, dip or breakout."""
    s, sides = sc.stream, set()
    for item in sc.items:
        if item.kind != "action":
            continue
        start, end = _sentence_of(s, item.start)
        if any(i.kind == "cond" and _concrete(i.value) for i in sc.items if start <= i.start < end):
            sides.add(_side(item.value))
    return sides


def _concrete(cond: object) -> bool:
    """A condition that sums up a market concept (see :func:`_concrete_sides`)."""
    if not isinstance(cond, DCond) or isinstance(cond, When):
        return False
    if cond.kind in ("cross", "touch", "consecutive"):
        return True
    return cond.kind == "compare" and (isinstance(cond.b, Num) or isinstance(cond.a, Num))


def _universes(sc: Scan) -> frozenset[int]:
    """The words naming many symbols at once ("short any stock that goes up 20% in a day"),
    filler as each word is: reported, since a bot trades the one symbol it is given and a
    rule over "any stock" is not one over that symbol."""
    s, out = sc.stream, set()
    for k in range(s.n):
        said = s.longest(k, vocab.UNIVERSES)
        if said is not None:
            out.update(range(k, said[0]))
    return frozenset(out)


def _unread_conditions(sc: Scan) -> frozenset[int]:
    """The words of a "when ..." clause right after an action, even when each is filler ("sell
    when it gets back to it"): if no phrase reads them, or a later stage cannot use what one
    read, the condition is reported rather than the rule being taken as never said."""
    out: set[int] = set()
    s = sc.stream
    for item in sc.items:
        k = item.end
        if item.kind != "action" or s.low(k) not in vocab.WHEN_WORDS:
            continue
        run = []  # the words after "when" (itself never reported: the phrases start after it)
        k += 1
        while k < s.n and s.kind(k) in ("word", "num"):
            run.append(k)
            k += 1
        if run and (k >= s.n or s.kind(k) == "nl" or s.low(k) in vocab.CLAUSE_ENDS):
            read = [j for j in run if sc.used[j]]  # reported only if their phrase is not used
            out.update(read or run)
    return frozenset(out)


_INTERVAL_KEYS = ("interval", "interval_word")  # bars said with their noun, a bare word


def said_interval(items: list[Item]) -> str | None:
    """The bars the text says to test on, wherever and however it says them: the last bars
    said with their noun ("on weekly bars", "Hourly chart, ..."), else the last bare word said
    of a rule or a title ("the daily trend", "Monthly rebalance: ..."); None when none is. The
    spec's interval and the bars lengths are counted in (:func:`tested_interval`) are both
    this."""
    said = [i.value for i in items if i.kind == "meta" and i.value[0] in _INTERVAL_KEYS]
    explicit = [value for key, value in said if key == "interval"]
    return (explicit or [value for _, value in said] or [None])[-1]


def tested_interval(matched: Matched) -> str:
    """The bars lengths are counted in: those the text says to test on, wherever and however it
    says them (:func:`said_interval`: "Weekly bars: ...", "on the 1h chart": the 50-hour SMA is
    50 of them), else daily. (A length in days on intraday bars is the bars of that many
    sessions of the market of :func:`tested_symbol`.)"""
    return said_interval(matched.items) or "1d"


def tested_symbol(matched: Matched) -> str | None:
    """The symbol the text trades, as far as its market goes (the first said): whose sessions
    a length in days is counted in on intraday bars."""
    said = [i.value[1] for i in _symbols(matched.items)]
    return str(said[0]) if said else None


# -- named strategies ---------------------------------------------------------------------------

_RULE_ITEMS = frozenset({"action", "cond", "style", "mention", "unparsed", "buy_and_hold"})


def _named(sc: Scan) -> tuple[int, int, str] | None:
    """``(first token, end token, description)`` when the only rule the text names is a named
    strategy ("buy the dip on AAPL", "death cross since 2010")."""
    s = sc.stream
    for i in range(s.n):
        hit = s.longest(i, vocab.NAMED_STRATEGIES)
        if hit is None:
            continue
        end, described = hit
        lengths = _two_lengths(s, end)
        said = lengths[2] if lengths else end  # "sma crossover with 10 and 30 days": its own
        lead = i - (s.low(i - 1) in vocab.ARTICLES)  # "do a moving average crossover ..."
        if any(not lead <= it.start < said for it in sc.items if it.kind in _RULE_ITEMS):
            return None  # other rules too (or the name was a title): the words are read
        return i, end, described  # type: ignore[return-value]
    return None


def _declared_pair_lengths(sc: Scan) -> list[str]:
    """ "EMA 9/21. buy when the fast EMA crosses above the slow EMA", "using the 9 and 21 EMAs,
    ... the fast line crosses above the slow line": lines named by their role take the lengths
    of the one pair of averages the text declares by its two lengths and reads nowhere else,
    the shorter the fast one (echoed)."""
    s = sc.stream
    lines = [
        line
        for item in sc.items
        if item.kind == "cond" and isinstance(item.value, DCond)
        for line in (item.value.a, item.value.b)
        if isinstance(line, Ind) and line.role in ("fast", "slow") and not line.params
    ]
    pair = _declared_pair(sc) if lines else None
    if pair is None:
        return []
    family, lengths, start, end = pair
    if any(line.family not in ("ma", family) for line in lines):
        return []  # "EMA 9/21 ... the fast SMA": another average than the one declared
    for line in lines:
        line.family = family
        line.params["period"] = lengths[0] if line.role == "fast" else lengths[1]
    _drop(sc, start, end, keep=frozenset())
    return [f"'{s.span_text(start, end)}' read as the lengths of the fast and slow lines"]


def _role_definitions(sc: Scan) -> list[str]:
    """ "Fast MA is the 8 EMA, slow is the 34 EMA", "Slow average: 50 SMA", "an 8 EMA as the
    fast MA": averages given their role in a phrase of their own. Lines named by that role
    later ("the fast MA crosses above the slow MA") are those averages, and a crossing said with
    no lines once both are given ("Long on the cross up") is the fast one crossing the slow one
    (echoed). A role given twice is left as said (its lines stay unread)."""
    s, defined, spans = sc.stream, {}, []
    for n in range(len(sc.items)):
        got = _role_given(s, sc.items, n)
        if got is None:
            continue
        role, average, start, end = got
        if role in defined:
            return []
        defined[role] = average
        spans.append((start, end))
    if not defined:
        return []
    for item in sc.items:
        cond = item.value
        if item.kind != "cond" or not isinstance(cond, DCond):
            continue
        if cond.kind == "cross" and cond.a is None and cond.b is None and len(defined) == 2:
            cond.a, cond.b = copy.deepcopy(defined["fast"]), copy.deepcopy(defined["slow"])
        for side in ("a", "b"):
            line = getattr(cond, side)
            if isinstance(line, Ind) and line.role in defined and not line.params:
                setattr(cond, side, copy.deepcopy(defined[line.role]))
    for start, end in spans:
        _drop(sc, start, end, keep=frozenset())
    return [
        f"'{s.span_text(start, end)}' read as the {role} line"
        for (start, end), role in zip(spans, defined, strict=True)
    ]


def _role_given(s: Stream, items: list[Item], n: int) -> tuple[str, Ind, int, int] | None:
    """The role, the average and the span of a role given at item ``n`` (see
    ``_role_definitions``): a role then the average ("Fast MA is the 8 EMA", "slow is the 34
    EMA") or the average then its role ("an 8 EMA as the fast MA")."""
    item = items[n]
    average = item.value
    if item.kind != "mention" or not isinstance(average, Ind) or not average.params:
        return None
    if average.family not in vocab.MA_FAMILIES or average.role is not None:
        return None
    named = s.skip(item.start)
    if s.low(named) in vocab.ROLES_SAID_ALONE:  # "fast ema 8, slow ema 34": said as one phrase
        return vocab.ROLE_WORDS[s.low(named)], average, item.start, item.end  # type: ignore[return-value]
    k = item.start
    while k > 0 and s.low(k - 1) in vocab.ROLE_LINKS:
        k -= 1
    before = next((i for i in reversed(items[:n]) if i.kind != "sep"), None)
    if k < item.start and before is not None and before.end == k and _role_line(before):
        return before.value.role, average, before.start, item.end  # type: ignore[union-attr]
    role = k - 1 - (s.low(k - 1) in vocab.ROLE_NOUNS)  # "slow is", "the slow line is"
    linked = k < item.start or s.low(k) in vocab.ARTICLES  # "... and the slow line a 20 EMA"
    if linked and s.low(role) in vocab.ROLES_SAID_ALONE:
        return vocab.ROLE_WORDS[s.low(role)], average, role, item.end
    after = items[n + 1] if n + 1 < len(items) else None
    gives = s.low(item.end) in vocab.ROLE_GIVERS
    linked = gives and after is not None and after.start in (item.end + 1, s.skip(item.end + 1))
    if linked and _role_line(after):
        return after.value.role, average, item.start, after.end  # type: ignore[union-attr]
    return None


def _role_line(item: Item | None) -> bool:
    """A line named by its role alone ("the fast MA", "the slow line")."""
    line = item.value if item is not None and item.kind == "mention" else None
    return isinstance(line, Ind) and line.role in ("fast", "slow") and not line.params


def _declared_pair(sc: Scan) -> tuple[str, tuple[float, float], int, int] | None:
    """The one pair of averages declared by two lengths that no phrase reads ("EMA 9/21", "the
    9 and 21 EMAs", "SMA (10, 30)"): (its family, the shorter and longer length, its span)."""
    s = sc.stream
    found = []
    for k in range(s.n):
        said = s.longest(k, vocab.KEYWORDS)
        if said is None or said[1][0] not in vocab.MA_FAMILIES:
            continue
        span = _pair_lengths_around(s, k, said[0])
        if span is None:
            continue
        read = any(
            span[0] <= i.start < span[1]
            and i.kind not in ("mention", "conn")
            and not _the_pair(i, span[2])
            for i in sc.items
        )
        if not read:
            found.append((said[1][0], tuple(sorted(span[2])), span[0], span[1]))
    if len({(family, lengths) for family, lengths, _, _ in found}) != 1:
        return None
    family, lengths, start, end = found[0]
    return (family, lengths, start, end) if lengths[0] < lengths[1] else None


def _pair_lengths_around(
    s: Stream, k: int, end: int
) -> tuple[int, int, tuple[float, float]] | None:
    """Two lengths said after the average named at ``k:end`` ("EMA 9/21") or before it ("the 9
    and 21 EMAs", "using the 20 and 50 day SMAs"): (the span's start, its end, the lengths)."""
    after = _two_lengths(s, end)
    if after is not None:
        return k, after[2], after[:2]
    for start in (k - 3, k - 4):
        before = _two_lengths(s, start) if start >= 0 else None
        if before is not None and before[2] == k:
            while s.kind(start - 1) == "word" and (
                s.low(start - 1) in vocab.LENGTH_LINKS or s.low(start - 1) in vocab.ARTICLES
            ):
                start -= 1  # "using the 9 and 21 EMAs"
            return start, end, before[:2]
    return None


def _the_pair(item: Item, lengths: tuple[float, float]) -> bool:
    """``item`` reads a declared pair as its own crossing ("EMA 9/21" alone: EMA(9) crossing
    EMA(21)), which lines named by their role later take instead."""
    cond = item.value
    if item.kind != "cond" or not isinstance(cond, DCond) or cond.kind != "cross":
        return False
    said = [line.params.get("period") for line in (cond.a, cond.b) if isinstance(line, Ind)]
    return sorted(said) == sorted(lengths)  # type: ignore[type-var]


def _two_lengths(s: Stream, end: int) -> tuple[float, float, int] | None:
    """Two lengths said after a name at ``end`` ("8 and 34", "(9, 21)", "with 10 and 30
    days"): the lengths and the end of what said them."""
    k = s.skip(s.skip(end, vocab.LENGTH_LINKS), vocab.ARTICLES)  # "with a 10 and 30 day"
    k += s.low(k) == "("
    first = s.number(k)
    if first is None:
        return None
    joined = s.low(first[0]) in vocab.PAIR_JOINERS
    second = s.number(first[0] + joined)
    if second is None or s.kind(second[0]) == "num":
        return None
    stop = second[0] + (s.low(second[0]) == ")" and s.low(k - 1) == "(")
    stop += s.low(stop) in vocab.PERIOD_UNITS
    return first[1], second[1], stop


def _named_lengths(text: str, sc: Scan, start: int, end: int) -> tuple[str, str] | None:
    """A named crossover or channel breakout followed by two lengths ("moving average crossover
    8 and 34", "ema crossover (9, 21)", "turtle breakout 55/20"): the text with the lengths said
    where they read ("8/34 moving average crossover", "donchian 55/20 breakout": entry channel,
    then exit channel), and the note that says so; None for anything else."""
    s = sc.stream
    words = {s.low(k) for k in range(start, end)}
    paired = s.low(start) in vocab.PAIR_COUNT_WORDS  # "dual moving average (system)"
    crossover = (words & vocab.CROSS_WORDS or paired) and words & vocab.AVERAGE_NAME_WORDS
    if not crossover and not words & vocab.CHANNEL_SYSTEMS:
        return None
    got = _two_lengths(s, end)
    if got is None:
        return None
    first, second, stop = got
    tokens = s.tokens
    name = s.span_text(start, end)
    if crossover and paired:  # "dual moving average crossover 10/30": the pair is the two
        name = s.span_text(start + 1, end)  # lengths said
    family = s.longest(stop, vocab.KEYWORDS) if crossover else None
    if family is not None and family[1][0] in vocab.MA_FAMILIES:  # type: ignore[index]
        # "with 10 and 30 day EMAs", "with a 10 and 30 day exponential average": that average
        name, stop = f"{s.span_text(stop, family[0])} crossover", family[0]
    said = s.span_text(start, stop)
    lengths = f"{first:g}/{second:g}"
    read = f"{lengths} {name}" if crossover else f"donchian {lengths} breakout"
    rest = text[: tokens[start].start] + read + text[tokens[stop - 1].end :]
    return rest, f"read '{said}' as '{read}'"


def _expand_named(
    text: str, sc: Scan, start: int, end: int, described: str
) -> tuple[str, str, int]:
    """The text with the named strategy's description in place of its name (the rest, such as
    symbol, period and stops, kept), the note that says so and where the description ends."""
    tokens = sc.stream.tokens
    name = sc.stream.span_text(start, end)
    if vocab.BAR_INTERVAL.get() != "1d":  # "golden cross on weekly bars": 50 and 200 of them
        described = described.replace("-day ", "-bar ")
    rest = text[: tokens[start].start] + " " + text[tokens[end - 1].end :]
    note = f"'{name}' read as Botlab's standard '{name}' strategy: {described}"
    return f"{described} {rest.strip()}", note, len(described)


def _says_daily(s: Stream, k: int) -> bool:
    """ "daily", or its one-bar code ("d1 close", "1d ema 50"), at ``k``."""
    code = ops.one_bar_frame_code(s, k)
    return s.low(k) == "daily" or (code is not None and code[1] == "daily")


# -- corrections and the band -------------------------------------------------------------------


def _corrections(sc: Scan) -> list[str]:
    """ "read 'bellow' as 'below'", for every corrected word a rule uses; "'7-8%' read as 7%"
    for every range of percents read as one."""
    s = sc.stream
    ranges = [
        f"'{said}' read as {s.tokens[k].value:g}% (the nearer end of the range, the level a "
        "move reaches first)"
        for k, said in s.ranges.items()
        if sc.used[k]
    ]
    reordered = [
        f"'{said}' read as '{s.tokens[k].low} {s.tokens[k + 1].text}' (the level said first)"
        for k, said in s.reordered.items()
        if sc.used[k]
    ]
    return (
        ranges
        + reordered
        + [
            f"read '{word}' as '{s.tokens[k].low}'"
            for k, word in s.corrections.items()
            if sc.used[k]
        ]
    )


#: The one-word names of the Keltner channels ("keltner", "kc")
_KELTNER_NAMES = frozenset(name for name in table.TABLE["keltner"].names if " " not in name)


def _band_family(sc: Scan) -> str:
    """What "the band" means: the Keltner or Donchian channel when the text names one (a bare
    "channel" is Donchian's), else the Bollinger Bands."""
    words = {t.low.removesuffix("'s") for t in sc.stream.tokens}  # "Chester Keltner's bands"
    keltner = words & _KELTNER_NAMES  # "the upper KC(20,2) ... the middle line"
    if keltner and not words & {"bollinger", "bb", "bbands", "donchian"}:
        return "keltner"
    if words & {"donchian", "channel", "channels"} and not keltner:
        return "donchian"
    return "bbands"


# -- titles and greetings -----------------------------------------------------------------------

#: Conditions that are states, not names, before a colon: "In December: ...", "In an uptrend:
#: ..." ("Golden cross: ..." names a crossing, a title)
_STATES = frozenset({"calendar", "compare"})
#: What a title may still say about the test: kept.
_KEPT_IN_TITLE = frozenset({"meta", "mention", "direction", "risk"})


def set_aside(sc: Scan) -> list[str]:
    """Drop title and greeting items from ``sc`` (in place); the echo of what was set aside."""
    notes = []
    greetings = sorted(_greetings(sc) + _asides(sc) + _request_framings(sc))
    begin = 0  # a title may follow opening greetings: "Hi! Golden cross: buy when ..."
    for start, end in greetings:
        if start == begin:
            begin = end
    _state_heading(sc, begin)
    side = _side_heading(sc, begin)
    if side is not None:
        notes.append(f"'{side}' before rules that say no side read as: every entry is a short sale")
    title = _title_end(sc.items, sc, begin)
    if title is not None:
        _drop_title_symbols(sc, begin, title)
        _read_title_bars(sc, begin, title)
        kept = _keep_title_settings(sc, begin, title)
    if title is not None and _drop(sc, begin, title + 1, keep=_KEPT_IN_TITLE):
        notes.append(
            f"set aside the title '{sc.stream.span_text(begin, title)}' (a name, not a rule"
            + ("; the settings it gives the band are used" if kept else "")
            + _title_bars_note(sc, begin, title)
            + ")"
        )
        _state_heading(sc, title + 1)  # "short the bounce: in a downtrend (...), short when"
    taken = [*greetings, (begin, begin if title is None else title + 1)]
    greetings = sorted(
        greetings
        + [(a, b) for a, b in _chat_edges(sc) if not any(a < y and x < b for x, y in taken)]
    )
    for start, end in greetings + _slogans(sc):
        notes.append(f"set aside '{sc.stream.span_text(start, end).strip()}' (not a trading rule)")
        _drop(sc, start, end, keep=frozenset())
    for start, end in _name_lines(sc):
        notes.append(
            f"set aside '{sc.stream.span_text(start, end).strip()}' (the name the line gives "
            "the strategy, not a rule: the rules are the lines under it)"
        )
        _drop(sc, start, end, keep=frozenset({"meta"}))
    for start, end in _condition_names(sc):
        notes.append(
            f"set aside '{sc.stream.span_text(start, end)}' (a name for the condition the colon "
            "introduces, which is read)"
        )
        _drop(sc, start, end, keep=frozenset())
    for start, end in _bracketed_definitions(sc):
        notes.append(
            f"set aside '{sc.stream.span_text(start, end)}' (a name for the condition in "
            "brackets after it, which is read)"
        )
        _drop(sc, start, end, keep=frozenset())
    voice = (  # the writer's own voice: their practice, a reason, what they saw the market do
        (_framings, "not a trading rule"),
        (_names_given, "a name the writer gives the idea, not a rule"),
        (_kept_anyway, "every Botlab bot holds one position at a time and never borrows"),
        (_headings, "a heading over the lines that say the rules"),
        (_all_must_hold, "conditions listed together must all hold: they are joined with 'and'"),
        (_reasons, "a reason, not a rule"),
        (_bracketed_glosses, "a name for the condition before it, which is read"),
        (_observations, "what the writer has seen, not a rule"),
        (_hearsay, "a question about the test or an opinion of the idea, not a rule"),
    )
    notes += _any_must_hold(sc)
    for find, why in voice:  # in this order, each finding what the one before it left
        for start, end in find(sc):
            notes.append(f"set aside '{sc.stream.span_text(start, end).strip()}' ({why})")
            _drop_settings_said_again(sc, start, end)
            _drop(sc, start, end, keep=frozenset({"meta"}))  # their symbol and bars count
    for start, end in _explanations(sc):  # what the writer's voice left
        notes.append(
            f"set aside '{sc.stream.span_text(start, end).strip()}' (an explanation or example "
            "of the rules, not a rule: its numbers are not read)"
        )
        _drop_explanation(sc, start, end)
    return notes + _self_corrections(sc) + _restated_rules(sc)


def _read_title_bars(sc: Scan, begin: int, title: int) -> None:
    """ "Gold scalper 15m: ...", "AAPL 30 minute mean reversion: ...", "15m EMA scalp on EURUSD:
    ...": the first count of minutes or hours (or one day or week) in a title is the bars
    tested, kept as the title is set aside, whatever else read it (a line of the title said on
    those bars is on the bars themselves). Bars said in the rules come first."""
    s = sc.stream
    if any(i.kind == "meta" and i.value[0] == "interval" for i in sc.items):
        return
    for k in range(begin, title):
        got = s.number(k)
        if got is None or got[1] != int(got[1]) or got[1] <= 0:
            continue
        interval = parse.interval_of(int(got[1]), s.low(got[0]))
        if interval is None:
            continue
        frame = vocab.FRAME_OF_INTERVAL.get(interval, interval)  # "1wk" bars: "weekly" lines
        for line in (line for i in sc.items if begin <= i.start < title for line in _lines_of(i)):
            line.timeframe = None if line.timeframe == frame else line.timeframe
        at = next((n for n, i in enumerate(sc.items) if i.start > k), len(sc.items))
        sc.items.insert(at, Item("meta", ("interval", interval), k, got[0] + 1))
        return


def _title_bars_note(sc: Scan, begin: int, title: int) -> str:
    """ "; the 30m bars it names are tested": bars a title names ("30m Bollinger bounce on SPY:
    ..."), kept from it, stated as the title is set aside (a symbol is stated in the rules)."""
    bars = [
        item.value[1]
        for item in sc.items
        if item.kind == "meta" and item.value[0] == "interval" and begin <= item.start < title
    ]
    return f"; the {bars[-1]} bars it names are tested" if bars else ""


#: What a reason may name and still be only a reason ("because that usually means momentum":
#: a style; "because gold tends to snap back": a symbol)
_REASON_WORDS_READ = frozenset({"sep", "meta", "style", "mention"})


def _reasons(sc: Scan) -> list[tuple[int, int]]:
    """Token spans of the reasons a writer gives for a rule ("buy when the RSI drops under 30,
    because that usually means it's oversold"): from "because" to the clause's end, when no
    phrase but a setting was read in it. A reason that states a condition ("because RSI is
    above 70") is left where it is, read or reported, never dropped."""
    s, spans = sc.stream, []
    for k in range(s.n):
        hit = s.longest(k, vocab.REASONS)
        if hit is None or any(a <= k < b for a, b in spans):
            continue
        if s.low(k) in vocab.CLAUSE_OPENING_REASONS and not _opens_clause(sc, k):
            continue
        if any(i.start < k < i.end for i in sc.items):
            continue  # inside a phrase read whole
        end = hit[0]
        while end < s.n and s.kind(end) != "nl" and s.low(end) not in vocab.REASON_ENDS:
            end += 1
        if end == hit[0] and s.longest(k, vocab.RESTATEMENTS) is not None:
            continue  # "I.e., RSI(2) below 10": a restatement (see _restated_rules)
        if s.low(k) in vocab.CLAUSE_OPENING_REASONS and any(
            i.kind == "meta" and k <= i.start < end for i in sc.items
        ):
            continue  # "..., since 2005": the test's start
        said = [i for i in sc.items if k <= i.start < end and i.kind not in _REASON_WORDS_READ]
        if not said:
            spans.append((k, end))
        elif (
            not any(i.kind == "action" for i in said)
            and not any(s.longest(x, vocab.OBSERVATIONS) for x in range(k, end))
            and _rules_beside(sc, k, end)
        ):  # "since that shows momentum turning up": no filter of the rule (what the writer
            _unread(sc, k, end)  # has seen is set aside by _observations)
    return spans


def _rules_beside(sc: Scan, start: int, end: int) -> bool:
    """Whether the text outside tokens ``start:end`` has an action and a condition."""
    elsewhere = [i for i in sc.items if not start <= i.start < end]
    return any(i.kind == "action" for i in elsewhere) and any(i.kind == "cond" for i in elsewhere)


def _opens_clause(sc: Scan, k: int) -> bool:
    """Whether token ``k`` opens a sentence or a clause after a comma."""
    s = sc.stream
    return k == 0 or s.kind(k - 1) == "nl" or s.low(k - 1) in vocab.REASON_ENDS


def _explanations(sc: Scan) -> list[tuple[int, int]]:
    """Token spans of sentences that explain, illustrate or restate the rules said beside them
    ("Why RSI 2? Because short lookbacks react fast.", "Say it closes at $180 and the band is at
    $182: that's a buy.", "In other words, fade the spike.", "RSI was invented by Wilder in
    1978."): opened by one of ``EXPLAINING_OPENINGS`` (at a sentence's start, or after a comma
    for ``EXPLAINING_AFTER_COMMA``), or saying nothing but a setting amid words Botlab does not
    read, with no action of their own, when the rest of the text has an action and a condition.
    Their numbers are the writer's illustration, never a rule: a year is no test period, a
    price no level, a sum no starting cash."""
    spans = []
    for start, end in _sentences(sc):
        said = [i for i in sc.items if start <= i.start < end]
        if any(i.start < start < i.end for i in sc.items) or not _rules_beside(sc, start, end):
            continue
        if _restates_conditions(sc, start):
            continue  # "In other words: RSI(14) above 55 and ...": see _restated_rules
        opening = _explaining_opening(sc, start, end)
        if opening is not None:  # "Say it closes at $50: that's a buy." has an action
            before = [i for i in said if i.start < opening]
            ruled = any(i.kind in ("action", "cond") for i in before)
            spans.append((opening if ruled else start, end))
        elif _background(sc, start, end, said):
            if any(i.kind == "cond" for i in said):
                _unread(sc, start, end)  # "RSI 50 is the midline, so above it the bulls are in
            else:  # charge.": what it says is no filter of the rules, reported
                spans.append((start, end))
    return spans


def _sentences(sc: Scan) -> list[tuple[int, int]]:
    """Token spans of the sentences of the text, each with its closing mark."""
    s, spans, start = sc.stream, [], 0
    for k in range(s.n + 1):
        ends = k == s.n or s.kind(k) == "nl" or s.low(k) in (".", "!", "?")
        if ends and k > start and not _abbreviation_dot(sc, k):
            spans.append((start, min(k + 1, s.n)))
            start = k + 1
    return spans


def _abbreviation_dot(sc: Scan, k: int) -> bool:
    """Whether the mark at ``k`` is a dot of "e.g." or "i.e." (no sentence ends there)."""
    s = sc.stream
    if k >= s.n or s.low(k) != ".":
        return False
    before = s.low(k - 1) if k > 0 else ""
    after = s.low(k + 1) if k + 1 < s.n else ""
    first = before in ("e", "i") and after in ("g", "e")
    second = before in ("g", "e") and k >= 3 and s.low(k - 2) == "." and s.low(k - 3) in ("e", "i")
    return first or second


def _restates_conditions(sc: Scan, k: int) -> bool:
    """Whether a restating opening at ``k`` says a concrete condition again ("Concretely: OBV
    above its 30-day SMA"), the rule :func:`_restated_rules` reads."""
    said = _restatement(sc.stream, k)
    after = (
        None
        if said is None
        else next((i for i in sc.items if i.start >= said[0] and i.kind != "sep"), None)
    )
    return after is not None and after.kind == "cond" and after.value.a is not None


def _explaining_opening(sc: Scan, start: int, end: int) -> int | None:
    """Where an explaining opening starts in the sentence ``start:end``: at its start, or after
    a comma for the openings that may go there."""
    s = sc.stream
    if s.longest(start, vocab.EXPLAINING_OPENINGS) is not None:
        return start
    if _textbook_background(sc, start, end):
        return start
    for k in range(start + 1, end):
        if s.low(k - 1) == "," and s.longest(k, vocab.EXPLAINING_AFTER_COMMA) is not None:
            return k
    return None


#: What textbook background may have read in it: the lines it describes and the levels it
#: says they reach, never an action, stop, target or size
_TEXTBOOK_READ = frozenset({"mention", "cond", "sep", "conn", "unparsed", "style"})


def _textbook_background(sc: Scan, start: int, end: int) -> bool:
    """The sentence ``start:end`` is textbook background copied around the rules, with nothing
    read in it but lines and levels (``_TEXTBOOK_READ``): opened by one of
    ``BACKGROUND_OPENINGS`` ("Traditionally, RSI is considered overbought when above 70 ...")
    or a line's name then one of ``DEFINING_PHRASES`` ("The Relative Strength Index (RSI) is a
    momentum oscillator ...")."""
    s = sc.stream
    said = [i for i in sc.items if start <= i.start < end]
    if any(i.kind not in _TEXTBOOK_READ for i in said):
        return False  # "Many traders also use a 5% stop.": a stop, read or reported
    if s.longest(start, vocab.BACKGROUND_OPENINGS) is not None:
        return True
    first = next((i for i in said if i.kind != "sep"), None)
    named = first is not None and first.kind == "mention" and first.start == start
    return named and s.longest(first.end, vocab.DEFINING_PHRASES) is not None


#: The settings a sentence of background may name and still be background: kept, its
#: instrument and bars, when said nowhere else
_INSTRUMENT = frozenset({"symbol", "interval"})


#: What a sentence of background may have read in it ("That's roughly 25 shares at $400": a
#: size and a level); never a stop or target ("I use a 3% stop loss because ...": a rule)
_BACKGROUND_READ = _REASON_WORDS_READ | {"cond"}


def _background(sc: Scan, start: int, end: int, said: list[Item]) -> bool:
    """Whether the sentence ``start:end`` tells background ("RSI was invented by Welles Wilder in
    1978, by the way."): no action, something read among at least three words or numbers that
    nothing read (a sentence with nothing read in it is reported as it is)."""
    s = sc.stream
    if any(i.kind not in _BACKGROUND_READ for i in said):
        return False
    opens = [k for k in range(start, end) if k == start or s.low(k - 1) in (",", ";", "-")]
    if any(s.low(k) in vocab.INSTRUCTION_VERBS for k in opens):
        return False  # "1 min bars is too noisy, use 15m": an instruction, never background
    unread = [  # "Gold ran 25% in 2020": "ran", "25", "%"
        k
        for k in range(start, end)
        if not sc.used[k] and s.kind(k) not in ("punct", "nl") and s.low(k) not in vocab.FILLER
    ]
    # a condition read amid words Botlab does not read is the writer's gloss ("so above it the
    # bulls are in charge"): two such words mark it; a setting alone needs three
    needed = 2 if any(i.kind == "cond" for i in said) else 3
    return any(i.kind != "sep" for i in said) and len(unread) >= needed


def _drop_explanation(sc: Scan, start: int, end: int) -> None:
    """Drop what was read in the explanation ``start:end`` but its instrument and bars said
    nowhere else ("Say KO is at $57": KO), and mark its words as placed."""
    _drop_settings_said_again(sc, start, end)
    kept = [
        i
        for i in sc.items
        if i.kind == "meta" and i.value[0] in _INSTRUMENT and start <= i.start < end
    ]
    _drop(sc, start, end, keep=frozenset())
    sc.items = sorted(sc.items + kept, key=lambda i: i.start)


def _observations(sc: Scan) -> list[tuple[int, int]]:
    """Token spans of clauses telling what the writer has seen the market do ("I noticed it tends
    to bounce when it tags the 50 day moving average, so I want to buy when the close crosses
    back above it"): a condition said in a clause with one of ``OBSERVATIONS`` and no action,
    when a rule elsewhere has an action and a condition of its own, is the backstory of that
    rule, not part of it (joined to it, the two could even contradict each other)."""
    s, spans, start = sc.stream, [], 0
    for k in range(s.n + 1):
        ends = k == s.n or s.kind(k) == "nl" or s.low(k) in vocab.OBSERVATION_ENDS
        if not ends:
            continue
        said = [i for i in sc.items if start <= i.start < k]
        seen = any(s.longest(x, vocab.OBSERVATIONS) for x in range(start, k))
        if (
            seen
            and not any(i.kind == "action" for i in said)
            and any(i.kind == "cond" for i in said)
        ):
            elsewhere = [i for i in sc.items if not start <= i.start < k]
            if any(i.kind == "action" for i in elsewhere) and any(
                i.kind == "cond" for i in elsewhere
            ):
                spans.append((start, k))
        start = k + 1
    return spans


def _drop_settings_said_again(sc: Scan, start: int, end: int) -> None:
    """Drop the settings of tokens ``start:end`` that the rest of the text says too: the rule's
    ("I like buying dips in the S&P. Buy SPY when ...": SPY), not the chat's; a setting said only
    in the chat ("I love buying breakouts on ETH. Buy when ...") is kept."""
    outside = {i.value[0] for i in sc.items if i.kind == "meta" and not start <= i.start < end}
    sc.items = [
        i
        for i in sc.items
        if not (i.kind == "meta" and start <= i.start < end and i.value[0] in outside)
    ]


def _slogans(sc: Scan) -> list[tuple[int, int]]:
    """Token spans of trading sayings ("buy low sell high"), with the chat after them ("lol but
    like"); when a condition follows ("buy low sell high lol but like when it's below ..."), the
    saying's first word stays: it is the action of that condition."""
    s, spans = sc.stream, []
    for k in range(s.n):
        hit = s.longest(k, vocab.SLOGANS)
        if hit is None:
            continue
        end = hit[0]
        if not any(i.kind in _RULE_ITEMS and not k <= i.start < end for i in sc.items):
            continue  # the saying alone ("buy low sell high"): no rule, reported as unread
        while s.kind(end) == "word" and s.low(end) in vocab.CHAT | vocab.FILLER - vocab.WHEN_WORDS:
            end += 1
        opens = s.low(k) in vocab.OPENING_SIDES and s.low(end) in vocab.WHEN_WORDS
        spans.append((k + 1 if opens else k, end))
    return spans


def _framings(sc: Scan) -> list[tuple[int, int]]:
    """Token spans of sentences that frame the rules said in another sentence (a "when/if" rule
    or a condition there), with no "when/if" rule of their own ("I like buying when X" is a
    rule): set aside and echoed, never a second entry ORed with the rule (nor their symbol the
    one traded when the rules name another; see :func:`_drop_settings_said_again`).

    * A liking ("I like buying oversold dips in the S&P.") names an action a rule elsewhere has:
      that rule is the one meant; its flavour words ("oversold") are no condition.
    * A sentence about the writer's practice ("I trade pullbacks in strong stocks.", "I short
      weak stocks.", "I use On-Balance Volume to confirm breakouts.", "I hold through trends on
      XOM.") frames the rules only when it says nothing a rule could carry: no condition, no
      number, no action the rules do not have ("I short weak stocks." over long rules is
      reported), no line the rules do not test, and no word but ``FRAMING_WORDS`` and filler.
      Its symbol and bars are kept ("on XOM", "the weekly chart")."""
    s, spans, start = sc.stream, [], 0
    for k in range(s.n + 1):
        if not (k == s.n or s.kind(k) == "nl" or s.low(k) in ".!?;"):
            continue
        said = [i for i in sc.items if start <= i.start < k]
        elsewhere = [i for i in sc.items if not start <= i.start <= k]
        ruled_here = any(i.kind == "cond" and i.when for i in said)  # "I like buying when X"
        ruled = any(i.kind == "cond" for i in elsewhere)
        ruled = ruled and not any(i.start < start < i.end for i in sc.items)  # (not inside one)
        if ruled and not ruled_here and _frames(sc, start, k, said, elsewhere):
            spans.append((start, min(k + 1, s.n)))
        elif ruled and not ruled_here and _other_side(sc, start, said, elsewhere):
            _unread(sc, start, k)
        start = k + 1
    return spans


def _other_side(sc: Scan, start: int, said: list[Item], elsewhere: list[Item]) -> bool:
    """A sentence about the writer's practice that opens trades on the other side from the
    rules ("I short weak stocks." over "Buy when ..."): which is meant is the writer's to say."""
    if sc.stream.longest(start, vocab.FRAMING_OPENINGS) is None:
        return False
    sides = {i.value for i in said if i.kind == "action"} & vocab.OPENING_SIDES
    ruled = {i.value for i in elsewhere if i.kind == "action"} & vocab.OPENING_SIDES
    return bool(sides and ruled and not sides & ruled)


def _unread(sc: Scan, start: int, end: int) -> None:
    """Drop the items of tokens ``start:end`` and leave their words unread: reported whole, but
    the instrument and bars said there ("For JPMorgan I look for pullbacks ...": JPM)."""
    kept = [
        i
        for i in sc.items
        if i.kind == "sep"
        or not start <= i.start < end
        or (i.kind == "meta" and i.value[0] in _INSTRUMENT)
    ]
    sc.items = kept
    for k in range(start, end):
        placed = any(i.start <= k < i.end for i in kept if i.kind == "meta")
        sc.used[k] = placed or sc.stream.kind(k) in ("punct", "nl")


def _name_lines(sc: Scan) -> list[tuple[int, int]]:
    """Token spans of a form's name line ("Strategy: MACD crossover", "Name: RSI dip buyer")
    over lines with an action of their own ("Entry: MACD line crosses above ..."): a label of
    ``NAME_LABELS``, a colon and words with no action and no number, which name what the lines
    under it say. A line with a number ("Strategy: RSI < 30") or with no entry under it
    ("Strategy: RSI oversold" over "Exit: RSI > 70") is read or reported, never set aside."""
    s, spans, start = sc.stream, [], 0
    for k in range(s.n + 1):
        if not (k == s.n or s.kind(k) == "nl"):
            continue
        label = s.longest(s.skip(start, vocab.LIST_BULLETS), vocab.NAME_LABELS)
        colon = label[0] if label is not None else None
        said = [i for i in sc.items if start <= i.start < k and i.kind != "sep"]
        under = [i for i in sc.items if i.start > k]
        if (
            colon is not None
            and s.low(colon) == ":"
            and not _numbers_in(s, start, k)
            and not any(i.kind == "action" for i in said)
            and any(i.kind == "action" and i.value not in vocab.CLOSING_SIDES for i in under)
            and any(i.kind == "cond" for i in under)
        ):
            spans.append((colon + 1 if sc.used[start] else start, k))  # "Name:" set aside already
        start = k + 1
    return spans


def _condition_names(sc: Scan) -> list[tuple[int, int]]:
    """ "Only trade when the market is healthy: if SPY is above its 200-day average, buy ...",
    "Only buy in an uptrend: when ...", "Only trade when the market is healthy (SPY above its
    200-day SMA): buy ...": the words after an entry filter, up to the colon or bracket that a
    condition follows, name that condition, which the filter takes; the name is no condition of
    its own (a name with a number, or with a phrase read in it, is not one)."""
    s, spans = sc.stream, []
    for n, item in enumerate(sc.items):
        if item.kind != "action" or item.value not in ("filter", "average_filter"):
            continue
        if item.end == item.start:
            continue  # put in front of a heading's states ("In an uptrend: ..."): none said
        named = list(itertools.takewhile(lambda i: i.kind == "style", sc.items[n + 1 :]))
        rest = sc.items[n + 1 + len(named) :]  # "the trend is healthy": a style named
        if s.low(item.end) not in vocab.CONDITION_NAME_LEADS or not rest:
            continue
        colon = rest[0].kind == "sep" and s.low(rest[0].start) == ":" and len(rest) > 1
        said = rest[1] if colon else rest[0]
        end = rest[0].start if colon else said.start - 1
        if said.kind != "cond" or s.low(end) not in (":", "(") or end <= item.end + 1:
            continue
        if _numbers_in(s, item.end, end):
            continue
        spans.append((item.end, end))
    return spans


#: The most words a name defined by the condition in brackets after it has ("it's oversold")
_BRACKETED_NAME_WORDS = 4


def _bracketed_definitions(sc: Scan) -> list[tuple[int, int]]:
    """ "buy when it's oversold (RSI<25)", "sell when momentum turns (MACD cross down)": after a
    rule's "when" (or an "and" after a condition), a few words with no number, then a bracket
    holding only conditions: the
    bracket is the rule, the words before it only name it (read, they would add a condition the
    writer never set, or be reported)."""
    s, spans = sc.stream, []
    for n, item in enumerate(sc.items):
        if (
            item.kind == "conn"
            and n
            and sc.items[n - 1].kind == "cond"
            and s.low(item.start) == "and"
        ):
            start = item.end  # "when the squeeze fires and momentum is positive (close > EMA)"
        elif item.kind == "action":
            symbols = itertools.takewhile(lambda i: i.kind == "meta", sc.items[n + 1 :])
            lead = max([item.end, *(i.end for i in symbols)])  # "buy SPY when ..."
            if s.low(lead) not in vocab.CONDITION_NAME_LEADS:
                continue
            start = lead + 1
        else:
            continue
        opening = next((k for k in range(start, min(s.n, start + 1 + _BRACKETED_NAME_WORDS))
                        if s.low(k) == "("), None)  # fmt: skip
        if opening is None or opening == start or _numbers_in(s, start, opening):
            continue
        named = [i for i in sc.items if start <= i.start < opening]
        if not named and all(sc.used[start:opening]):
            continue  # set aside already ("only trade when the market is healthy (...):")
        inside = [i for i in sc.items if opening < i.start < s.n and i.start < _closing(s, opening)]
        kinds = {i.kind for i in inside}  # "(RSI < 30 and close below the lower band)"
        if kinds == {"cond"} | (kinds & {"conn"}) and inside[-1].end == _closing(s, opening):
            spans.append((start, opening))
    return spans


def _bracketed_glosses(sc: Scan) -> list[tuple[int, int]]:
    """ "ATR(14) below its 50-day average (low volatility)", "ADX > 25 (strong trend)": right
    after a condition read, a bracket of a few words that only name what it means (words of
    ``MARKET_CONCEPTS`` and ``GLOSS_WORDS``, with filler), no number and nothing read in it."""
    s, spans = sc.stream, []
    ends = {i.end for i in sc.items if i.kind == "cond"}
    for opening in (k for k in range(1, s.n) if s.low(k) == "(" and k in ends):
        closing = _closing(s, opening)
        words = range(opening + 1, closing)
        if closing == s.n or not 0 < len(words) <= _GLOSS_WORDS_AT_MOST:
            continue
        if any(opening < i.start < closing and i.kind != "style" for i in sc.items):
            continue  # (a style's word is a concept's: "(strong trend)")
        glossed = vocab.MARKET_CONCEPTS.keys() | vocab.GLOSS_WORDS | vocab.FILLER
        if all(s.kind(k) == "word" and s.low(k) in glossed for k in words):
            spans.append((opening, closing + 1))
    return spans


#: At most this many words in a bracket naming the condition before it
_GLOSS_WORDS_AT_MOST = 4


def _closing(s: Stream, opening: int) -> int:
    """The index of the ")" closing the "(" at ``opening`` (the stream's end if none does)."""
    depth = 0
    for k in range(opening, s.n):
        depth += {"(": 1, ")": -1}.get(s.low(k), 0)
        if depth == 0:
            return k
    return s.n


#: What a sentence framing the rules may say: its actions, lines, symbol and bars
_FRAMING_ITEMS = frozenset({"action", "mention", "style", "meta", "sep"})
#: Settings a sentence says that make it no framing: a label's, the size or risk of each trade,
#: the starting cash ("I have 10k.") and leverage
_SETTINGS_SAID = frozenset(
    {"label", "size_pct", "size_cash", "size_shares", "risk_pct", "risk_cash", "cash", "leverage"}
)


def _frames(sc: Scan, start: int, end: int, said: list[Item], elsewhere: list[Item]) -> bool:
    """Whether tokens ``start:end`` (holding items ``said``) frame the rules ``elsewhere``: see
    :func:`_framings`."""
    s = sc.stream
    inside = {i.value for i in said if i.kind == "action"}
    actions = {i.value for i in elsewhere if i.kind == "action"}
    if s.longest(start, vocab.LIKES_OPENINGS) is not None and inside & actions:
        # (not "I like to buy stocks above their 200-day SMA.": a line compared is a filter)
        return not any(
            i.kind == "cond" and isinstance(getattr(i.value, "b", None), Ind) for i in said
        )
    if s.longest(start, vocab.FRAMING_OPENINGS) is None:
        return False
    if any(i.kind == "meta" and i.value[0] in _SETTINGS_SAID for i in said):
        return False  # "my stock is KO.", "I want to use 50% of equity per trade.": a setting
    tested = _tested_lines(elsewhere)
    lines = [i.value for i in said if i.kind == "mention" and isinstance(i.value, Ind)]
    unread = [j for j in range(start, end) if not sc.used[j]]
    words = {s.low(j) for j in unread if s.kind(j) == "word"} - vocab.FILLER
    return (
        all(i.kind in _FRAMING_ITEMS for i in said)
        and inside <= actions
        and all(any(_same_line(line, rule) for rule in tested) for line in lines)
        and words <= vocab.FRAMING_WORDS
        and not any(s.kind(j) == "num" for j in unread)  # "I trade stocks above $10."
    )


def _tested_lines(items: list[Item]) -> list[Ind]:
    """The lines the conditions of ``items`` compare."""
    return [
        line
        for i in items
        if i.kind == "cond"
        for line in (getattr(i.value, "a", None), getattr(i.value, "b", None))
        if isinstance(line, Ind)
    ]


def _same_line(said: Ind, tested: Ind) -> bool:
    """A line named in a framing sentence ("I use the 50-day SMA ...") is one a rule tests: the
    same indicator, with the same settings when any are said."""
    return said.family == tested.family and (not said.params or said.params == tested.params)


def _day_trades_only(sc: Scan) -> list[str]:
    """ "no overnight holds", "day trade only" on intraday bars: each trade is closed at the close
    of its day's last bar, read (in ``sc``, in place) as an exit there, as "exit at the end of the
    day" is; where such an exit is already said ("..., exit at the close. No overnight holds.")
    the words restate it and are set aside. The notes say which."""
    s, notes = sc.stream, []
    k = 0
    while k < s.n:
        said = None if sc.used[k] else s.longest(k, vocab.DAY_TRADES_ONLY)
        if said is None:
            k += 1
            continue
        end = said[0]
        for j in range(k, end):
            sc.used[j] = True
        words = s.span_text(k, end)
        if _exits_at_the_days_end(sc):
            notes.append(f"Set aside '{words}': it restates the exit at the day's last bar")
        else:
            last = When("calendar", unit="bar_of_day_from_end", values=(1,), fill="close")
            last.start, last.end = k, end
            at = next((n for n, i in enumerate(sc.items) if i.start >= k), len(sc.items))
            sc.items[at:at] = [Item("action", "exit", k, end), Item("cond", last, k, end)]
            notes.append(
                f"'{words}' on intraday bars read as an exit at the close of each day's last bar"
            )
        k = end
    return notes


def _opening_range_defined(sc: Scan) -> None:
    """The words defining the opening range's length ("opening range = first 30 min", "ORB 15")
    are read (``_rules`` applies them to each opening range said without a length)."""
    said = ops.opening_range_definition(sc.stream)
    if said is not None and any(line.family == "opening_range" for line in _lines_said(sc)):
        for k in range(said[0], said[1]):
            sc.used[k] = True


def _lines_said(sc: Scan) -> list[Ind]:
    """Every indicator line the conditions read."""
    lines = []
    for item in sc.items:
        d = item.value
        if item.kind == "cond" and isinstance(d, DCond):
            lines += [o for o in (d.a, d.b) if isinstance(o, Ind)]
    return lines


def _exits_at_the_days_end(sc: Scan) -> bool:
    """Whether an exit at the day's end is said: "at the end of the day", an exit at a time of
    day, or the market's close ("exit at the close", which ``_rules`` reads so on intraday
    bars)."""
    s = sc.stream
    for item in sc.items:
        d = item.value
        if not isinstance(d, When):
            continue
        if d.unit == "bar_of_day_from_end" or d.at_time:
            return True
        if d.kind == "fill" and s.span_text(d.start, d.end).lower() in vocab.MARKET_CLOSE_FILLS:
            return True
    return False


def _bars_said(sc: Scan) -> list[Item]:
    """The bars the text names, with their noun ("on 4-hour bars") or as a bare word ("on
    daily")."""
    return [i for i in sc.items if i.kind == "meta" and i.value[0] in _INTERVAL_KEYS]


def _finest_bars(sc: Scan) -> str | None:
    """The shortest bars the text names: with two ("rsi below 40 on daily and below 30 on
    hourly"), the bars tested, the longer ones built from them."""
    said = [str(i.value[1]) for i in _bars_said(sc)]
    return min(said, key=vocab.bar_minutes) if said else None


def _intraday(sc: Scan) -> bool:
    """Whether the bars tested are intraday ones (the finest the text names)."""
    finest = _finest_bars(sc)
    return finest is not None and vocab.interval_minutes(finest) is not None


def _frames_of_conditions(sc: Scan) -> list[str]:
    """Longer bars than the finest the text names, said right after a condition ("the 20 EMA is
    above the 50 EMA on the daily chart", "rsi below 40 on daily and rsi below 30 on hourly")
    or before it ("on the daily chart, the 50 EMA is rising"), are that condition's timeframe,
    built from the bars tested: not the bars."""
    s, notes = sc.stream, []
    finest = _finest_bars(sc)
    said_in_order = list(sc.items)
    for n, item in enumerate(said_in_order):
        if item not in _bars_said(sc):
            continue
        interval = str(item.value[1])
        before = said_in_order[n - 1] if n else None
        after = said_in_order[n + 1] if n + 1 < len(said_in_order) else None
        if before and before.kind == "cond" and s.skip(before.end, vocab.CHART_LEADS) == item.start:
            said = before  # "the 20 EMA is above the 50 EMA on the daily chart"
        elif after and after.kind == "cond" and s.skip(item.end, frozenset({","})) == after.start:
            said = after  # "on the daily chart, the 50 EMA is rising"
        else:
            continue
        # "the 1h close above the 200 EMA on the 4h chart": a line said on shorter bars than
        # the chart is on the bars tested, the chart the other line's
        line_bars = _shorter_line_bars(said.value, interval)
        if vocab.bar_minutes(interval) <= vocab.bar_minutes(str(finest)) and line_bars is None:
            continue
        if not parse_rules.on_frame(said.value, vocab.FRAME_OF_INTERVAL.get(interval, interval)):
            continue
        start, end = min(said.end, item.start), max(said.start, item.end)
        notes.append(
            f"'{s.span_text(start, end)}' read as the timeframe of "
            f"'{s.span_text(said.start, said.end)}': {vocab.interval_bar_name(interval)} bars "
            "built from the bars tested"
        )
        if interval == finest and line_bars is not None:
            tested = Item("meta", ("interval", line_bars), item.start, item.start)
            sc.items.insert(sc.items.index(item), tested)
            notes.append(f"the {line_bars} said of a line is the bars tested")
        sc.items.remove(item)
        for k in range(start, end):
            sc.used[k] = True
    return notes


def _shorter_line_bars(cond: object, interval: str) -> str | None:
    """The shortest intraday bars a line of ``cond`` is said on ("the 1h close"), when shorter
    than ``interval``'s."""
    lines = [o for o in (getattr(cond, "a", None), getattr(cond, "b", None)) if o is not None]
    said = [o for o in lines if isinstance(o, Ind | Price) and not o.frame_shared]
    frames = [str(o.timeframe) for o in said if o.timeframe]
    frames = [f for f in frames if vocab.interval_minutes(f) is not None]
    shortest = min(frames, key=vocab.bar_minutes, default=None)
    shorter = shortest is not None and vocab.bar_minutes(shortest) < vocab.bar_minutes(interval)
    return shortest if shorter else None


def _role_lengths(sc: Scan) -> list[str]:
    """ "the short average goes above the long average, like 10 and 50 days": two lengths said
    right after a crossing of a fast and a slow line named by their role are those lines'
    lengths, the shorter the fast one (echoed)."""
    s, notes = sc.stream, []
    for item in sc.items:
        cond = item.value if item.kind == "cond" else None
        a, b = getattr(cond, "a", None), getattr(cond, "b", None)
        if not (isinstance(a, Ind) and isinstance(b, Ind) and {a.role, b.role} == {"fast", "slow"}):
            continue
        if a.params or b.params:
            continue
        k = s.skip(item.end, vocab.ROLE_LENGTH_LEADS)
        got = _two_lengths(s, k)
        if got is None:
            continue
        fast, slow = sorted(got[:2])
        for line in (a, b):
            line.params["period"] = fast if line.role == "fast" else slow
        notes.append(
            f"'{s.span_text(k, got[2])}' read as the lengths of the {a.role} and {b.role} lines"
        )
        _drop(sc, item.end, got[2], keep=frozenset())
    return notes


def _symbols(items: list[Item]) -> list[Item]:
    """The symbols of ``items`` (``meta`` items naming a symbol), in order."""
    return [i for i in items if i.kind == "meta" and i.value[0] == "symbol"]


def _names_beside_tickers(sc: Scan) -> list[str]:
    """ "Honeywell (HON)", "HON (Honeywell)", "Apple (MSFT)": a ticker said with a name in
    brackets is the symbol traded; a name Botlab does not know as that ticker's is set aside,
    said back (a name it knows as the same symbol, "gold (GLD)", needs no word)."""
    s, notes = sc.stream, []
    for item in _symbols(sc.items):
        symbol = str(item.value[1])
        brackets = [k for k in range(item.start, item.end) if s.low(k) in vocab.TICKER_BRACKETS]
        if not brackets:
            continue
        first = s.tokens[item.start]
        ticker_first = first.kind == "sym" or first.text.removeprefix("$") == symbol
        start, end = (brackets[0] + 1, item.end - 1) if ticker_first else (item.start, brackets[0])
        name = [k for k in range(start, end) if s.kind(k) in ("word", "sym", "num")]
        hit = s.longest(start, vocab.SYMBOL_NAMES)
        if name and (hit is None or hit[1] != symbol):
            words = " ".join(s.tokens[k].text for k in name)
            notes.append(
                f"'{s.span_text(item.start, item.end)}': the ticker {symbol} is the symbol "
                f"traded ('{words}' set aside)"
            )
    return notes


def _lowercase_tickers(sc: Scan) -> list[str]:
    """ "buy xle when ...": a ticker guessed from a word typed in lower case, echoed."""
    s = sc.stream
    return [
        f"'{s.span_text(i.start, i.end)}' read as the ticker {i.value[1]}"
        for i in _symbols(sc.items)
        if s.tokens[i.start].text.islower()
        and i.value[1] == s.tokens[i.start].text.upper()  # not a pair ("gbp/jpy")
        and s.longest(i.start, vocab.SYMBOL_NAMES) is None
    ]


def _stablecoin_quotes(sc: Scan) -> list[str]:
    """ "BTCUSDT", "eth/usdc": a coin against a stablecoin, read as Yahoo's pair against the
    dollar (echoed)."""
    s = sc.stream
    return [
        f"'{said}' read as {i.value[1]} (Yahoo's price in US dollars, which a stablecoin tracks)"
        for i in _symbols(sc.items)
        if str(i.value[1]).endswith("-USD")
        and (said := s.span_text(i.start, i.end)).lower().endswith(("usdt", "usdc"))
    ]


def _other_currencies(sc: Scan) -> list[str]:
    """ "€5000 per trade", "£2k account": an amount in another currency than the dollar is read
    in the traded symbol's own currency, with no exchange rate (echoed: the echo writes "$")."""
    s = sc.stream
    return [
        f"'{s.span_text(i.start, i.end)}' read in the traded symbol's own currency (no "
        "exchange rate is applied; amounts are echoed with '$')"
        for i in sc.items
        if i.kind == "meta"
        and i.value[0] in vocab.MONEY_SETTINGS
        and any(s.low(k) in vocab.OTHER_CURRENCY_SIGNS for k in range(i.start, i.end))
    ]


def _self_corrections(sc: Scan) -> list[str]:
    """ "enter long if the 3 bar low is broken... I mean close above the prior 3 bar high": the
    writer takes back the conditions said since the rule's action word; the words after the
    correction replace them (echoed)."""
    s, notes = sc.stream, []
    for k in range(s.n):
        said = s.longest(k, vocab.SELF_CORRECTIONS)
        if said is None or not sc.items:
            continue
        before = [i for i in sc.items if i.end <= k]
        action = max((n for n, i in enumerate(before) if i.kind == "action"), default=None)
        taken = before[action + 1 :] if action is not None else []
        after = next((i for i in sc.items if i.start >= said[0] and i.kind != "sep"), None)
        whole = after is not None and after.kind == "cond" and after.value.a is not None
        if not whole or not any(i.kind == "cond" for i in taken):
            continue  # "RSI under 20, I mean under 30": a part corrected, not read
        start, end = taken[0].start, said[0]
        notes.append(
            f"read '{s.span_text(k, end)}' as a correction: '{s.span_text(start, k)}' is "
            "replaced by what follows"
        )
        _drop(sc, start, end, keep=frozenset())
    return notes


def _restated_rules(sc: Scan) -> list[str]:
    """ "I like buying Adobe when OBV is trending up but price is flat. Concretely: OBV above its
    30-day SMA, ...": a sentence opened by a restating word says the rule of the sentence before
    it again, exactly. Its conditions are that rule's: the words between the rule's action and
    the marker (the vague framing, whatever was read of it: "flat" is no exit there) are set
    aside, echoed; the rule's settings ("Adobe", "on the 4h chart") are kept."""
    s, notes = sc.stream, []
    for k in range(s.n):
        said = _restatement(s, k)
        if said is None:
            continue
        before = [i for i in sc.items if i.end <= k]
        ends = [n for n, i in enumerate(before[:-1]) if i.kind == "sep" and i.value is True]
        sentence = before[ends[-1] + 1 if ends else 0 :]
        action = next((i for i in sentence if i.kind == "action"), None)
        if action is None or not _restates_conditions(sc, k):
            continue  # "Specifically, the 4h chart": no conditions said again
        said_first = itertools.takewhile(
            lambda i: i.kind == "meta", sentence[sentence.index(action) + 1 :]
        )
        kept = max((i.end for i in said_first), default=0)  # "Go long NVDA on the 4h chart"
        framing = s.span_text(max(action.end, kept), k - 1).strip()  # "when it is oversold"
        notes.append(
            f"read '{s.span_text(k, said[0])}' as restating the rule before it: its conditions "
            f"are that rule's" + (f"; '{framing}' is set aside" if framing else "")
        )
        _drop(sc, action.end, said[0], keep=frozenset({"meta"}))
    return notes


def _restatement(s: Stream, k: int) -> tuple[int, object] | None:
    """ "... when OBV is trending up. Concretely: OBV above its 30-day SMA": a sentence opened by
    a restating word and a colon (or comma) says the rule before it again, exactly; the end of
    its marker, as ``Stream.longest`` gives it (None for any other word)."""
    opens = k > 0 and s.low(k - 1) in (".", "!", ";") or s.kind(k - 1) == "nl"
    said = s.longest(k, vocab.RESTATEMENTS) if opens else None
    if said is None or s.low(said[0]) not in (":", ","):
        return None
    return said[0] + 1, said[1]


def _tickers_after_their_names(sc: Scan) -> list[str]:
    """ "For the S&P, SPY, buy when ...", "gold futures, GC=F, ...": a market named in words and
    then, after a comma, by a ticker is one instrument said twice; the ticker is the one
    traded (the name's own symbol, the index or a fund, would be a second symbol). Echoed."""
    s, notes = sc.stream, []
    symbols = _symbols(sc.items)
    for name, ticker in zip(symbols, symbols[1:], strict=False):
        said, written = s.span_text(name.start, name.end), s.span_text(ticker.start, ticker.end)
        apposed = s.low(name.end) == "," and ticker.start == name.end + 1
        two = name.value[1] != ticker.value[1]
        if apposed and two and not _written_as_a_ticker(said) and written == written.upper():
            sc.items.remove(name)
            notes.append(f"'{said}, {written}': {ticker.value[1]} is the symbol traded")
    return notes


def _drop_title_symbols(sc: Scan, begin: int, title: int) -> None:
    """A symbol named in a title gives way to one the rules name ("trade tqqq based on qqq: buy
    TQQQ when QQQ ...", "regime filter using the S&P: ... buy XLK"): the traded one is the
    rules'; the title's words are then set aside with it."""
    said = _symbols(sc.items)
    if any(i.start > title for i in said):
        sc.items = [i for i in sc.items if i not in said or not begin <= i.start < title]


def _unread_tickers(sc: Scan, start: int, end: int) -> list[int]:
    """Words of tokens ``start:end`` written as a ticker is ("XAUUSD 1h: buy when ...", "NQ
    futures 5m: ...", "Hi! XAUUSD scalper here.") or as a company's name ("... on Shopify:")
    that nothing read and the vocabulary does not know ("LOL"), in a text that names no symbol
    Botlab knows: the instrument the writer means. Set aside with a title or a greeting, the
    test would run on the default symbol without a word; they are reported instead."""
    if _symbols(sc.items):
        return []
    s = sc.stream
    return [
        k
        for k in range(start, end)
        if not sc.used[k]
        and s.kind(k) == "word"
        and (_written_as_a_ticker(s.tokens[k].text) or _a_name_traded_on(s, k))
        and s.low(k) not in vocab.CHAT | vocab.REQUEST | vocab.FILLER
    ]


def _in_an_item(sc: Scan, k: int) -> bool:
    """Whether token ``k`` is in a phrase read (not set aside)."""
    return any(i.start <= k < i.end for i in sc.items)


def _unknown_names(sc: Scan) -> list[str]:
    """The unread words that name the instrument meant, once each: those of
    :func:`_unread_tickers` where a symbol goes, opening a line ("XAUUSD 1h: ...") or after a
    word that introduces one ("Trading Zoom:", "dips in XAUUSD"), not inside an explanation
    ("... TA-Lib's SUM of ...")."""
    s = sc.stream
    placed = [
        k
        for k in _unread_tickers(sc, 0, s.n)
        if k == 0 or s.kind(k - 1) == "nl" or s.low(k - 1) in vocab.SYMBOL_INTRODUCERS
    ]
    return list(dict.fromkeys(s.tokens[k].text for k in placed))


def _a_name_traded_on(s: Stream, k: int) -> bool:
    """ "Bollinger Band squeeze on Shopify:", "Trading Zoom:", "... 2020 through 2022 on Zoom:":
    a capitalised word that is neither the vocabulary's nor plain English ("Trading Plan:"),
    after a word that introduces a ticker ("on", "for", "trade", "short" ...), is the company
    the writer means."""
    low = s.low(k).removesuffix("'s")  # "of April's last"
    return (
        s.low(k - 1) in vocab.SYMBOL_INTRODUCERS
        and s.tokens[k].text[:1].isupper()
        and s.tokens[k].text not in vocab.NOT_TICKERS  # "in RTH", "using DCA"
        and not spelling.known(low)
        and low not in vocab.PLAIN_WORDS
    )


def _written_as_a_ticker(text: str) -> bool:
    """ "XAUUSD", "ZM": a word in capitals, never one of the words people write so ("USD")."""
    return (
        text.isalpha() and text.isupper() and 2 <= len(text) <= 7 and text not in vocab.NOT_TICKERS
    )


#: Lines whose time frame is a window of each day, not the chart they are computed on
_SESSION_LINES = frozenset({"opening_range", "prior_day"})


def _lines_of(item: Item) -> list[Ind]:
    """The lines a mention or a condition names."""
    said = [item.value] if item.kind == "mention" else []
    said += [item.value.a, item.value.b] if item.kind == "cond" else []
    return [line for line in said if isinstance(line, Ind)]


def _on_intraday_bars(line: Ind) -> bool:
    """A line said on intraday bars ("the 1h RSI"), not a window of each day ("the high of the
    first 30 minutes")."""
    frame = line.timeframe
    return (
        bool(frame)
        and line.family not in _SESSION_LINES
        and vocab.interval_minutes(frame) is not None
    )


def _daily_lines_beside(sc: Scan) -> bool:
    """ "the daily RSI is above 50 and the hourly RSI crosses above 30": the only bars said are
    bare "daily" words, each right before a line of a condition ("daily RSI"), beside a line of
    an intraday time frame: each such line is computed on daily bars (built from the intraday
    ones, as "weekly RSI" is on daily bars), not the bars tested. Whether so (the lines are then
    given that time frame and the words are taken)."""
    said = _bars_said(sc)
    if any(i.value[0] != "interval_word" or i.value[1] != "1d" for i in said):
        return False
    lines = [_line_named_after(sc, word) for word in said]
    if any(line is None for line in lines):
        return False
    for word, line in zip(said, lines, strict=True):
        line.timeframe = "D"  # type: ignore[union-attr]
        sc.items.remove(word)
    return True


def _line_named_after(sc: Scan, word: Item) -> Ind | None:
    """The line of a condition that starts right after ``word`` ("daily" in "daily RSI"), with no
    time frame of its own."""
    for item in sc.items:
        for line in _lines_of(item):
            if line.pos == word.end and line.timeframe is None:
                return line
    return None


def _bars_of_the_one_timeframe(sc: Scan) -> list[str]:
    """ "ETH 4h rsi below 30 buy", "buy when the 1h RSI crosses above 30", "15m EMA scalp on
    EURUSD: buy when the 9 EMA ...": with no bars said to test on, the one intraday time frame
    said of the rules' lines or of a line named alone (as a title names the chart: no line of
    its own) is the bars tested (the lines are then computed on those bars themselves), stated;
    never daily bars, where that time frame cannot be built. Two such time frames leave the
    bars unsaid (reported later)."""
    frames: dict[str, Item] = {}
    for item in sc.items:
        for line in _lines_of(item):
            if _on_intraday_bars(line):
                frames.setdefault(line.timeframe, item)
    if len(frames) != 1 or (_bars_said(sc) and not _daily_lines_beside(sc)):
        return []
    ((frame, item),) = frames.items()
    sc.items.insert(sc.items.index(item), Item("meta", ("interval", frame), item.start, item.start))
    return [f"no bars were said to test on: the {frame} said of the rules is the bars tested"]


def _keep_title_settings(sc: Scan, begin: int, title: int) -> bool:
    """ "Keltner channel (20 EMA, 1.5 ATR) breakout long: buy a close above the upper band": a
    line with settings named in a condition of the title is kept as a mention, so that "the
    upper band" after it has the settings said, never the defaults "because none were given".
    Whether any was kept."""
    kept = False
    for k, item in enumerate(sc.items):
        if item.kind != "cond" or not begin <= item.start < title:
            continue
        said = [
            line
            for line in (item.value.a, item.value.b)
            if isinstance(line, Ind) and line.params and line.family in vocab.BANDED
        ]
        if said:
            sc.items[k] = Item("mention", said[0], item.start, item.end)
            kept = True
    return kept


def _side_heading(sc: Scan, begin: int) -> str | None:
    """ "Breakdown short on XLE: enter when the close breaks below the 20-day low, cover ...",
    "short XLE. enter when ...": a "short" said first with no condition of its own (a title, a
    sentence, a heading), over rules whose entries say no side ("enter", "sell"), makes the bot
    short only (kept as that direction). Rules that say their side ("buy when ...", "short when
    ...") are read as said. The word, if read so."""
    actions = [n for n, i in enumerate(sc.items) if i.kind == "action" and i.start >= begin]
    if len(actions) < 2:
        return None
    first, head_end = sc.items[actions[0]], sc.items[actions[1]].start
    head = [i for i in sc.items if begin <= i.start < head_end]
    named = _KEPT_IN_TITLE | {"action", "sep", "style"}  # "Mean reversion short on TSLA: ..."
    if first.value != "short" or any(i.kind not in named for i in head):
        return None
    body = {i.value for i in sc.items if i.start >= head_end and i.kind == "action"}
    if body & {"buy", "short", "implied_buy", "reverse"} or not body & {"enter", "sell"}:
        return None
    sc.items[actions[0]] = Item("direction", "short", first.start, first.end)
    return sc.stream.span_text(first.start, first.end)


def _state_heading(sc: Scan, begin: int) -> None:
    """ "On Mondays only: buy when ...", "In an uptrend: ...", "Price above the 200 SMA: ...",
    "Only buy on Mondays: buy when ...": words before a colon read whole as states (a date, a
    comparison) are a condition of every entry, as "only buy when ..." is, not a title: an entry
    filter is put in front of them (or is the "only buy" said); so are such words before a comma
    when they open with a preposition ("In December, buy ...")."""
    items, s = sc.items, sc.stream
    sep = next((n for n, i in enumerate(items) if i.kind == "sep" and i.start >= begin), None)
    if sep is None:
        return
    comma = s.low(items[sep].start) == "," and s.low(begin) in vocab.STATE_OPENINGS
    if s.low(items[sep].start) != ":" and not comma:  # "On Mondays, buy when ..." too
        return
    head = [i for i in items[:sep] if i.start >= begin]
    only = _only_action(s, head[0]) if head else None  # "Only buy on Mondays: buy when ..."
    conds = [i for i in head if i.kind == "cond"]
    states = all(getattr(i.value, "kind", "") in _STATES for i in conds)
    if not conds or not states or any(i.kind not in ("cond", "conn") for i in head[bool(only) :]):
        return
    if _names_a_setup_read_after(conds, items[sep + 1 :]):
        return  # "TTM squeeze: buy when the squeeze fires": the strategy's name
    unread = any(
        not sc.used[k] and s.kind(k) == "word" and s.low(k) not in vocab.FILLER
        for k in range(begin, items[sep].start)
    )
    after = []
    for item in items[sep + 1 :]:
        if item.kind == "sep" and (only is None or item.value is True or "action" in after):
            break  # ("Only buy on Mondays: when RSI(2) < 10, buy": its condition said first)
        after.append(item)
    after = sorted((i for i in after if i.kind != "sep"), key=lambda i: i.kind != "action")
    kinds = [item.kind for item in after]
    if unread or not after or kinds[0] != "action" or "cond" not in kinds:
        return  # "close above the 200 sma: buy, ...": the condition is the bare action's own
    if after[0].value in vocab.CLOSING_SIDES:
        return  # "In May, sell when ...": the date is the sell's (an entry filter is not)
    first = items.index(head[0])
    if only is None:
        items.insert(first, Item("action", "filter", head[0].start, head[0].start))
    elif after[0].value == only:  # the same entry, said again with its own condition
        items[first] = Item("action", "filter", head[0].start, head[0].end)


def _names_a_setup_read_after(conds: list[Item], after: list[Item]) -> bool:
    """Every condition of a heading only names a setup (the squeeze, a candlestick pattern)
    that a condition after it reads again: the heading is the strategy's name."""
    named = {getattr(i.value.a, "family", None) for i in conds}
    families = {
        getattr(line, "family", None)
        for i in after
        if i.kind == "cond"
        for line in (getattr(i.value, "a", None), getattr(i.value, "b", None))
    }
    return named <= vocab.NAMED_SETUPS and named <= families


def _only_action(s: Stream, item: Item) -> str | None:
    """The entry of "only buy ..." / "buy only ..." / "only short ..." said first, before the
    states that filter it ("Only buy on Mondays: buy when RSI(2) is below 10"): its side."""
    side = {"long": "buy", "short": "short"}.get(item.value) if item.kind == "direction" else None
    side = item.value if item.kind == "action" else side
    if side not in vocab.OPENING_SIDES:
        return None
    said = {s.low(k) for k in range(item.start - 1, item.end + 1)}
    return str(side) if "only" in said else None


def _title_end(items: list[Item], sc: Scan, begin: int = 0) -> int | None:
    """The index of the colon that ends a title, if the description (from token ``begin``,
    after any opening greetings) starts with one; a named strategy's name alone may end with
    a sentence's end ("Buy the dip. Buy when ...")."""
    first_sep = next(
        (n for n, item in enumerate(items) if item.kind == "sep" and item.start >= begin), None
    )
    if first_sep is None or items[first_sep].start == begin:
        return None
    if sc.stream.low(items[first_sep].start) != ":" and not _named_alone(sc, begin, first_sep):
        return None
    before = items[:first_sep]
    if _only_chart_roles(before):
        return None  # "the 1h chart for trend and the 15m chart for entries: ...": settings
    colon = items[first_sep].start
    if any(sc.stream.longest(k, vocab.UNNAMED_SYMBOLS) for k in range(begin, colon)):
        return None  # "pick a stock of your choice: ...": no name, a symbol left unnamed
    if any(not sc.used[k] and sc.stream.low(k) in vocab.RESTRICTIONS for k in range(begin, colon)):
        return None  # "Only buy MSFT in the morning session: ...": a restriction, not a name
    if any(i.kind == "cond" and isinstance(i.value, When) and i.value.avoided for i in before):
        return None  # "Only trade the first 90 minutes on IWM 5m: ...": a rule for every entry
    if any(sc.stream.longest(k, vocab.FILTER_TAILS) for k in range(begin, colon)):
        return None  # "QQQ closing above its 50 EMA as a market filter: ...": a rule, read or not
    if _adds_with_a_count(before):
        return None  # "add up to 3 times: buy when ...": how often to add, a setting
    stated = [i for i in before if i.start >= begin and (i.kind == "cond" and i.when)]
    if stated or any(
        i.kind == "action" and i.value in ("filter", "average_filter") for i in before
    ):
        return None  # "only when QQQ is above its 50-day SMA: buy ...": a rule, not a name
    after: list[str] = []
    # "Connors Double 7s on SPY: if SPY is above ..., buy": a name, then a condition said first
    # with its action after a comma (never after a title with an action of its own: "buy the
    # first pullback after a golden cross: 50 sma above 200 sma, ..." is a rule)
    said_first = not any(i.kind == "action" for i in before) and _when_first(items[first_sep + 1 :])
    for item in items[first_sep + 1 :]:
        if item.kind == "sep" and (item.value is True or not said_first or "action" in after):
            break
        fill = isinstance(item.value, When) and item.value.kind == "fill"
        after.append("fill" if fill else item.kind)  # "short the open": where, not when
    named_again = _action_named_again(before, items[first_sep + 1 :])
    if ("action" not in after or "cond" not in after) and not named_again:
        return None
    if _lines_needed_later(before, items[first_sep + 1 :]):
        return None  # "9/21 ema cross: long on the cross up": the crossing the rules point to
    return items[first_sep].start


def _adds_with_a_count(before: list[Item]) -> bool:
    """An add said with how many units or adds ("add up to 3 times", "pyramid max 2 adds")."""
    adds = any(i.kind == "action" and i.value == "add" for i in before)
    counts = ("max_units", "max_adds")
    return adds and any(i.kind == "meta" and i.value[0] in counts for i in before)


def _only_chart_roles(before: list[Item]) -> bool:
    """Every phrase before a colon gives a chart its role (and the bars and symbol it names:
    "15m for entries on BTC")."""
    said = [i for i in before if i.kind not in ("sep", "conn")]
    roles = [i for i in said if i.kind == "meta" and i.value[0] == "chart_role"]
    keys = ("chart_role", "interval", "symbol")
    chart_items = all(i.kind == "meta" and i.value[0] in keys for i in said)
    return bool(roles) and chart_items


def _when_first(after: list[Item]) -> bool:
    """The sentence after a colon starts with a condition introduced by "if"/"when"."""
    first = next((i for i in after if i.kind != "meta"), None)
    return first is not None and first.kind == "cond" and first.when


def _action_named_again(before: list[Item], after: list[Item]) -> bool:
    """ "short the bounce: in a downtrend (...), short when RSI(5) > 70": an action with no
    condition before the colon, said again in the sentence after it, which has a condition."""
    said = [i for i in before if i.kind not in ("mention",)]
    if len(said) != 1 or said[0].kind != "action":
        return False
    sentence = []
    for item in after:
        if item.kind == "sep" and item.value is True:
            break
        sentence.append(item)
    again = any(i.kind == "action" and i.value == said[0].value for i in sentence)
    # the condition before or after it ("buy the dip: when SPY is down 2%, buy with $5,000")
    return again and any(i.kind == "cond" for i in sentence)


def _lines_needed_later(before: list[Item], after: list[Item]) -> bool:
    """The title names a crossing and every crossing after it has no lines of its own."""
    named = any(i.kind == "cond" and getattr(i.value, "kind", "") == "cross" for i in before)
    crosses = [
        i.value for i in after if i.kind == "cond" and getattr(i.value, "kind", "") == "cross"
    ]
    return named and bool(crosses) and all(c.a is None and c.b is None for c in crosses)


def _named_alone(sc: Scan, begin: int, sep: int) -> bool:
    """The words before separator item ``sep``, a sentence's end, are only a named strategy's
    name ("Buy the dip. Buy when ..."): a title."""
    s = sc.stream
    hit = s.longest(begin, vocab.NAMED_STRATEGIES)
    words = frozenset({"strategy", "setup", "system", "idea"})
    strong = sc.items[sep].value is True  # "golden cross, death cross exit": a rule list
    return strong and hit is not None and s.skip(hit[0], words) == sc.items[sep].start


#: What an aside about the writer may name beside rules said elsewhere: a line with no condition
#: ("a simple RSI strategy") or a style ("a trend following idea"), never a rule of its own
_NAMED_BESIDE_RULES = frozenset({"mention", "style"})


def _asides(
    sc: Scan,
    openings: dict[str, bool] = vocab.ASIDE_OPENINGS,
    allowed: frozenset[str] = frozenset({"sep", "conn"}),
) -> list[tuple[int, int]]:
    """Token spans of clauses about the writer or the post with nothing read in them ("first
    post here", "I am trading since 3 years", "v2:", "- compare to buy and hold"), opening with
    one of ``openings`` (after a list's bullet) and ended by punctuation or a line: set aside
    and echoed. A clause with a phrase read in it, but of an ``allowed`` kind, is never one;
    beside rules a line or a style it only names is allowed too ("I'm testing a simple RSI
    strategy.", "I want to test a trend following idea.": the rules say what is tested)."""
    s = sc.stream
    spans, start = [], 0
    framing = openings is vocab.ASIDE_OPENINGS or openings is vocab.REQUEST_FRAMINGS
    if framing and any(i.kind == "cond" for i in sc.items):
        allowed = allowed | _NAMED_BESIDE_RULES
    for k in range(s.n + 1):
        if not (k == s.n or s.kind(k) == "nl" or s.low(k) in ".!?;:,"):
            continue
        opening = s.longest(s.skip(start, vocab.LIST_BULLETS), openings)
        said = opening[0] if opening is not None else start  # "Long time lurker": not 'long'
        read = [i for i in sc.items if start <= i.start < k and i.kind not in allowed]
        tag = s.longest(start, vocab.VERSION_TAGS) if openings is vocab.ASIDE_OPENINGS else None
        if opening is not None and all(i.end <= said for i in read):
            spans.append((start, min(k + 1, s.n)))
        elif tag is not None and all(i.start >= tag[0] for i in read):
            spans.append((start, tag[0] + (s.low(tag[0]) in (":", "-"))))  # "v2 buy when ..."
        start = k + 1
    return spans


#: What a sentence naming the idea may name ("this is called a moving average crossover
#: strategy"): anything but an action, stop, target or size
_NAMED_IDEA = _NAMED_BESIDE_RULES | {"sep", "conn", "cond", "unparsed"}


def _names_given(sc: Scan) -> list[tuple[int, int]]:
    """Token spans of clauses naming the idea ("I think this is called a moving average
    crossover strategy."), opening with one of ``CALLED_OPENINGS``, beside rules said elsewhere
    with an action and a condition: what follows "called" is a name, never a rule."""
    spans = _asides(sc, vocab.CALLED_OPENINGS, _NAMED_IDEA)
    return [
        (a, b)
        for a, b in spans
        if _rules_beside(sc, a, b) and not all(sc.used[k] for k in range(a, b))  # (a title)
    ]


def _request_framings(sc: Scan) -> list[tuple[int, int]]:
    """Token spans of clauses framing the request ("Keep it simple, nothing fancy.", "That's
    it.", "Can you code this up?"): see ``REQUEST_FRAMINGS``. One before a colon that opens the
    text and that the title reads ("I want to test this: buy ...") is left to be its title."""
    s = sc.stream
    spans = _asides(sc, vocab.REQUEST_FRAMINGS)
    return [(a, b) for a, b in spans if not (_opens_the_text(s, a) and _titled(sc, a, b))]


def _titled(sc: Scan, start: int, end: int) -> bool:
    """The clause ``start:end`` ends with the colon of the title the text opens with."""
    return sc.stream.low(end - 1) == ":" and _title_end(sc.items, sc, start) == end - 1


def _opens_the_text(s: Stream, k: int) -> bool:
    """Only greetings and chat come before token ``k`` ("Hey! I'd like to test: ...")."""
    return all(
        s.kind(j) in ("punct", "nl") or s.low(j) in vocab.CHAT | vocab.FILLER for j in range(k)
    )


def _headings(sc: Scan) -> list[tuple[int, int]]:
    """Token spans of lines that are only a section's heading ("## Risk", "Risk management"
    over "- stop loss 4%"): the lines under it say what is read. A heading with a colon and a
    value on its line ("Risk: 1% per trade") is a field, read where fields are."""
    s, spans, start = sc.stream, [], 0
    for k in range(s.n + 1):
        if not (k == s.n or s.kind(k) == "nl"):
            continue
        said = s.longest(start, vocab.SECTION_HEADINGS)
        if said is not None and said[0] == k and k > start:
            spans.append((start, k))
        start = k + 1
    return spans


def _all_must_hold(sc: Scan) -> list[tuple[int, int]]:
    """Token spans saying a list's conditions must all hold ("Entry conditions (all must be
    true):", "buy when all of the following are true:"), with the brackets around them: how a
    list of conditions is read anyway (joined with "and"), so set aside and echoed."""
    s, spans = sc.stream, []
    for k, end in s.said(vocab.ALL_MUST_HOLD):
        opened = s.low(k - 1) == "(" and s.low(end) == ")"
        spans.append((k - opened, end + opened))
    return spans


def _any_must_hold(sc: Scan) -> list[str]:
    """ "Buy when any of these is true:" over a list of conditions, one a line: any one of them
    is enough, so they are joined with "or", and the words saying so are set aside and echoed.
    Read only where the list is the rule's whole condition, one condition a line (no condition
    before the words, no "and" inside an item): otherwise the words are left to be reported."""
    s, notes = sc.stream, []
    for k, end in s.said(vocab.ANY_MUST_HOLD):
        listed = _listed_conditions(sc, k, end)
        if listed is not None:
            for item in listed[1:]:
                item.joined = "or"
            notes.append(
                f"set aside '{s.span_text(k, end)}' (any one of the conditions listed under "
                "it is enough: they are joined with 'or')"
            )
            _drop(sc, k, end, keep=frozenset())
    return notes


def _listed_conditions(sc: Scan, start: int, end: int) -> list[Item] | None:
    """The conditions of the list after tokens ``start:end``, each alone on its line up to the
    next action, when at least two are and no condition comes between that list's action and
    ``start``; else None."""
    before = [i for i in sc.items if i.start < start and i.kind not in ("sep", "meta")]
    if not before or before[-1].kind != "action":
        return None
    after = [i for i in sc.items if i.start >= end]
    listed: list[Item] = []
    line_has_one = False
    for item in after:
        if item.kind == "action":
            break
        if item.kind == "sep" and item.value:
            line_has_one = False
        elif item.kind == "cond" and not line_has_one:
            listed.append(item)
            line_has_one = True
        elif item.kind not in ("sep", "meta"):
            return None  # "- RSI < 30 and MACD > 0": an item of its own "and" is not read so
    return listed if len(listed) >= 2 else None


def _hearsay(sc: Scan) -> list[tuple[int, int]]:
    """Token spans of clauses that ask how the idea did or say what its source thinks of it
    ("Would this have made money since 2018?", "he says it works great in bull markets", "Try
    it on META."), opening with one of ``HEARSAY_OPENINGS``, with nothing read in them but the
    symbol, bars or period to test (kept where the clause is dropped): set aside and echoed,
    unless an earlier finder set it aside already ("Does that make sense?")."""
    spans = _asides(sc, vocab.HEARSAY_OPENINGS, frozenset({"sep", "conn", "meta"}))
    s = sc.stream
    return [
        (a, b)
        for a, b in spans
        if any(s.kind(k) == "word" and not sc.used[k] for k in range(a, b))
        and all(  # "He said take half size.": a size is a setting, read where it is
            i.value[0] in _TESTED_SETTINGS
            for i in sc.items
            if i.kind == "meta" and a <= i.start < b
        )
        and _numbers_all_read(sc, a, b)
    ]


def _numbers_all_read(sc: Scan, start: int, end: int) -> bool:
    """Every number of tokens ``start:end`` is in a phrase read ("Is that true during the 2022
    bear market?": 2022 is a test period Botlab did not read, so the words are reported, never
    set aside with it)."""
    s = sc.stream
    return all(sc.used[k] for k in range(start, end) if s.kind(k) == "num")


#: The settings of what is tested, which a question or an opinion may name ("Would this have
#: made money since 2018?", "Try it on META."): kept as the clause is set aside
_TESTED_SETTINGS = frozenset(
    {"symbol", "interval", "interval_word", "start", "end", "range", "period_days"}
)


def _kept_anyway(sc: Scan) -> list[tuple[int, int]]:
    """Token spans of clauses saying a constraint every Botlab bot keeps ("Constraints: max 1
    position, no leverage."): backtesting.py holds one position at a time and Botlab's sizes
    never borrow, so the clause is set aside and echoed as kept."""
    return _asides(sc, vocab.KEPT_ANYWAY)


def _greetings(sc: Scan) -> list[tuple[int, int]]:
    """Token spans of sentences made only of greeting words and filler."""
    s = sc.stream
    spans, start = [], 0
    for k in range(s.n + 1):
        end_of_sentence = k == s.n or s.tokens[k].kind == "nl" or s.low(k) in ".!?;"
        opening = start == 0 and s.low(k) == ","  # "Hi, buy when ...", "yo, ..."
        if not (end_of_sentence or opening):
            continue
        words = [s.low(j) for j in range(start, k) if s.kind(j) == "word"]
        chat = any(w in vocab.CHAT for w in words) and not _numbers_in(s, start, k)
        if chat and all(w in vocab.CHAT or w in vocab.FILLER for w in words):
            spans.append((start, min(k + 1, s.n)))
        elif _signed_off(s, start, k):
            spans.append((start, s.n))
            break
        start = k + 1
    return spans


def _numbers_in(s: Stream, start: int, end: int) -> bool:
    """Tokens ``start:end`` hold a number: words around it are never only chat ("Maybe 50%
    position." says a size Botlab should read or report, not set aside)."""
    return any(s.kind(j) == "num" for j in range(start, end))


def _signed_off(s: Stream, start: int, k: int) -> bool:
    """The text ends with a sign-off and a name ("Cheers, Mark", "Regards, J. Smith"): a sign-off
    word opens the last sentence and the rest of it is one or two capitalised words."""
    if s.low(start) not in vocab.SIGN_OFFS or any(
        s.kind(j) not in ("punct", "nl") for j in range(k + 1, s.n)
    ):
        return False
    rest = [s.tokens[j] for j in range(start + 1, s.n) if s.kind(j) not in ("punct", "nl")]
    name = [t.kind == "word" and t.text[:1].isupper() and not t.text[1:].isupper() for t in rest]
    return len(rest) <= 2 and all(name)  # "Best, AAPL" ends on a ticker, not a name


def _chat_edges(sc: Scan) -> list[tuple[int, int]]:
    """Token spans of chat around a sentence's rules: its opening words before the first phrase
    read ("idk if this works but buy when ...", "I was thinking maybe buy ...") and its closing
    words after the last ("... > 70 lol", "... thx"), when they are only chat and filler words
    with at least one chat word; so are a clause's ("buy when X lmao, sell when Y")."""
    s = sc.stream
    spans: list[tuple[int, int]] = []
    start = 0
    for k in range(s.n + 1):
        if not (k == s.n or s.tokens[k].kind == "nl" or s.low(k) in ".!?;,"):
            continue
        inside = [i for i in sc.items if start <= i.start < k and i.kind != "sep"]
        if inside:
            first = min(i.start for i in inside)
            last = max(i.end for i in inside)
            for lo, hi in ((start, first), (last, k)):
                words = [s.low(j) for j in range(lo, hi) if s.kind(j) == "word"]
                chat = any(w in vocab.CHAT_MARKERS for w in words) and not _numbers_in(s, lo, hi)
                if chat and all(w in vocab.CHAT or w in vocab.FILLER for w in words):
                    spans.append((lo, hi))
        start = k + 1
    return spans


def _drop(sc: Scan, start: int, end: int, keep: frozenset[str]) -> bool:
    """Drop the items of tokens ``start:end`` but those of a ``keep`` kind, and mark the tokens
    as placed; whether any item, meaningful word or greeting was set aside ("AAPL:" and "Long
    only:" set nothing aside: their words are read)."""
    s = sc.stream
    tickers = _unread_tickers(sc, start, end)
    kept = [i for i in sc.items if i.kind in keep or not start <= i.start < end]
    unread = any(
        not sc.used[k]
        and s.kind(k) == "word"
        and (s.low(k) not in vocab.FILLER or s.low(k) in vocab.CHAT | vocab.REQUEST)
        for k in range(start, end)
    )
    dropped = any(
        i.kind not in keep and i.kind != "sep" and start <= i.start < end for i in sc.items
    )
    sc.items = kept
    for k in range(start, end):
        sc.used[k] = k not in tickers  # reported as not understood, never set aside
    return unread or dropped
