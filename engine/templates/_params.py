"""Parameter models shared by the templates: tickers, dates, money and the daily date range.

Every template's parameters are a pydantic model whose fields are spelled in camelCase in the
request (``trailingStopPct``), as the seed's clients send them. Unknown parameters are errors.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from engine.templates._errors import TemplateError, ordered_fields

#: A Yahoo Finance ticker: uppercase letters and digits, in parts joined by ``-`` or ``.``
#: (``BRK-B``, ``RDS.A``, ``BTC-USD``, ``VOD.L``), with an optional ``^`` prefix (indices:
#: ``^GSPC``) and an optional ``=X`` or ``=F`` suffix (currencies ``EURUSD=X``, futures ``ES=F``).
TICKER_PATTERN = re.compile(r"^\^?[A-Z0-9]+(?:[.-][A-Z0-9]+)*(?:=[XF])?$")
TICKER_MAX_LENGTH = 20
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TICKER_RULE = (
    "a Yahoo-style ticker is uppercase letters and digits, optionally joined by '-' or '.', "
    "with an optional '^' prefix and '=X' or '=F' suffix, at most "
    f"{TICKER_MAX_LENGTH} characters (e.g. AAPL, BRK-B, ^GSPC, EURUSD=X)"
)


def _custom(kind: str, text: str) -> PydanticCustomError:
    return PydanticCustomError(kind, "{text}", {"text": text})


def check_ticker(value: Any) -> str:
    """``value`` if it is a Yahoo-style ticker (see :data:`TICKER_PATTERN`), else an error."""
    if not isinstance(value, str):
        raise _custom("invalid_ticker", f"expected a ticker string, got {value!r}")
    if len(value) <= TICKER_MAX_LENGTH and TICKER_PATTERN.match(value):
        return value
    hint = ""
    if value != value.upper() and TICKER_PATTERN.match(value.upper()):
        hint = f"; tickers are uppercase: {value.upper()!r}"
    raise _custom("invalid_ticker", f"{value!r} is not a valid ticker: {TICKER_RULE}{hint}")


def check_date(value: Any) -> dt.date:
    """A ``YYYY-MM-DD`` string (or a date) that is a real calendar date, as a date."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not DATE_PATTERN.match(value):
        raise _custom("invalid_date", f"expected a date as YYYY-MM-DD, got {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _custom(
            "invalid_date", f"{value!r} is not a real calendar date (YYYY-MM-DD)"
        ) from None


#: A ticker, checked by :func:`check_ticker`; its JSON schema says the same rule.
Ticker = Annotated[
    str,
    BeforeValidator(check_ticker),
    WithJsonSchema(
        {"type": "string", "pattern": TICKER_PATTERN.pattern, "maxLength": TICKER_MAX_LENGTH}
    ),
]
#: The one ticker a template trades.
TradedTicker = Annotated[
    Ticker, Field(description="The ticker to trade, Yahoo style (AAPL, BRK-B, ^GSPC, EURUSD=X).")
]
IsoDate = Annotated[dt.date, BeforeValidator(check_date)]
DataSource = Literal["sample", "yahoo"]


class TemplateParams(BaseModel):
    """Base of every template's parameters: camelCase names, nothing unknown, immutable."""

    model_config = ConfigDict(
        extra="forbid",
        alias_generator=to_camel,
        validate_by_alias=True,
        validate_by_name=False,
        allow_inf_nan=False,
        frozen=True,
    )

    #: The template's name, and where its bot parameters come from (set by each subclass).
    template: ClassVar[str] = ""

    cash: float = Field(
        100_000.0,
        ge=1_000,
        le=1_000_000_000,
        description="Starting cash in the account's currency. The bot buys whole units only.",
    )
    commission: float = Field(
        0.0,
        ge=0,
        le=0.05,
        description="Commission per fill as a fraction of the traded value (0.001 = 0.1%), "
        "charged on entry and on exit.",
    )
    data_source: DataSource | None = Field(
        None,
        description="Where market data comes from: 'sample' (bundled, offline) or 'yahoo'. "
        "Default: 'yahoo' for intraday templates, else the BOTLAB_DATA_SOURCE setting "
        "(itself 'sample' by default).",
    )

    def tickers(self) -> list[str]:
        """The tickers whose bars the template needs; the first is the one traded."""
        raise NotImplementedError

    def check(self) -> None:
        """Checks across parameters; raise :class:`TemplateError` naming the parameter."""

    def bot_attributes(self) -> dict[str, tuple[Any, str]]:
        """The bot's class attributes: ``name -> (value, request parameter it comes from)``."""
        raise NotImplementedError

    def strategy_name(self) -> str:
        """The name runs are stored under: the template and its tickers (``orb_AAPL``)."""
        return "_".join([self.template, *self.tickers()])

    def request_parameters(self) -> dict[str, Any]:
        """Every parameter, defaults included, spelled and typed as in a JSON request."""
        values = self.model_dump(mode="json", by_alias=True)
        names = [field.alias or name for name, field in ordered_fields(type(self))]
        return {name: values[name] for name in names}

    def given(self, field: str) -> bool:
        """Whether the request set ``field`` (a Python field name) explicitly."""
        return field in self.model_fields_set


class DailyRangeParams(TemplateParams):
    """The date range of a daily-bar template: ``start``/``end``, or the last ``days``."""

    start: IsoDate | None = Field(
        None,
        description="First date, YYYY-MM-DD, inclusive. Default: the start of the data (the "
        "whole bundled sample; 10 years back on Yahoo).",
    )
    end: IsoDate | None = Field(
        None,
        description="Last date, YYYY-MM-DD, inclusive. Default: the end of the data (today on "
        "Yahoo).",
    )
    days: int | None = Field(
        None,
        ge=5,
        le=36_500,
        description="Instead of start: the last N calendar days up to end (or to the end of "
        "the data).",
    )

    def check(self) -> None:
        if self.start and self.days:
            raise TemplateError("days: give start or days, not both", "days")
        if self.start and self.end and self.start > self.end:
            raise TemplateError(f"end: {self.end} is before start {self.start}", "end")
        for name, value in (("start", self.start), ("end", self.end)):
            if value and value > dt.date.today():
                raise TemplateError(f"{name}: {value} is in the future", name)
