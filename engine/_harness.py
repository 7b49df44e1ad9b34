"""The harness: the code that runs *inside* the child process, next to the bot.

The executor prepares a job directory and the child (a plain process or a sandboxed fork of the
zygote) calls :func:`run_job` on it. Layout of a job directory::

    job.json     {"mode": "strategy"|"script", "bot_file": "bot.py", "data_file": "data.pkl"|null,
                  "cash": 100000.0, "commission": 0.0, "strategy_class": null,
                  "trade_on_close": false}
    bot.py       the bot's source
    data.pkl     the OHLCV frame (strategy mode only), pickled by the executor
    result.json  written here by the harness when the bot finishes or fails
    equity.npy   the equity curve, a 3 x N float64 array (epoch ms, equity, drawdown %), kept
                 binary because JSON would cost more than the rest of the hand-over

In *strategy* mode the harness loads the bot as a module, picks its ``Strategy`` subclass, runs
``Backtest(..., finalize_trades=True)`` itself and writes the stats, trades and equity curve: the
numbers come from the harness, whatever the bot prints. In *script* mode it runs the file as
``__main__`` and the executor parses metrics from the captured output afterwards.

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
import pandas as pd

BOT_MODULE = "bot"
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
            result = _run_script(job_dir / job["bot_file"])
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
                trade_on_close=bool(job.get("trade_on_close", False)),
                finalize_trades=True,
            )
        except (AssertionError, ValueError, TypeError) as exc:
            return _failure(INVALID_SETTINGS, f"backtest settings rejected: {exc}")
        try:
            stats = backtest.run()
        except MemoryError:
            raise
        except Exception as exc:  # the bot's own code failed: report its line, not ours
            return _bot_exception(STRATEGY_ERROR, exc)
    result = serialise_stats(stats, data)
    np.save(job_dir / EQUITY_FILE, result.pop("equity_array"), allow_pickle=False)
    del result["equity"]  # travels as equity.npy
    result.update(
        ok=True, mode="strategy", strategy_class=strategy.__name__, equity_file=EQUITY_FILE
    )
    result["warnings"] = notes + summarise_warnings(caught)
    return result


def _load_module(path: Path) -> tuple[types.ModuleType | None, dict | None]:
    """Execute the bot file as module ``bot`` (registered, so its classes pickle)."""
    source = path.read_text(encoding="utf-8", errors="replace")
    try:
        code = compile(source, path.name, "exec")
    except SyntaxError as exc:
        return None, _failure(SYNTAX_ERROR, _syntax_message(exc))
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


def _run_script(path: Path) -> dict:
    source = path.read_text(encoding="utf-8", errors="replace")
    try:
        code = compile(source, path.name, "exec")
    except SyntaxError as exc:
        return _failure(SYNTAX_ERROR, _syntax_message(exc))
    namespace = {"__name__": "__main__", "__file__": str(path), "__builtins__": __builtins__}
    module = types.ModuleType("__main__")
    module.__dict__.update(namespace)
    sys.modules["__main__"] = module
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
    return {"ok": True, "mode": "script", "warnings": []}


# -- results -----------------------------------------------------------------------------------


def serialise_stats(stats: pd.Series, data: pd.DataFrame) -> dict:
    """backtesting.py's stats as plain JSON (stats, trades), plus the equity curve both as a
    3 x N array (``equity_array``: epoch ms, equity, drawdown %) and as JSON lists."""
    plain = {
        key: to_json_value(value) for key, value in stats.items() if not str(key).startswith("_")
    }
    curve = stats["_equity_curve"]
    array = np.vstack(
        [
            np.asarray(_epoch_millis(curve.index), dtype=np.float64),
            curve["Equity"].to_numpy(dtype=np.float64),
            -100.0 * curve["DrawdownPct"].to_numpy(dtype=np.float64),
        ]
    )
    return {
        "stats": plain,
        "trades": _trades(stats["_trades"], last_bar=len(data) - 1),
        "equity_array": array,
        "equity": equity_lists(array),
    }


def equity_lists(array: np.ndarray) -> dict:
    """The JSON form of an equity array: ``{"time_ms", "equity", "drawdown_pct"}``, rounded to
    cents and to 1/10,000 of a percent: display precision, and a third of the JSON cost."""
    return {
        "time_ms": array[0].astype(np.int64).tolist(),
        "equity": _floats(np.round(array[1], 2)),
        "drawdown_pct": _floats(np.round(array[2], 4)),
    }


def _trades(trades: pd.DataFrame, last_bar: int) -> list[dict]:
    """One JSON-safe dict per closed trade, built column-wise (a run can have thousands)."""
    if trades.empty:
        return []
    columns = {
        "entry_time": _iso_times(trades["EntryTime"]),
        "exit_time": _iso_times(trades["ExitTime"]),
        "entry_price": _floats(trades["EntryPrice"].to_numpy(dtype=float)),
        "exit_price": _floats(trades["ExitPrice"].to_numpy(dtype=float)),
        "size": trades["Size"].astype(int).tolist(),
        "pnl": _floats(trades["PnL"].to_numpy(dtype=float)),
        "return_pct": _floats(trades["ReturnPct"].to_numpy(dtype=float) * 100.0),
        "entry_bar": trades["EntryBar"].astype(int).tolist(),
        "exit_bar": trades["ExitBar"].astype(int).tolist(),
        "commission": _floats(
            trades.get("Commission", pd.Series(0.0, index=trades.index)).to_numpy(dtype=float)
        ),
        "exit_reason": [exit_reason(row, last_bar) for row in trades.itertuples(index=False)],
        "tag": [None if tag is None else str(tag) for tag in trades["Tag"].tolist()],
    }
    names = list(columns)
    return [dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def _iso_times(times: pd.Series) -> list:
    if not pd.api.types.is_datetime64_any_dtype(times):
        return [to_json_value(t) for t in times]
    return [None if pd.isna(t) else t.isoformat() for t in times]


def exit_reason(trade, last_bar: int) -> str:
    """Why a trade closed, told from its stop-loss/take-profit levels and exit bar."""
    price = float(trade.ExitPrice)

    def hit(level) -> bool:
        return (
            level is not None
            and not _isnan(level)
            and math.isclose(price, float(level), rel_tol=1e-9)
        )

    if hit(trade.SL):
        return "stop_loss"
    if hit(trade.TP):
        return "take_profit"
    if int(trade.ExitBar) >= last_bar:
        return "end_of_data"
    return "signal"


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
    array = np.asarray(array, dtype=float)
    if np.isfinite(array).all():
        return array.tolist()
    return [x if math.isfinite(x) else None for x in array.tolist()]


def _epoch_millis(index: pd.Index) -> list[int]:
    if isinstance(index, pd.DatetimeIndex):
        if index.tz is not None:
            index = index.tz_localize(None)
        return index.as_unit("ms").asi8.tolist()
    return list(range(len(index)))  # a RangeIndex: bar numbers


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


def _syntax_message(exc: SyntaxError) -> str:
    where = f"line {exc.lineno}" + (f", column {exc.offset}" if exc.offset else "")
    text = (exc.text or "").strip()
    return f"syntax error at {where}: {exc.msg}" + (f" -> {text}" if text else "")


def _bot_exception(error_type: str, exc: BaseException) -> dict:
    """Describe an exception by the deepest line of the bot's own file it passed through."""
    frames = traceback.extract_tb(exc.__traceback__)
    bot_frames = [f for f in frames if Path(f.filename).name == "bot.py"]
    line = bot_frames[-1].lineno if bot_frames else None
    where = f" (bot.py line {line})" if line else ""
    message = f"{type(exc).__name__}: {exc}{where}"
    tb = "".join(traceback.format_exception(exc))
    return _failure(error_type, message, tb, line)


def _write_result(job_dir: Path, result: dict) -> None:
    """Written in place: the sandbox forbids renaming (the executor reads it only after the
    process has exited, and a run killed mid-write has failed anyway)."""
    (job_dir / RESULT_FILE).write_text(json.dumps(result, allow_nan=False))


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
