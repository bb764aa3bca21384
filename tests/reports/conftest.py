from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner, Result

from finops.cli import cli
from finops.db import migrate
from focus.load import load_file
from tests.focus_db.conftest import FIXTURES, SAMPLE


@pytest.fixture
def db(empty_db: str) -> str:
    """A fresh database with every migration applied."""
    migrate(empty_db)
    return empty_db


def midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def insert_costs(dsn: str, rows: Iterable[Mapping[str, Any]]) -> int:
    """FOCUS rows straight into finops.focus_costs: `day` (a one-day charge period) or `start`/`end`, and the
    columns the forecast reads; defaults for the rest."""
    values = []
    for i, row in enumerate(rows):
        start = row.get("start") or midnight(row["day"])
        end = row.get("end") or start + timedelta(days=1)
        values.append((
            f"row-{i}", start, end, row.get("provider", "AWS"), row.get("sub_account_id", "acct-1"),
            row.get("service_category", "Compute"), row.get("region_id", "us-east-1"), row.get("currency", "USD"),
            Decimal(str(row["cost"])), row.get("charge_category", "Usage"), row.get("resource_id"),
        ))
    with psycopg.connect(dsn) as conn:
        conn.cursor().executemany(
            "INSERT INTO finops.focus_costs (row_id, charge_period_start, charge_period_end, provider_name,"
            " sub_account_id, service_category, region_id, billing_currency, effective_cost, charge_category,"
            " resource_id, source, focus_version, load_id) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,"
            " 'test', '1.2', 1)",
            values,
        )
    return len(values)


FIXTURE_13 = FIXTURES / "focus-1.3-conformant.csv"
FIXTURE_12 = FIXTURES / "focus-1.2-conformant.csv"
JAN = (datetime.fromisoformat("2025-01-01T00:00:00+00:00"), datetime.fromisoformat("2025-02-01T00:00:00+00:00"))
SEPT = (datetime.fromisoformat("2024-09-01T00:00:00+00:00"), datetime.fromisoformat("2024-10-01T00:00:00+00:00"))


@pytest.fixture
def db13(db: str) -> str:
    """The FOCUS 1.3 conformant fixture loaded."""
    load_file(db, FIXTURE_13, mode="strict")
    return db


@pytest.fixture
def sample_db(db: str) -> str:
    """The official FOCUS 1.0 sample (1,000 rows, September 2024) loaded."""
    load_file(db, SAMPLE)
    return db


def query(dsn: str, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(dsn) as conn:
        conn.execute("SET TIME ZONE 'UTC'")
        return conn.execute(sql, params).fetchall()


def report_invoke(dsn: str, *args: str) -> Result:
    """`finops report ARGS --db.url DSN` as a user runs it."""
    return CliRunner().invoke(cli, ["report", *args, "--db.url", dsn], catch_exceptions=False)


def report_output(dsn: str, *args: str) -> str:
    """The standard output of a run that must succeed."""
    result = report_invoke(dsn, *args)
    assert result.exit_code == 0, result.output
    return str(result.stdout)
