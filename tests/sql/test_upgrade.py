"""Upgrading a database made by the previous release gives the schema of a fresh one and keeps its data.

The previous release's migrations are kept as test data (fixtures/schema-v0.1.0: sql/migrations as of commit
82b442f), so the test needs no git history. Everything is compared generically, from the catalogs, whatever
migrations exist: tables, columns and types, indexes, constraints, functions, views, triggers, types, the
TimescaleDB hypertables and jobs, and the migration bookkeeping.
"""

from __future__ import annotations

import functools
import json
import shutil
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

import finops.db
from finops.db import SQL_DIR, MigrationResult, migrate, migrations

PREVIOUS = Path(__file__).resolve().parent / "fixtures" / "schema-v0.1.0"

#: Rows of every kind the previous release stored, written with its schema (plain SQL, so the test does not
#: depend on today's loaders speaking yesterday's schema), then the metric views its adapter would have made.
DATA = """
INSERT INTO finops.series (metric_name, labels) VALUES
    ('up', '{"__name__": "up", "job": "node", "instance": "a:9100"}'),
    ('azure_vm_cpu_utilization_percent',
     '{"__name__": "azure_vm_cpu_utilization_percent", "resource_id": "/subscriptions/s1/vms/vm1"}');
INSERT INTO finops.samples (time, series_id, value)
    SELECT t, s.id, 0.5 * s.id FROM finops.series s,
           (VALUES (timestamptz '2025-01-15T00:00:00Z'), ('2025-01-15T01:00:00Z')) AS v(t);
INSERT INTO finops.samples (time, series_id, value)
    SELECT '2025-01-15T02:00:00Z', id, 'NaN' FROM finops.series WHERE metric_name = 'up';
INSERT INTO finops.exemplars (time, series_id, value, labels)
    SELECT '2025-01-15T00:00:00Z', id, 1, '{"trace_id": "abc"}' FROM finops.series WHERE metric_name = 'up';
INSERT INTO finops.histograms (time, series_id, count, sum, histogram)
    SELECT '2025-01-15T00:00:00Z', id, 3, 4.5, '\\x0102' FROM finops.series WHERE metric_name = 'up';
INSERT INTO finops.metric_metadata (metric_family_name, type, help, unit) VALUES ('up', 'gauge', 'target up', '');
INSERT INTO finops.focus_loads (source, content_sha256, focus_version, scopes, rows_loaded, location)
    VALUES ('bills', 'c0ffee', '1.2', '[["AWS", "acct-1", "2025-01-01T00:00:00Z"]]', 2, '/bills/2025-01.csv');
INSERT INTO finops.focus_costs (charge_period_start, charge_period_end, billing_period_start, billing_period_end,
                                billed_cost, effective_cost, list_cost, contracted_cost, billing_currency,
                                provider_name, billing_account_id, resource_id, service_name, tags, x_columns,
                                row_id, source, focus_version, load_id)
    VALUES ('2025-01-15T00:00:00Z', '2025-01-16T00:00:00Z', '2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z',
            0.9984, 0.9984, 0.9984, 0.9984, 'USD', 'AWS', 'acct-1', '/subscriptions/s1/vms/vm1', 'Amazon EC2',
            '{"env": "prod"}', '{"x_Team": "finops"}', 'r1', 'bills', '1.2', 1),
           ('2025-01-16T00:00:00Z', '2025-01-17T00:00:00Z', '2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z',
            1.25, 1.25, 1.25, 1.25, 'USD', 'AWS', 'acct-1', NULL, 'Tax', NULL, '{}', 'r2', 'bills', '1.2', 1);
INSERT INTO finops.focus_costs_history (charge_period_start, billed_cost, effective_cost, list_cost,
                                        contracted_cost, x_columns, row_id, source, focus_version, load_id,
                                        loaded_at, superseded_at, superseded_by_load)
    VALUES ('2025-01-14T00:00:00Z', 2, 2, 2, 2, '{}', 'r0', 'bills', '1.2', 1, '2025-01-20T00:00:00Z',
            '2025-01-21T00:00:00Z', 1);
INSERT INTO finops.focus_live_rows (row_id, charge_period_start, origin, seen_ms, columns)
    VALUES ('r1', '2025-01-15T00:00:00Z', 'job/instance/source', 1736899200000, '{"billed_cost": [1, null, 0.9984]}');
INSERT INTO finops.focus_origins (origin, load_id, last_live_ms) VALUES ('job/instance/source', 1, 1736899200000);
INSERT INTO finops.focus_origin_scrapes (origin, scraped_ms) VALUES ('job/instance/source', 1736899200000);
SELECT finops.refresh_metric_views();
"""

_USER_SCHEMAS = r"""
    SELECT n.oid FROM pg_namespace n
    WHERE n.nspname NOT IN ('information_schema') AND n.nspname NOT LIKE 'pg\_%'
      AND n.nspname NOT LIKE '\_timescaledb%' AND n.nspname NOT LIKE 'timescaledb\_%'
"""


def _not_extension(oid: str) -> str:
    """Objects an extension owns (TimescaleDB's functions in public) are the extension's, not ours."""
    return f"NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = {oid} AND d.deptype = 'e')"


CATALOG: dict[str, str] = {
    "schemas": f"""
        SELECT nspname, coalesce(nspacl::text, ''), coalesce(obj_description(oid, 'pg_namespace'), '')
        FROM pg_namespace WHERE oid IN ({_USER_SCHEMAS})""",
    "relations": f"""
        SELECT n.nspname, c.relname, c.relkind, c.relpersistence, coalesce(c.relacl::text, ''),
               coalesce(obj_description(c.oid, 'pg_class'), ''), coalesce(pg_get_partkeydef(c.oid), '')
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.oid IN ({_USER_SCHEMAS}) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c')
          AND {_not_extension("c.oid")}""",
    "columns": f"""
        SELECT n.nspname, c.relname,
               row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum), a.attname,
               format_type(a.atttypid, a.atttypmod), a.attnotnull, coalesce(pg_get_expr(ad.adbin, ad.adrelid), ''),
               a.attidentity, a.attgenerated, coalesce(col_description(c.oid, a.attnum), '')
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        WHERE n.oid IN ({_USER_SCHEMAS}) AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c')
          AND a.attnum > 0 AND NOT a.attisdropped AND {_not_extension("c.oid")}""",
    "indexes": f"""
        SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes
        WHERE schemaname IN (SELECT nspname FROM pg_namespace WHERE oid IN ({_USER_SCHEMAS}))""",
    "constraints": f"""
        SELECT n.nspname, coalesce(c.relname, ''), con.conname, con.contype, pg_get_constraintdef(con.oid)
        FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace
        LEFT JOIN pg_class c ON c.oid = con.conrelid
        WHERE n.oid IN ({_USER_SCHEMAS}) AND {_not_extension("con.oid")}""",
    "functions": f"""
        SELECT n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prokind,
               CASE WHEN p.prokind IN ('f', 'p', 'w') THEN pg_get_functiondef(p.oid) ELSE '' END,
               coalesce(obj_description(p.oid, 'pg_proc'), ''), coalesce(p.proacl::text, '')
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.oid IN ({_USER_SCHEMAS}) AND {_not_extension("p.oid")}""",
    "views": f"""
        SELECT n.nspname, c.relname, pg_get_viewdef(c.oid)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.oid IN ({_USER_SCHEMAS}) AND c.relkind IN ('v', 'm') AND {_not_extension("c.oid")}""",
    "triggers": f"""
        SELECT n.nspname, c.relname, t.tgname, pg_get_triggerdef(t.oid)
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.oid IN ({_USER_SCHEMAS}) AND NOT t.tgisinternal""",
    "types": f"""
        SELECT n.nspname, t.typname, t.typtype, format_type(t.typbasetype, t.typtypmod),
               coalesce((SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                         FROM pg_enum e WHERE e.enumtypid = t.oid), '')
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.oid IN ({_USER_SCHEMAS}) AND t.typtype IN ('e', 'd', 'r', 'm') AND {_not_extension("t.oid")}""",
    "policies": f"""
        SELECT schemaname, tablename, policyname, cmd, coalesce(qual, ''), coalesce(with_check, '')
        FROM pg_policies
        WHERE schemaname IN (SELECT nspname FROM pg_namespace WHERE oid IN ({_USER_SCHEMAS}))""",
    "extensions": "SELECT extname, extversion FROM pg_extension",
    "hypertables": """
        SELECT d.hypertable_schema, d.hypertable_name, d.column_name, d.dimension_type,
               coalesce(d.time_interval::text, ''), coalesce(d.integer_interval::text, '')
        FROM timescaledb_information.dimensions d""",
    "jobs": """
        SELECT proc_schema, proc_name, coalesce(hypertable_schema, ''), coalesce(hypertable_name, ''),
               schedule_interval::text, coalesce(config::text, '')
        FROM timescaledb_information.jobs""",
    "migrations": "SELECT version, name FROM finops.schema_migrations",
    "storage": "SELECT key, value FROM finops.storage_info",
}


def catalog(dsn: str) -> dict[str, list[tuple[Any, ...]]]:
    """What the migrations made, from the catalogs, every list in a stable order."""
    with psycopg.connect(dsn) as conn:
        return {kind: sorted(conn.execute(query).fetchall(), key=repr) for kind, query in CATALOG.items()}


def stored_rows(dsn: str) -> dict[str, tuple[list[str], Counter[str]]]:
    """Every table of the finops schema: its columns and its rows (as JSON text, counted)."""
    with psycopg.connect(dsn) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'finops' AND c.relkind IN ('r', 'p')").fetchall()]  # fmt: skip
        result: dict[str, tuple[list[str], Counter[str]]] = {}
        for table in tables:
            columns = [r[0] for r in conn.execute(
                "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0"
                " AND NOT attisdropped ORDER BY attnum", (f"finops.{table}",)).fetchall()]  # fmt: skip
            result[table] = (columns, _rows(conn, table, columns))
    return result


def _rows(conn: psycopg.Connection[Any], table: str, columns: list[str]) -> Counter[str]:
    query = psycopg.sql.SQL("SELECT row_to_json(t)::text FROM (SELECT {} FROM finops.{}) t").format(
        psycopg.sql.SQL(", ").join(map(psycopg.sql.Identifier, columns)), psycopg.sql.Identifier(table)
    )
    return Counter(r[0] for r in conn.execute(query).fetchall())


@contextmanager
def migrations_from(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`finops db migrate` as a release whose sql/migrations held `folder` would have run it."""
    with monkeypatch.context() as patch:
        patch.setattr(finops.db, "migrations", functools.partial(migrations, folder))
        yield


def _load(dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(DATA.encode())


def test_the_previous_release_s_migrations_are_unchanged_today() -> None:
    """Migrations are never edited: each file of the previous release is still there, byte for byte."""
    previous = migrations(PREVIOUS)
    assert previous, PREVIOUS
    current = {m.path.name: m.path.read_bytes() for m in migrations(SQL_DIR / "migrations")}
    for migration in previous:
        assert current.get(migration.path.name) == migration.path.read_bytes(), migration.path.name


@dataclass
class Upgrade:
    """An old database upgraded to `today`'s migrations, next to a fresh one made by them."""

    applied: list[str]
    expected: list[str]  # the migrations the previous release lacked
    differences: list[str]  # catalog kinds in which the two databases differ
    lost: dict[str, list[str]]  # rows of the old database missing after the upgrade, per table
    rows_before: dict[str, tuple[list[str], Counter[str]]]
    fresh: dict[str, list[tuple[Any, ...]]]


def upgrade(pg_cluster: Any, monkeypatch: pytest.MonkeyPatch, today: Path) -> Upgrade:
    with pg_cluster.database() as upgraded, pg_cluster.database() as fresh:
        with migrations_from(PREVIOUS, monkeypatch):
            old = migrate(upgraded)
        assert old.applied == [p.stem for p in sorted(PREVIOUS.glob("*.sql"))]
        _load(upgraded)
        before = stored_rows(upgraded)
        with migrations_from(today, monkeypatch):
            result: MigrationResult = migrate(upgraded)  # today's migrations over yesterday's database
            migrate(fresh)
        _load(fresh)
        previous = {m.version for m in migrations(PREVIOUS)}
        expected = [f"{m.version:04d}_{m.name}" for m in migrations(today) if m.version not in previous]
        upgraded_catalog, fresh_catalog = catalog(upgraded), catalog(fresh)
        lost: dict[str, list[str]] = {}
        with psycopg.connect(upgraded) as conn:
            # a table may become a view over what replaced it (finops.samples, migration 0009): read through the name
            tables = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'finops' "
                                                 "UNION SELECT viewname FROM pg_views WHERE schemaname = 'finops'")}
            for table, (columns, rows) in before.items():
                if table not in tables:
                    lost[table] = sorted(rows)
                    continue
                missing = rows - _rows(conn, table, columns)  # the columns it had, whatever was added since
                if missing:
                    lost[table] = sorted(missing)
        differences = [kind for kind in CATALOG if upgraded_catalog[kind] != fresh_catalog[kind]]
        return Upgrade(result.applied, expected, differences, lost, before, fresh_catalog)


def test_upgrading_the_previous_release_equals_a_fresh_database_and_keeps_the_data(
    pg_cluster: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    done = upgrade(pg_cluster, monkeypatch, SQL_DIR / "migrations")
    assert done.applied == done.expected
    assert done.differences == []
    assert done.lost == {}
    assert any(r[1] == "focus_costs" for r in done.fresh["relations"])  # it really compared
    assert any(r[0] == "prom_metric" and r[1] == "up" for r in done.fresh["views"])
    assert sum(len(rows) for _, rows in done.rows_before.values()) > 15
    costs = [json.loads(r) for r in done.rows_before["focus_costs"][1]]
    assert sorted(c["billed_cost"] for c in costs) == [0.9984, 1.25]


def test_the_comparison_catches_an_edited_migration_and_a_migration_that_loses_rows(
    pg_cluster: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Two classic upgrade bugs: a column added by editing an applied CREATE TABLE (old databases never get it),
    and a migration that deletes rows."""
    today = tmp_path / "migrations"
    shutil.copytree(PREVIOUS, today)
    edited = today / "0004_focus_loads.sql"
    edited.write_text(edited.read_text().replace("ADD COLUMN IF NOT EXISTS location text,",
                                                 "ADD COLUMN IF NOT EXISTS location text, ADD COLUMN note text,"))
    (today / "0099_cleanup.sql").write_text("DELETE FROM finops.focus_costs WHERE billed_cost > 1;\n")
    done = upgrade(pg_cluster, monkeypatch, today)
    assert done.applied == done.expected == ["0099_cleanup"]
    assert done.differences == ["columns"]
    assert list(done.lost) == ["focus_costs"] and '"billed_cost":1.25' in done.lost["focus_costs"][0]
