"""Remote read: Prometheus label matchers translated to SQL over the series catalog, samples fetched over a
binary connection so stale markers keep their bits. Prometheus evaluates PromQL itself, so the matcher
semantics here must be exact: a matcher that matches "" also matches series without the label."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg import sql
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from finops.errors import BadInputError, UnavailableError
from remote_write_adapter.protocol import Matcher, ReadQuery

Labels = tuple[tuple[str, str], ...]
SeriesResult = tuple[Labels, list[int], list[float]]


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
    def __init__(self, pool: AsyncConnectionPool, max_samples: int) -> None:
        self.pool = pool
        self.max_samples = max_samples

    async def query(self, q: ReadQuery) -> list[SeriesResult]:
        where, params = matchers_to_sql(q.matchers)
        series_sql = sql.SQL("SELECT s.id, s.labels FROM finops.series s WHERE {} ORDER BY s.id").format(where)
        try:
            async with self.pool.connection() as conn:
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
                async with conn.cursor(binary=True) as bcur:
                    await bcur.execute(
                        "SELECT series_id, (extract(epoch FROM time) * 1000)::int8, value FROM finops.samples "
                        "WHERE series_id = ANY(%s) AND time >= to_timestamp(%s / 1000.0) "
                        "AND time <= to_timestamp(%s / 1000.0) ORDER BY series_id, time LIMIT %s",
                        (list(labels_by_id), q.start_ms, q.end_ms, self.max_samples + 1))
                    rows = await bcur.fetchall()
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise UnavailableError(f"database unavailable: {exc}") from exc
        if len(rows) > self.max_samples:
            raise BadInputError(f"remote read: more than {self.max_samples} samples match; narrow the query")
        results: list[SeriesResult] = []
        current: int | None = None
        stamps: list[int] = []
        values: list[float] = []
        for sid, ts, value in rows:
            if sid != current:
                if current is not None:
                    results.append((labels_by_id[current], stamps, values))
                current, stamps, values = sid, [], []
            stamps.append(ts)
            values.append(value)
        if current is not None:
            results.append((labels_by_id[current], stamps, values))
        results.sort(key=lambda r: r[0])
        return results


