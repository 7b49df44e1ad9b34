"""The one error type of the API (HTTP and MCP): a status, a code and a specific message."""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass
from dataclasses import field as dataclass_field
from typing import Any

from engine.results import Hint, error_body, hints_of, said

#: How an error body's ``error`` says each hint (engine.results.HINTS): in request fields.
HINT_WORDS = {
    "yahoo_source": 'use the Yahoo source to download it (send "source": "yahoo")',
    "sample_source": 'its bundled sample works offline (send "source": "sample")',
    "gemini_engine": 'send "engine": "auto" or "gemini", once the server has a Gemini API key',
    "gemini_key": "the server has no Gemini API key (its operator sets GEMINI_API_KEY)",
    "sample_grid": "sample it with max_combinations (and seed), or narrow it",
    "restore_database": "the server's operator restores a backup over it or moves it aside",
    "start_worker": "the server's operator starts a Dask worker for it",
}


@dataclass(eq=False)
class ApiError(Exception):
    """A request Botlab refuses or cannot serve.

    ``status`` is the HTTP status; ``code`` a stable machine-readable word (``invalid_request``,
    ``not_found``, ``queue_full``...); ``field`` the request field at fault, when there is one;
    ``fields`` every field with a problem; ``headers`` extra response headers (``Retry-After``);
    ``not_understood`` and ``suggestions`` what the compiler could not read in a refused
    description and descriptions it does read; ``hints`` what to change (default: those the
    message carries, :func:`engine.results.hints_of`). The body is an
    :class:`~engine.results.ErrorBody`, its hints also said in request words.
    """

    status: int
    code: str
    message: str
    _: KW_ONLY
    field: str | None = None
    fields: dict[str, str] | None = None
    headers: dict[str, str] = dataclass_field(default_factory=dict)
    not_understood: list[str] | None = None
    suggestions: list[str] | None = None
    hints: list[Hint] | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def body(self) -> dict[str, Any]:
        """The JSON error body (keys without a value left out)."""
        hints = hints_of(self.message) if self.hints is None else self.hints
        fields = {k: said(v, hints_of(v), HINT_WORDS) for k, v in (self.fields or {}).items()}
        return error_body(
            said(self.message, hints, HINT_WORDS),
            self.code,
            hints=hints,
            field=self.field,
            fields=fields or None,
            not_understood=self.not_understood,
            suggestions=self.suggestions,
        )


def bad_request(message: str, field: str | None = None, **kwargs: Any) -> ApiError:
    return ApiError(400, "invalid_request", message, field=field, **kwargs)


def not_found(message: str) -> ApiError:
    return ApiError(404, "not_found", message)


def conflict(message: str) -> ApiError:
    return ApiError(409, "conflict", message)


def too_many(code: str, message: str, retry_after_s: int) -> ApiError:
    return ApiError(429, code, message, headers={"Retry-After": str(retry_after_s)})
