from __future__ import annotations

import concurrent.futures
import struct

import psycopg

from finops.db import SQL_DIR, drop_old_data, migrate
from focus.columns import all_columns
from focus.sqlgen import render


def test_focus_table_migration_is_generated_from_the_column_model() -> None:
    assert (SQL_DIR / "migrations" / "0003_focus_costs.sql").read_text() == render()


def test_migrate_twice_and_concurrently_is_safe(empty_db: str) -> None:
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        results = list(pool.map(migrate, [empty_db] * 3))
    applied = [r.applied for r in results]
    assert sorted(len(a) for a in applied)[-1] >= 3
    assert sum(len(a) for a in applied) == len(max(applied, key=len))  # each migration applied exactly once
    again = migrate(empty_db)
    assert again.applied == []
    assert again.engine == "timescaledb"
    assert again.license == "apache"


def test_samples_and_focus_tables_are_hypertables_with_the_model_columns(empty_db: str) -> None:
    migrate(empty_db)
    with psycopg.connect(empty_db) as conn:
        hypertables = {r[0] for r in conn.execute(
            "SELECT hypertable_name FROM timescaledb_information.hypertables WHERE hypertable_schema = 'finops'")}
        columns = {r[0]: r[1] for r in conn.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'finops' AND table_name = 'focus_costs'")}
        compression = conn.execute("SELECT value FROM finops.storage_info WHERE key = 'compression'").fetchone()
    assert {"samples", "exemplars", "histograms", "focus_costs"} <= hypertables
    for col in all_columns():
        assert col.sql_name in columns, col.name
    assert columns["billed_cost"] == "numeric"
    assert columns["charge_period_start"] == "timestamp with time zone"
    assert columns["tags"] == "jsonb"
    assert compression == ("unavailable",)  # the Apache build has no compression: degraded, recorded


def test_plain_postgresql_without_the_extension_uses_partitions_and_retention_drops_them(empty_db: str) -> None:
    result = migrate(empty_db, use_timescaledb=False)
    assert result.engine == "postgresql"
    assert result.license is None
    with psycopg.connect(empty_db, autocommit=True) as conn:
        conn.execute("SELECT finops.ensure_partitions(now() - interval '10 days', now())")
        (sid,) = conn.execute(
            "SELECT id FROM finops.get_or_create_series(ARRAY['{\"__name__\": \"m\"}'::jsonb])").fetchone()  # type: ignore[misc]
        conn.execute("INSERT INTO finops.samples VALUES (now() - interval '9 days', %s, 1), (now(), %s, 2)",
                     (sid, sid))
        parts = conn.execute("SELECT count(*) FROM pg_inherits WHERE inhparent = 'finops.samples'::regclass").fetchone()
        assert parts is not None and parts[0] >= 11
    dropped = drop_old_data(empty_db, 5 * 86400)
    assert dropped["samples"] >= 4
    with psycopg.connect(empty_db) as conn:
        remaining = conn.execute("SELECT value FROM finops.samples").fetchall()
    assert remaining == [(2.0,)]


def test_retention_drops_old_chunks_on_timescaledb(empty_db: str) -> None:
    migrate(empty_db)
    with psycopg.connect(empty_db, autocommit=True) as conn:
        (sid,) = conn.execute(
            "SELECT id FROM finops.get_or_create_series(ARRAY['{\"__name__\": \"m\"}'::jsonb])").fetchone()  # type: ignore[misc]
        conn.execute("INSERT INTO finops.samples VALUES (now() - interval '30 days', %s, 1), (now(), %s, 2)",
                     (sid, sid))
    dropped = drop_old_data(empty_db, 7 * 86400)
    assert dropped["samples"] == 1
    with psycopg.connect(empty_db) as conn:
        assert conn.execute("SELECT value FROM finops.samples").fetchall() == [(2.0,)]


def test_series_get_or_create_is_idempotent_and_order_insensitive(empty_db: str) -> None:
    migrate(empty_db)
    with psycopg.connect(empty_db, autocommit=True) as conn:
        first = conn.execute("SELECT ord, id FROM finops.get_or_create_series(%s::jsonb[]) ORDER BY ord",
                             (['{"__name__": "up", "job": "a"}', '{"job": "a", "__name__": "up"}'],)).fetchall()
        assert first[0][1] == first[1][1]
        count = conn.execute("SELECT count(*) FROM finops.series").fetchone()
        assert count == (1,)


def test_stale_marker_is_recognised_by_its_bits(empty_db: str) -> None:
    migrate(empty_db)
    stale = struct.unpack(">d", bytes.fromhex("7ff0000000000002"))[0]
    with psycopg.connect(empty_db) as conn:
        row = conn.execute("SELECT finops.is_stale_marker(%s), finops.is_stale_marker('NaN'), "
                           "finops.is_stale_marker(1.0)", (stale,), binary=True).fetchone()
    assert row == (True, False, False)
