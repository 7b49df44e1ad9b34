"""The harness: the code that runs *inside* the child process, next to the bot.

The executor prepares a job directory and the child (a plain process or a sandboxed fork of the
zygote) calls :func:`run_job` on it. Layout of a job directory::

    job.json     {"mode": "strategy"|"script", "bot_file": "bot.py", "data_file": "data.pkl"|null,
                  "cash": 100000.0, "commission": 0.0, "spread": 0.0, "strategy_class": null,
                  "trade_on_close": false, "margin": 1.0}
    bot.py       the bot's source
    data.pkl     the OHLCV frame (strategy mode only), pickled by the executor
    result.json  written here by the harness when the bot finishes or fails
    equity.npy   the equity curve, a 4 x N float64 array (epoch ms, equity, drawdown %, buy and
                 hold's value, NaN before its start), kept binary because JSON would cost more
                 than the rest of the hand-over

In *strategy* mode the harness loads the bot as a module, picks its ``Strategy`` subclass, runs
``Backtest(..., finalize_trades=True)`` itself and writes the stats, trades and equity curve: the
numbers come from the harness, whatever the bot prints. In *script* mode it runs the file as
``__main__``, as written; when the script runs a backtesting.py ``Backtest``, the harness takes
the stats object its last ``Backtest.run()`` returned (:class:`BacktestCapture`), with that
backtest's own data, cash, commission and spread. Only a script that runs no ``Backtest`` has
its metrics parsed from its printed output, by the executor.

Everything the bot prints goes to the inherited stdout/stderr, which the supervisor captures as the
run's log. Keep this module light to import: it is preloaded by the sandbox's zygote.
"""

from __future__ import annotations

import json
import math
import re
import sys
import traceback
import types
import warnings
from pathlib import Path

import numpy as np
import orjson
import pandas as pd

from engine.dates import bar_time
from engine.execution import analysis as run_analysis

BOT_MODULE = "bot"
BOT_FILE = "bot.py"
RESULT_FILE = "result.json"
JOB_FILE = "job.json"
EQUITY_FILE = "equity.npy"

# Error types the harness can tell; the executor adds supervisor-level ones (timeout, ...).
SYNTAX_ERROR = "syntax_error"
IMPORT_ERROR = "import_error"
NO_STRATEGY = "no_strategy"
STRATEGY_ERROR = "strategy_error"
SCRIPT_ERROR = "script_error"
MEMORY_ERROR = "memory_limit"
INVALID_SETTINGS = "invalid_settings"

_TIME_PREFIX = re.compile(r"^time=\d+: ")


def run_job(job_dir: Path) -> int:
    """Run the job in ``job_dir`` and write ``result.json``; return the process exit code."""
    job_dir = Path(job_dir)
    job = json.loads((job_dir / JOB_FILE).read_text())
    try:
        if job["mode"] == "script":
            result = _run_script(job_dir, job_dir / job["bot_file"])
        else:
            result = _run_strategy(job_dir, job)
    except MemoryError:
        result = _failure(MEMORY_ERROR, "ran out of memory (the run's memory limit was reached)")
    _write_result(job_dir, result)
    _report_to_log(result)
    return 0 if result["ok"] else 1


# -- strategy bots -----------------------------------------------------------------------------


def _run_strategy(job_dir: Path, job: dict) -> dict:
    module, failure = _load_module(job_dir / job["bot_file"])
    if failure:
        return failure
    strategy, notes = _pick_strategy(module, job.get("strategy_class"))
    if strategy is None:
        return _failure(NO_STRATEGY, notes[0])
    data = pd.read_pickle(job_dir / job["data_file"])

    from backtesting import Backtest

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        warnings.filterwarnings("ignore", category=FutureWarning)
        try:
            backtest = Backtest(
                data,
                strategy,
                cash=job["cash"],
                commission=job["commission"],
                spread=job.get("spread") or 0.0,
                trade_on_close=bool(job.get("trade_on_close", False)),
                margin=float(job.get("margin", 1.0)),
                finalize_trades=True,
            )
        except (AssertionError, ValueError, TypeError) as exc:
            return _failure(INVALID_SETTINGS, f"backtest settings rejected: {exc}")
        try:
            with ExitRecorder() as exits:
                stats = backtest.run()
        except MemoryError:
            raise
        except Exception as exc:  # the bot's own code failed: report its line, not ours
            return _bot_exception(STRATEGY_ERROR, exc)
    result = serialise_stats(stats, data, exits=exits.reasons)
    _save_equity(job_dir, result)
    result.update(ok=True, mode="strategy", strategy_class=strategy.__name__)
    result["warnings"] = notes + summarise_warnings(caught)
    return result


def _save_equity(job_dir: Path, result: dict) -> None:
    """Move the equity array out of ``result`` into equity.npy (binary: see the module)."""
    np.save(job_dir / EQUITY_FILE, result.pop("equity_array"), allow_pickle=False)
    result["equity_file"] = EQUITY_FILE


def _load_module(path: Path) -> tuple[types.ModuleType | None, dict | None]:
    """Execute the bot file as module ``bot`` (registered, so its classes pickle)."""
    source = path.read_text(encoding="utf-8", errors="replace")
    try:
        code = compile(source, path.name, "exec")
    except SyntaxError as exc:
        return None, _failure(SYNTAX_ERROR, syntax_message(exc))
    module = types.ModuleType(BOT_MODULE)
    module.__file__ = str(path)
    sys.modules[BOT_MODULE] = module
    try:
        exec(code, module.__dict__)
    except ImportError as exc:
        return None, _bot_exception(IMPORT_ERROR, exc)
    except MemoryError:
        raise
    except Exception as exc:
        return None, _bot_exception(STRATEGY_ERROR, exc)
    return module, None


def _pick_strategy(module: types.ModuleType, wanted: str | None):
    """Return (Strategy subclass, notes). Picks by name, else the most derived one."""
    from backtesting import Strategy

    defined = [
        obj
        for obj in vars(module).values()
        if isinstance(obj, type)
        and issubclass(obj, Strategy)
        and obj.__module__ == BOT_MODULE
        and not getattr(obj, "__abstractmethods__", None)
    ]
    if wanted:
        for cls in defined:
            if cls.__name__ == wanted:
                return cls, []
        names = ", ".join(c.__name__ for c in defined) or "none"
        return None, [f"no Strategy subclass named {wanted!r} (found: {names})"]
    leaves = [c for c in defined if not any(o is not c and issubclass(o, c) for o in defined)]
    if not leaves:
        return None, [
            "the file defines no backtesting.py Strategy subclass with init() and next() "
            "(and it is not a script that prints its results)"
        ]
    chosen = leaves[-1]
    notes = []
    if len(leaves) > 1:
        others = ", ".join(c.__name__ for c in leaves[:-1])
        notes.append(f"several strategies defined; ran {chosen.__name__} (also found: {others})")
    return chosen, notes


# -- script bots -------------------------------------------------------------------------------


def _run_script(job_dir: Path, path: Path) -> dict:
    """Run the file as ``__main__``, as written. When it runs a backtesting.py ``Backtest``,
    the result is what its last ``Backtest.run()`` returned (stats, trades, equity curve and
    the backtest's own cash, commission and spread); otherwise the executor reads the metrics
    the script printed."""
    source = path.read_text(encoding="utf-8", errors="replace")
    try:
        code = compile(source, path.name, "exec")
    except SyntaxError as exc:
        return _failure(SYNTAX_ERROR, syntax_message(exc))
    namespace = {"__name__": "__main__", "__file__": str(path), "__builtins__": __builtins__}
    module = types.ModuleType("__main__")
    module.__dict__.update(namespace)
    sys.modules["__main__"] = module
    with BacktestCapture() as captured:
        try:
            exec(code, module.__dict__)
        except SystemExit as exc:
            if exc.code not in (None, 0):
                return _failure(SCRIPT_ERROR, f"the script exited with status {exc.code}")
        except ImportError as exc:
            return _bot_exception(IMPORT_ERROR, exc)
        except MemoryError:
            raise
        except Exception as exc:
            return _bot_exception(SCRIPT_ERROR, exc)
        finally:
            sys.stdout.flush()
    if not captured.runs:
        return {"ok": True, "mode": "script", "warnings": []}
    backtest, stats, exits = captured.runs[-1]
    data = backtest._data
    result = serialise_stats(stats, data, exits=exits)
    _save_equity(job_dir, result)
    notes = []
    if len(captured.runs) > 1:
        notes.append(f"the script ran {len(captured.runs)} backtests; Botlab recorded the last one")
    result.update(
        ok=True,
        mode="script",
        strategy_class=type(stats["_strategy"]).__name__ if "_strategy" in stats else None,
        backtest=_backtest_settings(backtest, data),
        warnings=notes,
    )
    return result


class BacktestCapture:
    """While in use, every ``Backtest.run()`` (backtesting.py's, or a subclass's) is recorded:
    ``runs`` gets ``(backtest, stats, exits)`` for each, the stats being the very object the
    script got back, and ``exits`` what an :class:`ExitRecorder` saw during that run."""

    def __init__(self) -> None:
        self.runs: list[tuple] = []
        self._original = None

    def __enter__(self) -> BacktestCapture:
        from backtesting import backtesting as bt

        original = self._original = bt.Backtest.run
        runs = self.runs

        def run(backtest, **params):
            with ExitRecorder() as exits:
                stats = original(backtest, **params)
            runs.append((backtest, stats, exits.reasons))
            return stats

        bt.Backtest.run = run
        return self

    def __exit__(self, *exc_info) -> None:
        from backtesting import backtesting as bt

        bt.Backtest.run = self._original


def _backtest_settings(backtest, data: pd.DataFrame) -> dict:
    """What a script's own ``Backtest(...)`` ran with: cash, commission, spread (None when not
    a plain number), the data's range and, when it is one of backtesting.py's bundled frames,
    its symbol."""
    keywords = getattr(backtest._broker, "keywords", {}) or {}

    def number(name: str):
        value = keywords.get(name)
        plain = isinstance(value, int | float) and not isinstance(value, bool)
        return float(value) if plain else None

    return {
        "cash": number("cash"),
        "commission": number("commission"),
        "spread": number("spread"),
        "symbol": _bundled_symbol(data),
        "start": _bar_text(data.index, 0),
        "end": _bar_text(data.index, len(data) - 1),
        "bars": len(data),
    }


def _bundled_symbol(data: pd.DataFrame) -> str | None:
    """``GOOG``, ``EURUSD`` or ``BTCUSD`` when ``data`` is that frame of ``backtesting.test``."""
    bundled = sys.modules.get("backtesting.test")
    for name in ("GOOG", "EURUSD", "BTCUSD"):
        frame = getattr(bundled, name, None)
        if (
            isinstance(frame, pd.DataFrame)
            and len(frame) == len(data)
            and frame.index.equals(data.index)
            and np.allclose(frame["Close"].to_numpy(), data["Close"].to_numpy())
        ):
            return name
    return None


# -- results -----------------------------------------------------------------------------------


def serialise_stats(
    stats: pd.Series, data: pd.DataFrame, *, exits: list[dict] | None = None
) -> dict:
    """backtesting.py's stats as plain JSON (stats, trades, analysis), plus the equity curve
    as a 4 x N array (``equity_array``: epoch ms, equity, drawdown %, buy and hold's value;
    :func:`equity_lists` gives its JSON form, which the child never needs).

    ``data`` is the frame the backtest ran on; ``exits`` what :class:`ExitRecorder` saw (one
    entry per closed trade), without which exit reasons are told from prices alone. The
    ``analysis`` holds ``buy_hold_start`` (the bar whose close buy and hold is bought at: the
    first bar the bot could trade, as backtesting.py measures "Buy & Hold Return [%]"), the
    monthly returns, the long/short split and the strategy's parameters (see
    :mod:`engine.execution.analysis`); each trade carries ``mae_pct`` and ``mfe_pct``.
    """
    plain = {
        key: to_json_value(value) for key, value in stats.items() if not str(key).startswith("_")
    }
    curve = stats["_equity_curve"]
    strategy = stats.get("_strategy")
    equity = curve["Equity"].to_numpy(dtype=np.float64)
    start_bar = run_analysis.warmup_bars(strategy)
    close = data["Close"].to_numpy(dtype=np.float64)
    array = np.vstack(
        [
            _epoch_millis(curve.index),
            equity,
            -100.0 * curve["DrawdownPct"].to_numpy(dtype=np.float64),
            run_analysis.buy_hold_curve(close, start_bar, float(equity[0])),
        ]
    )
    trades = _trades(stats["_trades"], data, exits, strategy)
    cash = float(equity[0]) if len(equity) else None
    analysis = {
        "buy_hold_start": _bar_text(data.index, start_bar),
        "buy_hold_start_bar": start_bar,
        "buy_hold_start_price": (_floats(close[start_bar : start_bar + 1]) or [None])[0],
        "monthly_returns": run_analysis.monthly_returns(array[0], equity),
        "long_short": run_analysis.long_short(trades, cash),
        "parameters": run_analysis.strategy_parameters(strategy),
    }
    return {
        "stats": plain,
        "trades": trades,
        "analysis": analysis,
        "equity_array": array,
    }


def _bar_text(index: pd.Index, position: int) -> str | None:
    """A bar's time as Botlab writes it (``YYYY-MM-DD`` at midnight); None without a time
    (bars numbered by a RangeIndex: ``buy_hold_start_bar`` still says which bar)."""
    if not 0 <= position < len(index):
        return None
    value = index[position]
    return bar_time(value) if isinstance(value, pd.Timestamp) else None


def equity_lists(array: np.ndarray) -> dict:
    """The JSON form of an equity array: ``{"time_ms", "equity", "drawdown_pct"}`` (plus
    ``buy_hold`` when the array has its fourth row: None before the first bar the bot could
    trade), rounded to cents and to 1/10,000 of a percent: display precision, and a third of the
    JSON cost."""
    lists = {
        "time_ms": array[0].astype(np.int64).tolist(),
        "equity": _floats(np.round(array[1], 2)),
        "drawdown_pct": _floats(np.round(array[2], 4)),
    }
    if len(array) > 3:
        lists["buy_hold"] = _floats(np.round(array[3], 2))
    return lists


def _trades(
    trades: pd.DataFrame, data: pd.DataFrame, exits: list[dict] | None, strategy
) -> list[dict]:
    """One JSON-safe dict per closed trade, built column-wise (a run can have thousands)."""
    if trades.empty:
        return []
    last_bar = len(data) - 1
    if exits is not None and len(exits) == len(trades):
        reasons = _recorded_reasons(exits, strategy)
    else:
        opens = data["Open"].to_numpy(dtype=np.float64)
        reasons = [exit_reason(row, last_bar, opens) for row in trades.itertuples(index=False)]
    entry_price = trades["EntryPrice"].to_numpy(dtype=float)
    exit_price = trades["ExitPrice"].to_numpy(dtype=float)
    size = trades["Size"].to_numpy().astype(int)
    entry_bar = trades["EntryBar"].to_numpy().astype(int)
    exit_bar = trades["ExitBar"].to_numpy().astype(int)
    columns = {
        "entry_time": _iso_times(trades["EntryTime"]),
        "exit_time": _iso_times(trades["ExitTime"]),
        "entry_price": _floats(entry_price),
        "exit_price": _floats(exit_price),
        "size": size.tolist(),
        "pnl": _floats(trades["PnL"].to_numpy(dtype=float)),
        "return_pct": _floats(trades["ReturnPct"].to_numpy(dtype=float) * 100.0),
        "entry_bar": entry_bar.tolist(),
        "exit_bar": exit_bar.tolist(),
        "commission": _floats(
            trades.get("Commission", pd.Series(0.0, index=trades.index)).to_numpy(dtype=float)
        ),
        "exit_reason": reasons,
        "tag": [None if tag is None else str(tag) for tag in trades["Tag"].tolist()],
    }
    high, low = data["High"].to_numpy(dtype=np.float64), data["Low"].to_numpy(dtype=np.float64)
    columns["mae_pct"], columns["mfe_pct"] = run_analysis.excursions(
        entry_price, exit_price, entry_bar, exit_bar, size, high, low
    )
    names = list(columns)
    return [dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def _iso_times(times: pd.Series) -> list:
    """Each time's ``isoformat()``; None for NaT and for bars without times (a RangeIndex:
    entry_bar/exit_bar say which bar)."""
    if not pd.api.types.is_datetime64_any_dtype(times):
        return [None] * len(times)
    if isinstance(times.dtype, np.dtype):  # naive: numpy formats whole seconds the same way
        values = times.to_numpy(dtype="datetime64[ns]")
        seconds = values.astype("datetime64[s]")
        if (values[~np.isnat(values)] == seconds[~np.isnat(values)]).all():
            text = np.datetime_as_string(seconds).tolist()
            return [None if t == "NaT" else t for t in text]
    return [None if pd.isna(t) else t.isoformat() for t in times]


# Why a trade closed (the words stored with each trade).
STOP_LOSS = "stop_loss"
TRAILING_STOP = "trailing_stop"
TAKE_PROFIT = "take_profit"
TIME_EXIT = "time_exit"
SIGNAL = "signal"
END_OF_DATA = "end_of_data"
EXIT_REASONS = (STOP_LOSS, TRAILING_STOP, TAKE_PROFIT, TIME_EXIT, SIGNAL, END_OF_DATA)
#: The reasons that mean the trade's stop-loss order closed it.
STOP_REASONS = (STOP_LOSS, TRAILING_STOP)

#: Strategy parameters that cap how many bars a trade is held (Botlab's generated bots use
#: ``exit_after_bars``): a close the bot asked for once the cap was reached is a time exit.
HOLDING_LIMITS = ("exit_after_bars", "max_hold_bars", "max_hold_days", "max_hold", "hold_bars")


def exit_reason(trade, last_bar: int, opens: np.ndarray | None = None) -> str:
    """Why a trade closed, told from prices alone (when no :class:`ExitRecorder` watched).

    A stop fills at its level, or at the open when the price gapped through it; a target at
    its level or better; anything else closed on the bot's own order, or at the end of data.
    """
    price = float(trade.ExitPrice)
    exit_bar = int(trade.ExitBar)
    gap_open = float(opens[exit_bar]) if opens is not None and exit_bar < len(opens) else None
    is_long = float(trade.Size) > 0

    def level(value) -> float | None:
        return None if value is None or _isnan(value) else float(value)

    stop, target = level(trade.SL), level(trade.TP)
    if stop is not None:
        fill = stop
        if gap_open is not None:  # gapped through: filled at the open
            fill = min(gap_open, stop) if is_long else max(gap_open, stop)
        if math.isclose(price, fill, rel_tol=1e-9):
            return STOP_LOSS
    if target is not None and math.isclose(price, target, rel_tol=1e-9):
        return TAKE_PROFIT
    if exit_bar >= last_bar:
        return END_OF_DATA
    return SIGNAL


def _recorded_reasons(exits: list[dict], strategy) -> list[str]:
    """The reason of each :class:`ExitRecorder` entry, a bot's close turned into a time exit
    when it came once the trade had been held for the strategy's holding limit (the shortest,
    when it sets several of :data:`HOLDING_LIMITS`)."""
    limit = _holding_limit(strategy)
    if limit is None:
        return [exit_["reason"] for exit_ in exits]
    return [
        TIME_EXIT
        if exit_["reason"] == SIGNAL and exit_.get("held") is not None and limit <= exit_["held"]
        else exit_["reason"]
        for exit_ in exits
    ]


def _holding_limit(strategy) -> float | None:
    """The shortest positive holding limit the strategy sets, or None (looked up once a run)."""
    limits = []
    for name in HOLDING_LIMITS:
        limit = getattr(strategy, name, None)
        is_number = isinstance(limit, int | float) and not isinstance(limit, bool)
        if is_number and limit > 0:
            limits.append(limit)
    return min(limits) if limits else None


class ExitRecorder:
    """Watches backtesting.py's broker while a backtest runs and notes why each trade closed.

    In use, ``reasons`` gets one entry per closed trade, in the order backtesting.py lists them
    in ``stats._trades``: ``{"reason": ..., "held": bars held when the bot asked to close}``.
    The order that closed the trade tells the reason: the trade's stop-loss order (a
    ``trailing_stop`` when the stop had moved since it was first placed), its take-profit
    order, the closes backtesting.py itself makes after the last bar (``finalize_trades``:
    ``end_of_data``), or the bot's own order (``signal``; see :func:`_recorded_reasons` for time
    exits). The patches are undone on exit.
    """

    def __init__(self) -> None:
        self.reasons: list[dict] = []
        self._saved: list[tuple[type, str, object]] = []

    def __enter__(self) -> ExitRecorder:
        from backtesting import backtesting as bt

        recorder = self
        original_close, original_sl = bt.Trade.close, bt.Trade.sl
        original_close_trade = bt._Broker._close_trade

        def close(trade, portion: float = 1.0):
            caller = sys._getframe(1)
            trade._botlab_finalize = caller.f_code.co_name == "run" and isinstance(
                caller.f_locals.get("self"), bt.Backtest
            )
            broker = trade._Trade__broker
            trade._botlab_held = getattr(broker, "_i", 0) + 1 - trade.entry_bar
            return original_close(trade, portion)

        def set_sl(trade, price):
            if price and getattr(trade, "_botlab_first_sl", None) is None:
                trade._botlab_first_sl = float(price)
            trade._botlab_last_sl = None if price is None else float(price)
            original_sl.fset(trade, price)

        def close_trade(broker, trade, price, time_index):
            recorder.reasons.append(recorder._reason(trade))
            return original_close_trade(broker, trade, price, time_index)

        self._patch(bt.Trade, "close", close)
        self._patch(bt.Trade, "sl", property(original_sl.fget, set_sl))
        self._patch(bt._Broker, "_close_trade", close_trade)
        return self

    def __exit__(self, *exc_info) -> None:
        for owner, name, value in reversed(self._saved):
            setattr(owner, name, value)
        self._saved.clear()

    def _patch(self, owner: type, name: str, value) -> None:
        self._saved.append((owner, name, owner.__dict__[name]))
        setattr(owner, name, value)

    @staticmethod
    def _reason(trade) -> dict:
        # Only a trade with a stop or a target can have been closed by one: the others skip
        # the frame walk, which was most of the recorder's cost on a run of many trades.
        contingent = trade._sl_order is not None or trade._tp_order is not None
        order = _processing_order() if contingent else None
        if order is not None and order is trade._sl_order:
            first, last = getattr(trade, "_botlab_first_sl", None), trade._botlab_last_sl
            moved = first is not None and last is not None and not math.isclose(first, last)
            return {"reason": TRAILING_STOP if moved else STOP_LOSS}
        if order is not None and order is trade._tp_order:
            return {"reason": TAKE_PROFIT}
        if getattr(trade, "_botlab_finalize", False):
            return {"reason": END_OF_DATA}
        return {"reason": SIGNAL, "held": getattr(trade, "_botlab_held", None)}


def _processing_order():
    """The order backtesting.py's broker is filling right now (a local of its
    ``_process_orders``, a few frames up), or None."""
    frame = sys._getframe(2)
    for _ in range(4):
        if frame is None:
            return None
        if frame.f_code.co_name == "_process_orders":
            return frame.f_locals.get("order")
        frame = frame.f_back
    return None


def summarise_warnings(caught) -> list[str]:
    """Deduplicate warnings such as the broker's per-bar 'insufficient margin' notices."""
    counts: dict[str, int] = {}
    for item in caught:
        message = _TIME_PREFIX.sub("", str(item.message)).strip()
        counts[message] = counts.get(message, 0) + 1
    return [msg if n == 1 else f"{msg} (x{n})" for msg, n in counts.items()]


def to_json_value(value):
    """A JSON-safe Python value: NaN/inf -> None, timestamps -> ISO, numpy -> Python."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.isoformat()
    if isinstance(value, pd.Timedelta):
        return None if pd.isna(value) else str(value)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, int):
        return value
    if value is pd.NaT:
        return None
    return str(value)


def _floats(array: np.ndarray) -> list:
    """The numbers as a list, None for NaN and infinities (converted by position: a curve has
    tens of thousands of points and few gaps)."""
    array = np.asarray(array, dtype=float)
    values = array.tolist()
    for position in np.flatnonzero(~np.isfinite(array)).tolist():
        values[position] = None
    return values


def _epoch_millis(index: pd.Index) -> np.ndarray:
    """The bars' times in epoch ms as float64 (bar numbers for a RangeIndex), built as an array:
    a Python list of tens of thousands of ints first would cost more than the rest of it."""
    if isinstance(index, pd.DatetimeIndex):
        if index.tz is not None:
            index = index.tz_localize(None)
        return index.as_unit("ms").asi8.astype(np.float64)
    return np.arange(len(index), dtype=np.float64)


def _isnan(value) -> bool:
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def _failure(error_type: str, message: str, tb: str = "", line: int | None = None) -> dict:
    return {
        "ok": False,
        "error_type": error_type,
        "error": message,
        "traceback": tb,
        "line": line,
        "warnings": [],
    }


def syntax_message(exc: SyntaxError) -> str:
    where = f"line {exc.lineno}" + (f", column {exc.offset}" if exc.offset else "")
    text = (exc.text or "").strip()
    return f"syntax error at {where}: {exc.msg}" + (f" -> {text}" if text else "")


def _bot_exception(error_type: str, exc: BaseException) -> dict:
    """Describe an exception by the deepest line of the bot's own file it passed through."""
    frames = traceback.extract_tb(exc.__traceback__)
    bot_frames = [f for f in frames if Path(f.filename).name == BOT_FILE]
    line = bot_frames[-1].lineno if bot_frames else None
    where = f" (bot.py line {line})" if line else ""
    message = f"{type(exc).__name__}: {exc}{where}"
    if exc.__cause__ is not None:  # backtesting.py's 'Indicator "X" error' hides the reason
        message += f", because {type(exc.__cause__).__name__}: {exc.__cause__}"
    tb = "".join(traceback.format_exception(exc))
    return _failure(error_type, message, tb, line)


def _write_result(job_dir: Path, result: dict) -> None:
    """Written in place: the sandbox forbids renaming (the executor reads it only after the
    process has exited, and a run killed mid-write has failed anyway)."""
    (job_dir / RESULT_FILE).write_bytes(orjson.dumps(result, option=orjson.OPT_NON_STR_KEYS))


def _report_to_log(result: dict) -> None:
    if not result["ok"]:
        if result.get("traceback"):
            sys.stderr.write(result["traceback"])
        sys.stderr.write(f"botlab: {result['error_type']}: {result['error']}\n")
    sys.stdout.flush()
    sys.stderr.flush()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    return run_job(Path(argv[0]))


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    sys.exit(code)
