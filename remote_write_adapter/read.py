"""Remote read: Prometheus label matchers translated to SQL over the series catalog, samples fetched over a
binary connection so stale markers keep their bits, native histograms returned as the sender wrote them.
Prometheus evaluates PromQL itself, so the matcher semantics here must be exact: a matcher that matches ""
also matches series without the label."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql
from psycopg_pool import AsyncConnectionPool

from finops.errors import BadInputError
from remote_write_adapter.database import db_operation
from remote_write_adapter.metrics import AdapterMetrics
from remote_write_adapter.protocol import Matcher, ReadQuery

Labels = tuple[tuple[str, str], ...]


@dataclass
class SeriesResult:
    """One series of a remote read answer: float samples and native histograms, each ordered by time."""

    labels: Labels
    timestamps: list[int] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    histograms: list[bytes] = field(default_factory=list)  # serialized prometheus.Histogram, timestamp inside


def matchers_to_sql(matchers: Sequence[Matcher]) -> tuple[sql.Composable, list[Any]]:
    """WHERE clause over finops.series `s` for a list of matchers; equality on a name uses the indexes."""
    if not matchers:
        raise BadInputError("remote read: a query needs at least one matcher")
    clauses: list[sql.Composable] = []
    params: list[Any] = []
    for m in matchers:
        if m.type == "=" and m.name == "__name__" and m.value:
            clauses.append(sql.SQL("s.metric_name = %s"))
            params.append(m.value)
        elif m.type == "=" and m.value:
            clauses.append(sql.SQL("s.labels @> jsonb_build_object(%s::text, %s::text)"))
            params += [m.name, m.value]
        elif m.type in ("=", "!="):
            clauses.append(sql.SQL(f"coalesce(s.labels ->> %s, '') {'=' if m.type == '=' else '<>'} %s"))
            params += [m.name, m.value]
        elif m.type in ("=~", "!~"):
            op = "~" if m.type == "=~" else "!~"
            clauses.append(sql.SQL(f"coalesce(s.labels ->> %s, '') {op} %s"))
            params += [m.name, f"^(?:{m.value})$"]
        else:
            raise BadInputError(f"remote read: unknown matcher type {m.type!r}")
    return sql.SQL(" AND ").join(clauses), params


class RemoteReader:
    def __init__(self, pool: AsyncConnectionPool, max_samples: int, metrics: AdapterMetrics) -> None:
        self.pool = pool
        self.max_samples = max_samples
        self.metrics = metrics

    async def query(self, q: ReadQuery) -> list[SeriesResult]:
        where, params = matchers_to_sql(q.matchers)
        series_sql = sql.SQL("SELECT s.id, s.labels FROM finops.series s WHERE {} ORDER BY s.id").format(where)
        async with db_operation(self.metrics, "remote_read"), self.pool.connection() as conn:
            try:
                cur = await conn.execute(series_sql, params)
            except psycopg.errors.InvalidRegularExpression as exc:
                raise BadInputError(f"remote read: invalid regular expression: {exc.diag.message_primary}") from exc
            found = await cur.fetchall()
            if not found:
                return []
            labels_by_id: dict[int, Labels] = {
                sid: tuple(sorted((str(k), str(v)) for k, v in labels.items())) for sid, labels in found
            }
            ids = list(labels_by_id)
            window = (q.start_ms, q.end_ms)
            async with conn.cursor(binary=True) as bcur:
                await bcur.execute(
                    "SELECT series_id, (extract(epoch FROM time) * 1000)::int8, value FROM finops.samples "
                    "WHERE series_id = ANY(%s) AND time >= to_timestamp(%s / 1000.0) "
                    "AND time <= to_timestamp(%s / 1000.0) ORDER BY series_id, time LIMIT %s",
                    (ids, *window, self.max_samples + 1))
                rows = await bcur.fetchall()
                budget = self.max_samples + 1 - len(rows)
                histogram_rows: list[tuple[int, bytes]] = []
                if budget > 0:
                    await bcur.execute(
                        "SELECT series_id, histogram FROM finops.histograms "
                        "WHERE series_id = ANY(%s) AND time >= to_timestamp(%s / 1000.0) "
                        "AND time <= to_timestamp(%s / 1000.0) ORDER BY series_id, time LIMIT %s",
                        (ids, *window, budget))
                    histogram_rows = await bcur.fetchall()
        if len(rows) + len(histogram_rows) > self.max_samples:
            raise BadInputError(f"remote read: more than {self.max_samples} samples match; narrow the query")
        by_id: dict[int, SeriesResult] = {}
        for sid, ts, value in rows:
            result = by_id.get(sid)
            if result is None:
                result = by_id[sid] = SeriesResult(labels_by_id[sid])
            result.timestamps.append(ts)
            result.values.append(value)
        for sid, histogram in histogram_rows:
            result = by_id.get(sid)
            if result is None:
                result = by_id[sid] = SeriesResult(labels_by_id[sid])
            result.histograms.append(bytes(histogram))
        return sorted(by_id.values(), key=lambda r: r.labels)
