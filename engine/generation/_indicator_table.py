"""The indicator table: one declarative entry per indicator or candlestick pattern.

Adding an indicator is one :class:`Entry` here plus its function in
``_trader_indicator_code.py``; the parser, the spec, the plain-English echo and the code
generator all read this table:

* ``names``: the words traders write for it, each mapped to the output it names (``None``: the
  main output). Read by the operand parser like every other indicator word.
* ``params``: parameters in their conventional order with the standard defaults (numbers
  written after the name fill them in this order: "Supertrend(10, 3)").
* ``lines``: each output's code template and its English rendering. A template is a call whose
  ``{high}``/``{low}``/``{close}``/``{open}``/``{volume}``/``{index}`` are the bar data,
  ``{source}`` the series the indicator is computed on ("RSI of volume") and ``{param}`` the
  strategy's parameters; the echo formats ``{param}`` with the values and ``{source}``.
* ``param_comments``: each parameter's comment in the generated class (``{label}`` is the
  indicator's name, ``{role}`` "fast "/"slow " when there are two of it).
* ``levels``: named levels ("oversold", "overbought", "center") for an oscillator.
* ``price_scale``: its lines are prices, so "above the Supertrend" compares the close.
* ``sided``: an output that means "the upper or lower line, whichever the move is towards"
  ("crosses above the Keltner channel" is its upper line; "above the cloud" its top).
* ``pattern``: a candlestick pattern's definition, said in the echo.
* ``stem``/``param_attrs``: names in the generated class when they are not the kind and the
  parameter's key (Bollinger Bands are ``bb``; MACD's ``fast`` is ``macd_fast_period``).

RSI, rate of change, ATR, z-score, MACD, Bollinger Bands, the stochastic and the highest/lowest
channels, read before the table existed, are entries too; SMA and EMA (volume averages,
fast/slow roles) keep their own code for now.
"""

from __future__ import annotations

from dataclasses import dataclass, field

HLC = "{high}, {low}, {close}"


def phrases(text: str) -> list[str]:
    """The vocabulary's format for a list of phrases: separated by " | ", kept in order."""
    return [phrase.strip() for phrase in text.split("|")]


@dataclass(frozen=True)
class Line:
    """One output: the call that computes it and how it reads in English."""

    call: str
    english: str
    label: str  # the chart legend and attribute suffix ("ADX", "+DI")
    suffix: str = ""


@dataclass(frozen=True)
class Entry:
    """One indicator (or candlestick pattern) of the table."""

    kind: str
    title: str  # its name in assumptions ("ADX period 14 ...")
    names: dict[str, str | None]
    lines: dict[str | None, Line]
    params: dict[str, float] = field(default_factory=dict)
    float_params: frozenset[str] = frozenset()
    param_comments: dict[str, str] = field(default_factory=dict)
    levels: dict[str, float] = field(default_factory=dict)
    price_scale: bool = False
    sided: dict[str | None, tuple[str, str]] = field(default_factory=dict)
    default_note: str = ""
    stem: str = ""  # the generated code's name for it ("bb"), when not its kind
    param_attrs: dict[str, str] = field(default_factory=dict)  # "fast" -> bot's "macd_fast_period"
    omitted: dict[str, float] = field(default_factory=dict)  # left out of the code at this value
    unit: str = (
        ""  # after a level in the echo ("%": "ATR(14) as a percent of the close is below 2%")
    )
    pattern: str = ""  # the definition of a candlestick pattern
    opposite: str = ""  # the mirror-image pattern ("the opposite" of a bullish engulfing)
    window_params: bool = False  # "end" and "minutes" are a window of the day, said "00:00-07:00"
    #: A pattern's named bars, each with how many bars before the pattern's last bar it is
    #: ("the first soldier" of three white soldiers is 2 bars before the third): where a stop
    #: at "the first soldier's low" goes.
    parts: dict[str, int] = field(default_factory=dict)

    @property
    def outputs(self) -> tuple[str, ...]:
        """Named outputs (empty when the indicator has one unnamed output)."""
        return tuple(k for k in self.lines if k is not None)

    def english(self, output: str | None, params: dict[str, float], source: str = "close") -> str:
        line = self.lines[output if output in self.lines else next(iter(self.lines))]
        said = {k: f"{v:g}" for k, v in params.items()}
        if self.window_params:  # minutes of the day said as the clock says them
            end, minutes = int(params["end"]), int(params["minutes"])
            said |= {"start": clock(end - minutes), "end": clock(end)}
        return line.english.format(source=source, **said)


def clock(minute: int) -> str:
    """A minute of the day as "07:00" (the day's end, minute 1440, as "24:00")."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _pattern(
    kind: str,
    title: str,
    names: list[str],
    call: str,
    definition: str,
    opposite: str = "",
    parts: dict[str, int] | None = None,
) -> Entry:
    article = "an" if title[0] in "aeiou" else "a"
    return Entry(
        parts=parts or {},
        kind=kind,
        title=title,
        names=dict.fromkeys(names),
        lines={None: Line(call, f"{article} {title}", title)},
        levels={"center": 0.0},
        pattern=definition,
        opposite=opposite,
    )


def _numbered_parts(name: str) -> dict[str, int]:
    """The three bars of a three-bar pattern by their order ("the first soldier" is 2 bars
    before the last)."""
    return {
        f"{order} {name}": back
        for back, orders in ((2, "first | 1st"), (1, "second | 2nd | middle"), (0, "third | 3rd"))
        for order in phrases(orders)
    }


#: The three bars of a morning or evening star ("the middle candle" is the star itself)
_STAR_PARTS = {
    **{part: 2 for part in phrases("first candle | first bar | 1st candle | 1st bar")},
    **{part: 1 for part in phrases("middle candle | middle bar | star | star candle | 2nd candle")},
    **{part: 1 for part in phrases("second candle | second bar")},
    **{part: 0 for part in phrases("third candle | third bar | 3rd candle | last candle")},
}


def _candle_part(kind: str, call: str, title: str, names: str, definition: str) -> Entry:
    """A part of each bar (its body, a wick, its range), in price units."""
    return Entry(
        kind=kind,
        title=title,
        names=dict.fromkeys(phrases(names)),
        lines={None: Line(call, f"the bar's {title} ({definition})", title.capitalize())},
    )


def _anchored_vwap(unit: str, code: str, adjective: str) -> Entry:
    """The VWAP anchored to the start of each week (month, year): "the anchored VWAP from the
    start of the month", "monthly anchored VWAP", "month-to-date VWAP", "MTD VWAP"."""
    names = (
        "anchored vwap from the start of the {u} | anchored vwap from the {u} start | "
        "anchored vwap from the start of each {u} | vwap anchored to the start of the {u} | "
        "vwap anchored to the {u} | vwap anchored to the start of each {u} | {a} anchored vwap | "
        "{u} anchored vwap | {u}-to-date vwap | {u} to date vwap | {u0}td vwap | "
        "anchored {a} vwap | vwap from the start of the {u} | {u}'s anchored vwap | "
        "{u}'s vwap | {a} vwap"
    )
    return Entry(
        kind=f"vwap_{unit}",
        title=f"{unit}-anchored VWAP",
        names=dict.fromkeys(phrases(names.format(u=unit, a=adjective, u0=unit[0]))),
        lines={
            None: Line(
                f'anchored_vwap({{high}}, {{low}}, {{close}}, {{volume}}, {{index}}, "{code}")',
                f"the VWAP anchored to the start of each {unit} (typical price (high + low + "
                f"close) / 3 weighted by volume, from the {unit}'s first bar)",
                f"{unit.capitalize()} VWAP",
            )
        },
        price_scale=True,
    )


def _rsi_divergence(way: str, other: str, field: str, price_makes: str, rsi_makes: str) -> Entry:
    """A bullish (bearish) RSI divergence, 1 on the bar it is known: "a bullish divergence on
    RSI", "bullish RSI divergence", "positive divergence on RSI"."""
    names = (
        "{w} divergence on rsi | {w} divergence on the rsi | {w} rsi divergence | "
        "rsi {w} divergence | {w} divergence in rsi | {w} divergence with rsi | "
        "{o} rsi divergence | {o} divergence on rsi | {w} divergence between price and rsi | "
        "{w} divergence on the relative strength index"
    )
    side = "below" if field == "low" else "above"
    return Entry(
        kind=f"rsi_{way}_divergence",
        title=f"{way} RSI divergence",
        names=dict.fromkeys(phrases(names.format(w=way, o=other))),
        params={"rsi_period": 14, "bars": 5},
        lines={
            None: Line(
                f"rsi_divergence({{{field}}}, {{close}}, {{rsi_period}}, {{bars}}, "
                f"{field == 'low'})",
                f"a {way} RSI divergence signal",
                f"{way.capitalize()} RSI divergence",
            )
        },
        levels={"center": 0.0},
        pattern=(
            f"price makes a {price_makes} and RSI({{rsi_period}}) a {rsi_makes}: the {field} of "
            f"price's latest swing {field} is {side} the one before while RSI is "
            f"{'higher' if field == 'low' else 'lower'} there; a swing {field} is the "
            f"{'lowest' if field == 'low' else 'highest'} {field} of {{bars}} bars each side, "
            "so this is known {bars} bars after the later swing"
        ),
        param_comments={
            "rsi_period": "RSI lookback of the divergence, in bars",
            "bars": "bars on each side of a swing (it is known that many bars later)",
        },
        default_note="RSI(14) and swings of 5 bars on each side (Botlab's defaults) because none "
        "were given",
    )


def _swing(side: str, most: str) -> Entry:
    """The last swing high (low), a pivot: "the last swing high", "the pivot low of 3 bars each
    side", "the most recent swing low"."""
    names = (
        "swing {s} | swing {s}s | pivot {s} | pivot {s}s | last swing {s} | "
        "most recent swing {s} | recent swing {s} | previous swing {s} | prior swing {s} | "
        "latest swing {s} | "
        "last pivot {s} | most recent pivot {s} | previous pivot {s} | recent pivot {s} | "
        "latest pivot {s} | prior pivot {s}"
    )
    return Entry(
        kind=f"swing_{side}",
        title=f"swing {side}",
        names=dict.fromkeys(phrases(names.format(s=side))),
        params={"bars": 5},
        lines={
            None: Line(
                f"swing({{{side}}}, {{bars}}, {side == 'high'})",
                f"the last swing {side} ({{bars}} bars each side: the {most} {side} of the "
                "{bars} bars before it and after it, known {bars} bars later)",
                f"Swing {side}",
            )
        },
        price_scale=True,
        param_comments={
            "bars": f"bars on each side of a swing {side} (known that many bars later)"
        },
        default_note=f"Swing {side}s of 5 bars on each side (Botlab's default) because none were "
        "given: say 'of 3 bars each side' to change it",
    )


CANDLE_PARTS = (
    _candle_part(
        "candle_body",
        "candle_body({open}, {close})",
        "body",
        "body | real body | candle body | candle's body | bar's body | the body | bodies | "
        "small body | its body",
        "|close - open|",
    ),
    _candle_part(
        "upper_wick",
        "upper_wick({open}, {high}, {close})",
        "upper wick",
        "upper wick | upper shadow | top wick | upper tail | upper wicks | upper shadows | "
        "long upper wick | long upper shadow | its upper wick | its upper shadow",
        "high - max(open, close)",
    ),
    _candle_part(
        "lower_wick",
        "lower_wick({open}, {low}, {close})",
        "lower wick",
        "lower wick | lower shadow | bottom wick | lower tail | lower wicks | lower shadows | "
        "long lower wick | long lower shadow | its lower wick | its lower shadow | long tail",
        "min(open, close) - low",
    ),
    _candle_part(
        "bar_range",
        "bar_range({high}, {low})",
        "range",
        "range | candle range | bar range | candle's range | bar's range | day's range | "
        "high-low range | high low range | the range | its range | range of the bar | "
        "range of the candle | full range",
        "high - low",
    ),
)

ENTRIES: tuple[Entry, ...] = (
    # -- indicators read before the table existed, routed through it ---------------------------
    Entry(
        kind="rsi",
        title="RSI",
        names=dict.fromkeys(
            ["rsi", "rsis", "relative strength index", "relative strength", "rsi indicator"]
        ),
        params={"period": 14},
        lines={None: Line("rsi({source}, {period})", "RSI({period})", "RSI")},
        levels={"oversold": 30.0, "overbought": 70.0, "center": 50.0},
        default_note="RSI period 14 (the standard) because none was given",
    ),
    Entry(
        kind="roc",
        title="rate of change",
        names=dict.fromkeys(
            phrases(
                "roc | rate of change | momentum | mom | price momentum | "
                "rate of change indicator | return | total return | price return | performance | "
                "percent change | % change"
            )
        ),
        params={"period": 10},
        lines={
            None: Line(
                "roc({source}, {period})",
                "the {period}-bar rate of change (ROC({period}), %)",
                "ROC",
            )
        },
        param_comments={"period": "{role}rate-of-change lookback, in bars"},
        levels={"center": 0.0},
        default_note="rate of change period 10 (a common default) because none was given",
    ),
    Entry(
        kind="atr",
        title="ATR",
        names=dict.fromkeys(["atr", "average true range", "atrs"]),
        params={"period": 14},
        lines={None: Line(f"atr({HLC}, {{period}})", "ATR({period})", "ATR")},
        default_note="ATR period 14 (the standard) because none was given",
    ),
    Entry(
        kind="zscore",
        title="z-score",
        names=dict.fromkeys(["z score", "zscore", "z scores", "z"]),
        params={"period": 20},
        lines={
            None: Line(
                "zscore({source}, {period})", "the {period}-bar z-score of the {source}", "Z-score"
            )
        },
        levels={"center": 0.0},
        default_note="z-score period 20 (a common default) because none was given",
    ),
    Entry(
        kind="macd",
        title="MACD",
        names={
            **dict.fromkeys(
                [
                    "macd",
                    "macd line",
                    "macd's line",
                    "macd indicator",
                    "moving average convergence divergence",
                    "moving average convergence divergence line",
                    "moving average convergence / divergence",
                ],
                "macd",
            ),
            **dict.fromkeys(
                [
                    "macd histogram",
                    "macd hist",
                    "histogram",
                    "macd's histogram",
                    "macd histo",
                    "hist",
                    "histo",
                ],
                "hist",
            ),
            **dict.fromkeys(
                ["macd signal line", "macd signal", "macd's signal line", "macd's signal"],
                "signal",
            ),
        },
        params={"fast": 12, "slow": 26, "signal": 9},
        param_attrs={"fast": "fast_period", "slow": "slow_period", "signal": "signal_period"},
        lines={
            "macd": Line(
                "macd_line({source}, {fast}, {slow})",
                "the MACD line ({fast}, {slow}, {signal})",
                "MACD",
            ),
            "signal": Line(
                "macd_signal({source}, {fast}, {slow}, {signal})",
                "the MACD signal line ({fast}, {slow}, {signal})",
                "MACD signal",
                "_signal",
            ),
            "hist": Line(
                "macd_hist({source}, {fast}, {slow}, {signal})",
                "the MACD histogram ({fast}, {slow}, {signal})",
                "MACD histogram",
                "_hist",
            ),
        },
        param_comments={
            "fast": "MACD fast EMA span",
            "slow": "MACD slow EMA span",
            "signal": "MACD signal-line EMA span",
        },
        levels={"center": 0.0},
        default_note="MACD 12/26/9 (the standard) because no settings were given",
    ),
    Entry(
        kind="bbands",
        title="Bollinger Bands",
        stem="bb",
        names={
            **dict.fromkeys(
                ["bollinger band", "bollinger bands", "bollinger", "bb", "bbands", "bollinger's"]
            ),
            **dict.fromkeys(["basis", "basis line", "bollinger basis"], "middle"),
        },
        params={"period": 20, "std": 2.0},
        float_params=frozenset({"std"}),
        lines={
            "upper": Line(
                "bollinger_upper({source}, {period}, {std})",
                "the upper Bollinger Band ({period}, {std})",
                "BB upper",
                "_upper",
            ),
            "middle": Line(
                "sma({source}, {period})",
                "the middle Bollinger Band ({period}, {std})",
                "BB middle",
                "_middle",
            ),
            "lower": Line(
                "bollinger_lower({source}, {period}, {std})",
                "the lower Bollinger Band ({period}, {std})",
                "BB lower",
                "_lower",
            ),
        },
        param_comments={
            "period": "Bollinger Bands lookback, in bars",
            "std": "Bollinger band width, in standard deviations",
        },
    ),
    Entry(
        kind="stoch",
        title="stochastic",
        names={
            **dict.fromkeys(
                phrases(
                    "stochastic | stochastics | stochastic oscillator | stoch | stochastic %k | "
                    "%k | %k line | k line | stochastic k | fast stochastic | fast stochastics | "
                    "full stochastic"
                ),
                "k",
            ),
            **dict.fromkeys(["%d", "%d line", "d line", "stochastic %d", "stochastic d"], "d"),
        },
        params={"k_period": 14, "d_period": 3, "smooth": 1},
        param_attrs={"smooth": "smoothing"},
        omitted={"smooth": 1},
        lines={  # the echo is written in _english ("slow stochastic" when smoothed)
            "k": Line(f"stochastic_k({HLC}, {{k_period}}, {{smooth}})", "", "%K", "_k"),
            "d": Line(
                f"stochastic_d({HLC}, {{k_period}}, {{d_period}}, {{smooth}})", "", "%D", "_d"
            ),
        },
        param_comments={
            "k_period": "stochastic %K lookback, in bars",
            "d_period": "stochastic %D: SMA of %K over this many bars",
            "smooth": "%K smoothing (slow stochastic), in bars",
        },
        levels={"oversold": 20.0, "overbought": 80.0, "center": 50.0},
        default_note="stochastic %K 14, %D 3 (the standard) because none were given",
    ),
    Entry(
        kind="highest",
        title="highest-high channel",
        stem="highest_{source}",
        names={},  # "the 20-day high", "highest close": read by the channel phrases
        params={"period": 20},
        lines={
            None: Line(
                "highest({source}, {period})",
                "the highest {source} of the previous {period} bars",
                "Highest {source}",
            )
        },
        param_comments={"period": "{role}channel lookback, in bars"},
    ),
    Entry(
        kind="lowest",
        title="lowest-low channel",
        stem="lowest_{source}",
        names={},
        params={"period": 20},
        lines={
            None: Line(
                "lowest({source}, {period})",
                "the lowest {source} of the previous {period} bars",
                "Lowest {source}",
            )
        },
        param_comments={"period": "{role}channel lookback, in bars"},
    ),
    _swing("high", "highest"),
    _swing("low", "lowest"),
    Entry(
        kind="record_high",
        price_scale=True,
        title="all-time high",
        stem="record_high_{source}",
        names={},  # "the all-time high", "ATH": read by the extreme phrases
        lines={
            None: Line(
                "record_high({source})",
                "the all-time high (the highest {source} of every earlier bar)",
                "All-time high {source}",
            )
        },
    ),
    Entry(
        kind="record_low",
        price_scale=True,
        title="all-time low",
        stem="record_low_{source}",
        names={},
        lines={
            None: Line(
                "record_low({source})",
                "the all-time low (the lowest {source} of every earlier bar)",
                "All-time low {source}",
            )
        },
    ),
    # -- the trader vocabulary -------------------------------------------------------------------
    Entry(
        kind="adx",
        title="ADX",
        names={
            **dict.fromkeys(
                phrases(
                    "adx | average directional index | average directional movement index | "
                    "adx line | dmi adx"
                ),
                "adx",
            ),
            **dict.fromkeys(
                phrases(
                    "+di | di+ | plus di | positive directional indicator | "
                    "plus directional indicator | dmi+ | +dmi | dmi | di plus | dmi + | pdi | "
                    "plus dmi | dmi plus"
                ),
                "plus_di",
            ),
            **dict.fromkeys(
                phrases(
                    "-di | di- | minus di | negative directional indicator | "
                    "minus directional indicator | dmi- | -dmi | di minus | dmi - | mdi | "
                    "minus dmi | dmi minus"
                ),
                "minus_di",
            ),
        },
        params={"period": 14},
        lines={
            "adx": Line(f"adx({HLC}, {{period}})", "ADX({period})", "ADX"),
            "plus_di": Line(f"plus_di({HLC}, {{period}})", "+DI({period})", "+DI", "_plus_di"),
            "minus_di": Line(f"minus_di({HLC}, {{period}})", "-DI({period})", "-DI", "_minus_di"),
        },
        param_comments={"period": "ADX and +DI/-DI lookback (Wilder), in bars"},
        default_note="ADX and +DI/-DI period 14 (Wilder's standard) because none was given",
    ),
    Entry(
        kind="psar",
        title="Parabolic SAR",
        names=dict.fromkeys(
            phrases(
                "parabolic sar | psar | sar | parabolic | parabolic stop and reverse | sar dots | "
                "sar dot | psar dot | psar dots | parabolic sar dots | parabolic sar dot | "
                "dots | sar points | psar points"
            )
        ),
        params={"step": 0.02, "maximum": 0.2},
        float_params=frozenset({"step", "maximum"}),
        lines={
            None: Line(
                "parabolic_sar({high}, {low}, {step}, {maximum})",
                "the Parabolic SAR ({step}, {maximum})",
                "SAR",
            )
        },
        param_comments={
            "step": "Parabolic SAR acceleration step",
            "maximum": "Parabolic SAR maximum acceleration",
        },
        price_scale=True,
        default_note=(
            "Parabolic SAR step 0.02, maximum 0.2 (Wilder's standard) because none were given"
        ),
    ),
    Entry(
        kind="supertrend",
        title="Supertrend",
        names={
            **dict.fromkeys(["supertrend", "super trend", "supertrend line"], "line"),
            **dict.fromkeys(["supertrend direction", "supertrend trend"], "direction"),
        },
        params={"period": 10, "multiplier": 3.0},
        float_params=frozenset({"multiplier"}),
        lines={
            "line": Line(
                f"supertrend({HLC}, {{period}}, {{multiplier}})",
                "the Supertrend ({period}, {multiplier})",
                "Supertrend",
            ),
            "direction": Line(
                f"supertrend_direction({HLC}, {{period}}, {{multiplier}})",
                "the Supertrend ({period}, {multiplier}) direction (+1 up, -1 down)",
                "Supertrend direction",
                "_direction",
            ),
        },
        param_comments={
            "period": "Supertrend ATR lookback, in bars",
            "multiplier": "Supertrend band width, in ATRs",
        },
        price_scale=True,
        default_note="Supertrend ATR 10, multiplier 3 (the common default) because none were given",
    ),
    Entry(
        kind="heikin_ashi",
        title="Heikin-Ashi candles",
        names=dict.fromkeys(
            phrases(
                "heikin ashi | heikin - ashi | heiken ashi | heiken - ashi | heikin ashi candle | "
                "heikin ashi candles | heikin - ashi candle | heikin - ashi candles | "
                "heiken ashi candle | heiken ashi candles | heiken - ashi candle | "
                "heiken - ashi candles | ha candle | ha candles | heikin ashi bar | "
                "heikin - ashi bar"
            )
        ),
        lines={
            None: Line(
                "heikin_ashi_body({open}, {high}, {low}, {close})",
                "the Heikin-Ashi candle's close - its open",
                "HA body",
            )
        },
    ),
    Entry(
        kind="keltner",
        title="Keltner channels",
        names={
            **dict.fromkeys(
                phrases(
                    "keltner channel | keltner channels | keltner | keltner band | "
                    "keltner bands | kc"
                ),
                None,
            ),
            **dict.fromkeys(["keltner middle", "keltner midline", "keltner basis"], "middle"),
        },
        params={"period": 20, "multiplier": 2.0, "atr_period": 10},
        float_params=frozenset({"multiplier"}),
        lines={
            "upper": Line(
                f"keltner_upper({HLC}, {{period}}, {{multiplier}}, {{atr_period}})",
                "the upper Keltner channel (EMA {period} + {multiplier} x ATR {atr_period})",
                "Keltner upper",
                "_upper",
            ),
            "middle": Line(
                "ema({close}, {period})",
                "the middle Keltner line (EMA {period})",
                "Keltner middle",
                "_middle",
            ),
            "lower": Line(
                f"keltner_lower({HLC}, {{period}}, {{multiplier}}, {{atr_period}})",
                "the lower Keltner channel (EMA {period} - {multiplier} x ATR {atr_period})",
                "Keltner lower",
                "_lower",
            ),
        },
        param_comments={
            "period": "Keltner middle line: EMA of the close over this many bars",
            "multiplier": "Keltner channel width, in ATRs",
            "atr_period": "Keltner ATR lookback, in bars",
        },
        price_scale=True,
        sided={None: ("upper", "lower")},
        default_note=(
            "Keltner channels EMA 20 +- 2 x ATR 10 (the EMA/ATR variant of StockCharts and "
            "TradingView) because none were given"
        ),
    ),
    Entry(  # "2 ATR below the 20-day SMA": the SMA moved by ATRs (Keltner's is an EMA)
        kind="atr_bands",
        title="ATR bands",
        names=dict.fromkeys(phrases("atr bands | atr band | sma atr bands")),
        params={"period": 20, "multiplier": 2.0, "atr_period": 14},
        float_params=frozenset({"multiplier"}),
        lines={
            "upper": Line(
                f"atr_band_upper({HLC}, {{period}}, {{multiplier}}, {{atr_period}})",
                "the upper ATR band (SMA {period} + {multiplier} x ATR {atr_period})",
                "ATR band upper",
                "_upper",
            ),
            "middle": Line("sma({close}, {period})", "SMA({period})", "ATR band middle", "_middle"),
            "lower": Line(
                f"atr_band_lower({HLC}, {{period}}, {{multiplier}}, {{atr_period}})",
                "the lower ATR band (SMA {period} - {multiplier} x ATR {atr_period})",
                "ATR band lower",
                "_lower",
            ),
        },
        param_comments={
            "period": "ATR bands middle line: SMA of the close over this many bars",
            "multiplier": "ATR bands width, in ATRs",
            "atr_period": "ATR bands ATR lookback, in bars",
        },
        price_scale=True,
        sided={None: ("upper", "lower")},
        default_note="ATR bands SMA 20 +- 2 x ATR 14 because none were given",
    ),
    Entry(
        kind="chandelier",
        title="Chandelier exit",
        names=dict.fromkeys(
            phrases(
                "chandelier exit | chandelier exits | chandelier stop | chandelier stops | "
                "chandelier | chandelier line | chandelier trailing stop"
            )
        ),
        params={"period": 22, "multiplier": 3.0, "atr_period": 22},
        float_params=frozenset({"multiplier"}),
        lines={
            "long": Line(
                f"chandelier_long({HLC}, {{period}}, {{multiplier}}, {{atr_period}})",
                "the chandelier exit for longs (highest high of {period} bars - {multiplier} x "
                "ATR {atr_period})",
                "Chandelier long",
                "_long",
            ),
            "short": Line(
                f"chandelier_short({HLC}, {{period}}, {{multiplier}}, {{atr_period}})",
                "the chandelier exit for shorts (lowest low of {period} bars + {multiplier} x "
                "ATR {atr_period})",
                "Chandelier short",
                "_short",
            ),
        },
        param_comments={
            "period": "chandelier exit: highest high (lowest low) of this many bars",
            "multiplier": "chandelier exit distance, in ATRs",
            "atr_period": "chandelier exit ATR lookback, in bars",
        },
        price_scale=True,
        sided={None: ("short", "long")},
        default_note=(
            "Chandelier exit 22 bars, 3 x ATR 22 (Le Beau's standard, as StockCharts) because "
            "none were given"
        ),
    ),
    Entry(
        kind="cci",
        title="CCI",
        names=dict.fromkeys(["cci", "commodity channel index", "cci indicator"]),
        params={"period": 20},
        lines={None: Line(f"cci({HLC}, {{period}})", "CCI({period})", "CCI")},
        levels={"oversold": -100.0, "overbought": 100.0, "center": 0.0},
        default_note="CCI period 20 (Lambert's standard) because none was given",
    ),
    Entry(
        kind="stochrsi",
        title="Stochastic RSI",
        names={
            **dict.fromkeys(
                phrases(
                    "stoch rsi | stochrsi | stochastic rsi | stoch rsi %k | stochastic rsi %k | "
                    "stoch rsi k | stochrsi %k | stoch rsi k line"
                ),
                "k",
            ),
            **dict.fromkeys(
                phrases("stoch rsi %d | stochastic rsi %d | stoch rsi d | stochrsi %d"), "d"
            ),
        },
        params={"rsi_period": 14, "stoch_period": 14, "smooth": 3, "d_period": 3},
        lines={
            "k": Line(
                "stoch_rsi_k({source}, {rsi_period}, {stoch_period}, {smooth})",
                "Stochastic RSI %K({rsi_period}, {stoch_period}, {smooth})",
                "StochRSI %K",
                "_k",
            ),
            "d": Line(
                "stoch_rsi_d({source}, {rsi_period}, {stoch_period}, {smooth}, {d_period})",
                "Stochastic RSI %D({rsi_period}, {stoch_period}, {smooth}, {d_period})",
                "StochRSI %D",
                "_d",
            ),
        },
        param_comments={
            "rsi_period": "Stochastic RSI: RSI lookback, in bars",
            "stoch_period": "Stochastic RSI: stochastic lookback over the RSI, in bars",
            "smooth": "Stochastic RSI %K smoothing, in bars",
            "d_period": "Stochastic RSI %D: SMA of %K over this many bars",
        },
        levels={"oversold": 20.0, "overbought": 80.0, "center": 50.0},
        default_note=(
            "Stochastic RSI 14/14 with %K smoothed over 3 bars and %D 3 (TradingView's default) "
            "because none were given"
        ),
    ),
    Entry(
        kind="connors_rsi",
        title="ConnorsRSI",
        names=dict.fromkeys(
            phrases("connorsrsi | crsi | connors rsi indicator | connors relative strength index")
        ),
        params={"rsi_period": 3, "streak_period": 2, "rank_period": 100},
        lines={
            None: Line(
                "connors_rsi({source}, {rsi_period}, {streak_period}, {rank_period})",
                "ConnorsRSI({rsi_period}, {streak_period}, {rank_period})",
                "ConnorsRSI",
            )
        },
        param_comments={
            "rsi_period": "ConnorsRSI: RSI of the close, lookback in bars",
            "streak_period": "ConnorsRSI: RSI of the up/down streak, lookback in bars",
            "rank_period": "ConnorsRSI: percent rank of the 1-bar change, lookback in bars",
        },
        levels={"oversold": 10.0, "overbought": 90.0, "center": 50.0},
        default_note=(
            "ConnorsRSI 3/2/100 (Connors' standard: RSI(3) of the close, RSI(2) of the streak, "
            "percent rank of the 1-bar change over 100 bars) because none were given"
        ),
    ),
    Entry(
        kind="willr",
        title="Williams %R",
        names=dict.fromkeys(
            [
                "williams %r",
                "williams r",
                "williams percent r",
                "%r",
                "willr",
                "williams",
                "wr",
                "w%r",
                "williams' %r",
                "william %r",
                "william's %r",
                "williams pct r",
                "wpr",
            ]
        ),
        params={"period": 14},
        lines={None: Line(f"williams_r({HLC}, {{period}})", "Williams %R({period})", "%R")},
        levels={"oversold": -80.0, "overbought": -20.0, "center": -50.0},
        default_note="Williams %R period 14 (the standard) because none was given",
    ),
    Entry(
        kind="pctb",
        title="Bollinger %B",
        names=dict.fromkeys(
            phrases(
                "%b | percent b | pct b | percentb | bollinger %b | bollinger percent b | "
                "bollinger band %b | bollinger bands %b | bb %b | %b indicator"
            )
        ),
        params={"period": 20, "std": 2.0},
        float_params=frozenset({"std"}),
        lines={
            None: Line(
                "bollinger_percent_b({source}, {period}, {std})",
                "Bollinger %B({period}, {std})",
                "%B",
            )
        },
        param_comments={
            "period": "Bollinger Bands lookback of %B, in bars",
            "std": "Bollinger band width of %B, in standard deviations",
        },
        levels={"oversold": 0.0, "overbought": 1.0, "center": 0.5},
        default_note="Bollinger %B on the standard bands (20, 2) because none were given",
    ),
    Entry(
        kind="obv",
        title="OBV",
        names=dict.fromkeys(["obv", "on balance volume", "on-balance volume"]),
        lines={None: Line("obv({close}, {volume})", "OBV (on-balance volume)", "OBV")},
    ),
    Entry(  # reached through "the Donchian middle line" (the channel's edges are highest/lowest)
        kind="donchian_mid",
        title="Donchian middle line",
        names={},
        params={"period": 20},
        lines={
            None: Line(
                "midpoint({high}, {low}, {period})",
                "the Donchian middle line ({period}): (highest high + lowest low) / 2 of the last "
                "{period} bars",
                "Donchian mid",
            )
        },
        param_comments={"period": "Donchian channel length, in bars"},
        price_scale=True,
        default_note="Donchian channel 20 bars (the standard) because none was given",
    ),
    Entry(
        kind="obv_highest",
        title="OBV high",
        names={},
        params={"period": 20},
        lines={
            None: Line(
                "obv_highest({close}, {volume}, {period})",
                "the highest OBV of the previous {period} bars",
                "OBV high",
            )
        },
        param_comments={"period": "OBV new-high lookback, in bars"},
    ),
    Entry(
        kind="obv_lowest",
        title="OBV low",
        names={},
        params={"period": 20},
        lines={
            None: Line(
                "obv_lowest({close}, {volume}, {period})",
                "the lowest OBV of the previous {period} bars",
                "OBV low",
            )
        },
        param_comments={"period": "OBV new-low lookback, in bars"},
    ),
    Entry(
        kind="mfi",
        title="MFI",
        names=dict.fromkeys(["mfi", "money flow index", "money flow"]),
        params={"period": 14},
        lines={
            None: Line(f"money_flow_index({HLC}, {{volume}}, {{period}})", "MFI({period})", "MFI")
        },
        levels={"oversold": 20.0, "overbought": 80.0, "center": 50.0},
        default_note="MFI period 14 (the standard) because none was given",
    ),
    Entry(
        kind="cmf",
        title="Chaikin Money Flow",
        names=dict.fromkeys(
            phrases("cmf | chaikin money flow | chaikin money flow index | chaikin mf")
        ),
        params={"period": 20},
        lines={
            None: Line(
                f"chaikin_money_flow({HLC}, {{volume}}, {{period}})",
                "Chaikin Money Flow({period})",
                "CMF",
            )
        },
        levels={"center": 0.0},
        default_note="Chaikin Money Flow period 20 (the standard) because none was given",
    ),
    Entry(
        kind="hma",
        title="Hull moving average",
        names=dict.fromkeys(phrases("hma | hull moving average | hull ma | hull average | hull")),
        params={"period": 9},
        lines={None: Line("hull_moving_average({source}, {period})", "HMA({period})", "HMA")},
        param_comments={"period": "{role}Hull moving average length, in bars"},
        price_scale=True,
        default_note="Hull moving average length 9 (TradingView's default) because none was given",
    ),
    Entry(
        kind="wma",
        title="weighted moving average",
        names=dict.fromkeys(
            phrases(
                "wma | weighted moving average | weighted ma | linear weighted moving average | "
                "lwma | linearly weighted moving average"
            )
        ),
        params={"period": 20},
        lines={None: Line("wma({source}, {period})", "WMA({period})", "WMA")},
        param_comments={"period": "{role}weighted moving average length, in bars"},
        price_scale=True,
        default_note="WMA length 20 (a common default) because none was given",
    ),
    Entry(
        kind="dema",
        title="double exponential moving average",
        names=dict.fromkeys(phrases("dema | double exponential moving average | double ema")),
        params={"period": 20},
        lines={None: Line("dema({source}, {period})", "DEMA({period})", "DEMA")},
        param_comments={"period": "{role}DEMA length, in bars"},
        price_scale=True,
        default_note="DEMA length 20 (a common default) because none was given",
    ),
    Entry(
        kind="tema",
        title="triple exponential moving average",
        names=dict.fromkeys(phrases("tema | triple exponential moving average | triple ema")),
        params={"period": 20},
        lines={None: Line("tema({source}, {period})", "TEMA({period})", "TEMA")},
        param_comments={"period": "{role}TEMA length, in bars"},
        price_scale=True,
        default_note="TEMA length 20 (a common default) because none was given",
    ),
    Entry(
        kind="cmo",
        title="Chande Momentum Oscillator",
        names=dict.fromkeys(
            phrases(
                "cmo | chande momentum oscillator | chande momentum | chande's momentum "
                "oscillator | chande oscillator"
            )
        ),
        params={"period": 14},
        lines={None: Line("chande_momentum({close}, {period})", "CMO({period})", "CMO")},
        levels={"oversold": -50.0, "overbought": 50.0, "center": 0.0},
        default_note="CMO period 14 (TA-Lib's default) because none was given",
    ),
    Entry(
        kind="ppo",
        title="PPO",
        names=dict.fromkeys(
            phrases("ppo | percentage price oscillator | percent price oscillator")
        ),
        params={"fast": 12, "slow": 26},
        lines={None: Line("ppo({close}, {fast}, {slow})", "PPO({fast}, {slow})", "PPO")},
        levels={"center": 0.0},
        default_note="PPO 12/26 (the standard, as MACD's) because none was given",
    ),
    Entry(
        kind="ultosc",
        title="Ultimate Oscillator",
        names=dict.fromkeys(
            phrases(
                "ultimate oscillator | ultimate osc | ultosc | uo | williams ultimate oscillator"
            )
        ),
        params={"short": 7, "medium": 14, "long": 28},
        lines={
            None: Line(
                f"ultimate_oscillator({HLC}, {{short}}, {{medium}}, {{long}})",
                "Ultimate Oscillator({short}, {medium}, {long})",
                "UO",
            )
        },
        levels={"oversold": 30.0, "overbought": 70.0, "center": 50.0},
        default_note="Ultimate Oscillator 7/14/28 (Williams' standard) because none was given",
    ),
    Entry(
        kind="ao",
        title="Awesome Oscillator",
        names=dict.fromkeys(phrases("awesome oscillator | awesome osc | ao | bill williams ao")),
        params={"fast": 5, "slow": 34},
        lines={
            None: Line(
                "awesome_oscillator({high}, {low}, {fast}, {slow})",
                "the Awesome Oscillator ({fast}, {slow})",
                "AO",
            )
        },
        levels={"center": 0.0},
        default_note="Awesome Oscillator 5/34 (Bill Williams' standard) because none was given",
    ),
    Entry(
        kind="kama",
        title="Kaufman adaptive moving average",
        names=dict.fromkeys(
            phrases(
                "kama | kaufman adaptive moving average | kaufman's adaptive moving average | "
                "kaufman ama | kaufman moving average | adaptive moving average"
            )
        ),
        params={"period": 10, "fast": 2, "slow": 30},
        lines={None: Line("kama({close}, {period}, {fast}, {slow})", "KAMA({period})", "KAMA")},
        price_scale=True,
        default_note="KAMA 10 (fast 2, slow 30: Kaufman's standard) because none was given",
    ),
    Entry(
        kind="vwma",
        title="volume-weighted moving average",
        names=dict.fromkeys(
            phrases(
                "vwma | volume weighted moving average | volume-weighted moving average | "
                "volume weighted ma | volume weighted average"
            )
        ),
        params={"period": 20},
        lines={None: Line("vwma({source}, {volume}, {period})", "VWMA({period})", "VWMA")},
        param_comments={"period": "{role}VWMA length, in bars"},
        price_scale=True,
        default_note="VWMA length 20 (a common default) because none was given",
    ),
    Entry(
        kind="zlema",
        title="zero-lag EMA",
        names=dict.fromkeys(
            phrases(
                "zlema | zero lag ema | zero-lag ema | zero lag exponential moving average | "
                "zero-lag exponential moving average | zlma"
            )
        ),
        params={"period": 20},
        lines={None: Line("zlema({source}, {period})", "ZLEMA({period})", "ZLEMA")},
        param_comments={"period": "{role}zero-lag EMA length, in bars"},
        price_scale=True,
        default_note="ZLEMA length 20 (a common default) because none was given",
    ),
    Entry(
        kind="elder",
        title="Elder-ray",
        names={
            **dict.fromkeys(
                phrases(
                    "bull power | elder bull power | elder-ray bull power | elder ray bull power"
                ),
                "bull",
            ),
            **dict.fromkeys(
                phrases(
                    "bear power | elder bear power | elder-ray bear power | elder ray bear power"
                ),
                "bear",
            ),
        },
        params={"period": 13},
        lines={
            "bull": Line(
                "elder_bull_power({high}, {close}, {period})",
                "Elder bull power({period})",
                "Bull power",
                "_bull",
            ),
            "bear": Line(
                "elder_bear_power({low}, {close}, {period})",
                "Elder bear power({period})",
                "Bear power",
                "_bear",
            ),
        },
        levels={"center": 0.0},
        default_note="Elder-ray EMA 13 (Elder's standard) because none was given",
    ),
    Entry(
        kind="vortex",
        title="Vortex",
        names={
            **dict.fromkeys(
                phrases(
                    "vi+ | vi + | +vi | + vi | vi plus | vortex plus | positive vortex | "
                    "vortex vi + | vortex vi+"
                ),
                "plus",
            ),
            **dict.fromkeys(
                phrases(
                    "vi- | vi - | -vi | - vi | vi minus | vortex minus | negative vortex | "
                    "vortex vi - | vortex vi-"
                ),
                "minus",
            ),
        },
        params={"period": 14},
        lines={
            "plus": Line(f"vortex_plus({HLC}, {{period}})", "VI+({period})", "VI+", "_plus"),
            "minus": Line(f"vortex_minus({HLC}, {{period}})", "VI-({period})", "VI-", "_minus"),
        },
        default_note="Vortex period 14 (the standard) because none was given",
    ),
    Entry(
        kind="trix",
        title="TRIX",
        names=dict.fromkeys(phrases("trix | triple exponential average")),
        params={"period": 15},
        lines={None: Line("trix({close}, {period})", "TRIX({period})", "TRIX")},
        levels={"center": 0.0},
        default_note="TRIX period 15 (StockCharts' default) because none was given",
    ),
    Entry(
        kind="aroon",
        title="Aroon",
        names={
            **dict.fromkeys(phrases("aroon up | aroon-up | aroon up line | aroonup"), "up"),
            **dict.fromkeys(
                phrases("aroon down | aroon-down | aroon down line | aroondown"), "down"
            ),
            **dict.fromkeys(phrases("aroon oscillator | aroon osc | aroon"), "oscillator"),
        },
        params={"period": 25},
        lines={
            "up": Line("aroon_up({high}, {period})", "Aroon Up({period})", "Aroon Up", "_up"),
            "down": Line(
                "aroon_down({low}, {period})", "Aroon Down({period})", "Aroon Down", "_down"
            ),
            "oscillator": Line(
                "aroon_oscillator({high}, {low}, {period})",
                "the Aroon oscillator({period})",
                "Aroon Osc",
                "_osc",
            ),
        },
        levels={"center": 0.0},
        default_note="Aroon period 25 (the standard) because none was given",
    ),
    Entry(
        kind="ichimoku",
        title="Ichimoku",
        names={
            **dict.fromkeys(
                ["ichimoku cloud", "cloud", "kumo", "ichimoku", "ichimoku kumo"],
                "cloud",
            ),
            **dict.fromkeys(
                ["tenkan", "tenkan sen", "tenkansen", "conversion line", "ichimoku tenkan"],
                "tenkan",
            ),
            **dict.fromkeys(
                ["kijun", "kijun sen", "kijunsen", "base line", "baseline", "ichimoku kijun"],
                "kijun",
            ),
            **dict.fromkeys(
                ["senkou span a", "span a", "leading span a", "senkou a", "ssa"], "span_a"
            ),
            **dict.fromkeys(
                ["senkou span b", "span b", "leading span b", "senkou b", "ssb"], "span_b"
            ),
            **dict.fromkeys(["cloud top", "top of the cloud"], "cloud_top"),
            **dict.fromkeys(["cloud bottom", "bottom of the cloud"], "cloud_bottom"),
        },
        params={"tenkan_period": 9, "kijun_period": 26, "senkou_period": 52},
        lines={
            "tenkan": Line(
                "midpoint({high}, {low}, {tenkan_period})",
                "the Ichimoku tenkan-sen ({tenkan_period})",
                "Tenkan",
                "_tenkan",
            ),
            "kijun": Line(
                "midpoint({high}, {low}, {kijun_period})",
                "the Ichimoku kijun-sen ({kijun_period})",
                "Kijun",
                "_kijun",
            ),
            "span_a": Line(
                "ichimoku_span_a({high}, {low}, {tenkan_period}, {kijun_period})",
                "senkou span A ({tenkan_period}, {kijun_period}) as known at each bar",
                "Span A",
                "_span_a",
            ),
            "span_b": Line(
                "ichimoku_span_b({high}, {low}, {senkou_period}, {kijun_period})",
                "senkou span B ({senkou_period}, {kijun_period}) as known at each bar",
                "Span B",
                "_span_b",
            ),
            "cloud_top": Line(
                "cloud_top({high}, {low}, {tenkan_period}, {kijun_period}, {senkou_period})",
                "the top of the Ichimoku cloud ({tenkan_period}, {kijun_period}, "
                "{senkou_period}) as known at each bar",
                "Cloud top",
                "_cloud_top",
            ),
            "cloud_bottom": Line(
                "cloud_bottom({high}, {low}, {tenkan_period}, {kijun_period}, {senkou_period})",
                "the bottom of the Ichimoku cloud ({tenkan_period}, {kijun_period}, "
                "{senkou_period}) as known at each bar",
                "Cloud bottom",
                "_cloud_bottom",
            ),
        },
        param_comments={
            "tenkan_period": "Ichimoku tenkan-sen (conversion line) lookback, in bars",
            "kijun_period": "Ichimoku kijun-sen (base line) lookback and cloud shift, in bars",
            "senkou_period": "Ichimoku senkou span B lookback, in bars",
        },
        price_scale=True,
        sided={"cloud": ("cloud_top", "cloud_bottom")},
        default_note="Ichimoku 9/26/52 (the standard) because no settings were given",
    ),
    Entry(
        kind="opening_range",
        title="opening",  # "the opening range" (its sided output) said back
        names={
            **dict.fromkeys(
                phrases(
                    "opening range high | opening range's high | orb high | opening range top | "
                    "high of the opening range | top of the opening range"
                ),
                "high",
            ),
            **dict.fromkeys(
                phrases(
                    "opening range low | opening range's low | orb low | opening range bottom | "
                    "low of the opening range | bottom of the opening range"
                ),
                "low",
            ),
            **dict.fromkeys(phrases("opening range | orb range"), "range"),
        },
        params={"period": 1},
        lines={
            output: Line(
                f'opening_range({{{output}}}, {{index}}, {{period}}, "{how}")',
                f"the opening range {output} (the {output} of the day's first {{period}} bar(s))",
                f"Opening range {output}",
                f"_{output}",
            )
            # its open and close: "the first 15 minutes are up" (close above open)
            for output, how in (
                ("high", "max"),
                ("low", "min"),
                ("open", "first"),
                ("close", "last"),
            )
        },
        param_comments={"period": "opening range: the day's first bars, counted"},
        price_scale=True,
        sided={"range": ("high", "low")},
        default_note="the opening range is the day's first bar (no length was given)",
    ),
    Entry(
        kind="session_range",
        title="session",  # "the session range" (its sided output) said back
        names={},  # "the Asian high", "the high between 00:00 and 07:00": _operands reads them
        params={"end": 7 * 60, "minutes": 7 * 60},
        lines={
            output: Line(
                f'session_range({{{output}}}, {{index}}, {{end}}, {{minutes}}, "{how}")',
                f"the {{start}}-{{end}} {output} (the {output} of each day's bars opening "
                "from {start} up to {end}, known from the first bar opening at or after {end})",
                f"Session {output}",
                f"_{output}",
            )
            for output, how in (("high", "max"), ("low", "min"))
        },
        param_comments={
            "end": "the session range ends: minute of the day (its bars open before it)",
            "minutes": "the session range's length, in minutes before its end",
        },
        price_scale=True,
        sided={"range": ("high", "low")},
        window_params=True,
    ),
    Entry(
        kind="prior_day",
        title="the previous day's prices",
        names={},  # "yesterday's high" on intraday bars (see _rules._days_on_intraday_bars)
        lines={
            output: Line(
                f'prior_day({{{field}}}, {{index}}, "{how}")',
                f"the previous day's {output}",
                f"Prior day {output}",
                f"_{output}",
            )
            for output, field, how in (
                ("high", "high", "max"),
                ("low", "low", "min"),
                ("open", "open", "first"),
                ("close", "close", "last"),
            )
        },
        price_scale=True,
    ),
    Entry(
        kind="this_day",
        title="the day's prices",
        names={},  # "today's open" on intraday bars (see _rules._the_days_prices)
        lines={
            output: Line(
                f'this_day({{{output}}}, {{index}}, "{how}")',
                f"the day's {said}",
                f"Day {output}",
                f"_{output}",
            )
            for output, how, said in (
                ("open", "first", "open (its first bar's)"),
                ("high", "cummax", "high before this bar"),
                ("low", "cummin", "low before this bar"),
            )
        },
        price_scale=True,
    ),
    Entry(
        kind="vwap",
        title="VWAP",
        names=dict.fromkeys(
            phrases(
                "vwap | volume weighted average price | volume-weighted average price | "
                "daily vwap | session vwap"
            )
        ),
        lines={
            None: Line(
                "vwap({high}, {low}, {close}, {volume}, {index})",
                "the VWAP (anchored to each day)",
                "VWAP",
            )
        },
        price_scale=True,
    ),
    _rsi_divergence("bullish", "positive", "low", "lower low", "higher low"),
    _rsi_divergence("bearish", "negative", "high", "higher high", "lower high"),
    Entry(
        kind="rolling_vwap",
        title="rolling VWAP",
        names=dict.fromkeys(phrases("rolling vwap | moving vwap")),
        params={"period": 20},
        lines={
            None: Line(
                "rolling_vwap({high}, {low}, {close}, {volume}, {period})",
                "the {period}-bar rolling VWAP (typical price (high + low + close) / 3 weighted "
                "by volume over the last {period} bars)",
                "Rolling VWAP",
            )
        },
        param_comments={"period": "rolling VWAP lookback, in bars"},
        price_scale=True,
        default_note="Rolling VWAP over 20 bars (Botlab's default) because no length was given",
    ),
    *(
        _anchored_vwap(unit, code, adjective)
        for unit, code, adjective in (
            ("week", "W", "weekly"),
            ("month", "M", "monthly"),
            ("year", "Y", "yearly"),
        )
    ),  # fmt: skip
    Entry(
        kind="atr_pct",
        title="ATR %",
        names=dict.fromkeys(
            phrases(
                "atr % | atr percent | atr pct | natr | normalized atr | normalised atr | atrp | "
                "atr% of price"
            )
        ),
        params={"period": 14},
        lines={
            None: Line(
                f"atr_percent({HLC}, {{period}})",
                "ATR({period}) as a percent of the close",
                "ATR %",
            )
        },
        unit="%",
        param_comments={"period": "ATR lookback (Wilder), in bars"},
        default_note="ATR period 14 (the standard) because none was given",
    ),
    Entry(
        kind="hv",
        title="historical volatility",
        names=dict.fromkeys(
            phrases(
                "historical volatility | historic volatility | realized volatility | "
                "realised volatility | hv | hist vol | historical vol"
            )
        ),
        params={"period": 20},
        lines={
            None: Line(
                "historical_volatility({source}, {period})",
                "the {period}-bar historical volatility (annualised, %)",
                "HV",
            )
        },
        unit="%",
        param_comments={"period": "historical volatility lookback, in bars"},
        default_note="Historical volatility over 20 bars (a common default) because none was given",
    ),
    Entry(
        kind="ibs",
        title="IBS",
        names=dict.fromkeys(
            phrases(
                "ibs | internal bar strength | internal strength | close location value | "
                "close location"
            )
        ),
        lines={
            None: Line(
                f"ibs({HLC})",
                "the IBS ((close - low) / (high - low), none when high = low)",
                "IBS",
            )
        },
    ),
    Entry(
        kind="bbwidth",
        title="Bollinger band width",
        names=dict.fromkeys(
            phrases(
                "bollinger band width | bollinger bandwidth | bollinger bands width | "
                "bollinger width | bb width | bbw | bandwidth | band width | "
                "bollinger band's width | width of the bollinger bands | "
                "width of the bollinger band"
            )
        ),
        params={"period": 20, "std": 2.0},
        float_params=frozenset({"std"}),
        lines={
            None: Line(
                "bollinger_width({source}, {period}, {std})",
                "the Bollinger band width ({period}, {std})",
                "BB width",
            )
        },
        param_comments={
            "period": "Bollinger Bands lookback, in bars",
            "std": "Bollinger band width, in standard deviations",
        },
        default_note="Bollinger band width of the 20-bar, 2-standard-deviation bands (the "
        "standard) because no settings were given; width = (upper - lower) / middle band",
    ),
    _pattern(
        "bullish_engulfing",
        "bullish engulfing bar",
        phrases(
            "bullish engulfing | bullish engulfing bar | bullish engulfing candle | "
            "bullish engulfing pattern | engulfing bullish"
        ),
        "bullish_engulfing({open}, {close})",
        "a down bar followed by an up bar whose body covers the previous body",
        "bearish_engulfing",
    ),
    _pattern(
        "bearish_engulfing",
        "bearish engulfing bar",
        phrases(
            "bearish engulfing | bearish engulfing bar | bearish engulfing candle | "
            "bearish engulfing pattern | engulfing bearish"
        ),
        "bearish_engulfing({open}, {close})",
        "an up bar followed by a down bar whose body covers the previous body",
        "bullish_engulfing",
    ),
    _pattern(
        "hammer",
        "hammer",
        ["hammer", "hammer candle", "hammer bar", "hammer candlestick", "hammers"],
        "hammer({open}, {high}, {low}, {close})",
        "a lower shadow at least twice the body and an upper shadow at most a tenth of the "
        "bar's range",
        "shooting_star",
    ),
    _pattern(
        "shooting_star",
        "shooting star",
        ["shooting star", "shooting star candle", "shooting star bar", "shooting stars"],
        "shooting_star({open}, {high}, {low}, {close})",
        "an upper shadow at least twice the body and a lower shadow at most a tenth of the "
        "bar's range",
        "hammer",
    ),
    _pattern(
        "squeeze",
        "Bollinger/Keltner squeeze",
        phrases(
            "squeeze | ttm squeeze | bollinger squeeze | bollinger band squeeze | "
            "bollinger bands squeeze | bb squeeze | keltner squeeze | "
            "bollinger keltner squeeze | bollinger / keltner squeeze | volatility squeeze"
        ),
        "squeeze({high}, {low}, {close})",
        "the Bollinger Bands (20, 2) inside the Keltner channels (EMA 20 +- 1.5 x ATR 20), John "
        "Carter's TTM Squeeze settings",
    ),
    _pattern(
        "doji",
        "doji",
        ["doji", "doji candle", "doji bar", "dojis", "doji candlestick"],
        "doji({open}, {high}, {low}, {close})",
        "a body at most a tenth of the average high-low range of the previous 10 bars",
    ),
    _pattern(
        "bullish_harami",
        "bullish harami",
        phrases(
            "bullish harami | bullish harami bar | bullish harami candle | "
            "bullish harami pattern | harami bullish"
        ),
        "bullish_harami({open}, {close})",
        "a down bar followed by an up bar whose body lies inside the previous body",
        "bearish_harami",
    ),
    _pattern(
        "bearish_harami",
        "bearish harami",
        phrases(
            "bearish harami | bearish harami bar | bearish harami candle | "
            "bearish harami pattern | harami bearish"
        ),
        "bearish_harami({open}, {close})",
        "an up bar followed by a down bar whose body lies inside the previous body",
        "bullish_harami",
    ),
    _pattern(
        "piercing_line",
        "piercing line",
        phrases(
            "piercing line | piercing pattern | piercing line pattern | piercing candle | piercing"
        ),
        "piercing_line({open}, {high}, {low}, {close})",
        "a down bar followed by an up bar that opens below its low and closes above the middle "
        "of its body but below its open",
        "dark_cloud_cover",
    ),
    _pattern(
        "dark_cloud_cover",
        "dark cloud cover",
        phrases("dark cloud cover | dark cloud | dark cloud pattern | dark cloud cover pattern"),
        "dark_cloud_cover({open}, {high}, {low}, {close})",
        "an up bar followed by a down bar that opens above its high and closes below the middle "
        "of its body but above its open",
        "piercing_line",
    ),
    _pattern(
        "morning_star",
        "morning star",
        phrases(
            "morning star | morning star pattern | morning star candle | morning stars | "
            "morning doji star"
        ),
        "morning_star({open}, {close})",
        "a down bar, then a bar whose body is at most half of it and wholly below its close, then "
        "an up bar closing above the middle of the first bar's body",
        "evening_star",
        parts=_STAR_PARTS,
    ),
    _pattern(
        "evening_star",
        "evening star",
        phrases(
            "evening star | evening star pattern | evening star candle | evening stars | "
            "evening doji star"
        ),
        "evening_star({open}, {close})",
        "an up bar, then a bar whose body is at most half of it and wholly above its close, then "
        "a down bar closing below the middle of the first bar's body",
        "morning_star",
        parts=_STAR_PARTS,
    ),
    _pattern(
        "three_white_soldiers",
        "three-white-soldiers bar",
        phrases(
            "three white soldiers | 3 white soldiers | three white soldiers pattern | "
            "three advancing white soldiers | white soldiers"
        ),
        "three_white_soldiers({open}, {close})",
        "three up bars in a row, each closing above the close before and opening inside the "
        "body before",
        "three_black_crows",
        parts=_numbered_parts("soldier"),
    ),
    _pattern(
        "three_black_crows",
        "three-black-crows bar",
        phrases(
            "three black crows | 3 black crows | three black crows pattern | black crows | "
            "three crows"
        ),
        "three_black_crows({open}, {close})",
        "three down bars in a row, each closing below the close before and opening inside the "
        "body before",
        "three_white_soldiers",
        parts=_numbered_parts("crow"),
    ),
    _pattern(
        "inside_bar",
        "inside bar",
        ["inside bar", "inside day", "inside candle", "inside days", "inside bars"],
        "inside_bar({high}, {low})",
        "a high below the previous high and a low above the previous low",
        "",
        parts=dict.fromkeys(phrases("mother bar | mother candle | mother | mother day"), 1),
    ),
    Entry(
        kind="narrow_range",
        title="narrow-range bar",
        names={},  # read by its own phrase ("NR7", "the narrowest range of the last 7 days")
        params={"period": 7},
        lines={None: Line("narrow_range({high}, {low}, {period})", "an NR{period} bar", "NR")},
        levels={"center": 0.0},
        pattern="its high - low range the narrowest of the last {period} bars, below each "
        "earlier one's; a tie does not count",
    ),
    _pattern(
        "outside_bar",
        "outside bar",
        phrases(
            "outside bar | outside day | outside candle | outside days | outside bars | "
            "outside reversal"
        ),
        "outside_bar({high}, {low})",
        "a high above the previous high and a low below the previous low",
        "",
    ),
)

ENTRIES = (*ENTRIES, *CANDLE_PARTS)
TABLE: dict[str, Entry] = {entry.kind: entry for entry in ENTRIES}
PATTERNS = frozenset(kind for kind, entry in TABLE.items() if entry.pattern)


def keywords() -> dict[str, tuple[str, str | None]]:
    """Every name in the table -> (kind, output), for the operand parser (patterns excluded:
    a pattern is a whole condition, read by its own recogniser)."""
    out: dict[str, tuple[str, str | None]] = {}
    for entry in ENTRIES:
        if entry.pattern:
            continue
        for name, output in entry.names.items():
            out[name] = (entry.kind, output)
    return out


def pattern_parts() -> dict[str, dict[str, int]]:
    """Every named bar of a pattern ("first soldier", "mother bar") -> each pattern's kind that
    has it -> how many bars before the pattern's last bar it is."""
    out: dict[str, dict[str, int]] = {}
    for entry in ENTRIES:
        for part, back in entry.parts.items():
            out.setdefault(part, {})[entry.kind] = back
    return out


def pattern_names() -> dict[str, str]:
    """Every candlestick pattern's names -> its kind."""
    return {name: e.kind for e in ENTRIES if e.pattern for name in e.names}
