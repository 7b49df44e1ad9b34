"""Code for the rules that go beyond one signal per side: when orders fill, how big a trade is,
adding to and scaling out of a position, other symbols and other timeframes.

How backtesting.py fills orders (read from its broker, ``_Broker._process_orders``): a market
order placed on a bar fills at the next bar's open, or at that bar's own close when the backtest
runs with ``trade_on_close=True``; a limit order fills at the better of the open and its limit
price whatever ``trade_on_close`` says. So a bot whose exits fill "at the close" runs with
``trade_on_close=True`` (the module constant ``TRADE_ON_CLOSE``, which Botlab's harness passes
to ``Backtest``), and its orders that should still fill at the next bar's open are limit orders
whose limit can never bind (a buy limit of 1e300, a sell limit of 1e-300).
"""

from __future__ import annotations

from engine.generation import spec as S
from engine.generation._vocabulary import TIMEFRAME_WORDS

#: How a price field is aggregated into a weekly or monthly bar (backtesting.lib.OHLCV_AGG).
AGG = {"open": "first", "high": "max", "low": "min", "close": "last", "volume": "sum"}
_CALENDAR_ATTRS = {
    "weekday": "weekday",
    "month": "month",
    "trading_day": "trading_day",
    "trading_day_from_end": "trading_days_to_month_end",
    "day_of_month": "day_of_month",
    "weekday_from_end": "weekday_from_month_end",
    "day_of_month_before": "date_of_day_before",
    "bar_of_day_from_end": "bars_to_day_end",
    "minute_of_day": "minute_of_day",
    "minute_of_session": "minute_of_session",
}
_CALENDAR_LABELS = {
    "weekday": "Weekday",
    "month": "Month",
    "trading_day": "Trading day of the month",
    "trading_day_from_end": "Trading days to month end",
    "day_of_month": "Day of the month",
    "weekday_from_end": "Weekday from month end",
    "day_of_month_before": "Date of the day before",
    "bar_of_day_from_end": "Bars to the day's end",
    "minute_of_day": "Time of day (minutes)",
    "minute_of_session": "Minutes since the day's first bar",
}


def series_label(label: str, timeframe: str | None, symbol: str | None) -> str:
    """An indicator's plot label with its symbol and timeframe ("SPY weekly SMA")."""
    words = [symbol or "", TIMEFRAME_WORDS.get(timeframe or "", ""), label]
    return " ".join(w for w in words if w)


def price_attr(field: str, timeframe: str | None, symbol: str | None) -> str:
    """The attribute name of a resampled price series (``weekly_close``, ``spy_weekly_close``)."""
    frame = TIMEFRAME_WORDS[timeframe or "W"].replace("-", "_")
    frame = f"every_{frame}" if frame[0].isdigit() else frame  # "every_4_hour_close"
    words = [S.symbol_column(symbol).lower() if symbol else "", frame]
    return "_".join(w for w in [*words, field] if w)


def calendar_attr(unit: str, shift: int) -> str:
    """``next_weekday`` (the date of the bar a next-open order fills on), ``weekday`` or
    ``previous_weekday`` (the bar before)."""
    return {1: "next_", 0: "", -1: "previous_"}[shift] + _CALENDAR_ATTRS[unit]


def calendar_label(unit: str, shift: int) -> str:
    return _CALENDAR_LABELS[unit] + {1: " (next bar)", 0: "", -1: " (bar before)"}[shift]


def mixed_fills(spec: S.StrategySpec) -> bool:
    """Some orders fill at the close and others at the next bar's open."""
    return spec.trade_on_close and spec.entry_fill != spec.exit_fill


def module_constants(spec: S.StrategySpec) -> list[str]:
    """Module-level settings the harness reads (without running the module) and fill limits."""
    lines: list[str] = []
    if spec.trade_on_close:
        lines += [
            "# Botlab's harness runs this bot with Backtest(..., trade_on_close=True): a market",
            "# order fills at the close of the bar that placed it.",
            "TRADE_ON_CLOSE = True",
        ]
    if mixed_fills(spec):
        lines += [
            "# Orders that fill at the next bar's open are limit orders that cannot bind:",
            "# backtesting.py fills a limit order at the better of the open and the limit.",
            "OPEN_FILL_BUY = 1e300",
            "OPEN_FILL_SELL = 1e-300",
        ]
    if spec.leverage:
        lines += [
            "# Botlab's harness runs this bot with Backtest(..., margin=MARGIN):",
            f"# {spec.leverage:g}x leverage (backtesting.py's margin is 1 / leverage; a size",
            "# fraction is of the buying power, equity x leverage).",
            f"MARGIN = {spec.margin!r}",
        ]
    others = spec.other_symbols()
    if others:
        columns = ", ".join(f"{S.symbol_column(s)}_Close" for s in others)
        listed = ", ".join(f'"{s}"' for s in others) + ("," if len(others) == 1 else "")
        lines += [
            "# Botlab's harness loads these symbols' bars from the same source as the traded",
            f"# symbol, aligned on its bars and forward-filled: self.data.{columns} (and",
            "# _Open, _High, _Low, _Volume).",
            f"OTHER_SYMBOLS = ({listed})",
        ]
    return lines


def position_params(spec: S.StrategySpec) -> list[tuple[str, str, str]]:
    """Class parameters for sizing, pyramiding and scaling out: (name, value, comment)."""
    out = []
    if spec.size_cash:
        out.append(("trade_cash", _num(spec.size_cash), "dollars invested per trade"))
    if spec.size_shares:
        out.append(("trade_shares", str(spec.size_shares), "shares bought per trade"))
    if spec.risk_pct:
        out.append(("risk_pct", _num(spec.risk_pct), "% of equity lost if the stop is hit"))
    if spec.risk_cash:
        out.append(("risk_cash", _num(spec.risk_cash), "dollars lost if the stop is hit"))
    if spec.add_on is not None:
        out.append(("max_units", str(spec.max_units), "most units held at once (pyramiding)"))
    for k, drop in enumerate(spec.add_drops_pct, start=1):
        way = "below" if spec.direction == "long" else "above"
        out.append((f"add_{k}_drop_pct", _num(drop), f"% {way} the first entry: add unit {k + 1}"))
    if spec.scale_out_atr:
        gain = "ATRs of gain that trigger a partial sale"
        out.append(("scale_out_atr", _num(spec.scale_out_atr), gain))
    if spec.scale_out_pct:
        gain = "% gain that triggers a partial sale"
        out.append(("scale_out_pct", _num(spec.scale_out_pct), gain))
    if spec.scales_out:
        out.append(("scale_out_fraction", repr(spec.scale_out_fraction), "part of it sold then"))
    for n, level in enumerate(spec.more_scale_outs, start=2):
        out.append((f"scale_out_{n}_pct", _num(level.gain_pct), f"% gain of partial sale {n}"))
        part = "part of the position first entered sold then"
        out.append((f"scale_out_{n}_fraction", repr(level.fraction), part))
    return out


def needs_price(spec: S.StrategySpec) -> bool:
    """``next()`` needs ``price`` (the signal bar's close) for sizing or scaling out."""
    sized = spec.size_cash or spec.risk_pct or spec.risk_cash
    return bool(sized or spec.scales_out or same_bar_exit(spec) or spec.add_drops_pct)


def same_bar_exit(spec: S.StrategySpec) -> bool:
    """Entries fill at the close and exits at the next open: an exit signal on the entry bar
    itself ("buy Friday's close, sell Monday's open") must be ordered on that bar, so the entry
    is sized in whole shares (the exit order needs the count)."""
    return (
        spec.entry_fill == "close"
        and spec.exit_fill == "next_open"
        and spec.direction in ("long", "short")
        and (spec.exit if spec.direction == "long" else spec.short_exit) is not None
    )


def same_bar_exit_lines(spec: S.StrategySpec, long: bool) -> list[str]:
    """The exit order placed on the entry bar when the exit rule already holds there."""
    if not same_bar_exit(spec):
        return []
    signal = "sell_signal" if long else "cover_signal"
    order = (
        "self.sell(size=size, limit=OPEN_FILL_SELL)"
        if long
        else ("self.buy(size=size, limit=OPEN_FILL_BUY)")
    )
    return [
        f"if {signal}:  # the exit rule holds on the entry bar: out at the next open",
        f"    {order}",
    ]


def size_expr(spec: S.StrategySpec, add: bool) -> str:
    """The ``size=`` of an order: a fraction, a share count, or ``size`` from ``trade_size``."""
    if add:
        return "abs(self.trades[0].size)"  # a unit is the first entry's share count
    if spec.size_shares and not same_bar_exit(spec):
        return "self.trade_shares"
    if spec.size_cash or spec.risk_pct or spec.risk_cash or same_bar_exit(spec):
        return "size"
    return "self.size_fraction"


def size_lines(spec: S.StrategySpec, has_stop: bool) -> list[str]:
    return ["size = self.trade_size(price, sl)" if has_stop else "size = self.trade_size(price)"]


def size_method(spec: S.StrategySpec) -> list[str]:
    """The ``trade_size`` method for cash and risk sizing (whole shares, from the signal close);
    with leverage a fraction is of the buying power, equity / MARGIN."""
    buying_power = " / MARGIN" if spec.leverage else ""
    if spec.size_cash:
        return [
            "",
            "    def trade_size(self, price, sl=None):",
            '        """Whole shares that trade_cash buys at the signal bar\'s close."""',
            "        return int(self.trade_cash // price)",
        ]
    if spec.size_shares and same_bar_exit(spec):
        return [
            "",
            "    def trade_size(self, price, sl=None):",
            '        """The shares bought per trade."""',
            "        return self.trade_shares",
        ]
    if same_bar_exit(spec) and not (spec.risk_pct or spec.risk_cash):
        return [
            "",
            "    def trade_size(self, price, sl=None):",
            '        """Whole shares that size_fraction of equity buys at this close (the fill',
            '        price: entries fill at the close)."""',
            f"        return int(self.equity{buying_power} * self.size_fraction // price)",
        ]
    power = f"(self.equity{buying_power})" if spec.leverage else "self.equity"
    if spec.risk_pct:
        return [
            "",
            "    def trade_size(self, price, sl):",
            '        """Whole shares such that a fill at the signal bar\'s close stopped out at sl',
            "        loses risk_pct of equity: equity x risk / (entry - stop), capped at what",
            '        size_fraction of equity buys."""',
            *_no_room_for_the_stop(spec),
            "        shares = int(self.equity * self.risk_pct / 100 // abs(price - sl))",
            f"        return min(shares, int({power} * self.size_fraction // price))",
        ]
    if spec.risk_cash:
        return [
            "",
            "    def trade_size(self, price, sl):",
            '        """Whole shares such that a fill at the signal bar\'s close stopped out at sl',
            "        loses risk_cash dollars: risk / (entry - stop), capped at what size_fraction",
            '        of equity buys."""',
            *_no_room_for_the_stop(spec),
            "        shares = int(self.risk_cash // abs(price - sl))",
            f"        return min(shares, int({power} * self.size_fraction // price))",
        ]
    return []


def _no_room_for_the_stop(spec: S.StrategySpec) -> list[str]:
    """A stop at a bar's low or a line's level can be on the wrong side of the signal close
    (``sl`` is then None): no risk can be measured, so no trade is sized."""
    if not (spec.bar_stop or spec.stop_level is not None):
        return []
    return [
        "        if sl is None:  # no room for the stop below the close: nothing to size by",
        "            return 0",
    ]


def below_zero_lines(spec: S.StrategySpec, long: bool) -> list[str]:
    """A stop (a long's) or target (a short's) a distance in price below a price smaller than
    that distance would be at or below zero, which no order takes: the trade opens without it
    (a risk size is still measured from that distance)."""
    name = "sl" if long and spec.stop_loss_points else ""
    name = "tp" if not long and spec.take_profit_points else name
    if not name:
        return []
    return [f"{name} = {name} if {name} > 0 else None  # a price below the distance: none"]


def limit_args(spec: S.StrategySpec, long: bool) -> list[str]:
    """An entry that fills at the next open in a bot whose exits fill at the close."""
    if spec.trade_on_close and spec.entry_fill in ("next_open", "open"):
        return ["limit=OPEN_FILL_BUY" if long else "limit=OPEN_FILL_SELL"]
    return []


def close_lines(spec: S.StrategySpec, long: bool, portion: str | None = None) -> list[str]:
    """Close the position (or ``portion`` of it) at the fill the exit rule asks for."""
    if not (spec.trade_on_close and spec.exit_fill == "next_open"):
        return [f"self.position.close({portion or ''})"]
    size = "abs(self.position.size)"
    if portion:
        size = f"max(1, int(abs(self.position.size) * {portion}))"
    if long:
        return [f"self.sell(size={size}, limit=OPEN_FILL_SELL)"]
    return [f"self.buy(size={size}, limit=OPEN_FILL_BUY)"]


def scale_out_lines(spec: S.StrategySpec, long: bool, before: list[str]) -> list[str]:
    """Sell part of the trade once the close is scale_out_pct beyond the first entry's price
    (once per trade), then each further part at its own gain, one sale per bar
    (``scaled_out`` counts the sales made). Returned without indentation, as the next branches
    of ``before``."""
    if not spec.scales_out:
        return []
    if spec.scale_out_on is not None:  # "sell half when RSI crosses above 70": once a trade
        head = "elif" if before else "if"
        body = close_lines(spec, long, "self.scale_out_fraction")
        return [
            f"{head} self.position and not self.scaled_out and scale_signal:",
            *("    " + line for line in body),
            "    self.scaled_out = True",
        ]
    levels = ["scale_out", *(f"scale_out_{n}" for n in range(2, len(spec.more_scale_outs) + 2))]
    sign, op = ("+", ">=") if long else ("-", "<=")
    out: list[str] = []
    for n, level in enumerate(levels):
        target = f"self.trades[0].entry_price * (1 {sign} self.{level}_pct / 100)"
        if spec.scale_out_atr:  # in the ATR of the bar that placed the entry
            target = f"self.trades[0].entry_price {sign} self.scale_out_atr * self.entry_atr"
        head = "elif" if before or out else "if"
        portion = f"self.{level}_fraction"
        if n:  # of what is left (the parts are of the position first entered), rounded so
            # that a third of the two thirds left is exactly a half
            sold = " - ".join(f"self.{earlier}_fraction" for earlier in levels[:n])
            portion = f"round({portion} / (1 - {sold}), 9)"
        body = close_lines(spec, long, portion)
        done = (
            ("not self.scaled_out", "True")
            if len(levels) == 1
            else (f"self.scaled_out == {n}", str(n + 1))
        )
        condition = f"self.position and {done[0]} and price {op} {target}"
        if len(f"{head} {condition}:") + 8 <= 100:
            lines = [f"{head} {condition}:"]
        else:
            parts = ["self.position", f"and {done[0]}", f"and price {op} {target}"]
            lines = [f"{head} (", *(f"    {part}" for part in parts), "):"]
        out += [*lines, *("    " + line for line in body), f"    self.scaled_out = {done[1]}"]
    return out


def average_down_heads(spec: S.StrategySpec, long: bool) -> list[list[str]]:
    """The branches that average down: unit k + 1 is added once the signal bar's close is
    add_k_drop_pct below (a long; above, a short) the first entry's fill price, while k units
    are held (one add per bar, each at its own level)."""
    sign, op = ("-", "<=") if long else ("+", ">=")
    heads = []
    for k in range(1, len(spec.add_drops_pct) + 1):
        level = f"self.trades[0].entry_price * (1 {sign} self.add_{k}_drop_pct / 100)"
        held = f"and len(self.trades) == {k}"
        heads.append(
            ["elif (", "    self.position", f"    {held}", f"    and price {op} {level}", "):"]
        )
    return heads


def scaled_out_start(spec: S.StrategySpec) -> str:
    """The value ``scaled_out`` starts each trade with: no part sold yet."""
    return "0" if spec.more_scale_outs else "False"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
