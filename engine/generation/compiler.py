"""The offline compiler: plain English -> StrategySpec -> backtesting.py module.

>>> from engine.generation import understand, compile_spec
>>> u = understand("buy when RSI(14) drops below 30, sell above 70, 5% stop, on AAPL over 2 years")
>>> u.rules[:2]
['Buy when RSI(14) crosses below 30', 'Sell when RSI(14) is above 70']
>>> source = compile_spec(u.spec)

No network and no model. Each stage runs once, in order, on the output of the one before
(``understand`` calls them): words (``_tokens``, spelling corrected against the vocabulary in
``_spelling``) -> matched phrases (``_match``, with the recognisers of ``_parse``, ``_operands``,
``_parse_rules`` and ``_trader_phrases``; every word, synonym, unit and indicator they match is
data in ``_vocabulary`` and ``_indicator_table``, phrase lists written ``_phrases("a | b | c")``
and matched by ``Stream.longest`` or, in order, ``Stream.first``; titles and greetings are set
aside and a named strategy ("buy the dip") is expanded in place; what no phrase matched, with the
phrases a later stage could not use, is "not understood") -> rules (``_rules``: actions, sides,
settings, a vague request's default) -> spec conditions (``_resolve``: each side's conditions,
the direction and the exits not said; "the opposite" is ``_mirror``) -> spec (``_assemble``:
sizing, assumptions, name) -> echo (``_english``) and code (``_codegen``, ``_indicator_code``).
``_suggest`` offers complete descriptions when something was not read. ``python -m
bench.readings save`` then ``check`` shows whether a change alters any reading.

Tolerance, always echoed in ``assumptions``: a title before a colon, greeting sentences and
words left over that carry no rule ("I look at", "no matter what" after a time exit) are set
aside; a misspelt vocabulary word is read as the one word it is closest to ("read 'bellow'
as 'below'"); a range of percentages ("a 7-8% pullback", "stop loss 2-3%") is read as its nearer
end, the level a move reaches first, said back; a named strategy typed on its own ("buy the
dip", "death cross", "turtle breakout", the dashboard's example titles) is read as Botlab's
standard description of it, quoted in full; a crossover named without "buy" or "sell" is traded
both ways. Every length (days, bars, sessions, trading days, weeks = 5 bars, months = 21, years
= 252) comes from one unit table, in an indicator as in an exit; hours and minutes count only on
intraday bars (the 50-hour SMA is SMA(50) on hourly bars, SMA(200) on 15-minute ones; on daily
bars it is reported), and there a day is the bars of one session of the market traded ("exit
after 2 days" on a US stock's hourly bars is 14 bars, 7 a session; 48 on BTC-USD), echoed;
an average or oscillator of the close said in days is computed on daily bars (the 20-day SMA
on hourly bars is the daily SMA(20), as "the daily 20 SMA" is).
Text that asks the machine for something else ("ignore previous instructions ...") is refused
and ``blocked`` for every engine.

How phrasings map (applied consistently; every generated module restates it):

* **Events**, true on one bar, are ``backtesting.lib.crossover(a, b)`` (``a[-2] < b[-2] and
  a[-1] > b[-1]``): "crosses above/below/over/under", "crosses X from below/above", verbs of
  movement with a preposition ("rises/climbs/moves/goes/breaks above", "drops/falls/dips/goes/
  breaks below", "drops 10% below X"), "turns positive/negative", "becomes/enters oversold",
  "leaves/exits oversold", "golden/death cross", "the 10/30 SMA cross", "bullish/bearish MACD
  crossover", "X is broken", and a state said to happen "for the first time" ("the first close
  above X"). "crosses" with no direction is "above" on a buy rule and "below" on a sell/short
  rule, except on an exit of a line the entry named, where it is the opposite of the entry's
  side ("buy below the lower band, exit when price crosses the middle band" is a cross above).
* **States**, checked on every bar: "is above/below", "above", "over", "under", "greater/less
  than", "at least/at most", ">", "<", ">=", "<=", "closes above/below", "is oversold/
  overbought" (RSI 30/70, stochastic 20/80), "is positive/negative", "is rising/falling"
  (against the previous bar), "is up on the day", "is between A and B" (inclusive), "N down
  days in a row" / "a 3-day losing streak" (each close below the previous close), "a new 20-day
  high" / "a 20-day breakout" (the close above the highest high of the previous 20 bars, as the
  house Donchian example), "volume is twice its 20-day average" (>=), "more than 1.5 times" (>),
  "5% above the 50-day MA" and "above the 50-day MA by more than 5%" (the close > 1.05 x SMA),
  "$5 below the 20-day SMA", "sma(20) - 5", "10 pips under the EMA" on a currency pair, "3 ticks
  above the high" on a future of known tick (the line moved by that distance in price, stated),
  "2 ATR below the 20 EMA" (the lower Keltner line; from the 20-day SMA, the lower ATR band),
  "no more than 2% above the 100-day SMA" (the close <= 1.02 x SMA, stated),
  "2 standard deviations below its 20-day mean" (z-score < -2), "falls 5% in one day", "a 5%
  drop", "a drop of -5% in one day", "-5% vs yesterday" (ROC(1) <= -5; a move noun only on an
  entry: "sell on a 5% drop" is a stop), "3 red candles in a row" (the close below the open on
  each of the last 3 bars; "3 red days" are down closes), "a doji after 3 down days" (the down
  closes end on the bar before the pattern), "between 9:30 and 11am" / "only 9am-5pm utc" (the
  bar the order fills on opens in that window of the day, on the data's own clock; "no new
  entries after 3pm" keeps entries out of it; "no trades in the first hour": that bar opens 60
  minutes or more after its day's first bar; "exit at 3:50pm": at the close of the first bar
  closing at or after it, or of the day's last bar; on intraday bars "exit at the close", "no
  overnight holds" and "day trade only" are the day's last bar; "only trade the first hour"
  keeps entries to it; a time in a zone is read only on the data's own clock, New York for US
  stocks and UTC for crypto, else reported), "the first 15 minutes are up" (the opening range's
  close above its open, traded once a day after it unless a time is said), "the 8, 21, 55 EMAs
  stacked bullish" (each shorter average above the next longer), "above all three MAs
  (20/50/200)" (above each),
  "exit on the opposite 20-bar channel" (a long's close below the 20-bar lowest low, a short's
  above the highest high), "up 1% from the open of the day" on intraday bars (the close at least
  1% above the day's first open; "today's high" there is of the day's earlier bars).
* **The trader vocabulary** (one entry each in ``_indicator_table``): ADX and +DI/-DI, Parabolic
  SAR, Supertrend, Heikin-Ashi candles, Keltner channels, CCI, Williams %R, OBV, MFI, Chaikin
  Money Flow, the Hull moving average, TRIX, Aroon, Ichimoku, VWAP (intraday bars
  only), ATR as a percent of price, candlestick patterns. Events: "SAR flips below price",
  "the supertrend turns green", "the first green Heikin-Ashi candle", "a bullish DMI
  crossover" (+DI crosses above -DI), "a TK cross"
  (tenkan over kijun), "drops into the cloud" (below its top). States: "the supertrend is
  green", "price above the cloud" (above its top as known at that bar), "inside the cloud",
  "OBV makes a new 20-day high" (above its highest of the previous 20 bars), "ATR(14) below 2%
  of price", "a hammer" (true on the bar showing it; "at a 20-day low" adds the bar's low below
  the lowest low of the previous 20 bars).
* "reaches"/"hits"/"touches"/"at": a state at the level, on the side the move comes from
  ("exit at RSI 50" after buying below 30 is RSI >= 50; "touches the lower band" is close <=).
  A band, channel or cloud named without its edge is the edge price meets first from where the
  entry put it ("buy above the cloud, sell when it touches the cloud": close <= its top); with
  no entry against it, a band's near edge (a buy at the lower band); a cloud's edge, or which
  band a trade entered beyond one exits at, is reported, never guessed.
* A condition given a name and then used by it ("ema 50 above ema 200 = uptrend, buy when RSI
  dips below 40 in uptrend", "call it an uptrend when ...", "a bull regime is when ...; only
  buy in a bull regime") is ANDed into the rule at the name, echoed; the definition is no rule
  of its own. A trend named but not defined is the close against its 200-day SMA (echoed);
  another name never defined ("in a bull regime") is reported.
* Subjects left out or written "it" are the previous rule's ("sell above 70"); "which" is the
  previous object; "both" is both lines of the previous comparison; "the opposite"/"vice versa"
  /"otherwise" is the mirror image of the entry (30 <-> 70 on RSI, above <-> below, upper <->
  lower band, highest high <-> lowest low).
* Indicator settings written once apply to later mentions of the same indicator ("RSI(2) ...
  sell when RSI is above 90"); otherwise the standard default is used and stated.

Trading semantics: market orders fill at the next bar's open; stops and targets are prices set
from the signal bar's close (``sl = close * (1 - pct)`` for a long); trailing stops ratchet from
each close (equivalently, the best close since the signal bar); a break-even stop ("move the
stop to breakeven after a 2% gain / +1R") is the entry price from the first close that far up;
"exit after N bars" closes a trade entered at bar e at the open of bar e + N. A stop measured
from a line ("1 ATR below the 20-day SMA"), a trailing stop that starts later ("once in
profit"), a loss limit on the account ("daily loss limit") and a second stop of a kind already
given are reported, never built as another stop; new positions
open only when flat, except that with long and short rules an entry closes the opposite position
(stop-and-reverse); the size is a fraction of equity below 1 (0.99 by default); indicators never
look ahead and trading starts after their warm-up.

Never a silent guess: words that no rule uses, clauses whose object cannot be read and values
out of range are returned in ``not_understood`` (verbatim), and ``complete`` is then False. A
rule whose "and" parts contradict each other on one bar ("RSI below 10 and above 90": words of
another rule joined to it) is refused, naming the contradiction, never run. A
vague request with no unknown words gets a documented default ("a momentum strategy": buy while
the 252-bar rate of change is above 0); empty text, gibberish and rule-less requests are refused
with a message saying what to add.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.generation import _spelling as spelling
from engine.generation import _vocabulary as vocab
from engine.generation._assemble import Assembled, assemble
from engine.generation._codegen import CompileError, check_complete, compile_spec
from engine.generation._english import render_english
from engine.generation._match import Matched, match, tested_interval, tested_symbol
from engine.generation._resolve import resolve
from engine.generation._rules import read_rules
from engine.generation._suggest import suggest
from engine.generation.spec import StrategySpec

__all__ = ["CompileError", "Understanding", "compile_spec", "render_english", "understand"]


@dataclass
class Understanding:
    """What Botlab made of a description.

    ``spec`` is None only with a ``refusal``. ``complete`` is True when every meaningful word was
    placed and nothing was refused; defaults Botlab chose are listed in ``assumptions`` (the
    same list as ``spec.assumptions``). ``not_understood`` quotes the user's words verbatim;
    ``problems`` says why some of them could not be used, where a plain reason is known (a
    second symbol: a bot trades one). ``suggestions`` are complete descriptions Botlab reads
    (what was understood, or the closest known phrasing with the same symbol, period and stops),
    offered whenever the reading is not complete. ``blocked`` marks a text that asks the machine
    for something other than a strategy ("ignore previous instructions ..."): every engine
    refuses it.
    """

    spec: StrategySpec | None
    rules: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    not_understood: list[str] = field(default_factory=list)
    complete: bool = False
    refusal: str | None = None
    problems: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    blocked: bool = False


def understand(description: str) -> Understanding:
    """Read a plain-English strategy description (offline, deterministic)."""
    text = description or ""
    matched, result, not_understood = _read(text)
    if result is None:  # empty, or a request to the machine
        return Understanding(
            spec=None,
            not_understood=not_understood,
            refusal=matched.refusal,
            blocked=matched.blocked,
        )
    spec = result.spec
    problems = list(result.problems)
    unbuildable = _what_it_lacks(spec) if spec is not None else None
    if unbuildable is not None:
        problems.append(unbuildable)  # read in full, yet no bot: never called complete
    complete = spec is not None and not not_understood and unbuildable is None
    settings = result.settings if spec is None else spec.model_dump()
    return Understanding(
        spec=spec,
        rules=render_english(spec) if spec is not None else [],
        assumptions=list(spec.assumptions) if spec is not None else [],
        not_understood=not_understood,
        complete=complete,
        refusal=result.refusal,
        problems=problems,
        suggestions=[]
        if complete
        else suggest(text, not_understood, settings, _reads_completely, keep=matched.unknown_names),
    )


def _what_it_lacks(spec: StrategySpec) -> str | None:
    """Why ``spec`` cannot become a bot as read ("buy on a doji, never sell": no trade ever
    closes), or None: the same check ``compile_spec`` makes."""
    try:
        check_complete(spec)
    except CompileError as error:
        return f"This cannot be built as read: {error}."
    return None


def _read(text: str, again: bool = True) -> tuple[Matched, Assembled | None, list[str]]:
    """Each stage once, in order: words -> matched phrases -> rules -> spec conditions -> spec;
    and the words not understood (those no phrase matched, and the phrases a stage could not
    use). No spec stage runs for empty text or a request to the machine."""
    matched = match(spelling.words(text))
    if matched.refusal is not None:
        return matched, None, matched.not_understood([])
    interval, symbol = tested_interval(matched), tested_symbol(matched)
    market = vocab.market_of(symbol) if symbol is not None else vocab.MARKET.get()
    if (interval == vocab.BAR_INTERVAL.get() and market == vocab.MARKET.get()) or not again:
        rules = read_rules(matched)
        result = assemble(text, rules, resolve(rules, matched.band_family))
        return matched, result, matched.not_understood(result.rejected)
    # "Weekly bars: exit on the 4-week low": lengths are counted in the bars tested, which the
    # text says anywhere in it, so it is read again knowing them.
    with vocab.counting_bars_of(interval, symbol):
        return _read(text, again=False)  # once: never a loop between two readings


def _reads_completely(text: str, own_rules: bool) -> bool:
    _, result, not_understood = _read(text)
    if result is None or result.spec is None or not_understood:
        return False
    return not (own_rules and result.defaulted)
