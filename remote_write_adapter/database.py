"""Every database call of the adapter goes through `db_operation`, which owns its timing, its error count and the
one mapping Prometheus depends on: a database that is away (or a pool with no connection to give) is a 503, which
Prometheus retries, while an input the database refuses is not, since it would be refused again on every retry:
`isolate_refused` finds such rows so that they are rejected alone and the rest of the request is written.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TypeVar

import psycopg

from finops.errors import UnavailableError
from remote_write_adapter.metrics import AdapterMetrics

T = TypeVar("T")
R = TypeVar("R")


def refused_input(exc: psycopg.Error) -> bool:
    """True for errors the same input gets again: data exceptions (SQLSTATE class 22, and psycopg's own refusal
    of a NUL in text) and program limits (class 54, e.g. an index row too large), which psycopg files under
    OperationalError beside the transient failures."""
    return isinstance(exc, psycopg.DataError) or (exc.sqlstate or "").startswith(("22", "54"))


async def isolate_refused(
    rows: Sequence[T], attempt: Callable[[Sequence[T]], Awaitable[R]]
) -> tuple[list[R], list[tuple[T, str]]]:
    """Runs `attempt` (one statement, atomic) on all rows; when the database refuses the input, bisects down to
    the rows it refuses and writes the others. Returns the results of the attempts that succeeded and each refused
    row with the database's message. The input checks should leave nothing to find: this is the net under them,
    and only a refused batch pays for the search (about 2·log2(n) statements per refused row)."""
    if not rows:
        return [], []
    try:
        return [await attempt(rows)], []
    except psycopg.Error as exc:
        if not refused_input(exc):
            raise
        if len(rows) == 1:
            return [], [(rows[0], exc.diag.message_primary or str(exc))]
    half = len(rows) // 2
    done, refused = await isolate_refused(rows[:half], attempt)
    more, also_refused = await isolate_refused(rows[half:], attempt)
    return done + more, refused + also_refused


@dataclass
class DbOperation:
    """The operation label under which the call is timed and counted; a call may relabel itself while running
    (a COPY that fell back to the conflict-safe path is timed as `copy_conflict`)."""

    name: str


@asynccontextmanager
async def db_operation(metrics: AdapterMetrics, name: str) -> AsyncIterator[DbOperation]:
    """Times the block as `finops_adapter_db_operation_duration_seconds{operation}`, counts any database error in
    `finops_adapter_db_errors_total{operation}`, and raises UnavailableError (503) for a database that is down,
    restarting, saturated or out of pooled connections; other errors (refused input, bugs) pass through."""
    op = DbOperation(name)
    started = time.perf_counter()
    try:
        yield op
    except psycopg.Error as exc:
        metrics.db_errors.labels(op.name).inc()
        if isinstance(exc, psycopg.OperationalError) and not refused_input(exc):
            raise UnavailableError(f"database unavailable: {exc}") from exc
        raise
    finally:
        metrics.db_duration.labels(op.name).observe(time.perf_counter() - started)
