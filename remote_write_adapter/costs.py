"""The cost path: the FOCUS cost exporter's series, seen in the remote-write stream, maintain rows of the
FOCUS cost table, so the table stays exact however often Prometheus scrapes, re-sends or retries.

How a row travels as series (metric names, the row id, version and custom-column labels, the label text of
date/times and JSON, the values) is `focus.series`, shared with the exporter (``columns: all`` for complete
rows). This module keeps the table logic. The origin of a row is its target: the ``job``, ``instance`` and
``source`` labels; values are stored as the shortest decimal that reads back as the same float; NaN and
infinities are ignored. The row's ``focus_version`` is the version the exporter read it as.

A cost series whose labels break the contract or hold text PostgreSQL refuses (`focus.series.decode_labels`: a
NUL character, a malformed row id or date/time, JSON that does not parse, an unknown FOCUS version) is not a
cost series: its samples are stored like those of any series, the FOCUS table is not touched, and a warning
names the series and the reason (once per series and process: the decision is made on a series-cache miss).
Should the database still refuse a row (a limit such as an index entry's size), the rows of the request are
applied one by one and only the refused row is left out, logged, so one row never holds back the others.

Rows are upserted by (row_id, charge_period_start). Per row and metric column the newest sample wins (a
re-sent or late older sample changes nothing), so a restated value updates the row in place; the version it
replaces goes to focus_costs_history. A family whose series went stale at a scrape that still had the row
(another family of the row is live at that very time, or for the grace period after it) sets that column to
NULL.

A row leaves the current table (into focus_costs_history) when all its series went stale at a time S and
either the same origin delivered live cost samples stamped exactly S (S was a successful scrape without the
row: Prometheus stamps a scrape's samples and the stale markers of what it no longer has with the same time),
or the origin has delivered live cost samples for `REMOVAL_GRACE_MS` after S without the row coming back (a
row that vanished while the exporter was down). A scrape that fails, or a restarted exporter that serves no
cost series yet, delivers no live cost sample at S: nothing is removed. Series of one origin are spread over
several remote-write shards, so both facts may arrive in either order, in separate requests; the state kept in
finops.focus_live_rows, focus_origins and focus_origin_scrapes (sql/migrations/0005) makes the outcome the
same. A row that comes back (a live sample newer than its removal) is inserted again; samples older than the
removal are ignored. Requests of one origin are serialized on its focus_origins row.

Not carried: custom columns whose names are not valid label names, empty strings (a label cannot be empty:
they arrive as NULL), and the custom columns that are NULL (the loader keeps them as JSON nulls in
``x_columns``); bookkeeping (source, load_id) is that of the path.
"""

from __future__ import annotations

import json
import logging
import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg
from psycopg import AsyncConnection, sql

from focus.columns import all_columns
from focus.formats import storable_text
from focus.identity import canonical_json, format_datetime
from focus.series import METRIC_COLUMNS, ROW_ID_LABEL, SeriesContractError, decimal_from_sample, decode_labels

log = logging.getLogger(__name__)

#: how long an origin must keep delivering live cost samples without a stale row before it goes anyway
REMOVAL_GRACE_MS = 300_000
#: scrape timestamps older than this (behind the origin's newest) are pruned
SCRAPE_MEMORY_MS = 2 * REMOVAL_GRACE_MS
_STALE_BITS = b"\x7f\xf0\x00\x00\x00\x00\x00\x02"
_JSON_COLUMNS = {c.sql_name for c in all_columns() if c.sql_type == "jsonb"}
_ORIGIN_LABELS = ("job", "instance", "source")
_BOOKKEEPING = ("x_columns", "row_id", "source", "focus_version", "load_id", "loaded_at")
_TABLE_COLUMNS = [c.sql_name for c in all_columns()] + list(_BOOKKEEPING)
_INSERTED_COLUMNS = [c for c in _TABLE_COLUMNS if c != "loaded_at"]  # loaded_at: the table's default, now()
_NEVER = -(2**62)
#: database errors caused by a row itself (a value, a limit): the rows of the request are then applied one by one
_REFUSED = (psycopg.DataError, psycopg.IntegrityError, psycopg.errors.ProgramLimitExceeded)


@dataclass(frozen=True, slots=True)
class CostSeries:
    """What a cost series says about its row; built once per series (on a series-cache miss)."""

    column: str
    row_id: str
    origin: str
    charge_period_start: datetime
    version: str
    document: dict[str, Any]  # table column -> JSON value, for jsonb_populate_record


def cost_series_from_labels(labels: Sequence[tuple[str, str]]) -> CostSeries | None:
    """The cost series the labels describe; None for other series and for cost series the table cannot take
    (logged with the reason, see the module docstring)."""
    pairs = dict(labels)
    try:
        row = decode_labels(pairs)
        if row is not None and not all(storable_text(pairs.get(k, "")) for k in _ORIGIN_LABELS):
            raise SeriesContractError("not_storable", "a job, instance or source label holds a NUL character")
    except SeriesContractError as exc:
        log.warning(
            "series %s{%s=%r} is not used for the FOCUS table (%s): %s",
            pairs.get("__name__", ""), ROW_ID_LABEL, pairs.get(ROW_ID_LABEL, ""), exc.reason, exc,
        )  # fmt: skip
        return None
    if row is None:
        return None
    document: dict[str, Any] = {
        name: format_datetime(value) if isinstance(value, datetime) else value
        for name, value in row.dimensions.items()
    }
    document["x_columns"] = dict(row.custom)
    document["row_id"] = row.row_id
    document["focus_version"] = row.version
    origin = "/".join(pairs.get(k, "") for k in _ORIGIN_LABELS)
    document["source"] = f"prometheus:{origin}"
    return CostSeries(row.metric, row.row_id, origin, row.charge_period_start, row.version, document)


@dataclass
class _RowUpdate:
    """What one request says about one row."""

    series: CostSeries  # the series with the newest live sample (its labels fill the row)
    doc_ms: int = _NEVER
    live: dict[str, tuple[int, float]] = field(default_factory=dict)  # column -> newest (ts, value)
    stale: dict[str, int] = field(default_factory=dict)  # column -> newest stale marker
    scrapes: set[int] = field(default_factory=set)  # timestamps of its live samples (scrapes of its origin)


def _is_stale(value: float) -> bool:
    return struct.pack(">d", value) == _STALE_BITS


def _pending(stale_ms: int | None, seen_ms: int | None, columns: dict[str, list[Any]]) -> bool:
    """Whether a stale marker still waits for its verdict (so every newer live sample must be recorded)."""
    if stale_ms is not None and (seen_ms is None or stale_ms >= seen_ms):
        return True
    return any(c[1] is not None and (c[0] is None or c[1] >= c[0]) for c in columns.values())


def _max(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


class CostRowSink:
    """Applies the cost samples of one write request to the FOCUS cost table (one transaction)."""

    def __init__(self) -> None:
        metric_cols = sorted(METRIC_COLUMNS)
        cols = sql.SQL(", ").join(sql.Identifier(c) for c in _TABLE_COLUMNS)
        self._upsert = sql.SQL(
            "INSERT INTO finops.focus_costs AS f ({cols}) "
            "SELECT {cols} FROM jsonb_populate_recordset(NULL::finops.focus_costs, %s::jsonb) "
            "ON CONFLICT (row_id, charge_period_start) DO UPDATE SET {updates}, x_columns = excluded.x_columns, "
            "load_id = excluded.load_id, loaded_at = now() "
            "WHERE ({old}, f.x_columns) IS DISTINCT FROM ({new}, excluded.x_columns)"
        ).format(
            cols=sql.SQL(", ").join(sql.Identifier(c) for c in _INSERTED_COLUMNS),
            updates=sql.SQL(", ").join(
                sql.SQL("{c} = coalesce(excluded.{c}, f.{c})").format(c=sql.Identifier(c)) for c in metric_cols
            ),
            old=sql.SQL(", ").join(sql.SQL("f.{c}").format(c=sql.Identifier(c)) for c in metric_cols),
            new=sql.SQL(", ").join(
                sql.SQL("coalesce(excluded.{c}, f.{c})").format(c=sql.Identifier(c)) for c in metric_cols
            ),
        )
        # the version a new scrape's values replace, kept in history (only when something differs)
        self._keep_replaced = sql.SQL(
            "INSERT INTO finops.focus_costs_history ({cols}, superseded_at) "
            "SELECT {f_cols}, now() FROM finops.focus_costs f "
            "JOIN jsonb_populate_recordset(NULL::finops.focus_costs, %s::jsonb) n "
            "  ON f.row_id = n.row_id AND f.charge_period_start = n.charge_period_start "
            "WHERE ({old}, f.x_columns) IS DISTINCT FROM ({new}, n.x_columns)"
        ).format(
            cols=cols,
            f_cols=sql.SQL(", ").join(sql.SQL("f.{c}").format(c=sql.Identifier(c)) for c in _TABLE_COLUMNS),
            old=sql.SQL(", ").join(sql.SQL("f.{c}").format(c=sql.Identifier(c)) for c in metric_cols),
            new=sql.SQL(", ").join(sql.SQL("coalesce(n.{c}, f.{c})").format(c=sql.Identifier(c)) for c in metric_cols),
        )
        self._null_columns = sql.SQL(
            "UPDATE finops.focus_costs f SET {sets} "
            "FROM jsonb_to_recordset(%s::jsonb) AS n(row_id text, cps timestamptz, cols jsonb) "
            "WHERE f.row_id = n.row_id AND f.charge_period_start = n.cps"
        ).format(
            sets=sql.SQL(", ").join(
                sql.SQL("{c} = CASE WHEN n.cols ? {name} THEN NULL ELSE f.{c} END").format(
                    c=sql.Identifier(c), name=sql.Literal(c)
                )
                for c in metric_cols
            )
        )
        self._remove = sql.SQL(
            "WITH gone AS ("
            "  UPDATE finops.focus_live_rows l SET gone_ms = l.stale_ms FROM finops.focus_origins o"
            "  WHERE l.origin = o.origin AND o.origin = ANY(%(origins)s)"
            "    AND l.gone_ms IS NULL AND l.stale_ms > coalesce(l.seen_ms, -1)"
            "    AND (o.last_live_ms >= l.stale_ms + %(grace)s OR EXISTS ("
            "      SELECT 1 FROM finops.focus_origin_scrapes s"
            "      WHERE s.origin = l.origin AND s.scraped_ms = l.stale_ms))"
            "  RETURNING l.row_id, l.charge_period_start),"
            " moved AS ("
            "  DELETE FROM finops.focus_costs f USING gone g"
            "  WHERE f.row_id = g.row_id AND f.charge_period_start = g.charge_period_start RETURNING f.*)"
            " INSERT INTO finops.focus_costs_history ({cols}, superseded_at) SELECT {cols}, now() FROM moved"
        ).format(cols=cols)

    async def apply(
        self, conn: AsyncConnection[Any], points: Sequence[tuple[CostSeries, list[int], list[float]]]
    ) -> int:
        """Applies the points; returns the number of rows inserted, updated or removed."""
        updates: dict[tuple[str, datetime], _RowUpdate] = {}
        for series, stamps, values in points:
            key = (series.row_id, series.charge_period_start)
            update = updates.get(key)
            if update is None:
                update = updates[key] = _RowUpdate(series)
            column = series.column
            for ts, value in zip(stamps, values, strict=True):
                if math.isnan(value) or math.isinf(value):
                    if _is_stale(value) and ts > update.stale.get(column, _NEVER):
                        update.stale[column] = ts
                    continue
                if ts > update.live.get(column, (_NEVER, 0.0))[0]:
                    update.live[column] = (ts, value)
                if ts > update.doc_ms:
                    update.doc_ms, update.series = ts, series
                update.scrapes.add(ts)
        if not updates:
            return 0
        try:
            return await self._apply(conn, updates)
        except _REFUSED as exc:
            log.warning(
                "the database refused FOCUS rows of a request (%s); applying its %d rows one by one",
                exc.diag.message_primary or exc, len(updates),
            )  # fmt: skip
        changed = 0
        for key, update in updates.items():
            try:
                changed += await self._apply(conn, {key: update})
            except _REFUSED as exc:
                log.error(
                    "FOCUS row %s (charge period %s) of %s refused by the database, left out: %s",
                    key[0], key[1].isoformat(), update.series.origin, exc.diag.message_primary or exc,
                )  # fmt: skip
        return changed

    async def _apply(self, conn: AsyncConnection[Any], updates: dict[tuple[str, datetime], _RowUpdate]) -> int:
        """Applies `updates` in one transaction; the number of rows inserted, updated or removed."""
        scrapes: dict[str, set[int]] = {}
        versions: dict[str, str] = {}
        for u in updates.values():
            scrapes.setdefault(u.series.origin, set()).update(u.scrapes)
            versions.setdefault(u.series.origin, u.series.version)
        async with conn.transaction():
            origins = sorted(scrapes)
            load_ids = await self._lock_origins(conn, origins, scrapes, versions)
            states = await self._states(conn, updates)
            docs, replaced, nulls, live_rows = [], [], [], []
            for key, u in updates.items():
                state = states.get(key)
                doc, new_version, null_cols, row_state = self._decide(u, state)
                if doc is not None:
                    doc["load_id"] = load_ids[u.series.origin]
                    docs.append(doc)
                    if new_version and state is not None and state["gone_ms"] is None:
                        replaced.append(doc)
                if null_cols:
                    nulls.append({"row_id": key[0], "cps": key[1].isoformat(), "cols": null_cols})
                if row_state is not None:
                    live_rows.append(row_state)
            changed = 0
            if replaced:
                await conn.execute(self._keep_replaced, (canonical_json(replaced),))
            if docs:
                cur = await conn.execute(self._upsert, (canonical_json(docs),))  # exact JSON numbers
                changed += max(cur.rowcount, 0)
            if nulls:
                cur = await conn.execute(self._null_columns, (json.dumps(nulls),))
                changed += max(cur.rowcount, 0)
            if live_rows:
                await self._save_states(conn, live_rows)
            cur = await conn.execute(self._remove, {"origins": origins, "grace": REMOVAL_GRACE_MS})
            changed += max(cur.rowcount, 0)
        return changed

    @staticmethod
    def _decide(
        u: _RowUpdate, state: dict[str, Any] | None
    ) -> tuple[dict[str, Any] | None, bool, dict[str, bool], dict[str, Any] | None]:
        """-> (document to upsert or None, whether it is a newer version, columns to set NULL, new state or None
        when the stored state needs no write: the common case of a scrape repeating known values)."""
        columns: dict[str, list[Any]] = {c: list(v) for c, v in (state["columns"] if state else {}).items()}
        seen_ms: int | None = state["seen_ms"] if state else None
        stale_ms: int | None = state["stale_ms"] if state else None
        values_ms: int | None = state["values_ms"] if state else None
        gone_ms: int | None = state["gone_ms"] if state else None
        pending = state is None or gone_ms is not None or bool(u.stale) or _pending(stale_ms, seen_ms, columns)
        values: dict[str, str] = {}
        newest: int | None = None
        for column, (ts, value) in u.live.items():
            if gone_ms is not None and ts <= gone_ms:
                continue  # a late sample of a row removed after it
            entry = columns.setdefault(column, [None, None, None])
            if entry[0] is not None and ts <= entry[0]:
                continue  # re-sent or older than what the table has
            entry[0] = ts
            seen_ms = _max(seen_ms, ts)
            text = str(decimal_from_sample(value))
            if text != entry[2] or gone_ms is not None:
                entry[2] = values[column] = text
                newest = _max(newest, ts)
        for column, ts in u.stale.items():
            entry = columns.setdefault(column, [None, None, None])
            entry[1] = _max(entry[1], ts)
            stale_ms = _max(stale_ms, ts)
        doc: dict[str, Any] | None = None
        new_version = False
        if values:
            assert newest is not None
            gone_ms = None  # a new sample of a removed row: it is back
            new_version = values_ms is None or newest > values_ms
            values_ms = _max(values_ms, newest)
            doc = dict(u.series.document)
            doc.update(values)
        null_cols: dict[str, bool] = {}
        if gone_ms is None and seen_ms is not None:
            for column, (col_seen, col_stale, _value) in list(columns.items()):
                if col_stale is None or (col_seen is not None and col_seen >= col_stale):
                    continue
                if seen_ms == col_stale or seen_ms >= col_stale + REMOVAL_GRACE_MS:
                    null_cols[column] = True  # the family went stale in a scrape that still had the row
                    del columns[column]
        if not (pending or values or null_cols):
            return None, False, null_cols, None
        row_state = {
            "row_id": u.series.row_id,
            "cps": u.series.charge_period_start.isoformat(),
            "origin": u.series.origin,
            "seen_ms": seen_ms,
            "stale_ms": stale_ms,
            "values_ms": values_ms,
            "gone_ms": gone_ms,
            "columns": columns,
        }
        return doc, new_version, null_cols, row_state

    async def _states(
        self, conn: AsyncConnection[Any], updates: dict[tuple[str, datetime], _RowUpdate]
    ) -> dict[tuple[str, datetime], dict[str, Any]]:
        keys = sorted(updates)
        cur = await conn.execute(
            "SELECT l.row_id, l.charge_period_start, l.seen_ms, l.stale_ms, l.values_ms, l.gone_ms, l.columns "
            "FROM finops.focus_live_rows l "
            "JOIN unnest(%s::text[], %s::timestamptz[]) AS k(row_id, cps) "
            "  ON l.row_id = k.row_id AND l.charge_period_start = k.cps "
            "ORDER BY l.row_id, l.charge_period_start",  # no row locks: the origin's lock serializes
            ([k[0] for k in keys], [k[1] for k in keys]),
        )
        out: dict[tuple[str, datetime], dict[str, Any]] = {}
        for row_id, cps, seen, stale, values, gone, columns in await cur.fetchall():
            out[(row_id, cps)] = {
                "seen_ms": seen, "stale_ms": stale, "values_ms": values, "gone_ms": gone, "columns": columns,
            }  # fmt: skip
        return out

    async def _save_states(self, conn: AsyncConnection[Any], rows: list[dict[str, Any]]) -> None:
        await conn.execute(
            "INSERT INTO finops.focus_live_rows AS l"
            " (row_id, charge_period_start, origin, seen_ms, stale_ms, values_ms, gone_ms, columns) "
            "SELECT row_id, cps, origin, seen_ms, stale_ms, values_ms, gone_ms, columns "
            "FROM jsonb_to_recordset(%s::jsonb) AS x(row_id text, cps timestamptz, origin text, seen_ms bigint,"
            " stale_ms bigint, values_ms bigint, gone_ms bigint, columns jsonb) "
            "ON CONFLICT (row_id, charge_period_start) DO UPDATE SET origin = excluded.origin,"
            " seen_ms = excluded.seen_ms, stale_ms = excluded.stale_ms, values_ms = excluded.values_ms,"
            " gone_ms = excluded.gone_ms, columns = excluded.columns",
            (json.dumps(rows),),
        )

    async def _lock_origins(
        self,
        conn: AsyncConnection[Any],
        origins: Sequence[str],
        scrapes: dict[str, set[int]],
        versions: dict[str, str],
    ) -> dict[str, int]:
        """Locks each origin's row (creating it with its focus_loads entry), records its live scrapes."""
        ids: dict[str, int] = {}
        for origin in origins:  # sorted: concurrent requests lock in the same order
            newest = max(scrapes.get(origin, ()), default=None)
            cur = await conn.execute(
                "SELECT load_id, last_live_ms FROM finops.focus_origins WHERE origin = %s FOR UPDATE", (origin,)
            )
            row = await cur.fetchone()
            if row is None:
                cur = await conn.execute(
                    "INSERT INTO finops.focus_loads (source, content_sha256, focus_version) "
                    "VALUES (%s, 'prometheus-remote-write', %s) RETURNING id",
                    (f"prometheus:{origin}", versions[origin]),
                )
                created = await cur.fetchone()
                assert created is not None
                await conn.execute(
                    "INSERT INTO finops.focus_origins (origin, load_id, last_live_ms) VALUES (%s, %s, %s) "
                    "ON CONFLICT (origin) DO NOTHING",
                    (origin, created[0], _NEVER if newest is None else newest),
                )
                cur = await conn.execute(
                    "SELECT load_id, last_live_ms FROM finops.focus_origins WHERE origin = %s FOR UPDATE", (origin,)
                )
                row = await cur.fetchone()
                assert row is not None
            ids[origin] = int(row[0])
            if newest is None:
                continue
            last = max(int(row[1]), newest)
            await conn.execute(
                "UPDATE finops.focus_origins SET last_live_ms = %s WHERE origin = %s AND last_live_ms < %s",
                (last, origin, last),
            )
            await conn.execute(
                "INSERT INTO finops.focus_origin_scrapes (origin, scraped_ms) SELECT %s, unnest(%s::bigint[]) "
                "ON CONFLICT DO NOTHING",
                (origin, sorted(scrapes[origin])),
            )
            await conn.execute(
                "DELETE FROM finops.focus_origin_scrapes WHERE origin = %s AND scraped_ms < %s",
                (origin, last - SCRAPE_MEMORY_MS),
            )
        return ids
