"""Request bodies and query strings, as pydantic models: they validate requests and describe
them in the OpenAPI schema (:mod:`engine.api.http`).

Bodies are validated strictly (a number is not accepted as a string, nor ``"5"`` as a number)
and unknown fields are errors, so a typo is reported instead of silently ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from engine.api.errors import ApiError, bad_request
from engine.execution.bot_source import parse_code, text_problem
from engine.results import sort_column, sort_keys
from engine.store import SORTABLE_COLUMNS, SOURCES, STATUSES

#: Names the API saves strategies under: also file names, so no path separators or dot-dot.
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 _.\-]{0,99}$"
#: A symbol (any case): letters and digits joined by ``-`` or ``.``, optional ``^`` and ``=X``.
SYMBOL_PATTERN = r"^\^?[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*(?:=[XFxf])?$"
#: Yahoo's bar sizes (5m, 1h, 1d, 1wk, 1mo) and the seed's spellings of them (5min, daily).
INTERVAL_PATTERN = r"^(?:[1-9][0-9]{0,2}(?:m|min|h|d|wk|mo)|daily|hourly|weekly|monthly)$"
MAX_ID = 2**31 - 1
MAX_DESCRIPTION_CHARS = 4000
#: Dates outside these are refused (pandas' timestamps end in 1677 and 2262).
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2199, 12, 31)

Name = Annotated[
    str,
    Field(
        pattern=NAME_PATTERN,
        description="The strategy's name: letters, digits, space, '_', '.', '-' (at most 100).",
        examples=["rsi_dip"],
    ),
]
Symbol = Annotated[
    str,
    Field(
        max_length=20,
        pattern=SYMBOL_PATTERN,
        description="The symbol to test on (AAPL, BRK-B, ^GSPC, EURUSD=X). Default: the "
        "strategy's own, else AAPL.",
        examples=["AAPL"],
    ),
]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _plain_text(value: str | None) -> str | None:
    """Bots and descriptions without NUL or non-UTF-8 bytes (see engine.execution.bot_source)."""
    problem = None if value is None else text_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


#: A bot's code or a description: refused up front with a NUL or a non-UTF-8 byte.
PlainText = AfterValidator(_plain_text)


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


class RunSettings(_Body):
    """What to test on; every field is optional."""

    symbol: Symbol | None = None
    days: int | None = Field(
        None, ge=1, le=36500, description="The last N days of the data.", examples=[730]
    )
    start: dt.date | None = Field(
        None, ge=EARLIEST, le=LATEST, description="First date, YYYY-MM-DD (1900 to 2199)."
    )
    end: dt.date | None = Field(
        None, ge=EARLIEST, le=LATEST, description="Last date, YYYY-MM-DD (1900 to 2199)."
    )
    interval: str | None = Field(
        None,
        pattern=INTERVAL_PATTERN,
        description="Bar size: 1d, 1h, 5m... (default: the data's own).",
    )
    source: Literal["sample", "yahoo"] | None = Field(
        None, description="Market data: bundled samples (offline) or Yahoo Finance."
    )
    cash: float | None = Field(None, gt=0, le=1e12, description="Starting cash (default 100,000).")
    commission: float | None = Field(
        None, ge=0, lt=0.1, description="Commission per trade, as a fraction (0.001 = 0.1%)."
    )
    spread: float | None = Field(
        None,
        ge=0,
        lt=0.1,
        description="Bid-ask spread (slippage) paid on each trade, as a fraction of the price "
        "(0.0002 = 0.02%; default 0).",
    )
    priority: int = Field(
        0, ge=-100, le=100, description="Higher runs first; equal priorities run in order."
    )

    def run_options(self) -> dict[str, Any]:
        """The options :func:`engine.jobs.submit_run` takes (unset ones left out): every setting
        above but the priority."""
        names = [name for name in RunSettings.model_fields if name != "priority"]
        return {n: getattr(self, n) for n in names if getattr(self, n) is not None}


def _one_strategy(*code_only: str) -> list[dict[str, Any]]:
    """The schema of "exactly one way to say what runs" (null counts as absent): version goes
    with a name, ``code_only`` fields with code."""
    ways = {
        "strategy_id": ("strategy_name", "version", "code", *code_only),
        "strategy_name": ("strategy_id", "code", *code_only),
        "code": ("strategy_id", "strategy_name", "version"),
    }
    return [
        {
            "required": [chosen],
            "properties": {
                chosen: {"not": {"type": "null"}},
                **{other: {"type": "null"} for other in others},
            },
        }
        for chosen, others in ways.items()
    ]


class _WhatRuns(RunSettings):
    """A stored strategy (``strategy_id``, or ``strategy_name`` with an optional ``version``,
    default the latest) or uploaded bot ``code`` (saved as a new version of strategy ``name``):
    exactly one of ``strategy_id``, ``strategy_name``, ``code``."""

    strategy_id: Id | None = Field(None, description="A stored strategy version's id.")
    strategy_name: str | None = Field(
        None, min_length=1, max_length=200, description="A stored strategy's name."
    )
    version: Id | None = Field(
        None, description="With strategy_name: which version (default: the latest)."
    )
    code: Annotated[str | None, PlainText] = Field(
        None, min_length=1, description="A bot's Python source (a backtesting.py Strategy)."
    )
    name: Name | None = Field(
        None, description="With code: the strategy name to save it under (default uploaded_bot)."
    )

    def check_what_runs(self) -> None:
        """400 naming the field unless exactly one way to say what runs is given, ``version``
        goes with ``strategy_name``, ``name`` (and ``description``) with ``code``, and the code
        parses."""
        chosen = [k for k in ("strategy_id", "strategy_name", "code") if getattr(self, k)]
        if len(chosen) != 1:
            raise bad_request(
                "give exactly one of strategy_id, strategy_name (with an optional version) or "
                "code (with an optional name)"
                + (f"; got {' and '.join(chosen)}" if chosen else ""),
                field=chosen[1] if len(chosen) > 1 else "strategy_id",
            )
        if self.version is not None and self.strategy_name is None:
            raise bad_request("version goes with strategy_name", field="version")
        for field in ("name", "description"):
            if getattr(self, field, None) is not None and self.code is None:
                raise bad_request(f"{field} goes with code (an uploaded bot)", field=field)
        if self.code is not None:
            try:
                parse_code(self.code)
            except SyntaxError as exc:
                message = f"code: syntax error on line {exc.lineno}: {exc.msg}"
                raise bad_request(message, "code") from None
            except ValueError as exc:  # e.g. NUL bytes
                raise bad_request(f"code: {exc}", "code") from None


class RunRequest(_WhatRuns):
    """Queue a run of a stored strategy or of uploaded bot ``code`` (saved, then run)."""

    model_config = ConfigDict(json_schema_extra={"oneOf": _one_strategy("name", "description")})

    description: Annotated[str | None, PlainText] = Field(
        None,
        max_length=MAX_DESCRIPTION_CHARS,
        description="With code: what the bot does, kept with the version.",
    )


class GenerateRequest(RunSettings):
    """Turn a plain-English description into a bot; optionally queue a run of it."""

    description: Annotated[str, PlainText] = Field(
        min_length=1,
        max_length=MAX_DESCRIPTION_CHARS,
        description="The trading idea in plain English.",
        examples=["buy when RSI(14) drops below 30, sell above 70, 5% stop, on AAPL over 2 years"],
    )
    engine: Literal["auto", "offline", "gemini"] = Field(
        "auto",
        description="offline: Botlab's compiler; gemini: Google Gemini; auto: offline when it "
        "understands the whole description, else Gemini when configured.",
    )
    name: Name | None = Field(None, description="The strategy name (default: from the rules).")
    execute: bool = Field(False, description="Also queue a run of the new bot.")


ParamValue = Annotated[
    str | list[int | float | bool | str],
    Field(
        description="START:STOP:STEP (STOP included) or a list of values.",
        examples=["5:20:5", [20, 30, 40]],
    ),
]


class SweepRequest(_WhatRuns):
    """Sweep a stored strategy or uploaded bot ``code`` over a parameter grid: every
    combination is stored as a run. Symbol or symbols, not both."""

    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": _one_strategy("name"),
            "anyOf": [
                {"properties": {"symbol": {"type": "null"}}},
                {"properties": {"symbols": {"type": "null"}}},
            ],
        }
    )

    params: dict[str, ParamValue] = Field(
        min_length=1,
        max_length=10,
        description="Parameter name -> its values.",
        examples=[{"fast": "5:20:5", "slow": [20, 30, 40]}],
    )
    constraints: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(
        [], max_length=10, description="Conditions every combination meets, e.g. 'fast < slow'."
    )
    objective: Literal["sharpe", "return", "calmar", "sqn", "return_dd"] = Field(
        "sharpe", description="What 'best' means (return_dd = return / |max drawdown|)."
    )
    symbols: list[Symbol] | None = Field(
        None, min_length=1, max_length=20, description="Several symbols (instead of symbol)."
    )
    max_combinations: int | None = Field(
        None, ge=1, le=100_000, description="Run a random subset of this many combinations."
    )
    seed: int | None = Field(None, ge=0, le=2**31 - 1, description="The random subset's seed.")
    best_n: int = Field(
        5, ge=0, le=50, description="Keep trades and equity curves of the best N parameter sets."
    )


def _timestamp(value: Any) -> dt.datetime:
    """``YYYY-MM-DD`` (midnight UTC) or an RFC 3339 time, as an aware datetime."""
    if isinstance(value, dt.datetime):
        return value
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), dt.UTC)
        if re.fullmatch(RFC3339, text):
            moment = dt.datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
            return moment.astimezone(dt.UTC)
    except ValueError:
        pass
    raise ValueError(f"expected YYYY-MM-DD or an RFC 3339 time (2024-05-01T09:30:00Z): {text!r}")


def _digits(value: Any) -> Any:
    """A query string's whole number: digits only (no sign, point or exponent)."""
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise ValueError(f"expected a whole number, not {value!r}")
    return value


Count = Annotated[int, BeforeValidator(_digits)]
RFC3339 = r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})"
Timestamp = Annotated[dt.datetime, BeforeValidator(_timestamp)]


class ListQuery(BaseModel):
    """The leaderboard's query string (``GET /api/runs``)."""

    model_config = ConfigDict(extra="forbid")

    status: Literal["all", *STATUSES] = "all"  # type: ignore[valid-type]
    symbol: str | None = Field(None, min_length=1, max_length=255)
    strategy: str | None = Field(None, min_length=1, max_length=200)
    source: Literal[SOURCES] | None = None  # type: ignore[valid-type]
    since: Timestamp | None = None
    until: Timestamp | None = None
    sort: Annotated[
        Literal[sort_keys(SORTABLE_COLUMNS)],  # type: ignore[valid-type]
        AfterValidator(sort_column),
    ] = "created_at"
    order: Literal["asc", "desc"] = "desc"
    limit: Count = Field(50, ge=1, le=200)
    offset: Count = Field(0, ge=0, le=10_000_000)


class HistoryQuery(BaseModel):
    """``GET /api/strategies/{name}/history``'s query string."""

    model_config = ConfigDict(extra="forbid")

    limit: Count = Field(100, ge=1, le=1000)


def parse_body(model: type[BaseModel], raw: bytes) -> Any:
    """``raw`` (a JSON document) as ``model``, or a 400 :class:`ApiError` naming the field."""
    try:
        return model.model_validate_json(raw or b"")
    except ValidationError as exc:
        raise _as_api_error(exc, model, "body") from None


def parse_query(model: type[BaseModel], items: list[tuple[str, str]]) -> Any:
    """A query string's ``(name, value)`` pairs as ``model`` (the last of repeated names)."""
    try:
        return model.model_validate(dict(items))
    except ValidationError as exc:
        raise _as_api_error(exc, model, "query") from None


def _as_api_error(exc: ValidationError, model: type[BaseModel], where: str) -> ApiError:
    fields: dict[str, str] = {}
    first: tuple[str | None, str] | None = None
    for error in exc.errors(include_url=False):
        kind, loc = error["type"], error["loc"]
        if kind == "json_invalid":
            return ApiError(
                400, "malformed_json", f"the request body is not valid JSON: {error['msg']}"
            )
        if not loc:
            message = (
                "the request body must be a JSON object"
                if kind in ("model_type", "model_attributes_type", "dict_type")
                else error["msg"]
            )
            return bad_request(message)
        field = str(loc[0])
        if kind == "extra_forbidden":
            known = ", ".join(model.model_fields)
            message = f"unknown {'parameter' if where == 'query' else 'field'} {field!r}; "
            message += f"known: {known}"
        else:
            message = f"{field}: {_friendly(error)}"
        fields.setdefault(field, message)
        first = first or (field, message)
    field, message = first or (None, "invalid request")
    return bad_request(message, field=field, fields=fields if len(fields) > 1 else None)


def _friendly(error: dict) -> str:
    text = error["msg"]
    if error["type"] == "missing":
        return "required"
    if error["type"] == "string_pattern_mismatch" and error["loc"][0] == "name":
        return "use letters, digits, space, '_', '.' or '-' (at most 100, no '/')"
    text = text.removeprefix("Value error, ")
    return text[0].lower() + text[1:] if text else text
