"""Every database call of the adapter goes through `db_operation`, which owns its timing, its error count and the
one mapping Prometheus depends on: a database that is away (or a pool with no connection to give) is a 503, which
Prometheus retries.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import psycopg

from finops.errors import UnavailableError
from remote_write_adapter.metrics import AdapterMetrics


@dataclass
class DbOperation:
    """The operation label under which the call is timed and counted; a call may relabel itself while running
    (a COPY that fell back to the conflict-safe path is timed as `copy_conflict`)."""

    name: str


@asynccontextmanager
async def db_operation(metrics: AdapterMetrics, name: str) -> AsyncIterator[DbOperation]:
    """Times the block as `finops_adapter_db_operation_duration_seconds{operation}`, counts any database error in
    `finops_adapter_db_errors_total{operation}`, and raises UnavailableError (503) for a database that is down,
    restarting, saturated or out of pooled connections; other errors pass through."""
    op = DbOperation(name)
    started = time.perf_counter()
    try:
        yield op
    except psycopg.Error as exc:
        metrics.db_errors.labels(op.name).inc()
        if isinstance(exc, psycopg.OperationalError):
            raise UnavailableError(f"database unavailable: {exc}") from exc
        raise
    finally:
        metrics.db_duration.labels(op.name).observe(time.perf_counter() - started)
