"""The one error type of the API (HTTP and MCP): a status, a code and a specific message."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A request Botlab refuses or cannot serve.

    ``status`` is the HTTP status; ``code`` a stable machine-readable word (``invalid_request``,
    ``not_found``, ``queue_full``...); ``field`` the request field at fault, when there is one;
    ``fields`` every field with a problem; ``headers`` extra response headers (``Retry-After``).
    The HTTP layer answers ``{"error": message, "code": code, "field": ..., "fields": ...}``;
    the MCP server hands the message to the model.
    """

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        field: str | None = None,
        fields: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.fields = dict(fields or {})
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        """The JSON error body."""
        body: dict[str, Any] = {"error": self.message, "code": self.code}
        if self.field is not None:
            body["field"] = self.field
        if self.fields:
            body["fields"] = self.fields
        return body


def bad_request(message: str, field: str | None = None, **kwargs: Any) -> ApiError:
    return ApiError(400, "invalid_request", message, field=field, **kwargs)


def not_found(message: str) -> ApiError:
    return ApiError(404, "not_found", message)


def conflict(message: str) -> ApiError:
    return ApiError(409, "conflict", message)


def too_many(code: str, message: str, retry_after_s: int) -> ApiError:
    return ApiError(429, code, message, headers={"Retry-After": str(retry_after_s)})
