"""What a bot's code and a description may contain, and how a bot file is read: the same rules
for the CLI, the API, the MCP tools and the dashboard.

* Text is Unicode without NUL characters: a NUL (``\\x00``) or a byte that is not UTF-8 (a lone
  surrogate, once decoded) is refused up front, naming where it is, instead of saving a bot whose
  every run then fails.
* A bot file is a regular file (not a directory, device such as ``/dev/zero``, pipe or socket)
  of at most :data:`MAX_BOT_BYTES`, the API's request limit, read as strict UTF-8.
"""

from __future__ import annotations

import ast
import os
import stat
import threading
from pathlib import Path

#: The largest bot: the HTTP API's default request body limit (1 MiB), for files too.
MAX_BOT_BYTES = 1024 * 1024


#: CPython 3.11's ``ast.parse`` keeps its recursion-depth count per interpreter, not per thread:
#: two threads parsing at once (a queue worker running two jobs, the API's thread pool) can fail
#: with "SystemError: AST constructor recursion depth mismatch" (CPython gh-106905). Parsing is
#: milliseconds, so one lock costs nothing.
_PARSE_LOCK = threading.Lock()


def parse_code(code: str, mode: str = "exec") -> ast.AST:
    """``ast.parse(code)``, safe to call from several threads at once."""
    with _PARSE_LOCK:
        return ast.parse(code, mode=mode)


class BotTextError(ValueError):
    """A bot or description Botlab refuses; the message says what and where."""


def over_limit(what: str, size: int, limit: int) -> str:
    """The one wording of "too large" (API bodies and bot files)."""
    return f"{what} is over the {limit:,}-byte limit ({size:,} bytes or more)"


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be a bot or a description (a NUL, or a non-UTF-8 byte), or ``None``."""
    for index, char in enumerate(text):
        if char == "\x00":
            return f"contains a NUL byte (character {index + 1}, {_line_of(text, index)})"
        if "\ud800" <= char <= "\udfff":
            return (
                f"contains a byte that is not UTF-8 (character {index + 1}, "
                f"{_line_of(text, index)}); save it as UTF-8 text"
            )
    return None


def check_text(text: str, what: str) -> str:
    """``text`` unchanged, or :class:`BotTextError` "{what} contains a NUL byte (...)"."""
    problem = text_problem(text)
    if problem is not None:
        raise BotTextError(f"{what} {problem}")
    return text


def read_bot_file(path: str | os.PathLike) -> str:
    """A bot file's code: a regular file of at most :data:`MAX_BOT_BYTES` in UTF-8, without NUL.

    Raises ``FileNotFoundError`` when there is no such file, :class:`BotTextError` otherwise.
    """
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise BotTextError(f"bot file {path}: cannot be read ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a device, pipe or socket"
        raise BotTextError(f"bot file {path}: not a regular file ({kind}); give a Python file")
    with open(path, "rb") as handle:
        raw = handle.read(MAX_BOT_BYTES + 1)
    if len(raw) > MAX_BOT_BYTES:
        size = max(len(raw), info.st_size)
        raise BotTextError(over_limit(f"bot file {path}", size, MAX_BOT_BYTES))
    text = raw.decode("utf-8", errors="surrogateescape")
    return check_text(text, f"bot file {path}")


def _line_of(text: str, index: int) -> str:
    return f"line {text.count(chr(10), 0, index) + 1}"
