"""What the offline compiler says back: unplaced words, vague requests, refusals, the English
echo, and the settings it reads (symbols, periods, intervals)."""

from __future__ import annotations

from datetime import date

import pytest

from engine.generation import understand

from .generation.support import shape

# -- words it cannot place are listed back, never guessed silently ------------------------------


def test_unplaced_words_are_quoted_back_verbatim():
    u = understand("buy when RSI drops below 30 when the moon is full")

    assert u.not_understood == ["when the moon is full"]
    assert not u.complete
    assert u.refusal is None
    assert shape(u.spec.entry) == "rsi_14 x< 30"


def test_several_unplaced_fragments_keep_their_original_spelling():
    # "on Fridays" is read since weekday rules exist; Mercury is still not a trading rule
    u = understand("buy when RSI < 30 and the moon is full, sell when RSI > 70 on Mercury days")

    assert u.not_understood == ["the moon is full", "on Mercury days"]
    assert not u.complete
    assert shape(u.spec.entry) == "rsi_14 < 30"
    assert shape(u.spec.exit) == "rsi_14 > 70"


def test_an_unknown_indicator_word_is_reported_not_replaced():
    # (the weighted moving average was this example until WMA was added to the vocabulary)
    u = understand("buy when the McGinley dynamic crosses above the 50-day SMA")

    assert u.not_understood == ["when the McGinley dynamic crosses above the 50-day SMA"]
    assert not u.complete
    assert u.spec is None  # no entry rule is left: a refusal asks for one
    assert "entry rule" in u.refusal


def test_a_clause_with_an_unreadable_object_is_quoted_whole_not_reread():
    # "the 50-day average" after ATR: an average of what is not said ("its" would say ATR's)
    u = understand(
        "Buy when ATR(14) is above the 50-day average and the close makes a new 20-day high; "
        "sell after 10 bars"
    )

    assert u.not_understood == ["when ATR(14) is above the 50-day average"]
    assert shape(u.spec.entry) == "close > highest_20"  # not "close > sma_50"


def test_an_average_of_an_indicator_is_read_as_that_indicator_s_average_not_a_price_average():
    u = understand("buy when the rsi(14) crosses above its 9-day moving average")

    assert u.not_understood == []
    assert shape(u.spec.entry) == "rsi_14 x> rsi_14_sma_9"  # not "... sma_9" of the close
    average = u.spec.indicator("rsi_14_sma_9")
    assert (average.kind, average.source, average.params) == ("sma", "rsi_14", {"period": 9})
    assert "the 9-bar SMA of RSI(14)" in u.rules[0]


def test_its_average_after_it_is_the_average_of_what_it_is():
    u = understand(
        "buy when on balance volume is above its 20-day average, "
        "sell when it is below its 20-day average"
    )

    assert shape(u.spec.entry) == "obv > obv_sma_20"
    assert shape(u.spec.exit) == "obv < obv_sma_20"  # not "close < sma_20"


def test_an_indicator_named_but_never_used_is_reported():
    u = understand("buy when the close crosses above the 50-day SMA, sell on the reverse, ATR(20)")

    assert u.not_understood == ["ATR(20)"]
    assert not u.complete


def test_crossing_two_lines_at_once_is_reported():
    u = understand("buy when the close crosses above the 50-day and 200-day moving averages")

    assert u.spec is None
    assert u.not_understood


def test_a_sequence_of_events_is_reported_with_the_reason():
    # two events on different lines: no window of one indicator says it ("CCI drops below -200
    # then rises above -100" is read: see the next test)
    # is read as a setup, then a trigger; a chain of three is reported with the reason
    u = understand(
        "Once the 10 EMA crosses above the 30 EMA, wait for price to dip to the 10 EMA, then go "
        "long when it closes above the previous candle's high. Take profit 6%."
    )

    assert u.not_understood == ["Once the 10 EMA crosses above the 30 EMA"]  # never ANDed
    read = understand(
        "buy when the close crosses above the 50-day SMA then RSI rises above 50, sell after 5 days"
    )
    assert read.complete and read.spec.entry.type == "sequence"


def test_a_dip_then_a_recovery_of_one_indicator_is_read_with_its_window_stated():
    u = understand("buy when CCI drops below -200 then rises back above -100, sell above +100")

    assert u.not_understood == []
    assert shape(u.spec.entry) == "cci_20_lowest_20 < -200 & cci_20 x> -100"  # not on one bar
    assert u.spec.indicator("cci_20_lowest_20").source == "cci_20"
    assert any("20 bars assumed: no window was given" in a for a in u.assumptions)
    u = understand("buy when RSI(2) falls below 5 and then crosses above 30 within 10 days")
    assert shape(u.spec.entry) == "rsi_2_lowest_10 < 5 & rsi_2 x> 30"
    assert u.spec.period_days is None  # "within 10 days" is the window, not the test period


def test_a_state_held_by_it_is_reported_with_the_reason():
    u = understand("buy when it is above 30 for 3 days")  # "it closes ...": the price

    assert u.spec is None
    assert u.not_understood == ["when it is above 30 for 3 days"]
    assert "for 3 days in a row" in u.problems[0]


def test_an_unsupported_sizing_phrase_does_not_change_the_size():
    u = understand("buy when RSI(14) < 35, risk 2% per trade")

    assert u.not_understood == ["risk 2% per trade"]
    assert u.spec.size_fraction == 0.99


def test_a_fully_understood_description_is_complete():
    u = understand(
        "Buy when the 50-day SMA crosses above the 200-day SMA; sell when it crosses below"
    )

    assert u.complete
    assert u.not_understood == []


# -- vague requests: a documented default with its assumptions stated ---------------------------


@pytest.mark.parametrize(
    ("text", "entry", "exit", "assumption"),
    [
        ("a momentum strategy", "roc_252 > 0", "roc_252 < 0", "momentum"),
        ("something with moving averages", "sma_50 x> sma_200", "sma_50 x< sma_200", "crossover"),
        ("trend following", "close > sma_200", "close < sma_200", "trend following"),
        ("mean reversion", "rsi_14 x< 30", "rsi_14 x> 70", "RSI(14)"),
        ("a breakout strategy", "close > highest_20", "close < lowest_10", "breakout"),
        ("an RSI strategy", "rsi_14 x< 30", "rsi_14 x> 70", "RSI(14)"),
        (
            "a MACD strategy",
            "macd_12_26_9.macd x> macd_12_26_9.signal",
            "macd_12_26_9.macd x< macd_12_26_9.signal",
            "MACD",
        ),
    ],
)
def test_a_vague_request_gets_a_stated_default(text, entry, exit, assumption):
    u = understand(text)

    assert u.refusal is None
    assert u.complete
    assert shape(u.spec.entry) == entry
    assert shape(u.spec.exit) == exit
    assert u.assumptions[0].startswith("No rules were given")
    assert assumption in u.assumptions[0]
    assert u.assumptions == u.spec.assumptions


# -- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\t  \n"])
def test_empty_input_is_refused_with_an_example(text):
    u = understand(text)

    assert u.spec is None
    assert not u.complete
    assert u.refusal.startswith("Describe a strategy in plain English")
    assert "buy when" in u.refusal


@pytest.mark.parametrize(
    ("text", "unplaced"),
    [
        ("asdf qwer zxcv", ["asdf qwer zxcv"]),
        ("make me money", ["make me money"]),
        (
            "What's the weather like in Paris tomorrow?",
            ["What's the weather like in Paris tomorrow"],
        ),
        ("please write a strategy", []),
    ],
)
def test_gibberish_and_non_trading_text_are_refused(text, unplaced):
    u = understand(text)

    assert u.spec is None
    assert not u.complete
    assert u.refusal.startswith("Botlab could not find a trading rule")
    assert u.not_understood == unplaced


def test_buy_and_hold_is_refused_with_the_reason():
    u = understand("buy and hold AAPL")

    assert u.spec is None
    assert "buy-and-hold return" in u.refusal


@pytest.mark.parametrize("text", ["use a 5% stop loss on AAPL", "buy", "sell after 5 days"])
def test_settings_without_an_entry_rule_ask_for_one(text):
    u = understand(text)

    assert u.spec is None
    assert not u.complete
    assert "not when to enter a trade" in u.refusal


# -- the English echo ---------------------------------------------------------------------------


def test_the_echo_states_every_number_and_the_defaults():
    u = understand(
        "buy when RSI drops below 30, sell when it is above 70, 5% stop, on AAPL over 2 years"
    )

    assert u.rules == [
        "Buy when RSI(14) crosses below 30",
        "Sell when RSI(14) is above 70",
        "Long only",
        "Stop loss: 5% below the signal bar's close",
        "Position size: 99% of equity per trade",
        "Test on AAPL over the last 730 days",
    ]
    assert "RSI period 14 (the standard) because none was given" in u.assumptions
    assert "Long only (no short rule was given)" in u.assumptions
    assert "Each trade invests 99% of equity (size fraction 0.99)" in u.assumptions


def test_the_echo_names_every_stop_and_exit():
    u = understand(
        "short when RSI(5) > 80, cover when RSI(5) < 50, 5% stop loss, 10% profit target, "
        "8% trailing stop, exit after 12 bars, use 50% of equity"
    )

    assert u.rules == [
        "Short when RSI(5) is above 80",
        "Cover when RSI(5) is below 50",
        "Short only",
        "Stop loss: 5% above the signal bar's close",
        "Take profit: 10% below the signal bar's close",
        "Trailing stop: 8% above the lowest close since the signal bar, moving only in the "
        "trade's favour",
        "Exit after 12 bars: a trade is closed 12 bars after it opened",
        "Position size: 50% of equity per trade",
    ]


def test_the_echo_spells_out_multi_line_indicators_with_their_settings():
    u = understand(
        "buy when MACD crosses above its signal line and the close is below the upper Bollinger "
        "band, always in the market"
    )

    assert u.rules[0] == (
        "Go long when the MACD line (12, 26, 9) crosses above the MACD signal line (12, 26, 9) "
        "and the close is below the upper Bollinger Band (20, 2) (closing any short)"
    )
    assert u.rules[1] == (
        "Go short when the MACD line (12, 26, 9) crosses below the MACD signal line (12, 26, 9) "
        "(closing any long)"
    )
    assert "MACD 12/26/9 (the standard) because no settings were given" in u.assumptions
    assert any(
        a.startswith("Bollinger Bands 20 bars, 2 standard deviations") for a in u.assumptions
    )


def test_phrasings_map_to_events_or_states_consistently():
    pairs = {
        "crosses above": "x>",
        "rises above": "x>",
        "climbs above": "x>",
        "breaks above": "x>",
        "moves above": "x>",
        "goes above": "x>",
        "crosses below": "x<",
        "drops below": "x<",
        "falls below": "x<",
        "dips below": "x<",
        "breaks below": "x<",
        "goes under": "x<",
        "is above": ">",
        "is over": ">",
        "is greater than": ">",
        "stays above": ">",
        "is below": "<",
        "is under": "<",
        "is less than": "<",
        "closes below": "<",
        "is at least": ">=",
        "is at most": "<=",
    }
    for phrase, symbol in pairs.items():
        subject = "the close" if phrase.startswith("closes") else "RSI(14)"
        u = understand(f"buy when {subject} {phrase} 40, exit after 3 bars")
        left = "close" if subject == "the close" else "rsi_14"
        assert shape(u.spec.entry) == f"{left} {symbol} 40", phrase


# -- test settings ------------------------------------------------------------------------------

SETTINGS = [
    ("golden cross on AAPL", {"symbol": "AAPL"}),
    ("trade apple on a golden cross", {"symbol": "AAPL"}),
    ("golden cross for BRK-B", {"symbol": "BRK-B"}),
    ("golden cross on ^GSPC", {"symbol": "^GSPC"}),
    ("golden cross on EURUSD=X", {"symbol": "EURUSD=X"}),
    ("golden cross on the S&P 500", {"symbol": "^GSPC"}),
    ("golden cross over the last 2 years", {"period_days": 730}),
    ("golden cross for 6 months", {"period_days": 180}),
    ("golden cross over the past year", {"period_days": 365}),
    ("golden cross over the last 3 weeks", {"period_days": 21}),
    ("golden cross since 2010", {"start": date(2010, 1, 1)}),
    ("golden cross since March 2012", {"start": date(2012, 3, 1)}),
    ("golden cross from 2005 to 2010", {"start": date(2005, 1, 1), "end": date(2010, 12, 31)}),
    ("golden cross in 2008", {"start": date(2008, 1, 1), "end": date(2008, 12, 31)}),
    ("golden cross on 5-minute bars", {"interval": "5m"}),
    ("golden cross on 15 min candles", {"interval": "15m"}),
    ("golden cross on 60-minute bars", {"interval": "1h"}),
    ("hourly golden cross", {"interval": "1h"}),
    ("golden cross on the daily chart", {"interval": "1d"}),
    ("golden cross on weekly bars", {"interval": "1wk"}),
    ("golden cross with 25% of equity", {"size_fraction": 0.25}),
    ("golden cross with $50,000 starting capital", {"cash": 50_000.0}),
    ("golden cross, 0.1% commission", {"commission_pct": 0.1}),
]


@pytest.mark.parametrize(("text", "expected"), SETTINGS, ids=[t for t, _ in SETTINGS])
def test_symbols_periods_intervals_and_sizes(text, expected):
    u = understand(text)

    assert u.complete, u.not_understood
    assert shape(u.spec.entry) == "sma_50 x> sma_200"
    for key, value in expected.items():
        assert getattr(u.spec, key) == value, key


@pytest.mark.parametrize(
    ("text", "extra", "why"),
    [
        ("golden cross on AAPL and MSFT", ["MSFT"], "To test MSFT too"),
        ("golden cross on AAPL, MSFT and IBM", ["MSFT", "IBM"], "To test MSFT and IBM too"),
        ("golden cross on AAPL and on MSFT", ["on MSFT"], "To test MSFT too"),
    ],
)
def test_a_second_symbol_is_not_used_and_the_reason_is_given(text, extra, why):
    u = understand(text)

    assert u.spec.symbol == "AAPL" and not u.complete
    assert u.not_understood == extra
    assert u.problems == [
        f"A bot trades one symbol at a time: this one trades AAPL. {why}, run the same bot "
        f"again with {'it' if len(extra) == 1 else 'each'} as its symbol."
    ]


def test_and_before_an_indicator_is_not_a_second_symbol():
    u = understand("buy when RSI(14) < 30 and MACD crosses above its signal line on AAPL")

    assert u.complete and u.problems == [] and u.spec.symbol == "AAPL"


def test_unstated_settings_stay_unset_for_the_runner():
    spec = understand("golden cross").spec

    assert (spec.symbol, spec.interval, spec.period_days, spec.start, spec.cash) == (
        None,
        None,
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("text", "listed_back"),
    [
        ("buy the breakout above yesterday's high, sell at today's close", "at today's close"),
        ("buy when rsi < 30, sell at the close", "at the close"),
    ],
)
def test_a_fill_whose_words_are_listed_back_is_not_used(text, listed_back):
    """An exit that says only how it fills is listed back as not understood (it says nothing of
    when); its fill must not then be used either, for the exit or, by extension, the entry."""
    reading = understand(text)
    assert listed_back in reading.not_understood
    assert (reading.spec.entry_fill, reading.spec.exit_fill) == ("next_open", "next_open")


@pytest.mark.parametrize(
    ("text", "take_profit", "stop"),
    [
        ("buy when rsi < 30, sell 10% higher or 5% lower", 10.0, 5.0),
        ("buy when rsi < 30, take profit 10% higher, stop 5% lower", 10.0, 5.0),
        ("buy when rsi < 30, sell 8% higher", 8.0, None),
        ("buy when rsi < 30, sell when rsi > 70 or exit 5% lower", None, 5.0),
    ],
)
def test_a_move_from_the_entry_is_a_target_or_a_stop(text, take_profit, stop):
    """ "sell 10% higher or 5% lower": a target and a stop measured from the entry. The move's
    words have no subject of their own; they were read as a comparison of the last indicator
    named (an exit 'RSI > 30 or RSI < 30', an entry 'RSI < 30 and RSI > 30')."""
    reading = understand(text)
    assert reading.complete and not reading.not_understood
    assert shape(reading.spec.entry) == "rsi_14 < 30"
    assert (reading.spec.take_profit_pct, reading.spec.stop_loss_pct) == (take_profit, stop)
    assert reading.spec.exit is None or shape(reading.spec.exit) == "rsi_14 > 70"


@pytest.mark.parametrize(
    "text",
    [
        # each once raised out of understand(): a raw traceback in the UI and CLI
        "ENTRY - price closes above upper keltner (20, 2)\nEXIT - price closes below middle "
        "keltner\nSTOP - 2x ATR\nSIZE - 25% of equity\nSYMBOL",
        "When the fast (12) EMA crosses over the slow (26) EMA go",
        "AAPL 15m: only trade after the first hour:",
    ],
)
def test_a_text_cut_short_is_read_never_raised(text: str):
    u = understand(text)

    assert u.spec is not None or u.refusal


def test_every_prefix_of_described_strategies_is_read_without_an_exception():
    """What a user has typed so far, word by word, as the panel reads it while they type."""
    for text in (
        "buy AAPL when RSI(14) drops below 30 and the close is above the 200 day SMA, sell "
        "when RSI(14) rises above 70, 5% stop, risk 1% per trade",
        "Ticker: TSLA\nTimeframe: 1h\nEntry: EMA(9) crosses above EMA(21)\nExit: EMA(9) "
        "crosses below EMA(21)\nStop loss: 2 ATR",
        "AAPL 15m: only trade after the first hour: buy at the open when it gaps down more than "
        "2%, sell at the close the same day",
        "Hi! could you short QQQ when it closes 3 days in a row above the upper Bollinger Band "
        "(20, 2) and cover at the middle band? thanks",
    ):
        words = text.split(" ")
        for n in range(1, len(words) + 1):
            understand(" ".join(words[:n]))  # raises on a fault
