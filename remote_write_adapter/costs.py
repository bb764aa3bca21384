"""The cost path: the FOCUS cost exporter's series, seen in the remote-write stream, maintain rows of the
FOCUS cost table, so the table stays exact however often Prometheus scrapes, re-sends or retries.

Contract with the exporter (exporters/focus_cost): a cost metric is `focus_<sql name of a FOCUS metric
column>` (e.g. `focus_billed_cost`) with a `focus_row_id` label (focus/identity.py); labels named like the SQL
name of a FOCUS dimension column fill that column, `tags` holds the Tags object as JSON, `x_*` labels are
custom columns. Values are float64 on the wire and stored as the shortest decimal that reads back as the same
float (exact for costs of up to 15 significant digits).

Rows are upserted by (row_id, charge_period_start): a restated cost updates the row in place. A row leaves
the current table (into focus_costs_history) when its series got a stale marker at time S and the same origin
(job, instance, source) delivered live cost samples at or after S: the row vanished from a successful scrape.
A down exporter makes every series stale at once with no live sample after it, so it removes nothing.
"""

from __future__ import annotations

import json
import logging
import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from psycopg import AsyncConnection, sql

from focus.columns import LATEST_VERSION, Category, all_columns

log = logging.getLogger(__name__)

COST_METRIC_PREFIX = "focus_"
ROW_ID_LABEL = "focus_row_id"
_STALE_BITS = b"\x7f\xf0\x00\x00\x00\x00\x00\x02"
_METRIC_COLUMNS = {c.sql_name: c for c in all_columns() if c.category is Category.METRIC}
_DIMENSION_COLUMNS = {c.sql_name: c for c in all_columns() if c.category is not Category.METRIC}
_JSON_COLUMNS = {c.sql_name for c in all_columns() if c.sql_type == "jsonb"}
_ORIGIN_LABELS = ("job", "instance", "source")
_BOOKKEEPING = ("x_columns", "row_id", "source", "focus_version", "load_id", "loaded_at")
_TABLE_COLUMNS = [c.sql_name for c in all_columns()] + list(_BOOKKEEPING)


@dataclass(frozen=True, slots=True)
class CostSeries:
    """What a cost series says about its row; built once per series (on a series-cache miss)."""

    column: str
    row_id: str
    origin: str
    document: dict[str, Any]  # table column -> JSON value, for jsonb_populate_record


def cost_series_from_labels(labels: Sequence[tuple[str, str]]) -> CostSeries | None:
    pairs = dict(labels)
    name = pairs.get("__name__", "")
    row_id = pairs.get(ROW_ID_LABEL)
    if not row_id or not name.startswith(COST_METRIC_PREFIX):
        return None
    column = name[len(COST_METRIC_PREFIX) :]
    if column not in _METRIC_COLUMNS:
        return None
    document: dict[str, Any] = {}
    custom: dict[str, str] = {}
    for key, value in pairs.items():
        if key in _DIMENSION_COLUMNS:
            if key in _JSON_COLUMNS:
                try:
                    document[key] = json.loads(value)
                except ValueError:
                    log.warning("cost series %s: label %s is not JSON; ignored", row_id, key)
            else:
                document[key] = value
        elif key.startswith("x_"):
            custom[key] = value
    if "charge_period_start" not in document:
        return None
    document["x_columns"] = custom
    document["row_id"] = row_id
    document["focus_version"] = pairs.get("focus_version", LATEST_VERSION)
    origin = "/".join(pairs.get(k, "") for k in _ORIGIN_LABELS)
    document["source"] = f"prometheus:{origin}"
    return CostSeries(column, row_id, origin, document)


@dataclass
class _RowUpdate:
    series: CostSeries
    values: dict[str, Any] = field(default_factory=dict)
    value_ts: dict[str, int] = field(default_factory=dict)
    last_live_ms: int | None = None
    stale_ms: int | None = None


def _shortest_decimal(value: float) -> str:
    return str(Decimal(repr(value)))


class CostRowSink:
    """Applies the cost samples of one write request to the FOCUS cost table (one transaction)."""

    def __init__(self) -> None:
        metric_cols = sorted(_METRIC_COLUMNS)
        self._upsert = sql.SQL(
            "INSERT INTO finops.focus_costs AS f ({cols}) "
            "SELECT {cols} FROM jsonb_populate_recordset(NULL::finops.focus_costs, %s::jsonb) "
            "ON CONFLICT (row_id, charge_period_start) DO UPDATE SET {updates} "
            "WHERE ({old}) IS DISTINCT FROM ({new})"
        ).format(
            cols=sql.SQL(", ").join(sql.Identifier(c) for c in _TABLE_COLUMNS if c != "loaded_at"),
            updates=sql.SQL(", ").join(
                sql.SQL("{c} = coalesce(excluded.{c}, f.{c})").format(c=sql.Identifier(c)) for c in metric_cols
            ),
            old=sql.SQL(", ").join(sql.SQL("f.{c}").format(c=sql.Identifier(c)) for c in metric_cols),
            new=sql.SQL(", ").join(
                sql.SQL("coalesce(excluded.{c}, f.{c})").format(c=sql.Identifier(c)) for c in metric_cols
            ),
        )
        history_cols = sql.SQL(", ").join(sql.Identifier(c) for c in _TABLE_COLUMNS)
        self._reconcile = sql.SQL(
            "WITH gone AS ("
            "  DELETE FROM finops.focus_live_rows l USING finops.focus_origins o"
            "  WHERE l.origin = o.origin AND o.origin = ANY(%s) AND l.stale_at IS NOT NULL"
            "    AND l.stale_at <= o.last_live_at AND (l.last_seen_at IS NULL OR l.last_seen_at < l.stale_at)"
            "  RETURNING l.row_id, l.charge_period_start),"
            " moved AS ("
            "  DELETE FROM finops.focus_costs f USING gone g"
            "  WHERE f.row_id = g.row_id AND f.charge_period_start = g.charge_period_start RETURNING f.*)"
            " INSERT INTO finops.focus_costs_history ({cols}, superseded_at) SELECT {cols}, now() FROM moved"
        ).format(cols=history_cols)

    async def apply(
        self, conn: AsyncConnection[Any], points: Sequence[tuple[CostSeries, list[int], list[float]]]
    ) -> int:
        updates: dict[tuple[str, str], _RowUpdate] = {}
        for series, stamps, values in points:
            key = (series.row_id, series.document["charge_period_start"])
            update = updates.get(key)
            if update is None:
                update = updates[key] = _RowUpdate(series)
            for ts, value in zip(stamps, values, strict=True):
                if math.isnan(value) and struct.pack(">d", value) == _STALE_BITS:
                    update.stale_ms = ts if update.stale_ms is None else max(update.stale_ms, ts)
                    continue
                if ts >= update.value_ts.get(series.column, -(2**62)):
                    update.value_ts[series.column] = ts
                    update.values[series.column] = _shortest_decimal(value)
                update.last_live_ms = ts if update.last_live_ms is None else max(update.last_live_ms, ts)
        if not updates:
            return 0
        origins: dict[str, int] = {}
        for u in updates.values():
            if u.last_live_ms is not None:
                origins[u.series.origin] = max(origins.get(u.series.origin, u.last_live_ms), u.last_live_ms)
        async with conn.transaction():
            load_ids = await self._origin_loads(conn, {u.series.origin for u in updates.values()}, origins)
            docs = []
            for u in updates.values():
                if not u.values:
                    continue
                doc = dict(u.series.document)
                doc.update(u.values)
                doc["load_id"] = load_ids[u.series.origin]
                docs.append(doc)
            changed = 0
            if docs:
                cur = await conn.execute(self._upsert, (json.dumps(docs),))
                changed = max(cur.rowcount, 0)
            live = [
                {
                    "row_id": u.series.row_id,
                    "cps": u.series.document["charge_period_start"],
                    "origin": u.series.origin,
                    "seen": u.last_live_ms,
                    "stale": u.stale_ms,
                }
                for u in updates.values()
            ]
            await conn.execute(
                "INSERT INTO finops.focus_live_rows AS l (row_id, charge_period_start, origin, last_seen_at, stale_at) "
                "SELECT row_id, cps::timestamptz, origin, to_timestamp(seen / 1000.0), to_timestamp(stale / 1000.0) "
                "FROM jsonb_to_recordset(%s::jsonb) "
                "AS x(row_id text, cps text, origin text, seen bigint, stale bigint) "
                "ON CONFLICT (row_id, charge_period_start) DO UPDATE SET "
                "origin = excluded.origin, "
                "last_seen_at = greatest(l.last_seen_at, excluded.last_seen_at), "
                "stale_at = greatest(l.stale_at, excluded.stale_at)",
                (json.dumps(live),),
            )
            await conn.execute(self._reconcile, (list({u.series.origin for u in updates.values()}),))
        return changed

    async def _origin_loads(
        self, conn: AsyncConnection[Any], all_origins: set[str], live: dict[str, int]
    ) -> dict[str, int]:
        ids: dict[str, int] = {}
        for origin in sorted(all_origins):
            cur = await conn.execute("SELECT load_id FROM finops.focus_origins WHERE origin = %s FOR UPDATE", (origin,))
            row = await cur.fetchone()
            if row is None:
                cur = await conn.execute(
                    "INSERT INTO finops.focus_loads (source, content_sha256, focus_version) "
                    "VALUES (%s, 'prometheus-remote-write', %s) RETURNING id",
                    (f"prometheus:{origin}", LATEST_VERSION),
                )
                created = await cur.fetchone()
                assert created is not None
                await conn.execute(
                    "INSERT INTO finops.focus_origins (origin, load_id, last_live_at) "
                    "VALUES (%s, %s, to_timestamp(%s / 1000.0)) ON CONFLICT (origin) DO NOTHING",
                    (origin, created[0], live.get(origin, 0)),
                )
                cur = await conn.execute("SELECT load_id FROM finops.focus_origins WHERE origin = %s", (origin,))
                row = await cur.fetchone()
                assert row is not None
            ids[origin] = int(row[0])
            if origin in live:
                await conn.execute(
                    "UPDATE finops.focus_origins SET last_live_at = greatest(last_live_at, to_timestamp(%s / 1000.0)) "
                    "WHERE origin = %s",
                    (live[origin], origin),
                )
        return ids
