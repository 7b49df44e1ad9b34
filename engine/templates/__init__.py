"""Seed script templates: named, parameterised trading bots behind one request/response contract.

>>> from engine.templates import execute_script
>>> execute_script({"scriptTemplate": "mean_reversion",
...                 "parameters": {"ticker": "AAPL", "start": "2010-01-01", "end": "2012-12-31"}})
{'success': True, 'executionId': 1, 'results': {...}, 'executionTime': 1.2}

Templates (:data:`TEMPLATES`; each one's exact rules are its bot module's docstring, also
``TEMPLATES[name].description``; its parameters, defaults and ranges ``.parameters()``):

``orb``
    Opening-range breakout on one session of intraday bars (``ticker``, ``date``,
    ``timeframe``, ``trailingStopPct``, optional ``marketFilterTicker`` such as QQQ); exits at
    the trailing stop or the session close.
``momentum_breakout``
    Daily: buy a close above the N-day high on above-average volume; trailing stop.
``mean_reversion``
    Daily: buy a close k standard deviations below its N-day mean; exit at the mean, after a
    maximum hold, or at the stop loss.
``pairs_trading``
    Daily, two tickers: trade the z-score of their log spread, run as one synthetic instrument
    (the price ratio), since backtesting.py backtests one instrument at a time.

API: :func:`validate` (parameters -> pydantic model, or :class:`TemplateError` naming the
parameter), :func:`render` (the bot's Python source), :func:`execute_script` (the seed's
contract: validate, load data, render, run through the executor, answer). Nothing here imports
Streamlit; the bots import only numpy, pandas and backtesting.py and fetch nothing themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine.templates import _mean_reversion, _momentum, _orb, _pairs
from engine.templates._data import DataArg, Prepared
from engine.templates._errors import TemplateError
from engine.templates._execute import (
    DEFAULT_TIMEOUT,
    execute_script,
    get_template,
    parse_request,
    validate,
)
from engine.templates._params import TICKER_PATTERN, TemplateParams
from engine.templates._render import render_bot
from engine.templates._template import Template

__all__ = [
    "DEFAULT_TIMEOUT",
    "TEMPLATES",
    "TICKER_PATTERN",
    "DataArg",
    "Prepared",
    "Template",
    "TemplateError",
    "TemplateParams",
    "execute_script",
    "get_template",
    "parse_request",
    "render",
    "validate",
]

#: Every template by name, in the order the seed lists them.
TEMPLATES: dict[str, Template] = {
    template.name: template
    for template in (_orb.TEMPLATE, _momentum.TEMPLATE, _mean_reversion.TEMPLATE, _pairs.TEMPLATE)
}


def render(name: str, params: TemplateParams | Mapping[str, Any]) -> str:
    """The Python source of template ``name``'s bot for ``params`` (validated first if a dict).

    A backtesting.py strategy module: the template's rules as its docstring, the parameters as
    class attributes, each commented, and a comment recording every request parameter. The
    executor runs it on the data Botlab loads; the bot fetches nothing itself.
    """
    template = get_template(name)
    if not isinstance(params, template.params):
        params = validate(name, params)
    return render_bot(template, params)
