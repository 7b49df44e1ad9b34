"""Plain English for calendar rules, gaps, fills, sizing, pyramiding, scaling out and data from
another symbol or timeframe: the parts of "What Botlab understood" beyond indicator rules."""

from __future__ import annotations

from engine.generation import spec as S

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
TIMEFRAMES = {"W": "weekly", "M": "monthly"}


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _either(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def calendar(cond: S.Calendar) -> str:
    """ "the day is a Monday", "the month is November, ... or April", "the day is the last
    trading day of the month"."""
    if cond.unit == "weekday":
        return f"the day is a {_either([WEEKDAYS[v] for v in cond.values])}"
    if cond.unit == "month":
        run = _wrapped_run(cond.values)
        if run is not None:
            return f"the month is {MONTHS[run[0] - 1]} through {MONTHS[run[1] - 1]}"
        return f"the month is {_either([MONTHS[v - 1] for v in cond.values])}"
    if cond.unit == "trading_day":
        days = _either([ordinal(v) for v in cond.values])
        return f"the day is the {days} trading day of the month"
    days = _either(["last" if v == 1 else f"{ordinal(v)}-to-last" for v in cond.values])
    return f"the day is the {days} trading day of the month"


def _wrapped_run(values: list[int]) -> tuple[int, int] | None:
    """(first, last) when the months are one run of 3 or more, wrapping past December."""
    if len(values) < 3 or len(values) == 12:
        return None
    chosen = set(values)
    starts = [m for m in chosen if (m - 2) % 12 + 1 not in chosen]
    if len(starts) != 1:
        return None
    first = last = starts[0]
    while last % 12 + 1 in chosen:
        last = last % 12 + 1
    return first, last


def gap(cond: S.Compare) -> str | None:
    """ "the open gaps down more than 2% (below the previous close x 0.98)", or None when the
    comparison is not a gap (the open against the previous close)."""
    a, b = cond.a, cond.b
    if not (
        isinstance(a, S.PriceRef)
        and isinstance(b, S.PriceRef)
        and (a.field, a.lag, b.field, b.lag) == ("open", 0, "close", 1)
        and a.times == 1
        and a.symbol == b.symbol
        and not (a.timeframe or b.timeframe)
    ):
        return None
    pct = abs(b.times - 1) * 100
    up = cond.op in (">", ">=")
    if (b.times > 1) != up or pct == 0:
        return None
    word = "more than" if cond.op in (">", "<") else "at least"
    side = "above" if up else "below"
    return (
        f"the open gaps {'up' if up else 'down'} {word} {pct:g}% ({side} the previous close "
        f"x {b.times:g})"
    )


def operand_prefix(symbol: str | None, timeframe: str | None) -> str:
    """ "SPY's ", "the weekly ", "SPY's weekly " (empty for the traded symbol's own bars)."""
    words = [f"{symbol}'s" if symbol else "the"] if symbol or timeframe else []
    if timeframe:
        words.append(TIMEFRAMES[timeframe])
    return " ".join(words) + (" " if words else "")


def fills_sentence(spec: S.StrategySpec) -> str:
    """When orders fill, as the echo and the generated module's docstring say it."""
    entry = _fill_words(spec.entry_fill)
    exits = _fill_words(spec.exit_fill)
    how = (
        "backtesting.py's trade_on_close=True: a market order fills at the close of the bar that "
        "placed it"
        if spec.trade_on_close
        else "backtesting.py's default"
    )
    text = f"orders fill {entry}" if entry == exits else f"entries fill {entry}, exits {exits}"
    extra = ""
    if spec.trade_on_close and "next_open" in (spec.entry_fill, spec.exit_fill):
        extra = "; an order for the next open is a limit order that cannot bind"
    return f"Fills: {text} ({how}{extra})"


def _fill_words(fill: str) -> str:
    return "at the next bar's open" if fill == "next_open" else "at the signal bar's close"


def has_calendar(spec: S.StrategySpec) -> bool:
    return any(_calendar_in(c) for c in spec.conditions())


def _calendar_in(cond: S.Condition) -> bool:
    if isinstance(cond, S.And | S.Or):
        return any(_calendar_in(c) for c in cond.conditions)
    return isinstance(cond, S.Calendar)


def calendar_note(spec: S.StrategySpec) -> str | None:
    """How date rules are checked, when the spec has one."""
    if not has_calendar(spec):
        return None
    return (
        "Dates: a weekday, month or trading-day rule is checked on the day the order fills "
        "(with fills at the next bar's open, the next bar's date, which the exchange calendar "
        "fixes in advance)"
    )


def size_line(spec: S.StrategySpec) -> str:
    """The position-size line of the echo."""
    if spec.size_shares:
        return f"Position size: {spec.size_shares} shares per trade"
    if spec.size_cash:
        return (
            f"Position size: ${spec.size_cash:,.0f} per trade, in whole shares at the signal "
            "bar's close"
        )
    if spec.risk_pct:
        return (
            f"Position size: risk {spec.risk_pct:g}% of equity per trade: shares = equity x "
            f"{spec.risk_pct:g}% / (entry - stop), entry = the signal bar's close, whole shares, "
            f"at most {spec.size_fraction * 100:g}% of equity"
        )
    return f"Position size: {spec.size_fraction * 100:g}% of equity per trade"


def position_lines(spec: S.StrategySpec, condition_text) -> list[str]:
    """Pyramiding and scaling out, when set."""
    out = []
    if spec.add_on is not None:
        out.append(
            f"Add a unit (as many shares as the first entry) when {condition_text(spec.add_on)}, "
            f"at most {spec.max_units} units in all"
        )
    if spec.scale_out_pct:
        side = "above" if spec.direction == "long" else "below"
        out.append(
            f"Scale out: close {spec.scale_out_fraction * 100:g}% of the position once the close "
            f"is {spec.scale_out_pct:g}% {side} the entry price (once per trade); the rest "
            "closes on the exit rule"
        )
    return out


def data_lines(spec: S.StrategySpec) -> list[str]:
    """Where another symbol's bars come from, when the rules read one."""
    others = spec.other_symbols()
    if not others:
        return []
    names = " and ".join(others)
    return [
        f"Also reads {names}: loaded from the same source as the traded symbol and aligned on "
        "its bars (a missing bar repeats the last known one; nothing from a later bar is used)"
    ]
