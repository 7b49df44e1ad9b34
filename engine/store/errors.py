"""Errors raised by the store (bad arguments raise plain ``ValueError``/``TypeError``)."""

from __future__ import annotations


class StoreError(Exception):
    """Base class of the store's own errors."""


class NotFoundError(StoreError, LookupError):
    """The strategy or execution asked for does not exist."""


class AlreadyFinishedError(StoreError):
    """An execution that has already finished was asked to finish (or change status) again."""


class SchemaError(StoreError):
    """The database's schema cannot be used by this version of Botlab."""
