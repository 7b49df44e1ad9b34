"""The data and money settings a user gave a run, and what a script bot does with them.

A script bot runs its own backtest on its own data; settings given beside it are either applied to
its Strategy class (``script_settings_replaced``), ignored (``script_settings_ignored``) or refused
(``invalid_settings``). These are the words for each case.
"""

from __future__ import annotations

import pandas as pd

from engine.execution.bot_kind import script_backtest_call

#: The settings that choose a run's data and money, as the user names them.
SETTING_NAMES = (
    "symbol",
    "data",
    "days",
    "start",
    "end",
    "interval",
    "source",
    "cash",
    "commission",
    "spread",
)


def given_settings(**settings) -> dict:
    """The data and money settings actually given (not None), in :data:`SETTING_NAMES` order."""
    return {name: settings[name] for name in SETTING_NAMES if settings.get(name) is not None}


def _describe_given(given: dict) -> str:
    def one(name: str, value) -> str:
        if isinstance(value, pd.DataFrame):
            return "data (a table of bars)"
        if name == "cash":
            return f"cash {float(value):,.0f}"
        return f"{name} {value}"

    parts = [one(name, value) for name, value in given.items()]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


_CHOOSE = (
    "To run the script as written, give none of symbol, data, days, start, end, interval, "
    "source, cash, commission or spread."
)


def replaced_settings_warning(code: str, given: dict) -> str:
    """``script_settings_replaced: ...``: a script's Strategy was run on what the user gave."""
    call = script_backtest_call(code)
    own = f" ({call})" if call else ""
    return (
        f"script_settings_replaced: this file runs its own backtest{own}; because "
        f"{_describe_given(given)} {'was' if len(given) == 1 else 'were'} given, Botlab ran its "
        "Strategy class on that instead of the script's own data and settings (Botlab's "
        f"defaults for anything not given). {_CHOOSE}"
    )


def ignored_settings_warning(given: dict) -> str:
    """``script_settings_ignored: ...``: a file with neither a Strategy nor a Backtest ran as a
    script, so the settings given could not be used."""
    return (
        "script_settings_ignored: this file defines no Strategy class and runs no backtesting.py "
        f"Backtest, so {_describe_given(given)} could not be used: it ran as a script, and its "
        "printed results were read."
    )


def refused_settings(given: dict) -> str:
    """Why a script that defines no Strategy cannot take the settings the user gave."""
    return (
        f"this script loads its own data and runs its own backtest, and defines no Strategy "
        f"class Botlab could run on other data, so {_describe_given(given)} cannot apply. "
        f"{_CHOOSE}"
    )
