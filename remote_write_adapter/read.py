"""Remote read: Prometheus label matchers translated to SQL over the series catalog, samples fetched over a
binary connection so stale markers keep their bits, native histograms returned as the sender wrote them.
Prometheus evaluates PromQL itself, so the matcher semantics here must be exact: a matcher that matches ""
also matches series without the label. A NUL (U+0000) never reaches PostgreSQL, whose text cannot hold one: no
stored name or value contains it (remote write rejects them), which decides every matcher with a NUL but a regex
on an existing label, where the NUL is spelled as the escape `\\u0000`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql
from psycopg_pool import AsyncConnectionPool

from finops.errors import BadInputError
from remote_write_adapter.database import db_operation, refused_input
from remote_write_adapter.metrics import AdapterMetrics
from remote_write_adapter.protocol import Matcher, ReadQuery
from remote_write_adapter.storage import MIN_TIMESTAMP_MS

Labels = tuple[tuple[str, str], ...]

# Each matcher is one or two query parameters, and PostgreSQL takes at most 65,535; PromQL selectors have a few.
MAX_MATCHERS = 1000
# Samples are stored from 1900 up to --ingest.max-future ahead: clamping a query to [1900, 9999] keeps its answer
# and PostgreSQL's timestamps in range.
_MAX_TIMESTAMP_MS = 253_402_300_799_999  # 9999-12-31T23:59:59.999Z


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
    if len(matchers) > MAX_MATCHERS:
        raise BadInputError(f"remote read: a query has {len(matchers)} matchers; at most {MAX_MATCHERS} are supported")
    clauses: list[sql.Composable] = []
    params: list[Any] = []
    for m in matchers:
        if "\x00" in m.name or "\x00" in m.value:
            clause, values = _nul_matcher(m)
            clauses.append(clause)
            params += values
        elif m.type == "=" and m.name == "__name__" and m.value:
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


def _nul_matcher(m: Matcher) -> tuple[sql.Composable, list[Any]]:
    """A matcher with a NUL: a name with a NUL is a label no series has (its value is ""), a value with a NUL
    equals no stored value; a regex keeps its meaning with the NUL written as an escape."""
    if m.type in ("=~", "!~"):
        op = "~" if m.type == "=~" else "!~"
        pattern = f"^(?:{_escape_nul(m.value)})$"
        if "\x00" in m.name:
            return sql.SQL(f"'' {op} %s"), [pattern]
        return sql.SQL(f"coalesce(s.labels ->> %s, '') {op} %s"), [m.name, pattern]
    if "\x00" not in m.name:  # the label may exist, but no stored value contains a NUL
        return sql.SQL("false" if m.type == "=" else "true"), []
    holds = (m.value == "") == (m.type == "=")  # no series has the label: its value is "" everywhere
    return sql.SQL("true" if holds else "false"), []


def _escape_nul(pattern: str) -> str:
    """The pattern with each NUL written `\\u0000` (exactly four hex digits, so a digit after it stays a digit);
    a NUL after a backslash is an invalid escape in Prometheus' RE2 syntax too."""
    out: list[str] = []
    backslashes = 0
    for char in pattern:
        if char == "\x00":
            if backslashes % 2:
                raise BadInputError("remote read: invalid regular expression: a NUL (U+0000) after a backslash")
            out.append("\\u0000")
        else:
            out.append(char)
        backslashes = backslashes + 1 if char == "\\" else 0
    return "".join(out)


class RemoteReader:
    def __init__(self, pool: AsyncConnectionPool, max_samples: int, metrics: AdapterMetrics) -> None:
        self.pool = pool
        self.max_samples = max_samples
        self.metrics = metrics

    async def query(self, q: ReadQuery) -> list[SeriesResult]:
        where, params = matchers_to_sql(q.matchers)
        series_sql = sql.SQL("SELECT s.id, s.labels FROM finops.series s WHERE {} ORDER BY s.id").format(where)
        window = (max(q.start_ms, MIN_TIMESTAMP_MS), min(q.end_ms, _MAX_TIMESTAMP_MS))
        if window[0] > window[1]:
            return []
        async with db_operation(self.metrics, "remote_read"), self.pool.connection() as conn:
            try:
                cur = await conn.execute(series_sql, params)
            except psycopg.errors.InvalidRegularExpression as exc:
                raise BadInputError(f"remote read: invalid regular expression: {exc.diag.message_primary}") from exc
            except psycopg.Error as exc:
                if refused_input(exc):  # the query itself is what the database refuses: asking again cannot help
                    raise BadInputError(f"remote read: the database refused the query: {exc}") from exc
                raise
            found = await cur.fetchall()
            if not found:
                return []
            labels_by_id: dict[int, Labels] = {
                sid: tuple(sorted((str(k), str(v)) for k, v in labels.items())) for sid, labels in found
            }
            ids = list(labels_by_id)
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
