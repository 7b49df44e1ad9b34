"""The spec model (versioned, JSON round trip, validation) and the generated modules (ruff-clean,
documented definitions, parameters as class attributes, clear compile errors)."""

from __future__ import annotations

import ast
import json
import warnings

import pytest
from backtesting import Backtest, Strategy
from pydantic import ValidationError

from engine.generation import (
    SPEC_VERSION,
    Compare,
    CompileError,
    Cross,
    Indicator,
    IndicatorRef,
    Number,
    PriceRef,
    StrategySpec,
    compile_spec,
    render_english,
    understand,
)

from .generation.support import bars, load_strategy, ruff, run, trade_list
from .test_generation_descriptions import CASES

EXAMPLE = "buy when RSI(14) drops below 30, sell above 70, 5% stop, on AAPL over 2 years"


def _spec(text: str = EXAMPLE) -> StrategySpec:
    return understand(text).spec


def _rsi_spec(**changes) -> StrategySpec:
    fields = dict(
        name="Manual",
        indicators=[Indicator.make("rsi", period=14)],
        entry=Cross(a=IndicatorRef(id="rsi_14"), direction="below", b=Number(value=30)),
        exit=Compare(a=IndicatorRef(id="rsi_14"), op=">", b=Number(value=70)),
    )
    fields.update(changes)
    return StrategySpec(**fields)


# -- the spec -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [p.values[0] for p in CASES[::7]])
def test_spec_survives_a_json_round_trip(text):
    spec = _spec(text)
    stored = json.loads(json.dumps(spec.model_dump(mode="json")))

    again = StrategySpec.model_validate(stored)

    assert stored["spec_version"] == SPEC_VERSION == 1
    assert again == spec
    assert render_english(again) == render_english(spec)
    assert compile_spec(again) == compile_spec(spec)


def test_indicator_ids_are_stable_and_parameters_complete():
    assert Indicator.make("sma", period=50).id == "sma_50"
    assert Indicator.make("macd").id == "macd_12_26_9"
    assert Indicator.make("bbands", std=2.5).id == "bbands_20_2_5"
    assert Indicator.make("sma", source="volume", period=20).id == "volume_sma_20"
    assert Indicator.make("highest", source="close", period=20).id == "close_highest_20"
    assert Indicator.make("stoch", smooth=3).id == "stoch_14_3_3"
    assert Indicator(id="x", kind="rsi").params == {"period": 14}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"size_fraction": 1.0}, "less than 1"),
        ({"size_fraction": 0}, "greater than 0"),
        ({"name": "not a class"}, "CamelCase"),
        ({"spec_version": 2}, "not supported"),
        ({"stop_loss_pct": 150}, "less than 100"),
        (
            {"exit": Compare(a=IndicatorRef(id="sma_50"), op=">", b=Number(value=1))},
            "unknown indicator 'sma_50'",
        ),
        (
            {
                "exit": Compare(
                    a=IndicatorRef(id="rsi_14", output="signal"), op=">", b=Number(value=1)
                )
            },
            "has outputs",
        ),
        (
            {
                "exit": {
                    "type": "compare",
                    "op": ">",
                    "a": {"type": "number", "value": 1},
                    "b": {"type": "number", "value": 2},
                }
            },
            "not a number",
        ),
        ({"atr_trailing": True}, "atr_stop_multiple"),
    ],
)
def test_invalid_specs_are_rejected(changes, message):
    with pytest.raises(ValidationError, match=message):
        _rsi_spec(**changes)


def test_invalid_indicator_parameters_are_rejected():
    with pytest.raises(ValidationError, match="whole number"):
        Indicator.make("rsi", period=2.5)
    with pytest.raises(ValidationError, match="no parameter"):
        Indicator.make("rsi", length=14)


def test_a_hand_built_spec_compiles_and_trades():
    spec = _rsi_spec(stop_loss_pct=5.0)
    strategy = load_strategy(compile_spec(spec), "Manual")

    assert run(strategy, "AAPL")["# Trades"] > 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"entry": None}, "no entry rule"),
        ({"exit": None}, "the entry never closes"),
        ({"direction": "short"}, "no short entry rule"),
        ({"direction": "both"}, "no short entry rule"),
        (
            {
                "direction": "always_in",
                "short_entry": Cross(
                    a=IndicatorRef(id="rsi_14"), direction="above", b=Number(value=70)
                ),
            },
            "no separate exit",
        ),
        (
            {
                "short_entry": Cross(
                    a=IndicatorRef(id="rsi_14"), direction="above", b=Number(value=70)
                )
            },
            "use direction 'both'",
        ),
    ],
)
def test_compile_errors_say_what_is_missing(changes, message):
    with pytest.raises(CompileError, match=message):
        compile_spec(_rsi_spec(**changes))


def test_a_stop_is_enough_of_an_exit():
    source = compile_spec(_rsi_spec(exit=None, exit_after_bars=10))

    assert "self.bars_held() >= self.exit_after_bars" in source


# -- the generated module -----------------------------------------------------------------------


def test_generated_modules_are_ruff_clean(tmp_path):
    paths = []
    for n, param in enumerate(CASES):
        path = tmp_path / f"bot_{n:02d}.py"
        path.write_text(compile_spec(understand(param.values[0]).spec))
        paths.append(path)

    check, fmt = ruff(paths)

    assert check.returncode == 0, check.stdout + check.stderr
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_the_example_module_reads_like_the_rules():
    source = compile_spec(_spec())
    tree = ast.parse(source)
    doc = ast.get_docstring(tree)

    assert "The description:\n    " + EXAMPLE in doc
    assert "- Buy when RSI(14) crosses below 30" in doc
    assert "- Stop loss: 5% below the signal bar's close" in doc
    assert "backtesting.lib.crossover(a, b)" in doc
    assert "fill at the next bar's open" in doc
    assert "buy_signal = crossover(self.oversold, self.rsi)" in source
    assert "sell_signal = self.rsi[-1] > self.overbought" in source
    assert "sl = price * (1 - self.stop_loss_pct / 100)" in source
    assert "self.buy(size=self.size_fraction, sl=sl)" in source


def test_parameters_are_class_attributes_with_meaningful_names():
    strategy = load_strategy(compile_spec(_spec()), "RsiReversion")

    assert issubclass(strategy, Strategy)
    params = {k: v for k, v in vars(strategy).items() if not k.startswith("_") and not callable(v)}
    assert params == {
        "rsi_period": 14,
        "oversold": 30,
        "overbought": 70,
        "stop_loss_pct": 5.0,
        "size_fraction": 0.99,
    }


def test_parameters_can_be_changed_at_run_time():
    strategy = load_strategy(compile_spec(_spec()), "RsiReversion")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        default = Backtest(bars("AAPL"), strategy, cash=100_000, finalize_trades=True).run()
        deeper = Backtest(bars("AAPL"), strategy, cash=100_000, finalize_trades=True).run(
            oversold=20, rsi_period=10
        )

    assert trade_list(default) == trade_list(run(strategy, "AAPL"))
    assert trade_list(deeper) != trade_list(default)


DEFINITIONS = {
    "buy when RSI(14) drops below 30, exit after 5 bars": ["Wilder's smoothing", "TA-Lib"],
    "buy when the 12-day EMA crosses above the 26-day EMA, exit after 5 bars": ["span n"],
    "buy when MACD crosses above its signal line, exit after 5 bars": [
        "EMA(fast) - EMA(slow)",
        "EMA(signal) of the MACD line",
    ],
    "buy when the close is below the lower Bollinger band, exit after 5 bars": [
        "population standard deviation (ddof=0)"
    ],
    "buy when %K crosses above %D, exit after 5 bars": ["fast %K", "d-bar simple moving average"],
    "buy on a new 20-day high, 2 ATR stop": [
        "excluding the current bar",
        "Average True Range",
        "Wilder's smoothing",
    ],
    "buy when the 20-day z-score is below -2, exit after 5 bars": ["population standard deviation"],
    "buy when the 10-day rate of change is above 0, exit after 5 bars": [
        "Rate of change in percent"
    ],
    "buy after 3 down days in a row, exit after 5 bars": ["Closes in a row"],
}


@pytest.mark.parametrize(("text", "phrases"), DEFINITIONS.items(), ids=list(DEFINITIONS))
def test_indicator_functions_state_their_standard_definition(text, phrases):
    source = compile_spec(_spec(text))

    for phrase in phrases:
        assert phrase in source, phrase


def test_generated_code_imports_only_the_engine_and_never_looks_ahead():
    for param in CASES:
        spec = understand(param.values[0]).spec
        source = compile_spec(spec)
        tree = ast.parse(source)
        imported = {
            (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        classes = [n.name for n in tree.body if isinstance(n, ast.ClassDef)]
        assert imported <= {"numpy", "pandas", "backtesting"}
        assert classes == [spec.name]
        assert "shift(-" not in source
        assert "def __init__" not in source


def test_price_only_rules_compile_without_indicators():
    spec = StrategySpec(
        name="YesterdayBreakout",
        entry=Compare(a=PriceRef(field="close"), op=">", b=PriceRef(field="high", lag=1)),
        exit=Compare(a=PriceRef(field="close"), op="<", b=PriceRef(field="low", lag=1)),
    )
    source = compile_spec(spec)

    assert "import pandas" not in source
    assert "self.data.Close[-1] > self.data.High[-2]" in source
    assert run(load_strategy(source, "YesterdayBreakout"), "MSFT")["# Trades"] > 0
