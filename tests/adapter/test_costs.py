"""The cost path's decisions (remote_write_adapter/costs.py) one by one, against the real database: upsert,
newest sample wins, removal on a stale marker at a live scrape of the same exporter, the grace period for rows
that vanished while it was down, a row that comes back, a family that goes stale, the version, and rows or
series the table cannot take. The end-to-end scenario with a real Prometheus is tests/e2e/test_cost_path.py."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import psycopg
import pytest

from finops.prompb import compress
from remote_write_adapter.costs import REMOVAL_GRACE_MS, CostRowSink, CostSeries, cost_series_from_labels
from tests.adapter.conftest import STALE, T0, V1_HEADERS, Client
from tests.adapter.test_protocol import v1_request

ROW_A = "aaaaaaaaaaaaaaaaaaaa"
ROW_B = "bbbbbbbbbbbbbbbbbbbb"
START = "2024-09-02T00:00:00Z"
ORIGIN = (("job", "focus"), ("instance", "exporter:9101"), ("source", "bill"))
Point = tuple[CostSeries, list[int], list[float]]


def series(row: str, metric: str = "billed_cost", **labels: str) -> CostSeries:
    found = cost_series_from_labels([
        ("__name__", f"focus_{metric}"), ("focus_row_id", row), ("charge_period_start", START),
        ("billing_currency", "USD"), ("service_name", "Compute"), ("focus_version", "1.2"), *ORIGIN,
        *labels.items(),
    ])  # fmt: skip
    assert found is not None
    return found


def point(cost: CostSeries, *samples: tuple[int, float]) -> Point:
    return cost, [t for t, _ in samples], [v for _, v in samples]


@pytest.fixture
async def conn(dsn: str) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
    """A connection as the adapter's pool gives them (autocommit: the sink opens its own transactions)."""
    connection = await psycopg.AsyncConnection.connect(dsn, autocommit=True)
    try:
        yield connection
    finally:
        await connection.close()


async def table(conn: psycopg.AsyncConnection[Any]) -> dict[str, dict[str, Any]]:
    cur = await conn.execute(
        "SELECT row_id, billed_cost, effective_cost, service_name, focus_version, source, x_columns, loaded_at"
        " FROM finops.focus_costs ORDER BY row_id"
    )
    names = [d.name for d in cur.description or ()]
    return {row[0]: dict(zip(names, row, strict=True)) for row in await cur.fetchall()}


async def history(conn: psycopg.AsyncConnection[Any]) -> list[tuple[str, Decimal | None]]:
    cur = await conn.execute(
        "SELECT row_id, billed_cost FROM finops.focus_costs_history ORDER BY superseded_at, row_id"
    )
    return list(await cur.fetchall())


async def test_a_new_row_is_inserted_with_its_labels_and_a_resend_changes_nothing(
    conn: psycopg.AsyncConnection[Any],
) -> None:
    sink = CostRowSink()
    cost = series(ROW_A, x_CostCenter="cc-7", x__Id="11472", tags='{"env":"prod"}')
    effective = series(ROW_A, "effective_cost", x_CostCenter="cc-7", x__Id="11472", tags='{"env":"prod"}')
    points = [point(cost, (T0, 1.25)), point(effective, (T0, 1.0))]
    assert await sink.apply(conn, points) == 1
    row = (await table(conn))[ROW_A]
    assert (row["billed_cost"], row["effective_cost"]) == (Decimal("1.25"), Decimal("1.0"))
    assert row["service_name"] == "Compute" and row["focus_version"] == "1.2"
    assert row["source"] == "prometheus:focus/exporter:9101/bill"
    assert row["x_columns"] == {"x_CostCenter": "cc-7", "Id": "11472"}
    for _ in range(2):  # a re-sent batch, then a later scrape of the same values
        assert await sink.apply(conn, points) == 0
    assert await sink.apply(conn, [point(cost, (T0 + 15_000, 1.25))]) == 0
    assert (await table(conn))[ROW_A]["loaded_at"] == row["loaded_at"]
    assert await history(conn) == []


async def test_the_newest_sample_wins_and_the_replaced_version_goes_to_history(
    conn: psycopg.AsyncConnection[Any],
) -> None:
    sink = CostRowSink()
    cost = series(ROW_A)
    await sink.apply(conn, [point(cost, (T0 + 30_000, 2.0))])
    assert await sink.apply(conn, [point(cost, (T0, 1.0))]) == 0  # older: late or re-sent
    assert (await table(conn))[ROW_A]["billed_cost"] == Decimal("2.0")
    # several samples of one series in one request: the newest is the value
    assert await sink.apply(conn, [point(cost, (T0 + 60_000, 3.0), (T0 + 45_000, 9.0))]) == 1
    assert (await table(conn))[ROW_A]["billed_cost"] == Decimal("3.0")
    assert await history(conn) == [(ROW_A, Decimal("2.0"))]


async def test_a_row_leaves_on_a_stale_marker_stamped_at_a_live_scrape_in_either_order(
    conn: psycopg.AsyncConnection[Any],
) -> None:
    sink = CostRowSink()
    a, b = series(ROW_A), series(ROW_B)
    await sink.apply(conn, [point(a, (T0, 1.0)), point(b, (T0, 2.0))])
    # the scrape at T0+15s no longer has A: its stale marker and B's live sample carry the same time
    assert await sink.apply(conn, [point(a, (T0 + 15_000, STALE)), point(b, (T0 + 15_000, 2.0))]) == 1
    assert set(await table(conn)) == {ROW_B}
    assert await history(conn) == [(ROW_A, Decimal("1.0"))]
    # the two facts arriving in separate requests, stale marker first (another remote-write shard)
    await sink.apply(conn, [point(a, (T0 + 30_000, 5.0))])  # A comes back
    assert await sink.apply(conn, [point(a, (T0 + 45_000, STALE))]) == 0  # no live scrape at T0+45s seen yet
    assert set(await table(conn)) == {ROW_A, ROW_B}
    assert await sink.apply(conn, [point(b, (T0 + 45_000, 2.0))]) == 1
    assert set(await table(conn)) == {ROW_B}


async def test_a_failed_scrape_removes_nothing_until_the_grace_period_has_passed(
    conn: psycopg.AsyncConnection[Any],
) -> None:
    sink = CostRowSink()
    a, b = series(ROW_A), series(ROW_B)
    await sink.apply(conn, [point(a, (T0, 1.0)), point(b, (T0, 2.0))])
    # the exporter was down: Prometheus marks every series stale at T0+15s, no live sample carries that time
    stale = T0 + 15_000
    await sink.apply(conn, [point(a, (stale, STALE)), point(b, (stale, STALE))])
    assert set(await table(conn)) == {ROW_A, ROW_B}
    # it is back, serving B only (A vanished meanwhile): A stays for the grace period, then goes
    await sink.apply(conn, [point(b, (stale + 15_000, 2.0))])
    await sink.apply(conn, [point(b, (stale + REMOVAL_GRACE_MS - 1, 2.0))])
    assert set(await table(conn)) == {ROW_A, ROW_B}
    assert await sink.apply(conn, [point(b, (stale + REMOVAL_GRACE_MS, 2.0))]) == 1
    assert set(await table(conn)) == {ROW_B}


async def test_a_removed_row_comes_back_with_a_newer_sample_but_not_an_older_one(
    conn: psycopg.AsyncConnection[Any],
) -> None:
    sink = CostRowSink()
    a, b = series(ROW_A), series(ROW_B)
    await sink.apply(conn, [point(a, (T0, 1.0)), point(b, (T0, 2.0))])
    await sink.apply(conn, [point(a, (T0 + 15_000, STALE)), point(b, (T0 + 15_000, 2.0))])
    assert set(await table(conn)) == {ROW_B}
    assert await sink.apply(conn, [point(a, (T0 + 10_000, 1.0))]) == 0  # a late sample from before the removal
    assert set(await table(conn)) == {ROW_B}
    assert await sink.apply(conn, [point(a, (T0 + 30_000, 1.5))]) == 1
    assert (await table(conn))[ROW_A]["billed_cost"] == Decimal("1.5")


async def test_a_family_that_goes_stale_while_the_row_is_scraped_sets_its_column_null(
    conn: psycopg.AsyncConnection[Any],
) -> None:
    sink = CostRowSink()
    billed, effective = series(ROW_A), series(ROW_A, "effective_cost")
    await sink.apply(conn, [point(billed, (T0, 1.0)), point(effective, (T0, 0.5))])
    await sink.apply(conn, [point(billed, (T0 + 15_000, 1.0)), point(effective, (T0 + 15_000, STALE))])
    row = (await table(conn))[ROW_A]
    assert (row["billed_cost"], row["effective_cost"]) == (Decimal("1.0"), None)


async def test_a_series_without_a_version_is_stored_as_the_latest(conn: psycopg.AsyncConnection[Any]) -> None:
    found = cost_series_from_labels([
        ("__name__", "focus_billed_cost"), ("focus_row_id", ROW_A), ("charge_period_start", START), *ORIGIN,
    ])  # fmt: skip
    assert found is not None
    await CostRowSink().apply(conn, [point(found, (T0, 1.0))])
    assert (await table(conn))[ROW_A]["focus_version"] == "1.3"


@pytest.mark.parametrize(
    "bad",
    [
        [("service_name", "Com\x00pute")],
        [("tags", '{"env":"\\u0000"}')],
        [("x_Team", "a\x00b")],
        [("job", "fo\x00cus")],
        [("charge_period_start", "yesterday")],
        [("billing_period_start", "2024-13-01T00:00:00Z")],  # was sent to the database, failing every row
        [("focus_row_id", "../../etc")],
        [("focus_version", "2.0")],
    ],
)
def test_a_series_the_table_cannot_take_is_not_a_cost_series(
    bad: list[tuple[str, str]], caplog: pytest.LogCaptureFixture
) -> None:
    labels = dict([
        ("__name__", "focus_billed_cost"), ("focus_row_id", ROW_A), ("charge_period_start", START), *ORIGIN,
    ])  # fmt: skip
    labels.update(bad)
    with caplog.at_level(logging.WARNING, logger="remote_write_adapter.costs"):
        assert cost_series_from_labels(list(labels.items())) is None
    assert "is not used for the FOCUS table" in caplog.text


async def test_a_row_the_database_refuses_does_not_hold_back_the_others(
    conn: psycopg.AsyncConnection[Any], caplog: pytest.LogCaptureFixture
) -> None:
    # a label value too large for its index entry: storable text, but the database refuses the row
    huge = series(ROW_A, service_name=os.urandom(4000).hex())
    fine = series(ROW_B)
    with caplog.at_level(logging.WARNING, logger="remote_write_adapter.costs"):
        assert await CostRowSink().apply(conn, [point(huge, (T0, 1.0)), point(fine, (T0, 2.0))]) == 1
    assert set(await table(conn)) == {ROW_B}
    assert f"FOCUS row {ROW_A}" in caplog.text and "left out" in caplog.text


async def test_over_remote_write_a_hostile_cost_series_does_not_hold_back_the_rows_beside_it(
    client: Client, dsn: str
) -> None:
    # jsonb refuses \u0000 too: such a tags label failed the whole request's cost rows, on every re-send
    def labels(row: str, **extra: str) -> list[tuple[str, str]]:
        return [("__name__", "focus_billed_cost"), ("focus_row_id", row), ("charge_period_start", START),
                *ORIGIN, *extra.items()]  # fmt: skip

    body = compress(v1_request(
        (labels(ROW_A, tags='{"env":"\\u0000"}'), [(T0, 1.0)]),
        (labels(ROW_B, tags='{"env":"prod"}'), [(T0, 2.0)]),
    ))  # fmt: skip
    response = await client.post("/api/v1/write", data=body, headers=V1_HEADERS)
    assert response.status == 204, await response.text()
    with psycopg.connect(dsn) as sync:
        rows = sync.execute("SELECT row_id, billed_cost, tags FROM finops.focus_costs").fetchall()
        samples = sync.execute("SELECT count(*) FROM finops.samples").fetchone()
    assert rows == [(ROW_B, Decimal("2.0"), {"env": "prod"})]
    assert samples == (2,)  # both series' samples are stored as samples


async def test_numbers_inside_json_labels_reach_the_table_with_every_digit(
    conn: psycopg.AsyncConnection[Any],
) -> None:
    """A cost inside ContractApplied (FOCUS 1.3) is a JSON number: it went through float and lost digits."""
    contract = ('{"Elements":[{"ContractCommitmentAppliedCost":1234567.1234567890123456789,'
                '"ContractCommitmentId":"cc-1","ContractId":"c-1"}]}')
    cost = series(ROW_A, contract_applied=contract, tags='{"ratio":0.333333333333333333333333}')
    assert await CostRowSink().apply(conn, [point(cost, (T0, 1.0))]) == 1
    cur = await conn.execute("SELECT contract_applied::text, tags->>'ratio' FROM finops.focus_costs")
    stored, ratio = (await cur.fetchall())[0]
    assert "1234567.1234567890123456789" in stored
    assert ratio == "0.333333333333333333333333"
