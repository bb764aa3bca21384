"""One base exception for the project and one subclass per kind of failure, so handlers map kinds, not messages."""

from __future__ import annotations


class FinopsError(Exception):
    """Base of every error the project raises on purpose."""


class ConfigError(FinopsError):
    """Configuration is invalid; carries every problem found, so users fix them all in one go."""

    def __init__(self, problems: list[str], source: str = "configuration") -> None:
        self.problems = list(problems)
        self.source = source
        if len(self.problems) == 1:  # one problem, one line
            super().__init__(f"invalid {source}: {self.problems[0]}")
        else:
            listing = "\n".join(f"  - {p}" for p in self.problems)
            super().__init__(f"invalid {source}:\n{listing}")


class BadInputError(FinopsError):
    """Input from a client or a file is malformed; answered with 4xx or a readable report, never a crash."""


class UnsupportedMediaError(BadInputError):
    """Content type or encoding we do not speak (HTTP 415)."""


class PayloadTooLargeError(BadInputError):
    """Declared or actual size above the configured limit (HTTP 413)."""


class UnavailableError(FinopsError):
    """A dependency (the database) is down or saturated; the caller should retry later (HTTP 503)."""


class StartupError(FinopsError):
    """A service cannot start: something its configuration names (the database, a listen address, a TLS file)
    is unreachable, refuses it or is unusable. The message is one line naming the setting and the cause."""


class SourceError(FinopsError):
    """An exporter's source (file, HTTP API, cloud SDK) failed to deliver a snapshot."""
