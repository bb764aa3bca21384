from __future__ import annotations

import concurrent.futures
import shutil
import struct
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import psycopg
import pytest

from finops.db import SQL_DIR, drop_old_data, migrate
from focus import sqlgen
from focus.columns import Category, Column, DataType, FeatureLevel, all_columns

MIGRATIONS = SQL_DIR / "migrations"
#: information_schema's spelling of the model's SQL types
CATALOG_TYPES = {"text": "text", "numeric": "numeric", "timestamptz": "timestamp with time zone", "jsonb": "jsonb"}


def test_the_focus_tables_all_migrations_define_have_every_model_column() -> None:
    """Schema changes are new migrations: the generator reads them all and finds nothing missing (a new model
    column makes it print a new migration instead; it never rewrites an applied one)."""
    found = sqlgen.drift(sqlgen.read_schema())
    assert found.unfixable == []
    assert found.missing == {sqlgen.TABLE: [], sqlgen.HISTORY: []}
    assert found.view_missing == []
    assert sqlgen.main(["--check"]) == 0


def test_migrated_focus_tables_have_every_model_column_with_its_type(empty_db: str) -> None:
    """The catalog of a migrated database agrees with the generator's reading of the migrations."""
    migrate(empty_db)
    with psycopg.connect(empty_db) as conn:
        for table in ("focus_costs", "focus_costs_history", "focus"):
            columns: dict[str, str] = dict(conn.execute(
                "SELECT column_name, data_type FROM information_schema.columns"
                " WHERE table_schema = 'finops' AND table_name = %s", (table,)).fetchall())  # fmt: skip
            for col in all_columns():
                name = col.name if table == "focus" else col.sql_name
                assert columns.get(name) == CATALOG_TYPES[col.sql_type], (table, name)
    schema = sqlgen.read_schema()
    assert [c.sql_name for c in all_columns()] == list(schema.tables[sqlgen.TABLE])[: len(all_columns())]


def _new_column() -> Column:
    """A column a later FOCUS version might add."""
    return Column("CarbonEmissions", Category.METRIC, DataType.DECIMAL,
                  MappingProxyType({"1.3": FeatureLevel.CONDITIONAL}), nullable=True)  # fmt: skip


def test_a_new_model_column_becomes_a_new_additive_migration(
    empty_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The model gains a column: --check fails, the printed migration adds it to both tables and the view's
    end, applies on a database that has rows (twice, harmlessly), and afterwards nothing is missing."""
    model = [*all_columns(), _new_column()]
    monkeypatch.setattr(sqlgen, "all_columns", lambda: model)
    before = sorted(p.name for p in MIGRATIONS.glob("*.sql"))
    assert sqlgen.main(["--check"]) == 1
    text, hint = capsys.readouterr()
    assert sorted(p.name for p in MIGRATIONS.glob("*.sql")) == before  # printed, nothing written
    assert "ADD COLUMN IF NOT EXISTS carbon_emissions numeric" in text
    assert "CREATE TABLE" not in text and "DROP" not in text
    assert sqlgen.next_migration_name() in hint

    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, folder)
    migrate(empty_db)
    with psycopg.connect(empty_db, autocommit=True) as conn:
        conn.execute("INSERT INTO finops.focus_costs (charge_period_start, billed_cost, row_id, source, focus_version,"
                     " load_id) VALUES ('2025-01-15T00:00:00Z', 1.5, 'r1', 'test', '1.2', 1)")  # fmt: skip
        for _ in range(2):
            conn.execute(text.encode())
        view = [r[0] for r in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'finops'"
            " AND table_name = 'focus' ORDER BY ordinal_position").fetchall()]  # fmt: skip
        row = conn.execute('SELECT "BilledCost", "CarbonEmissions" FROM finops.focus').fetchone()
        history = conn.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'finops'"
            " AND table_name = 'focus_costs_history' AND column_name = 'carbon_emissions'").fetchone()  # fmt: skip
    assert view[-1] == "CarbonEmissions" and view[:-1] == [c.name for c in all_columns()] + [
        "x_columns", "x_Source", "x_FocusVersion"]  # fmt: skip
    assert row is not None and (str(row[0]), row[1]) == ("1.5", None)
    assert history == (1,)
    (folder / sqlgen.next_migration_name(folder)).write_text(text)
    assert sqlgen.main(["--check", "--migrations", str(folder)]) == 0


def test_a_type_change_is_reported_not_generated(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    changed = [replace(c, data_type=DataType.STRING) if c.name == "BilledCost" else c for c in all_columns()]
    monkeypatch.setattr(sqlgen, "all_columns", lambda: changed)
    assert sqlgen.main([]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "focus_costs.billed_cost is numeric in the migrations, text in the model" in err


def test_reading_follows_alter_statements(tmp_path: Path) -> None:
    """ADD (several at once), DROP, RENAME and TYPE changes, in file order, after CREATE TABLE ... LIKE."""
    (tmp_path / "0001_a.sql").write_text(
        "CREATE TABLE IF NOT EXISTS finops.focus_costs (a text, b numeric(12, 2) NOT NULL DEFAULT 0,"
        " CONSTRAINT k UNIQUE (a));\n-- ALTER TABLE finops.focus_costs ADD COLUMN commented_out text;\n"
        "CREATE TABLE finops.focus_costs_history (LIKE finops.focus_costs, extra bigint);\n"
    )
    (tmp_path / "0002_b.sql").write_text(
        "ALTER TABLE finops.focus_costs ADD COLUMN IF NOT EXISTS c jsonb, ADD d timestamptz,"
        " ADD CONSTRAINT c_k CHECK (c IS NOT NULL);\n"
        "ALTER TABLE IF EXISTS finops.focus_costs DROP COLUMN IF EXISTS a, RENAME COLUMN d TO e;\n"
        "ALTER TABLE finops.focus_costs ALTER COLUMN b TYPE numeric USING b::numeric;\n"
    )
    schema = sqlgen.read_schema(tmp_path)
    assert schema.tables[sqlgen.TABLE] == {"b": "numeric", "c": "jsonb", "e": "timestamptz"}
    assert schema.tables[sqlgen.HISTORY] == {"a": "text", "b": "numeric(12, 2)", "extra": "bigint"}
    assert schema.dropped == {sqlgen.TABLE: {"a"}}


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
    assert {"samples_hot", "sample_blocks", "exemplars", "histograms", "focus_costs"} <= hypertables
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
        row = conn.execute(
            "SELECT id FROM finops.get_or_create_series(ARRAY['{\"__name__\": \"m\"}'::jsonb])").fetchone()
        assert row is not None
        (sid,) = row
        conn.execute("INSERT INTO finops.samples VALUES (now() - interval '9 days', %s, 1), (now(), %s, 2)",
                     (sid, sid))
        parts = conn.execute("SELECT count(*) FROM pg_inherits WHERE inhparent = 'finops.samples_hot'::regclass"
                             ).fetchone()
        assert parts is not None and parts[0] >= 10 * 12  # 2-hour windows
    dropped = drop_old_data(empty_db, 5 * 86400)
    assert dropped["samples_hot"] >= 4 * 12
    with psycopg.connect(empty_db) as conn:
        remaining = conn.execute("SELECT value FROM finops.samples").fetchall()
    assert remaining == [(2.0,)]


def test_retention_drops_old_chunks_on_timescaledb(empty_db: str) -> None:
    migrate(empty_db)
    with psycopg.connect(empty_db, autocommit=True) as conn:
        row = conn.execute(
            "SELECT id FROM finops.get_or_create_series(ARRAY['{\"__name__\": \"m\"}'::jsonb])").fetchone()
        assert row is not None
        (sid,) = row
        conn.execute("INSERT INTO finops.samples VALUES (now() - interval '30 days', %s, 1), (now(), %s, 2)",
                     (sid, sid))
    dropped = drop_old_data(empty_db, 7 * 86400)
    assert dropped["samples_hot"] == 1
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
