"""Phrases of the trader vocabulary that are more than "operand relation operand".

Indicator names themselves come from the indicator table and are read by the operand parser;
this module reads the few phrases whose shape is particular to one kind of indicator:

* candlestick patterns: "a bullish engulfing bar", "an inside day", "a doji", and "a hammer
  at a 20-day low" (the pattern, and the bar's low below the lowest low of the previous 20
  bars);
* "OBV makes a new 20-day high": OBV above its highest value of the previous 20 bars;
* "ATR(14) below 2% of price": ATR as a percent of the close;
* colours and sides: "the Supertrend turns green/bullish" (its direction turns up), "is red";
  "the SAR flips bullish" (the SAR goes below the close);
* crossovers named by their pair: "a bullish DMI crossover" (+DI crosses above -DI), "a TK
  cross" (tenkan crosses above kijun);
* Ichimoku's cloud and lagging span: "the cloud is green" (span A above span B), "inside the
  cloud", "drops into the cloud" (crosses below its top), "the chikou span is above the price"
  (the close above the close 26 bars earlier, where the span is drawn);
* "ADX is above 25 and rising": a trailing rising/falling continues the condition before.
"""

from __future__ import annotations

from engine.generation import _indicator_table as table
from engine.generation import _operands as ops
from engine.generation import _vocabulary as vocab
from engine.generation._draft import DCond, Ind, Item, Num, Price, Pronoun
from engine.generation._tokens import Found, Stream

PATTERN_NAMES = table.pattern_names()


def trader_phrase(s: Stream, i: int) -> Found:
    """The first of this module's phrases that starts at ``i``."""
    for recognise in (
        _average_stack,
        _squeeze,
        _pattern_break,
        _pattern,
        _pattern_extreme,
        _obv_extreme,
        _atr_of_price,
        _close_in_range,
        _narrow_range,
        _first_colour,
        _state,
        _pair,
        _zero_line_cross,
        _sign_change,
        _band_breakout,
        _band_touch,
        _fast_slow_stochastic,
        _up_bar,
        _in_cloud,
        _back_inside,
        _chikou,
        _and_rising,
        _trend,
    ):
        got = recognise(s, i)
        if got is not None:
            return got
    return None


# -- averages in order --------------------------------------------------------------------------


def _average_stack(s: Stream, i: int) -> Found:
    """ "EMA stack 8 > 21 > 55", "EMAs stacked 10 > 20 > 50", "SMA 20 > 50 > 200", and with the
    name after the lengths, "8 > 13 > 21 > 34 EMA (all stacked)": each average above the next
    (below, with "<"), every pair on the same bar."""
    j = s.skip(i, vocab.ARTICLES)
    hit = s.longest(j, vocab.KEYWORDS)
    if hit is not None and hit[1][0] in vocab.MA_FAMILIES:
        k = s.first(hit[0], vocab.STACK_WORDS) or hit[0]
        k += s.low(k) in (":", "(")
        lengths, rel, end = _lengths_in_order(s, k)
        end += s.low(end) == ")" and s.low(k - 1) == "("
    else:
        lengths, rel, end = _lengths_in_order(s, j)
        hit = s.longest(end, vocab.KEYWORDS)
        if hit is None or hit[1][0] not in vocab.MA_FAMILIES:
            return None
        end = _stack_said_after(s, hit[0], rel)
    if len(lengths) < 3 or rel is None:
        return None
    kind = "sma" if hit[1][0] == "ma" else hit[1][0]
    parts: list[Item] = []
    for first, second in zip(lengths, lengths[1:], strict=False):
        a = Ind(kind, params={"period": first}, pos=j)
        b = Ind(kind, params={"period": second}, pos=j)
        parts += [Item("conn", "and", i, i)] if parts else []
        parts.append(Item("cond", DCond("compare", a, rel, b, start=i, end=end), i, end))
    said = " > ".join(f"{kind.upper()}({n:g})" for n in lengths).replace(">", rel)
    parts[-1].value.notes.append(f"'{s.span_text(i, end)}' read as {said} on the same bar")
    return end, "rules", parts


def _lengths_in_order(s: Stream, k: int) -> tuple[list[float], str | None, int]:
    """ "8 > 21 > 55": the whole-number lengths, the one relation between them all, and the
    end of the chain."""
    lengths, rel, end = [], None, k
    while (got := s.number(end)) is not None and got[1] == int(got[1]) and got[1] >= 1:
        lengths.append(got[1])
        end = got[0]
        said = s.low(end) if s.low(end) in (">", "<") else None
        if said is None or (rel is not None and said != rel) or s.number(end + 1) is None:
            break
        rel, end = said, end + 1
    return lengths, rel, end


def _stack_said_after(s: Stream, end: int, rel: str | None) -> int:
    """ "... 34 EMA (all stacked)", "... 55 EMAs stacked bullish": the way the chain is stacked,
    said again after it, is part of it when it agrees with the chain's relation."""
    opened = s.low(end) == "("
    k = s.skip(end + opened, vocab.STACK_FILLERS)
    said = s.longest(k, vocab.STACKED)
    if said is None or said[1] != rel or (opened and s.low(said[0]) != ")"):
        return end
    return said[0] + opened


# -- back inside the bands -----------------------------------------------------------------------


def _back_inside(s: Stream, i: int) -> Found:
    """ "sell on the first close back inside the channel", "when the close is back inside the
    bands", "closes back inside or below the cloud": the close crossing back over the band (the
    cloud's edge) the entry went beyond (as "crosses back")."""
    k = s.first(i, vocab.BACK_INSIDE_SUBJECTS) or i
    k = s.first(k, vocab.BACK_INSIDE)
    if k is None:
        return None
    end = s.skip(k, vocab.ARTICLES)
    if s.low(end) == "or" and s.low(end + 1) in vocab.ABOVE_PREPS | vocab.BELOW_PREPS:
        end = s.skip(end + 2, vocab.ARTICLES)  # "back inside or below the cloud": back over it
    end = s.first(end, vocab.BAND_NAMES)
    if end is None:
        return None
    return end, "cond", DCond("cross", Price("close"), None, None, back=True, start=i, end=end)


# -- the Bollinger/Keltner squeeze ----------------------------------------------------------------


#: A breakout said without its side ("a squeeze, then the breakout"): upward, as a breakout is
_BREAKING_OUT = vocab.BREAKOUT_VERBS - {"breaks", "moves"}


def _squeeze(s: Stream, i: int) -> Found:
    """ "the Bollinger Bands squeeze inside the Keltner channels", "a TTM squeeze": the squeeze is
    on ("the squeeze fires": it was on at the previous bar and is off on this one); followed by
    "and price breaks out up", also the close crossing above the upper Bollinger
    Band (20, 2) (below the lower, "down"), and the squeeze is then the setup of the bar before
    (see ``_resolve.squeeze_before_breakout``)."""
    j = s.skip(i, vocab.PATTERN_LEADS)
    end, outside = _bands_inside(s, j) or (None, False)
    named = s.longest(j, PATTERN_NAMES)
    if end is None and named is not None and named[1] == "squeeze":
        if _other_squeeze(s, j):
            return None
        end = named[0]
    if end is None:
        return None
    squeeze = DCond("compare", Ind("squeeze", pos=j), ">", Num(0.0), start=i, end=end)
    # "the squeeze fires"; "the Bollinger Bands move outside the Keltner channels" is the same
    fires = (end, "outside") if outside else s.longest(end, vocab.SQUEEZE_FIRES)
    if fires is not None:  # "the squeeze fires": on at the previous bar, off on this one
        squeeze.a.lag, stop = 1, fires[0]  # type: ignore[union-attr]
        off = DCond("compare", Ind("squeeze", pos=j), "<=", Num(0.0), start=end, end=stop)
        off.notes.append(
            f"'{s.span_text(i, stop)}' read as: a squeeze on the previous bar and none on this one"
        )
        parts = [Item("cond", squeeze, i, end, when=s.low(i - 1) in vocab.WHEN_WORDS)]
        return stop, "rules", [*parts, Item("cond", off, end, stop)]
    k = s.skip(end, vocab.BREAKOUT_LEADS | vocab.ARTICLES)
    verb = s.longest(k, vocab.BREAKOUT_VERBS)
    side = s.longest(verb[0], vocab.BREAKOUT_SIDES) if verb else None
    if side is None and verb is not None and s.span_text(k, verb[0]).lower() in _BREAKING_OUT:
        side = verb[0], "above"  # "squeeze then breakout": a breakout with no side is upward
    if side is None:
        return end, "cond", squeeze
    stop, direction = side
    line = "upper" if direction == "above" else "lower"
    said = s.span_text(s.skip(end, vocab.CLAUSE_STOPS | {","}), stop)
    note = f"'{said}' read as the close crossing {direction} the {line} Bollinger Band (20, 2)"
    band = Ind("bbands", line, params={"period": 20.0, "std": 2.0}, pos=j)
    breakout = DCond("cross", Price("close"), direction, band, notes=[note], start=end, end=stop)
    when = s.low(i - 1) in vocab.WHEN_WORDS
    parts = [Item("cond", squeeze, i, end, when=when)]
    return stop, "rules", [*parts, Item("cond", breakout, end, stop)]


def _other_squeeze(s: Stream, j: int) -> bool:
    """ "a short squeeze", "a gamma squeeze": shorts (option sellers) buying back, not the
    Bollinger/Keltner squeeze; its words are reported as not understood."""
    return s.low(j) == "squeeze" and s.low(j - 1) in vocab.OTHER_SQUEEZES


def _bands_inside(s: Stream, j: int) -> tuple[int, bool] | None:
    """The end of "Bollinger Bands (squeeze / are / move) inside the Keltner channels" at ``j``,
    and whether it was "outside" instead ("the Bollinger Bands (20, 2) move outside the Keltner
    Channel (20, 1.5)": the squeeze's release). Settings said in brackets are read only when
    they are the squeeze's own (20, 2 and 20, 1.5)."""
    bands = s.longest(j, vocab.KEYWORDS)
    if bands is None or bands[1][0] != "bbands":  # type: ignore[index]
        return None
    start = _squeeze_settings(s, bands[0], vocab.SQUEEZE_BAND_SETTINGS)
    k = s.skip(start, vocab.SQUEEZE_VERBS)
    outside = s.first(k, vocab.SQUEEZE_OUT_PREPS)
    if k == start or (s.low(k) not in vocab.SQUEEZE_PREPS and outside is None):
        return None
    channels = s.longest(s.skip(outside or k + 1, vocab.ARTICLES), vocab.KEYWORDS)
    if channels is None or channels[1][0] != "keltner":  # type: ignore[index]
        return None
    return _squeeze_settings(s, channels[0], vocab.SQUEEZE_CHANNEL_SETTINGS), outside is not None


def _squeeze_settings(s: Stream, k: int, settings: tuple[float, ...]) -> int:
    """After "(20, 2)" at ``k`` when those are ``settings``; else ``k`` (other settings are left
    unread: the squeeze is built with its own)."""
    if s.low(k) != "(":
        return k
    said: list[float] = []
    m = k + 1
    while (got := s.number(m)) is not None:
        said.append(got[1])
        m = got[0] + (s.low(got[0]) == ",")
    return m + 1 if tuple(said) == settings and s.low(m) == ")" else k


# -- candlestick patterns -------------------------------------------------------------------------


def _pattern(s: Stream, i: int) -> Found:
    """ "a bullish engulfing bar", "an inside day", "doji", "yesterday was an inside day"."""
    j = s.skip(i, vocab.PATTERN_LEADS)
    lag = 0
    if s.low(j) == "yesterday" or (
        s.low(j) in ("previous", "prior", "last") and s.low(j + 1) in ("bar", "day", "candle")
    ):
        lag = 1
        j = s.skip(j + (1 if s.low(j) == "yesterday" else 2), vocab.PATTERN_LEADS | {"was", "made"})
    counted = _pattern_count(s, j) if lag == 0 and s.longest(j, PATTERN_NAMES) is None else None
    j, bars, running = counted or (j, 0, False)  # "three white soldiers" is one pattern
    hit = s.longest(j, PATTERN_NAMES)
    if hit is None or (hit[1] == "squeeze" and _other_squeeze(s, j)):
        return None
    end, kind = hit
    end = s.skip(end, vocab.PATTERN_TAILS)
    if bars:  # "two inside bars in a row", "3 consecutive dojis": the pattern on each bar
        row = s.first(end, vocab.IN_A_ROW)
        if row is None and not running:
            return None  # "two inside bars": when, unsaid
        end = row or end
    at_open = lag == 1 and _bought_at_the_open_before(s, i)
    ind = Ind(str(kind), pos=j, lag=0 if at_open else lag)
    cond = DCond("compare", ind, ">", Num(0.0), n=bars, start=i, end=end)
    if at_open:  # "enter at market open when the previous day was an inside day"
        cond.notes.append(
            f"'{s.span_text(i, end)}' with a buy at the open: the pattern on the signal bar, the "
            "day before the open the trade is bought at"
        )
    return end, "cond", cond


def _pattern_count(s: Stream, j: int) -> tuple[int, int, bool] | None:
    """ "two (consecutive) ..." before a pattern's name: (where the name starts, the bars, and
    whether "consecutive" was said)."""
    got = s.number(j)
    if got is None or got[1] != int(got[1]) or not 2 <= got[1] <= 10:
        return None
    k, bars = got[0], int(got[1])
    running = s.low(k) in vocab.IN_SUCCESSION
    return k + running, bars, running


def _bought_at_the_open_before(s: Stream, i: int) -> bool:
    """ "enter long at market open when ...": the clause before ``i`` buys at the open."""
    for k in range(i - 1, max(i - 8, -1), -1):
        if s.kind(k) == "nl" or s.low(k) in (".", ";", "!", "?"):
            return False
        if s.longest(k, vocab.AT_THE_OPEN) is not None:
            return True
    return False


def _pattern_break(s: Stream, i: int) -> Found:
    """ "price goes above the inside bar's high", "breaks below the low of the hammer": the bar
    after the pattern bar closes beyond its high (low); the pattern on the bar before."""
    j = s.skip(i, vocab.PRICE_SAID_AS_SUBJECT)
    j = s.skip(j, vocab.PATTERN_BREAK_VERBS)
    side = s.low(j)
    if side in vocab.ARTICLES and s.low(j - 1) in vocab.BREAK_VERBS | vocab.PATTERN_BREAK_VERBS:
        side, j = "through", j - 1  # "breaks the high of an inside bar": beyond it, its side
    if side not in ("above", "over", "below", "under", "through") or j == i:
        return None
    k = s.skip(j + 1, frozenset({"the", "a", "an"}))
    found = _pattern_extreme_of(s, k)
    if found is None:
        return None
    end, kind, field = found
    if side == "through":
        side = "above" if field == "high" else "below"
    op = ">" if side in ("above", "over") else "<"
    pattern = DCond("compare", Ind(kind, pos=k, lag=1), ">", Num(0.0), start=i, end=end)
    note = (
        f"'{s.span_text(i, end)}' read as the close {'above' if op == '>' else 'below'} the "
        f"previous bar's {field}, that bar being the pattern (checked at the close)"
    )
    beyond = DCond("compare", Price("close"), op, Price(field, lag=1), notes=[note])
    beyond.start, beyond.end = i, end
    return end, "rules", [Item("cond", beyond, i, end), Item("cond", pattern, i, end)]


def _pattern_extreme_of(s: Stream, k: int) -> tuple[int, str, str] | None:
    """ "inside bar's high", "high of the hammer": (end, pattern kind, "high"/"low")."""
    for name, kind in PATTERN_NAMES.items():
        words = name.split()
        end = s.phrase(k, " ".join([*words[:-1], words[-1] + "'s"]))
        if end is not None and s.low(end) in ("high", "low"):
            return end + 1, str(kind), s.low(end)
    if s.low(k) in ("high", "low") and s.low(k + 1) == "of":
        m = s.skip(k + 2, frozenset({"the", "a", "an", "that"}))
        hit = s.longest(m, PATTERN_NAMES)
        if hit is not None:
            end = hit[0]
            end = s.skip(end, vocab.PATTERN_TAILS)
            return end, str(hit[1]), s.low(k)
    return None


def after_pattern(s: Stream, i: int) -> bool:
    """A pattern name (and its tail words) ends just before ``i`` ("an inside bar at ...": the
    tail word "bar" may be the name's own)."""
    return _pattern_before(s, i) is not None


def _pattern_before(s: Stream, i: int) -> str | None:
    """The kind of the pattern whose name (and tail words) ends just before ``i``."""
    k = i
    while True:
        for name, kind in PATTERN_NAMES.items():
            if s.phrase(k - len(name.split()), name) == k:
                return str(kind)
        if s.low(k - 1) not in vocab.PATTERN_TAILS:
            return None
        k -= 1


def _pattern_extreme(s: Stream, i: int) -> Found:
    """ "(a hammer) at a 20-day low": the bar's low below the lowest low of the previous 20
    bars (its high above the highest high, for "at a 20-day high"). A pattern whose later bar
    lies inside the first (an inside bar, a harami) has the first bar's extremes: that bar's
    low below the lowest low of the 20 bars before it."""
    pattern = _pattern_before(s, i) if s.low(i) in ("at", "near", "making", "into") else None
    if pattern is None:
        return None
    got = _new_extreme(s, s.skip(i + 1, vocab.ARTICLES | vocab.NEW_WORDS))
    if got is None:
        return _pattern_at_a_band(s, i, pattern)
    end, period, high, notes = got
    kind, field, op = ("highest", "high", ">") if high else ("lowest", "low", "<")
    lag = int(pattern in vocab.INSIDE_PATTERNS)
    level = Ind(kind, params={"period": period}, source=field, pos=i, lag=lag)
    bar = "the first bar's (the later bar lies inside it)" if lag else "the bar's"
    notes.append(
        f"'at a {period:g}-day {'high' if high else 'low'}' read as {bar} {field} "
        f"{'above' if high else 'below'} the {kind} {field} of the "
        + (f"{period:g} bars before it" if lag else f"previous {period:g} bars")
    )
    low = Price(field, lag=lag)
    return end, "cond", DCond("compare", low, op, level, notes=notes, start=i, end=end)


def _pattern_at_a_band(s: Stream, i: int, pattern: str) -> Found:
    """ "(an engulfing candle) at the lower band": the pattern's bar reaching that edge, its low
    at or below a lower edge (its high at or above an upper one), as "at a 20-day low" reads;
    a pattern whose later bar lies inside the first has the first bar's extremes."""
    got = ops.parse_operand(s, s.skip(i + 1, vocab.ARTICLES))
    if got is None or not isinstance(got[1], Ind) or got[1].output not in ("upper", "lower"):
        return None
    end, band = got
    upper = band.output == "upper"
    field, op = ("high", ">=") if upper else ("low", "<=")
    lag = int(pattern in vocab.INSIDE_PATTERNS)
    band.lag = lag
    note = (
        f"'{s.span_text(i, end)}' read as the pattern bar's {field} at or "
        f"{'above' if upper else 'below'} the {band.output} band"
    )
    bar = Price(field, lag=lag)
    return end, "cond", DCond("compare", bar, op, band, notes=[note], start=i, end=end)


def _new_extreme(s: Stream, j: int) -> tuple[int, float, bool, list[str]] | None:
    """ "20-day low", "new high" (20 bars, said), "high of the last 10 days"."""
    notes: list[str] = []
    got = ops.parse_period(s, j)
    period = None
    if got is not None:
        j, period, note = got
        notes += [note] if note else []
    word = s.low(j)
    if word not in vocab.HIGH_LOW_WORDS:
        return None
    end = j + 1
    if period is None:
        end2, nums, more = ops.parse_suffix_params(s, end)
        if nums:
            period, end, notes = nums[0][0], end2, notes + more
    if period is None:
        period = 20.0
        notes.append(f"'new {word}' read as a new 20-bar {word.rstrip('s')}")
    return end, period, word.startswith("high"), notes


def _obv_extreme(s: Stream, i: int) -> Found:
    """ "OBV makes a new 20-day high": OBV above its highest value of the previous 20 bars."""
    j = s.skip(i, vocab.ARTICLES)
    hit = s.longest(j, vocab.KEYWORDS)
    if hit is None or hit[1] != ("obv", None):
        return None
    k = hit[0]
    k = s.optional(k, ("makes", "hits", "sets", "reaches", "prints", "is", "at", "breaks"))
    k = s.skip(k, vocab.ARTICLES | {"at", "to", "out", "new", "fresh"})
    got = _new_extreme(s, k)
    if got is None:
        return None
    end, period, high, notes = got
    level = Ind("obv_highest" if high else "obv_lowest", params={"period": period}, pos=i)
    cond = DCond("compare", Ind("obv", pos=j), ">" if high else "<", level, notes=notes)
    cond.start, cond.end = i, end
    return end, "cond", cond


# -- ATR as a percent of price --------------------------------------------------------------------


def _atr_of_price(s: Stream, i: int) -> Found:
    """ "ATR(14) below 2% of price", "the ATR is more than 3 percent of the close", "ATR falls
    below 2% of the close" (a cross), "volatility (ATR) drops under 1.5% of the closing price";
    the ratio said first: "ATR as a percent of price is below 2%", "ATR(14)/close < 3%"."""
    k = s.skip(i, vocab.ARTICLES)
    bracketed = s.low(k) in vocab.VOLATILITY_WORDS and s.low(k + 1) == "("
    k = k + 2 if bracketed else k
    if not any(s.longest(x, vocab.KEYWORDS) == (x + 1, ("atr", None)) for x in range(k, k + 4)):
        return None  # no ATR in the first words ("the 10-day ATR"): not this phrase
    got = ops.parse_operand(s, k)
    if got is None or not isinstance(got[1], Ind) or got[1].family != "atr":
        return None
    j, atr = got
    if bracketed:
        if s.low(j) != ")":
            return None
        j += 1
    said_first = _of_price(s, _ratio_words(s, j))  # "ATR as a percent of price is below 2%"
    rel = ops.parse_relation(s, j if said_first is None else said_first)
    if rel is None or rel[1].kind not in ("compare", "cross") or rel[1].times != 1.0:
        return None
    pct = s.percent(rel[0])
    if pct is None:
        return None
    if said_first is not None:
        end = pct[0]
    elif s.low(pct[0]) != "of" or (end := _of_price(s, pct[0] + 1)) is None:
        return None
    ind = Ind("atr_pct", params=dict(atr.params), pos=atr.pos, notes=list(atr.notes))
    note = "ATR as a percent of price read as 100 x ATR / the close"
    cond = DCond(rel[1].kind, ind, rel[1].rel, Num(pct[1]), notes=[note], start=i, end=end)
    return end, "cond", cond


def _ratio_words(s: Stream, j: int) -> int | None:
    """Where the price is named after "ATR ... as a percent(age) of" or "ATR / ", or None."""
    if s.low(j) == "/":
        return j + 1
    k = s.skip(j, frozenset({"as", "a", "in"}))
    if k > j and s.low(k) in ("percent", "percentage", "%") and s.low(k + 1) == "of":
        return k + 2
    return None


def _of_price(s: Stream, k: int | None) -> int | None:
    """The token after "(the) price" / "(the) close" / "the closing price" at ``k``, or None."""
    if k is None:
        return None
    k = s.skip(k, vocab.ARTICLES)
    if s.low(k) not in ("price", "close", "closing", "the", "stock", "share", "stock's"):
        return None
    end = k + 1
    return end + 1 if s.low(end) in vocab.PRICE_NOUNS else end


# -- where the close sits in the bar's range ------------------------------------------------------

#: "bottom"/"top" and their synonyms -> the side of the range.
_RANGE_SIDES = {
    **dict.fromkeys(["bottom", "lower", "low", "lowest", "bottommost"], "low"),
    **dict.fromkeys(["top", "upper", "high", "highest", "topmost"], "high"),
}
#: Fractions of a range named by a word: "the top quarter".
_RANGE_PARTS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "tenth": 0.1}
_CLOSE_WORDS = frozenset({"close", "closes", "closed", "closing", "price", "it"})


def _close_in_range(s: Stream, i: int) -> Found:
    """ "closes in the bottom 10% of its range", "the close is in the top quarter of the day's
    range", "closing in the lower third of the bar's range": the IBS, (close - low) / (high -
    low), at or below the fraction (bottom) or at or above one minus it (top)."""
    k = s.skip(i, vocab.ARTICLES)
    if s.low(k) not in _CLOSE_WORDS:
        return None
    k = s.skip(k + 1, frozenset({"price", "is", "was", "closes", "closed", "at", "near"}))
    if s.low(k) not in ("in", "within", "inside"):
        return None
    k = s.skip(k + 1, vocab.ARTICLES)
    side = _RANGE_SIDES.get(s.low(k))
    if side is None:
        return None
    k += 1
    pct = s.percent(k)
    if pct is not None:
        k, fraction = pct[0], pct[1] / 100
    elif s.low(k) in _RANGE_PARTS:
        k, fraction = k + 1, _RANGE_PARTS[s.low(k)]
    else:
        return None
    if not 0 < fraction < 1 or s.low(k) != "of":
        return None
    k = s.skip(
        k + 1,
        frozenset(
            {
                "its",
                "the",
                "their",
                "this",
                "today's",
                "day's",
                "bar's",
                "candle's",
                "daily",
                "day",
                "bar",
                "candle",
                "'s",
            }
        ),
    )
    if s.low(k) not in ("range", "ranges", "high-low", "bar", "candle"):
        return None
    end = k + 1
    if s.low(k) == "high-low" and s.low(end) == "range":
        end += 1
    low_side = side == "low"
    level = round(fraction if low_side else 1 - fraction, 6)
    note = (
        f"'{s.span_text(i, end)}' read as IBS = (close - low) / (high - low) "
        f"{'at or below' if low_side else 'at or above'} {level:g}; a bar whose high equals its "
        "low has no IBS, so it never counts"
    )
    cond = DCond(
        "compare",
        Ind("ibs", pos=i),
        "<=" if low_side else ">=",
        Num(level),
        notes=[note],
        start=i,
        end=end,
    )
    return end, "cond", cond


# -- narrow-range bars ----------------------------------------------------------------------------

_RANGE_OWNERS = frozenset(
    {
        "today's",
        "todays",
        "the",
        "this",
        "its",
        "day's",
        "bar's",
        "candle's",
        "daily",
        "current",
        "a",
        "an",
        "is",
        "was",
        "it's",
        "today",
        "makes",
        "made",
        "has",
        "with",
    }
)
_NARROWEST = frozenset({"narrowest", "smallest", "lowest", "tightest", "shortest"})
_BAR_WORDS = frozenset({"day", "days", "bar", "bars", "candle", "candles", "session", "sessions"})


def _narrow_range(s: Stream, i: int) -> Found:
    """ "NR7", "an NR4 day", "the narrowest range of the last 7 days", "today's range is the
    smallest in 4 days", "the bar's range is the tightest of the past 7 bars": this bar's high -
    low range below every one of the previous N - 1 bars' ranges (a tie does not count)."""
    k = s.skip(i, _RANGE_OWNERS)
    lag = 0
    if s.low(k) == "yesterday" or (
        s.low(k) in ("previous", "prior", "last")
        and s.low(k + 1) in _BAR_WORDS | vocab.BAR_POSSESSIVES
    ):  # "yesterday was an NR7 day", "the previous bar's range is the smallest in 4 bars"
        lag = 1
        k = s.skip(k + (1 if s.low(k) == "yesterday" else 2), _RANGE_OWNERS)
    if s.low(k) == "nr" and s.number(k + 1) is not None:
        end, period = s.number(k + 1)  # type: ignore[misc]
        while s.low(end) in _BAR_WORDS or s.low(end) in ("pattern", "setup"):
            end += 1
    else:
        end, period = _narrowest_range(s, k) or (0, 0.0)
    if not period or period != int(period) or period < 2:
        return None
    ind = Ind("narrow_range", params={"period": period}, pos=i, lag=lag)
    note = (
        f"'{s.span_text(i, end)}' read as an NR{period:g} bar: its high - low range below each "
        f"of the previous {period - 1:g} bars' ranges (a tie does not count)"
    )
    return end, "cond", DCond("compare", ind, ">", Num(0.0), notes=[note], start=i, end=end)


def _narrowest_range(s: Stream, k: int) -> tuple[int, float] | None:
    """(end, N) of "[range is] the narrowest [range] of/in the last N days"."""
    ranged = s.low(k) in ("range", "high-low")
    if ranged:
        k = s.skip(k + 1, frozenset({"range", "is", "was", "the"}))
    if s.low(k) not in _NARROWEST:
        return None
    k += 1
    if s.low(k) in ("range", "high-low", "bar", "day", "candle"):
        ranged = True
        k = s.skip(k + 1, frozenset({"range"}))
    if not ranged or s.low(k) not in ("of", "in", "over"):
        return None
    k = s.skip(k + 1, frozenset({"the", "last", "past", "previous", "prior", "recent"}))
    got = s.number(k)
    if got is None or s.low(got[0]) not in _BAR_WORDS:
        return None
    return got[0] + 1, got[1]


# -- colours and sides ----------------------------------------------------------------------------

#: kind -> (output compared, what it is compared with, how it stands to that when bullish, the
#: reading in words)
_STATES: dict[str, tuple[str | None, object, str, str]] = {
    "supertrend": ("direction", Num(0.0), "above", "the Supertrend's direction {side} 0"),
    "heikin_ashi": (None, Num(0.0), "above", "the Heikin-Ashi candle's close {side} its open"),
    "psar": (None, Price("close"), "below", "the Parabolic SAR {side} the close"),
    "adx": ("plus_di", Ind("adx", "minus_di"), "above", "+DI {side} -DI"),  # "the DMI is bullish"
    "ichimoku": (  # "the cloud is green"
        "span_a",
        Ind("ichimoku", "span_b"),
        "above",
        "senkou span A {side} senkou span B",
    ),
}


def _state(s: Stream, i: int) -> Found:
    """ "the Supertrend turns green" (an event), "the SAR is bullish" (a state)."""
    j = s.skip(i, vocab.ARTICLES)
    params: dict[str, float] = {}
    clause_start = s.kind(j - 1) in ("", "punct", "nl") or s.low(j - 1) in vocab.WHEN_WORDS
    clause_start = clause_start or j > i  # "exit on a flip to bearish": "a flip", a noun
    unnamed = turned = False  # the line left unsaid; its colour said as a moment ("on red")
    if s.low(j) in ("it", "they") and _last_stateful(s, j) is not None:
        k, kind = j + 1, str(_last_stateful(s, j))
    elif clause_start and s.low(j) in vocab.TURN_VERBS - {"goes"} and _last_stateful(s, j):
        k, kind = j, str(_last_stateful(s, j))  # "turns green -> buy, turns red -> sell"
        unnamed = True
    elif s.low(j - 1) == "on" and s.low(j) in vocab.BARE_STATES and _last_stateful(s, j):
        k, kind, turned = j, str(_last_stateful(s, j)), True  # "flip to short on red"
    else:
        hit = s.longest(j, vocab.KEYWORDS)
        if hit is None or hit[1][0] not in _STATES:  # type: ignore[index]
            return None
        got = ops.parse_operand(s, j)  # "the Supertrend(10, 3)", "SAR 0.02/0.2"
        if got is None or not isinstance(got[1], Ind):
            return None
        if got[1].family == "ichimoku" and got[1].output != "cloud":
            return None  # only the cloud has a colour
        if got[1].family == "adx" and got[1].output == "adx":
            return None  # "ADX turns up" is its slope; "the DMI turns bullish" is +DI over -DI
        k, kind, params = got[0], got[1].family, got[1].params
    said = s.low(k) in vocab.BULLISH | vocab.BEARISH
    signal = said and s.low(k + 1) in vocab.EVENT_TAILS  # "supertrend buy signal"
    event = turned or signal or s.low(k) in vocab.TURN_VERBS
    bare = turned or (not event and s.low(k) in vocab.BARE_STATES)  # "Supertrend(10,3) bullish"
    if not event and not bare and s.low(k) not in vocab.STATE_VERBS:
        return None
    k += not (bare or signal)
    if event and not signal and not unnamed and s.kind(k) in ("", "punct", "nl"):
        return k, "cond", _flip_of_the_rules_side(kind, params, i, j, k, s)
    k = s.skip(k, frozenset({"to", "into", "in", "an", "a"}))
    word = s.low(k)
    if word not in vocab.BULLISH | vocab.BEARISH:
        return None
    opens = event and s.kind(i - 1) in ("", "punct", "nl")  # no action or "when" before it
    role = _side_word(s, k, opens, unnamed) if word in ("long", "short") else "colour"
    if role == "action" and not unnamed:
        # "supertrend(10,3) flip long, ...", "supertrend flip short": the side is the rule's
        # action (read next), the flip the rule's way: never a buy on the bearish turn
        return k, "cond", _flip_of_the_rules_side(kind, params, i, j, k, s)
    if role != "colour":
        return None
    end = k + 1
    end = s.optional(end, vocab.EVENT_TAILS if signal else vocab.STATE_TAILS)
    if bare and s.low(end) in vocab.CANDLE_PRONOUNS and s.low(end + 1) in vocab.RUN_AFTER_WORDS:
        return None  # "heikin ashi green candle after 2 red ones": a run of colours, not built
    bullish = word in vocab.BULLISH
    cond = colour(kind, params, bullish, event, pos=j)
    cond.notes = [f"'{s.span_text(j, end)}' read as {state_words(kind, bullish)}"]
    cond.start, cond.end = i, end
    return end, "cond", cond


def _side_word(s: Stream, k: int, opens: bool, unnamed: bool) -> str:
    """What "long" or "short" after a line's turn is, decided once: the ``"sides"`` traded on
    its flips ("supertrend flip long/short", "flip long only"), the rule's ``"action"`` (its
    line left unsaid: "turns green -> buy, flip to short on red"; or a turn that ``opens`` the
    rule: "supertrend flip short on TSLA"), else the line's ``"colour"`` ("flip short exit": the
    bearish flip's exit; "when it flips short and RSI ...")."""
    sides = s.longest(k, vocab.DIRECTIONS)
    if sides is not None and s.low(sides[0]) not in vocab.EXIT_CLOSE_WHEN:
        return "sides"  # not "flips long and short when it flips short": one side, the other's
    if s.low(k + 1) in vocab.CLOSING_SIDES:
        return "colour"  # "flip long, flip short exit": its exit
    alone = sides is None and s.low(k + 1) not in ("and", "or", "/", "&")  # not "long/short"
    return "action" if unnamed or (opens and alone) else "colour"


#: Lines traded on their own flips when named without a rule ("Supertrend(7,2) long only")
FLIP_SYSTEMS = frozenset({"supertrend", "psar", "heikin_ashi"})


def colour(kind: str, params: dict[str, float], bullish: bool, event: bool, pos: int = 0) -> DCond:
    """The bullish or bearish state of a Supertrend, SAR, Heikin-Ashi candle, DMI or cloud
    (``kind``): a turn to it
    (a crossing, true on one bar) when ``event``, else the state on every bar."""
    output, other, _, _ = _STATES[kind]
    side = _side(kind, bullish)
    ind = Ind(kind, output, params=dict(params), pos=pos)
    if isinstance(other, Ind):
        other = Ind(other.family, other.output, params=dict(params), pos=pos)
    if event:
        return DCond("cross", ind, side, other)
    return DCond("compare", ind, ">" if side == "above" else "<", other)


def state_words(kind: str, bullish: bool) -> str:
    """ "the Supertrend's direction above 0": the bullish or bearish state in words."""
    return _STATES[kind][3].format(side=_side(kind, bullish))


def _side(kind: str, bullish: bool) -> str:
    bullish_side = _STATES[kind][2]
    if bullish:
        return bullish_side
    return "above" if bullish_side == "below" else "below"


def _flip_of_the_rules_side(
    kind: str, params: dict[str, float], i: int, j: int, end: int, s: Stream
) -> DCond:
    """ "buy when the SAR flips, exit when it flips": a turn said without its colour is the
    rule's own way (bullish on a buy, the other way on its exit), as "crosses" with no
    direction is: the line's bullish side is written as its "above"."""
    bull = colour(kind, params, bullish=True, event=True, pos=j)
    a, b = (bull.a, bull.b) if bull.rel == "above" else (bull.b, bull.a)
    note = (
        f"'{s.span_text(j, end)}' read as a turn the rule's way (its bullish side: "
        f"{state_words(kind, True)})"
    )
    return DCond("cross", a, None, b, notes=[note], start=i, end=end)


def _first_colour(s: Stream, i: int) -> Found:
    """ "the first green Heikin-Ashi candle", "(sell on) the first red one": the turn to that
    colour (a crossing, true on the first bar of the colour only)."""
    j = s.skip(i, vocab.ARTICLES)
    if s.low(j) != "first" or s.low(j + 1) not in vocab.BARE_STATES:
        return None
    k = j + 2
    named = _last_stateful(s, k)
    candle = named == "heikin_ashi" or s.low(k) == "one"  # a Supertrend has no candles
    if s.low(k) in vocab.CANDLE_PRONOUNS and named is not None and candle:
        end, kind, params = k + 1, named, {}
    else:
        got = ops.parse_operand(s, k)
        if got is None or not isinstance(got[1], Ind) or got[1].family not in _STATES:
            return None
        end, kind, params = got[0], got[1].family, got[1].params
    bullish = s.low(j + 1) in vocab.BULLISH
    cond = colour(kind, params, bullish, event=True, pos=k)
    cond.notes = [f"'{s.span_text(j, end)}' read as the turn to {state_words(kind, bullish)}"]
    cond.start, cond.end = i, end
    return end, "cond", cond


def _last_stateful(s: Stream, i: int) -> str | None:
    """The Supertrend or SAR named last before ``i`` ("... sell when it turns red")."""
    for k in range(i - 1, -1, -1):
        hit = s.longest(k, vocab.KEYWORDS)
        if hit is not None and hit[1][0] in _STATES:  # type: ignore[index]
            return hit[1][0]  # type: ignore[index]
    return None


# -- crossovers named by their pair ---------------------------------------------------------------


def _pair(s: Stream, i: int) -> Found:
    """ "a bullish DMI crossover", "the DMI crosses bullish", "a TK cross"."""
    j = s.skip(i, vocab.ARTICLES)
    side = None
    if s.low(j) in ("bullish", "bearish"):
        side, j = ("above" if s.low(j) == "bullish" else "below"), j + 1
    hit = s.longest(j, vocab.PAIRS)
    if hit is None or s.low(hit[0]) not in vocab.CROSS_WORDS:
        return None
    end, (kind, first, second) = hit  # type: ignore[misc]
    end += 1
    if side is None and s.low(end) in vocab.BULLISH | vocab.BEARISH:
        side, end = ("above" if s.low(end) in vocab.BULLISH else "below"), end + 1
    elif side is None and s.low(end) in ("above", "below"):
        return None  # "DMI crosses above 20": a plain comparison
    a, b = Ind(kind, first, pos=j), Ind(kind, second, pos=j)
    return end, "cond", DCond("cross", a, side, b, start=i, end=end)


def _zero_line_cross(s: Stream, i: int) -> Found:
    """ "CCI(50) zero-line cross up", "a bullish MACD zero line cross", "a zero line cross down
    of the MACD": the indicator crossing 0, the way said (none: the rule's own side)."""
    j = s.skip(i, vocab.ARTICLES)
    side = None
    if s.low(j) in ("bullish", "bearish"):
        side, j = ("above" if s.low(j) == "bullish" else "below"), j + 1
    line = None
    if s.low(j) != "zero":
        got = ops.parse_operand(s, j)
        if got is None or not isinstance(got[1], Ind):
            return None
        j, line = got
    if not (s.low(j) == "zero" and s.low(j + 1) == "line" and s.low(j + 2) in vocab.CROSS_WORDS):
        return None
    end = j + 3
    said = s.longest(end, vocab.CROSS_DIRECTIONS)
    if said is not None:
        end, side = said[0], said[1]
    elif s.low(end) in ("bullish", "bearish"):  # not "long"/"short": the action after it
        side, end = ("above" if s.low(end) == "bullish" else "below"), end + 1
    if line is None and s.low(end) in ("of", "on", "in"):
        got = ops.parse_operand(s, s.skip(end + 1, vocab.ARTICLES))
        if got is not None and isinstance(got[1], Ind):
            end, line = got
    if line is None and side is None:
        return None
    subject = Pronoun() if line is None else line  # "..., sell on a zero line cross down": its
    return end, "cond", DCond("cross", subject, side, Num(0.0), start=i, end=end)


def _sign_change(s: Stream, i: int) -> Found:
    """ "the MACD histogram turns from negative to positive", "it flips from positive to
    negative": the line crossing 0 that way."""
    j = s.skip(i, vocab.ARTICLES)
    if s.low(j) == "it":
        k, line = j + 1, Pronoun()
    else:
        got = ops.parse_operand(s, j)
        if got is None or not isinstance(got[1], Ind):
            return None
        k, line = got
    if s.low(k) not in vocab.TURN_VERBS | {"crosses", "moves", "changes"} or s.low(k + 1) != "from":
        return None
    start = s.longest(k + 2, vocab.SIGNS)
    if start is None or s.low(start[0]) != "to":
        return None
    end = s.longest(start[0] + 1, vocab.SIGNS)
    if end is None or end[1] == start[1]:
        return None
    side = "above" if end[1] > 0 else "below"
    return end[0], "cond", DCond("cross", line, side, Num(0.0), start=i, end=end[0])


def _band_breakout(s: Stream, i: int) -> Found:
    """ "a Bollinger band breakout", "Keltner channel (20, 2 ATR) breakout long", "an upside
    breakout of the Keltner channel", "a lower band breakdown": the close crossing out of the
    band (above the upper one; below the lower one for a breakdown or a downside breakout)."""
    j = s.skip(i, vocab.ARTICLES)
    side = vocab.BREAKOUT_LEAD_SIDES.get(s.low(j))
    j += side is not None
    band = ops.parse_operand(s, j)
    if band is not None and isinstance(band[1], Ind) and band[1].family in vocab.BREAKOUT_BANDS:
        j, line = band
        word = vocab.BREAKOUT_WORDS.get(s.low(j))
        if word is None:
            return None
        end = j + 1
    else:
        word = vocab.BREAKOUT_WORDS.get(s.low(j))
        if word is None or s.low(j + 1) != "of":
            return None
        band = ops.parse_operand(s, s.skip(j + 2, vocab.ARTICLES))
        if band is None or not isinstance(band[1], Ind):
            return None
        end, line = band
        if line.family not in vocab.BREAKOUT_BANDS:
            return None
    said = s.longest(end, vocab.CROSS_DIRECTIONS)
    if said is not None and side is None:
        end, side = said[0], said[1]
    side = side or word
    if line.output not in (None, "upper" if side == "above" else "lower"):
        return None  # "a breakout of the middle band": not out of the band
    line.output = "upper" if side == "above" else "lower"
    return end, "cond", DCond("cross", Price("close"), side, line, start=i, end=end)


def _band_touch(s: Stream, i: int) -> Found:
    """ "a Keltner (20, 2.5) lower band touch", "a tag of the lower Bollinger band", "mid band
    = sell" (a band's line alone, arrowed to an action): the price touching the band, as
    "touches the lower band" reads."""
    j = s.skip(i, vocab.ARTICLES)
    got = ops.parse_operand(s, j)
    arrowed = got is not None and s.arrow(got[0])
    if got is not None and isinstance(got[1], Ind) and s.low(got[0]) in vocab.TOUCH_NOUNS:
        end, line = got[0] + 1, got[1]
    elif arrowed and isinstance(got[1], Ind) and s.longest(got[0] + 1, vocab.ACTIONS):
        end, line = got
    elif s.low(j) in vocab.TOUCH_NOUNS and s.low(j + 1) == "of":
        got = ops.parse_operand(s, s.skip(j + 2, vocab.ARTICLES))
        if got is None or not isinstance(got[1], Ind):
            return None
        end, line = got
    else:
        return None
    if line.family not in vocab.BANDED or line.output is None:
        return None
    named = ops.named_in_brackets(s, end, line.family)  # "a lower band touch (BB 20, 2.5)"
    if named is not None and not line.params:
        params = ops.params_for(named[0], named[1][1])
        if params is not None:
            line.family, line.params, end = named[0], params, named[1][0]
    return end, "cond", DCond("touch", Price("close"), None, line, start=i, end=end)


def _fast_slow_stochastic(s: Stream, i: int) -> Found:
    """ "fast stoch crosses above slow stoch", "the fast stochastic line crosses under the slow
    one": the stochastic's %K (its fast line) crossing its %D (its slow line)."""
    j = s.skip(i, vocab.ARTICLES)
    first = s.longest(j, vocab.STOCHASTIC_LINES)
    if first is None or first[1] != "k":
        return None
    rel = ops.parse_relation(s, first[0])
    if rel is None or rel[1].kind != "cross" or rel[1].b is not None:
        return None
    k = s.skip(rel[0], vocab.ARTICLES)
    second = s.longest(k, vocab.STOCHASTIC_LINES)
    if second is None or second[1] != "d":
        return None
    end, family = second[0], "stoch"
    owner = _lines_owner(s, end)  # "the fast line over the slow line on the macd"
    if owner is not None:
        end, family = owner
    elif _bare_lines(s, j, end):  # "the fast line": of the stochastic or MACD named elsewhere
        named = _named_family(s, vocab.SIGNAL_LINES)
        if named is None:  # none named: two averages by their role (lengths declared
            # elsewhere, "EMA 9/21", or the common pair, echoed)
            a, b = Ind("ma", role="fast", pos=j), Ind("ma", role="slow", pos=j)
            return end, "cond", DCond("cross", a, rel[1].rel, b, start=i, end=end)
        family = named
    fast, slow = vocab.SIGNAL_LINES[family]
    a, b = Ind(family, fast, pos=j), Ind(family, slow, pos=j)
    return end, "cond", DCond("cross", a, rel[1].rel, b, start=i, end=end)


def _bare_lines(s: Stream, start: int, end: int) -> bool:
    """The lines were named by their speed alone ("the fast line", "the slow one")."""
    return all(s.low(k) not in vocab.KEYWORDS for k in range(start, end))


def _named_family(s: Stream, families: dict[str, object]) -> str | None:
    """The first of ``families`` (indicator families: "stoch", "macd") named in the text."""
    for k in range(s.n):
        said = s.longest(k, vocab.KEYWORDS)
        if said is not None and said[1][0].removeprefix("slow") in families:
            return said[1][0].removeprefix("slow")
    return None


def _lines_owner(s: Stream, i: int) -> tuple[int, str] | None:
    """ "... on the macd (thing)", "... of the stochastic": the indicator whose fast and slow
    lines were named, with the end of its words; None when no such indicator follows."""
    if s.low(i) not in ("on", "of", "in"):
        return None
    got = ops.parse_operand(s, s.skip(i + 1, vocab.ARTICLES))
    if got is None or not isinstance(got[1], Ind) or got[1].family not in vocab.SIGNAL_LINES:
        return None
    return s.skip(got[0], vocab.OWNER_TAIL_WORDS), got[1].family


def _up_bar(s: Stream, i: int) -> Found:
    """ "the close is up", "it closes down", "an up day", "a down close": this close against the
    one before (not a candle's colour, which is against its own open)."""
    k = s.skip(i, vocab.ARTICLES)
    side = vocab.UP_OR_DOWN_BEFORE_A_BAR.get(s.low(k))
    said = k > i or (s.low(k) not in vocab.UP_OR_DOWN and s.low(i - 1) in vocab.WHEN_WORDS)
    if side is not None and said and s.low(k + 1) in vocab.ONE_BAR_NOUNS:
        end = k + 2  # "an up day", "a lower close", "when lower close"
    else:
        subject = s.longest(i, vocab.CLOSE_SUBJECTS)
        if subject is None:
            return None
        k = subject[0]
        side = vocab.UP_OR_DOWN.get(s.low(k))
        if side is None:
            return None
        end = k + 1
        if s.low(end) in ("on", "for") and s.low(end + 1) in ("the", "today"):
            return None  # "the close is up 2% on the day": a move, read by its own phrase
    if s.number(end) is not None or s.low(end) in ("than", "from", "%", "more", "by", "at", "over"):
        return None  # "closes up 2%", "down four days in a row", "higher than yesterday": others
    return (
        end,
        "cond",
        DCond("compare", Price("close"), side, Price("close", lag=1), start=i, end=end),
    )


# -- Ichimoku: inside the cloud, the lagging span ------------------------------------------------


def _in_cloud(s: Stream, i: int) -> Found:
    """ "price is inside the cloud": the close between the cloud's bottom and top; "drops (back)
    into the cloud", "enters the cloud from above": the close crosses below its top ("rises
    into", "enters it from below": above its bottom). Entering it with no side said ("moves
    into the cloud") is reported: either edge could be meant."""
    j = s.skip(i, vocab.ARTICLES)
    if s.low(j) not in vocab.PRICE_SUBJECTS:
        return None
    k = s.skip(j + 1, vocab.STAY_VERBS)
    verb = s.low(k)
    moves = verb in vocab.FALLING | vocab.RISING | vocab.NEUTRAL
    enters = s.longest(k, vocab.ENTER_VERBS)
    after = enters[0] if enters else s.optional(k + 1, "back") if moves else k
    moving = enters is not None or (moves and s.low(after) in vocab.CLOUD_REACH_PREPS)
    if enters is None and s.low(after) not in vocab.CLOUD_REACH_PREPS:
        return None
    if s.low(after) in vocab.CLOUD_REACH_PREPS - vocab.SQUEEZE_PREPS and not moves:
        return None  # "close to the cloud": near it, not a move
    hit = s.longest(s.skip(after + (enters is None), vocab.ARTICLES), vocab.KEYWORDS)
    if hit is None or hit[1] != ("ichimoku", "cloud"):
        return None
    end = hit[0]
    bottom, top = Ind("ichimoku", "cloud_bottom", pos=k), Ind("ichimoku", "cloud_top", pos=k)
    if not moving:
        return end, "cond", DCond("between", Price("close"), None, bottom, b2=top, start=i, end=end)
    falling = verb in vocab.FALLING
    if s.low(end) == "from" and s.low(end + 1) in vocab.ABOVE_PREPS | vocab.BELOW_PREPS:
        falling, end = s.low(end + 1) in vocab.ABOVE_PREPS, end + 2  # "from above": falling
    elif verb not in vocab.FALLING | vocab.RISING:
        return end, "unparsed", vocab.CLOUD_SIDE_UNSAID  # "moves into the cloud": which edge?
    edge, side = (top, "below") if falling else (bottom, "above")  # the edge it comes through
    return end, "cond", DCond("cross", Price("close"), side, edge, start=i, end=end)


def _chikou(s: Stream, i: int) -> Found:
    """ "the chikou span is above the price (of 26 bars ago)": the lagging span is this close,
    drawn kijun bars back, so it is the close compared with the close 26 bars earlier."""
    j = s.skip(i, vocab.ARTICLES)
    end = s.phrase(j, "chikou") or s.phrase(j, "lagging span") or s.phrase(j, "lagging line")
    if end is None:
        return None
    end = s.optional(end, vocab.ICHIMOKU_LINE_TAILS)
    rel = ops.parse_relation(s, end)
    if rel is None or rel[1].kind not in ("compare", "cross") or rel[1].times != 1.0:
        return None
    k = s.skip(rel[0], vocab.ARTICLES)
    if s.low(k) not in ("price", "close", "prices", "candles", "candle"):
        return None
    k += 1
    got = _bars_ago(s, k)
    lag, k = (got[1], got[0]) if got else (26, k)
    note = (
        f"the chikou (lagging) span read as the close compared with the close {lag} bars earlier "
        "(where it is drawn; nothing looks ahead)"
    )
    past = Price("close", lag=lag)
    op = rel[1].rel
    if rel[1].kind == "cross":  # Botlab's crossings compare two lines on the same bars
        op = ">" if op == "above" else "<"
        note += "; 'crosses' read as 'is' (the state after the crossing)"
    cond = DCond("compare", Price("close"), op, past, notes=[note], start=i, end=k)
    return k, "cond", cond


def _bars_ago(s: Stream, k: int) -> tuple[int, int] | None:
    """ "26 bars ago", "of 26 periods ago"."""
    k = s.skip(k, frozenset({"of", "from"}))
    got = ops.parse_period(s, k)
    if got is None or s.low(got[0]) != "ago":
        return None
    return got[0] + 1, int(got[1])


# -- "... and rising" ------------------------------------------------------------------------------


def _and_rising(s: Stream, i: int) -> Found:
    """ "ADX is above 25 and rising": the subject of the condition before, rising (against the
    bar before). Only at the end of a clause, so "and rising volume" is left to its reader."""
    if s.low(i - 1) not in ("and", "but", "&"):
        return None
    hit = s.longest(i, vocab.UNARY)
    if hit is None or hit[1][0] != "slope":  # type: ignore[index]
        return None
    end, (_, rel) = hit  # type: ignore[misc]
    if not ops.object_omitted(s, end):
        return None
    return end, "cond", DCond("compare", None, rel, "slope", start=i, end=end)  # type: ignore[arg-type]


def _trend_in_brackets(s: Stream, i: int, opening: int) -> Found:
    """ "in a downtrend (close < 200 sma), short when ...": the trend's own definition in
    brackets is the condition (the words before it only name it)."""
    got = ops.parse_condition(s, s.skip(opening + 1, vocab.BRACKET_SUBJECTS - {"close", "price"}))
    if got is None or got[1] is None or s.low(got[0]) != ")":
        return None
    end, cond = got
    said = s.span_text(opening + 1, end).strip()
    cond.notes.append(
        f"'{s.span_text(i, opening).strip()}' read as its definition in brackets: {said}"
    )
    cond.start, cond.end = i, end + 1
    return end + 1, "cond", cond


# -- a trend named without a definition ---------------------------------------------------------


def defined_after_colon(s: Stream, end: int) -> bool:
    """A vague state ending at ``end`` is a name its definition follows ("only buy in an
    uptrend: when the close is above the 100-day EMA, ...", "only buy when volatility is low:
    when ATR(14) is below 2% of price, ..."): a colon not followed by an action ("In an
    uptrend: buy when ..." is the state itself, as a heading)."""
    return s.low(end) == ":" and s.longest(end + 1, vocab.ACTIONS) is None


def _trend(s: Stream, i: int) -> Found:
    """ "in an uptrend", "(only trade) when the stock is in a downtrend", "the trend is up": the
    close above (below) its 200-day SMA, a common definition, stated as an assumption."""
    lead = i
    while s.low(lead - 1) in vocab.TREND_LEADS:
        lead -= 1
    if s.low(lead) in vocab.COPULAS or s.low(lead) == "it's":
        return None  # "SPY is in an uptrend", "the 50-day SMA is ...": a subject not the price
    hit = s.longest(i, vocab.TREND_STATES)
    if hit is None:
        j = s.skip(i, vocab.TREND_LEADS)
        hit = s.longest(j, vocab.TRENDS)
    if hit is None:
        return None
    end, rel = hit
    defined = defined_after_colon(s, end)
    after = any(s.low(k) in ("after", "following", "since") for k in range(lead - 1, i + 1))
    if s.low(end) == "(" and not after and (own := _trend_in_brackets(s, i, end)) is not None:
        return own  # ("a doji after a downtrend (...)" is a state before the doji: not read)
    if defined or s.low(end) in ("(", "="):
        return None  # "a downtrend (close below the 20 sma)": its own definition follows
    period = vocab.TREND_AVERAGE
    side = "above" if rel == ">" else "below"
    average = Ind("sma", None, {"period": float(period)}, pos=i)
    cond = DCond("compare", Price("close"), rel, average, start=i, end=end)
    cond.notes.append(
        f"'{s.span_text(i, end)}' read as the close {side} its {period}-day SMA (a common "
        "definition of the trend; name another, e.g. 'the close above the 50-day SMA', to "
        "change it)"
    )
    return end, "cond", cond
