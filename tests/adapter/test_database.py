"""db_operation: the one place that times, counts and maps the adapter's database errors."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors as pg_errors
from psycopg_pool import PoolTimeout

from finops.errors import UnavailableError
from remote_write_adapter.database import db_operation
from remote_write_adapter.metrics import AdapterMetrics


def sample(metrics: AdapterMetrics, name: str, operation: str) -> float:
    value = metrics.registry.get_sample_value(name, {"operation": operation})
    return value or 0.0


@pytest.mark.parametrize("error", [psycopg.OperationalError("connection lost"), PoolTimeout("no connection"),
                                   pg_errors.AdminShutdown("terminating connection")])
async def test_a_database_that_is_away_is_503_counted_and_timed(error: Exception) -> None:
    metrics = AdapterMetrics()
    with pytest.raises(UnavailableError, match="database unavailable"):
        async with db_operation(metrics, "series"):
            raise error
    assert sample(metrics, "finops_adapter_db_errors_total", "series") == 1
    assert sample(metrics, "finops_adapter_db_operation_duration_seconds_count", "series") == 1


async def test_other_database_errors_are_counted_and_pass_through() -> None:
    metrics = AdapterMetrics()
    with pytest.raises(pg_errors.UniqueViolation):
        async with db_operation(metrics, "metadata"):
            raise pg_errors.UniqueViolation("duplicate key")
    assert sample(metrics, "finops_adapter_db_errors_total", "metadata") == 1


async def test_success_is_timed_under_the_label_the_call_ends_with() -> None:
    metrics = AdapterMetrics()
    async with db_operation(metrics, "copy") as op:
        op.name = "copy_conflict"
    assert sample(metrics, "finops_adapter_db_operation_duration_seconds_count", "copy_conflict") == 1
    assert sample(metrics, "finops_adapter_db_operation_duration_seconds_count", "copy") == 0
    assert sample(metrics, "finops_adapter_db_errors_total", "copy_conflict") == 0
