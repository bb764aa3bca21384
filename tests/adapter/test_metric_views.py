"""prom_metric views: one distinct view per metric whatever its name (PostgreSQL truncates identifiers to 63
bytes), every label a column, label-less metrics included, and every skip recorded, logged once and counted."""

from __future__ import annotations

import logging
from typing import Any

import psycopg
import pytest

import finops.db
from finops.db import migrate
from finops.prompb import compress
from remote_write_adapter.protocol import ProtocolVersion, decode_write
from remote_write_adapter.storage import WriterOptions
from tests.adapter.conftest import T0, V2_HEADERS, Client, sample_writer
from tests.adapter.test_protocol import V2Builder, v1_request

SHARED = "é" * 31  # 62 bytes: two names that start with it share their first 63 bytes


async def write(client: Client, *series: tuple[list[tuple[str, str]], float]) -> None:
    b = V2Builder()
    for labels, value in series:
        b.series(labels).samples.add(value=value, timestamp=T0)
    resp = await client.post("/api/v1/write", data=compress(b.bytes()), headers=V2_HEADERS)
    assert resp.status == 204, await resp.text()


def refresh(dsn: str) -> dict[str, tuple[str, dict[str, str] | None]]:
    """metric -> (view name, label columns) after a refresh."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SELECT finops.refresh_metric_views()")
        rows = conn.execute("SELECT metric_name, view_name, label_columns FROM finops.metric_views").fetchall()
    return {metric: (view, columns) for metric, view, columns in rows}


def query(dsn: str, sql: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(dsn) as conn:
        return conn.execute(sql).fetchall()


async def test_metrics_sharing_their_first_63_bytes_get_distinct_views_of_their_own_data(
    client: Client, dsn: str
) -> None:
    a, b = SHARED + "a_seconds_total", SHARED + "b_seconds_total"
    await write(client, ([("__name__", a), ("job", "x")], 1.0), ([("__name__", b), ("job", "y")], 2.0),
                ([("__name__", "up"), ("job", "z")], 3.0))
    views = refresh(dsn)
    assert views["up"] == ("up", {"job": "job"})  # a name that fits is the view's name
    view_a, view_b = views[a][0], views[b][0]
    assert view_a != view_b
    for metric, view in ((a, view_a), (b, view_b)):  # documented: 54-byte prefix, '_', 8 hex digits of md5
        assert len(view.encode()) <= 63
        assert view == SHARED[:27] + "_" + query(dsn, f"SELECT left(md5('{metric}'), 8)")[0][0]
    assert query(dsn, f'SELECT value, job FROM prom_metric."{view_a}"') == [(1.0, "x")]
    assert query(dsn, f'SELECT value, job FROM prom_metric."{view_b}"') == [(2.0, "y")]
    assert query(dsn, f"SELECT view FROM finops.metrics WHERE metric_name = '{a}'") == [(f'prom_metric."{view_a}"',)]
    assert query(dsn, "SELECT count(*) FROM finops.metric_view_skips") == [(0,)]


async def test_a_metric_whose_only_label_is_its_name_gets_a_view(client: Client, dsn: str) -> None:
    await write(client, ([("__name__", "job:up:sum")], 7.0))
    assert refresh(dsn)["job:up:sum"] == ("job:up:sum", {})
    assert query(dsn, 'SELECT value, stale FROM prom_metric."job:up:sum"') == [(7.0, False)]


async def test_labels_colliding_after_truncation_or_named_like_a_fixed_column_get_their_own_columns(
    client: Client, dsn: str
) -> None:
    long_a, long_b = "k" * 70 + "_a", "k" * 70 + "_b"
    await write(client, ([("__name__", "m"), (long_a, "1"), (long_b, "2"), ("value", "label"), ("time", "t")], 5.0))
    columns = refresh(dsn)["m"][1]
    assert columns is not None
    assert len(set(columns.values())) == 4
    assert all(len(c.encode()) <= 63 for c in columns.values())
    cols = ", ".join(f'"{columns[k]}"' for k in (long_a, long_b, "value", "time"))
    assert query(dsn, f"SELECT value, {cols} FROM prom_metric.m") == [(5.0, "1", "2", "label", "t")]


async def test_a_view_is_recreated_only_when_its_label_columns_change(client: Client, dsn: str) -> None:
    await write(client, ([("__name__", "m"), ("a", "1")], 1.0))
    refresh(dsn)
    with psycopg.connect(dsn, autocommit=True) as conn:
        assert conn.execute("SELECT finops.refresh_metric_views()").fetchone() == (0,)
    await write(client, ([("__name__", "m"), ("b", "2")], 1.0))
    assert refresh(dsn)["m"] == ("m", {"a": "a", "b": "b"})


async def test_skips_are_recorded_logged_once_and_counted(dsn: str, caplog: pytest.LogCaptureFixture) -> None:
    wide = [("__name__", "wide"), *((f"l{i:04d}", "v") for i in range(1600))]
    async with sample_writer(dsn, WriterOptions()) as writer:
        outcome = await writer.write(decode_write(v1_request((wide, [(T0, 1.0)]), ([("__name__", "held"), ("a", "1")],
                                                                                  [(T0, 1.0)])), ProtocolVersion.V1))
        assert outcome.samples == 2
        views = refresh(dsn)
        assert views["wide"][1] is not None and len(views["wide"][1]) == 1595  # PostgreSQL's 1,600 columns less 5
        # another object depends on the view, so it cannot be replaced when its columns change
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("CREATE VIEW public.mine AS SELECT a FROM prom_metric.held")
        await writer.write(decode_write(v1_request(([("__name__", "held"), ("b", "2")], [(T0, 1.0)])),
                                        ProtocolVersion.V1))
        refresh(dsn)
    assert query(dsn, "SELECT metric_name, reason FROM finops.metric_view_skips ORDER BY 1") == [
        ("held", "view_error"), ("wide", "too_many_labels")]
    assert query(dsn, "SELECT a FROM public.mine ORDER BY 1") == [("1",), (None,)]  # the old view still serves
    caplog.set_level(logging.WARNING, logger="remote_write_adapter.storage")
    # start-up reports the skips nobody has reported yet: each once, however many processes start
    for expected in (1.0, None):
        async with sample_writer(dsn, WriterOptions()) as writer:
            for reason in ("too_many_labels", "view_error"):
                assert writer.metrics.registry.get_sample_value("finops_adapter_metric_view_skips_total",
                                                                {"reason": reason}) == expected
    logged = [r.getMessage() for r in caplog.records if "prom_metric view of" in r.getMessage()]
    assert len(logged) == 2
    assert any("too_many_labels" in m and "'wide'" in m for m in logged)


def test_upgrade_drops_views_made_under_truncated_names_and_keeps_the_exact_ones(
    empty_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    everything = finops.db.migrations()
    previous = [m for m in everything if m.version < 7]
    monkeypatch.setattr(finops.db, "migrations", lambda: previous)
    migrate(empty_db)  # the previous release's schema
    a, b = SHARED + "éa", SHARED + "éb"  # 33 characters (0001 took them for short), 66 bytes
    with psycopg.connect(empty_db, autocommit=True) as conn:
        for name, value in ((a, 1.0), (b, 2.0), ("up", 3.0)):
            (sid,) = conn.execute("SELECT id FROM finops.get_or_create_series(ARRAY[jsonb_build_object("
                                  "'__name__', %s::text, 'job', 'x')])", (name,)).fetchone() or (None,)
            conn.execute("INSERT INTO finops.samples VALUES (now(), %s, %s)", (sid, value))
        conn.execute("SELECT finops.refresh_metric_views()")
        legacy = [r[0] for r in conn.execute("SELECT viewname FROM pg_views WHERE schemaname = 'prom_metric' "
                                             "ORDER BY 1").fetchall()]
    assert legacy == ["up", SHARED]  # both long metrics went into one view under the truncated name
    monkeypatch.setattr(finops.db, "migrations", lambda: everything)
    migrate(empty_db)
    views = refresh(empty_db)
    assert sorted(query(empty_db, "SELECT viewname FROM pg_views WHERE schemaname = 'prom_metric'")) == sorted(
        [(views[a][0],), (views[b][0],), ("up",)])
    assert query(empty_db, f'SELECT value FROM prom_metric."{views[a][0]}"') == [(1.0,)]
    assert query(empty_db, f'SELECT value FROM prom_metric."{views[b][0]}"') == [(2.0,)]
    assert query(empty_db, "SELECT value FROM prom_metric.up") == [(3.0,)]


async def test_a_name_taken_by_something_else_in_the_schema_is_passed_over(client: Client, dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE prom_metric.up (x int)")
    await write(client, ([("__name__", "up"), ("job", "a")], 1.0))
    view = refresh(dsn)["up"][0]
    assert view == "up_" + query(dsn, "SELECT left(md5('up'), 8)")[0][0]
    assert query(dsn, f'SELECT value, job FROM prom_metric."{view}"') == [(1.0, "a")]
