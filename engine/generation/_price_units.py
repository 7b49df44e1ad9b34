"""Distances in price: dollars, points and cents, a forex pair's pips, a future's ticks.

"$5 below the 20-day SMA", "10 pips under the 50 EMA" on EURUSD, "3 ticks above the high" on
ES=F: each is a fixed amount of the traded instrument's price. A pip is 0.0001 of a forex pair's
price, 0.01 of a yen-quoted pair's; a tick is the smallest step of the futures contract named
(:data:`~engine.generation._vocabulary.TICK_SIZES`). A unit whose size the text does not fix (a
pip of a stock, a tick of an instrument not in the table, "points" on a currency pair, where
brokers mean a pip or a tenth of one) is no distance: the caller reports the words.
"""

from __future__ import annotations

from engine.generation import _vocabulary as vocab
from engine.generation._tokens import Found, Stream


def currency_pair(s: Stream, i: int) -> Found:
    """ "EURUSD", "EUR/USD", "EUR-USD", "gbp/jpy": Yahoo's currency ticker ("EURUSD=X") wherever
    it is said (a title, a field, a sentence; stated in the echo), the bundled "EURUSD" sample
    included, so one pair always tests on the same bars; a coin against the dollar or a
    stablecoin ("ethusd", "BTCUSDT", "sol/usd") is Yahoo's "ETH-USD"."""
    low = s.low(i)
    coin = next((low[: -len(q)] for q in vocab.DOLLAR_QUOTES if low.endswith(q)), None)
    if coin in vocab.COIN_TICKERS:
        return i + 1, "meta", ("symbol", vocab.COIN_TICKERS[coin])
    if low in vocab.COIN_TICKERS and s.low(i + 1) == "/" and s.low(i + 2) in vocab.DOLLAR_QUOTES:
        return i + 3, "meta", ("symbol", vocab.COIN_TICKERS[low])
    bare = low.replace("-", "") if len(low) == 7 and low[3] == "-" else low  # "EUR-USD"
    if len(bare) == 6 and bare[:3] in vocab.CURRENCIES and bare[3:] in vocab.CURRENCIES:
        end, low = i + 1, bare
    elif (
        low in vocab.CURRENCIES and s.low(i + 1) in ("/", "-") and s.low(i + 2) in vocab.CURRENCIES
    ):
        end, low = i + 3, low + s.low(i + 2)
    else:
        return None
    return end, "meta", ("symbol", f"{low.upper()}=X")


def price_distance(s: Stream, k: int) -> tuple[int, float] | None:
    """ "$2", "$1.50", "2 dollars", "5 points", "50 cents", "10 pips" (a forex pair), "3 ticks"
    (a future of :data:`~engine.generation._vocabulary.TICK_SIZES`): ``(end, distance in
    price)``; None when the unit's size is not known (see the module docstring)."""
    if s.low(k) in vocab.CURRENCY_SIGNS:
        got = s.number(k + 1)
        return None if got is None else (got[0] + (s.low(got[0]) in ("dollars", "usd")), got[1])
    got = s.number(k)
    if got is None:
        return None
    end, amount = got[0] + 1, got[1]
    unit = s.low(got[0])
    step = None
    if unit in vocab.PIP_WORDS:
        step = pip_size(s)
    elif unit in vocab.TICK_WORDS:
        step = _tick_size(s)
    elif unit in vocab.PRICE_DISTANCE_UNITS and not (unit in vocab.POINT_WORDS and _quotes(s)):
        step = 0.01 if unit == "cents" else 1.0
    return None if step is None else (end, round(amount * step, 10))


def pip_size(s: Stream) -> float | None:
    """The price of one pip of the currency pair the text trades; None when it names none (a
    pip of a stock or a coin is not a set amount: reported)."""
    quotes = _quotes(s)
    if len(quotes) != 1:
        return None
    return vocab.PIP_SIZES.get(quotes.pop(), vocab.PIP_SIZE)


def _quotes(s: Stream) -> set[str]:
    """The quote currencies of the forex pairs the text names ("JPY" for "USD/JPY")."""
    pairs = [got[2][1] for k in range(s.n) if (got := currency_pair(s, k)) is not None]
    pairs += [t.text for t in s.tokens if t.kind == "sym" and t.text.upper().endswith("=X")]
    return {str(pair)[3:6].upper() for pair in pairs if str(pair)[:3].lower() in vocab.CURRENCIES}


def _tick_size(s: Stream) -> float | None:
    """The tick of the one futures contract the text names; None for any other instrument."""
    contract = _contract(s)
    return None if contract is None else vocab.TICK_SIZES[contract]


def _contract(s: Stream) -> str | None:
    """The one futures contract of :data:`~engine.generation._vocabulary.TICK_SIZES` named."""
    named = {t.text.upper() for t in s.tokens if t.text.upper() in vocab.TICK_SIZES}
    return named.pop() if len(named) == 1 else None


def distance_notes(s: Stream, start: int, end: int, distance: float) -> list[str]:
    """How a distance in pips or ticks was turned into price ("'10 pips' read as 0.001 in
    price: a pip is 0.0001 of the pair's price, 0.01 of a yen-quoted pair's"); none for dollars
    and points, which are price already."""
    unit = s.low(end - 1)
    said = s.span_text(start, end)
    if unit in vocab.PIP_WORDS:
        why = f"a pip is {vocab.PIP_SIZE:g} of a currency pair's price, 0.01 of a yen-quoted pair's"
    elif unit in vocab.TICK_WORDS:
        contract = _contract(s)
        why = f"a tick, the smallest price step of {contract}, is {vocab.TICK_SIZES[contract]:g}"  # type: ignore[index]
    else:
        return []
    return [f"'{said}' read as {distance:g} in price ({why})"]
