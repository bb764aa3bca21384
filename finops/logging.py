"""Logging configured once, by the CLI: logfmt or JSON lines on stderr, with secrets masked on the way out."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from typing import Any, ClassVar

_SECRET_KEYS = r"(?:password|passwd|secret|token|client_secret|api[_-]?key)"  # noqa: S105 - names, not values
# (pattern, replacement): each keeps the name and masks the value
_SECRET_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)(authorization\s*[:=]\s*(?:(?:bearer|basic)\s+)?)[^\s,;\"']+"), r"\1***"),
    # libpq key=value strings quote values with spaces: password='a b'
    (re.compile(rf"(?i)({_SECRET_KEYS}\s*[:=]\s*)('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"), r"\1***"),
    (re.compile(rf"(?i)({_SECRET_KEYS}\s*[:=]\s*)[^\s,;\"'&]+"), r"\1***"),
    # URL user info: everything up to the last '@' before the host (a password may hold '@')
    (re.compile(r"(?i)(postgres(?:ql)?://[^:/@\s]+:)[^\s/]*(@)"), r"\1***\2"),
)


def redact(text: str) -> str:
    """Masks credentials that might slip into a message (DSNs, auth headers, key=value secrets)."""
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class _Formatter(logging.Formatter):
    _RESERVED: ClassVar[set[str]] = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message"}

    def __init__(self, fmt: str) -> None:
        super().__init__()
        self._json = fmt == "json"

    def format(self, record: logging.LogRecord) -> str:
        fields: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": redact(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key not in self._RESERVED and not key.startswith("_"):
                fields[key] = redact(str(value))
        if record.exc_info:
            fields["exc"] = redact(self.formatException(record.exc_info))
        if self._json:
            return json.dumps(fields, default=str)
        return " ".join(f"{k}={_logfmt_value(v)}" for k, v in fields.items())


def _logfmt_value(value: Any) -> str:
    text = str(value)
    if text == "" or any(c in text for c in ' ="\n\t'):
        return json.dumps(text)
    return text


def setup_logging(level: str = "info", fmt: str = "logfmt") -> None:
    """Installs one stderr handler on the root logger; called once per process by the CLI."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter(fmt))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
