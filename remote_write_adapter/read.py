"""Remote read: selectors matched with Prometheus' exact semantics (matchers.py), samples fetched from the hot
table (binary COPY parsed by numpy) and from compact blocks (decoded vectorized), merged per series, with
native histograms as the sender wrote them. Nothing here builds a Python object per sample.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import psycopg
from psycopg import sql
from psycopg_pool import AsyncConnectionPool

from finops.errors import BadInputError
from remote_write_adapter.compaction import BLOCK_SELECT, decode_block_rows, raw_array_loaders
from remote_write_adapter.database import db_operation
from remote_write_adapter.matchers import plan
from remote_write_adapter.metrics import AdapterMetrics
from remote_write_adapter.pgcopy import parse_array, pg_to_ms
from remote_write_adapter.protocol import ReadQuery
from remote_write_adapter.read_response import QueryAnswer, SeriesAnswer, encode_labels
from remote_write_adapter.storage import MIN_TIMESTAMP_MS

Labels = tuple[tuple[str, str], ...]
_MAX_TIMESTAMP_MS = 253_402_300_799_999  # 9999-12-31T23:59:59.999Z: PostgreSQL's range ends near here


@dataclass(frozen=True, slots=True)
class _SeriesEntry:
    labels: Labels
    mapping: dict[str, str]
    labels_pb: bytes
    order: str  # sorts like the label set (name, value, name, value, ...): NUL never occurs in a stored label


class LabelCache:
    """Series id -> labels, decoded and protobuf-encoded once. Ids are never reused and a series' labels never
    change, so entries never go stale; the oldest go first when full."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max(1, max_entries)
        self._entries: OrderedDict[int, _SeriesEntry] = OrderedDict()

    def get(self, series_id: int) -> _SeriesEntry | None:
        return self._entries.get(series_id)

    def put(self, series_id: int, labels_json: str) -> _SeriesEntry:
        mapping = {str(k): str(v) for k, v in json.loads(labels_json).items()}
        labels = tuple(sorted(mapping.items()))
        entry = _SeriesEntry(labels, mapping, encode_labels(labels), "\x00".join(x for pair in labels for x in pair))
        self._entries[series_id] = entry
        if len(self._entries) > self.max_entries:
            for _ in range(max(1, self.max_entries // 10)):
                self._entries.popitem(last=False)
        return entry

    def __len__(self) -> int:
        return len(self._entries)


class RemoteReader:
    def __init__(self, pool: AsyncConnectionPool, max_samples: int, metrics: AdapterMetrics,
                 label_cache_entries: int = 200_000) -> None:
        self.pool = pool
        self.max_samples = max_samples
        self.metrics = metrics
        self.labels = LabelCache(label_cache_entries)

    async def query(self, q: ReadQuery) -> QueryAnswer:
        selection = plan(q.matchers)
        empty = QueryAnswer([], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))
        start, end = max(q.start_ms, MIN_TIMESTAMP_MS), min(q.end_ms, _MAX_TIMESTAMP_MS)
        if selection.empty or end < start:
            return empty
        async with db_operation(self.metrics, "remote_read"), self.pool.connection() as conn:
            if not selection.predicates:
                # SQL selects exactly these series: one round trip for their data, labels from the cache
                chosen = sql.SQL("IN (SELECT s.id FROM finops.series s WHERE {})").format(selection.where)
                sids, times, values, histograms = await self._samples(conn, chosen, selection.params, start, end)
                present = set(np.unique(sids).tolist()) | set(histograms)
                series = await self._labels(conn, present)
            else:
                cur = await conn.execute(sql.SQL("SELECT s.id FROM finops.series s WHERE {}").format(selection.where),
                                         selection.params)
                candidates = await self._labels(conn, {row[0] for row in await cur.fetchall()})
                series = {sid: e for sid, e in candidates.items()
                          if all(p(e.mapping) for p in selection.predicates)}
                if not series:
                    return empty
                # a text array literal: psycopg's list dumper costs about 1 µs per element, this one join
                id_array = "{" + ",".join(map(str, sorted(series))) + "}"
                sids, times, values, histograms = await self._samples(conn, sql.SQL("= ANY(%s::int8[])"),
                                                                      [id_array], start, end)
        return _answer(series, sids, times, values, histograms)

    async def _labels(self, conn: psycopg.AsyncConnection[Any], ids: set[int]) -> dict[int, _SeriesEntry]:
        """The label sets of some series: from the cache, the others in one query."""
        found: dict[int, _SeriesEntry] = {}
        missing = []
        get = self.labels.get
        for sid in ids:
            entry = get(sid)
            if entry is None:
                missing.append(sid)
            else:
                found[sid] = entry
        if missing:
            cur = await conn.execute("SELECT id, labels::text FROM finops.series WHERE id = ANY(%s)", (missing,))
            for sid, text in await cur.fetchall():
                found[sid] = self.labels.put(sid, text)
        return found

    async def _samples(self, conn: psycopg.AsyncConnection[Any], chosen: sql.Composable, chosen_params: list[Any],
                       start_ms: int, end_ms: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64],
                                                            npt.NDArray[np.float64], dict[int, list[bytes]]]:
        """Blocks, hot rows (as one array pair per series) and histograms of the chosen series (`series_id
        <chosen>`) in the window, asked in one pipelined round trip."""
        window = (*chosen_params, start_ms, end_ms)
        limit = self.max_samples + 1
        async with conn.pipeline():
            blocks_cur = conn.cursor(binary=True)
            hot_cur = conn.cursor(binary=True)
            histogram_cur = conn.cursor(binary=True)
            for cur in (blocks_cur, hot_cur):
                raw_array_loaders(cur)
            await blocks_cur.execute(
                sql.SQL("SELECT {} FROM finops.sample_blocks b WHERE b.series_id {} "
                        "AND b.end_time >= to_timestamp(%s / 1000.0) AND b.start_time <= to_timestamp(%s / 1000.0) "
                        "ORDER BY b.series_id, b.start_time").format(BLOCK_SELECT, chosen), window)
            await hot_cur.execute(
                sql.SQL("SELECT series_id, array_agg(time ORDER BY time), array_agg(value ORDER BY time) FROM ("
                        " SELECT series_id, time, value FROM finops.samples_hot WHERE series_id {}"
                        " AND time >= to_timestamp(%s / 1000.0) AND time <= to_timestamp(%s / 1000.0) LIMIT %s"
                        ") h GROUP BY series_id").format(chosen), (*window, limit))
            await histogram_cur.execute(
                sql.SQL("SELECT series_id, histogram FROM finops.histograms WHERE series_id {} "
                        "AND time >= to_timestamp(%s / 1000.0) AND time <= to_timestamp(%s / 1000.0) "
                        "ORDER BY series_id, time LIMIT %s").format(chosen), (*window, limit))
            block_rows = await blocks_cur.fetchall()
            hot_rows = await hot_cur.fetchall()
            histogram_rows = await histogram_cur.fetchall()
        columns: list[Any] = ([list(c) for c in zip(*block_rows, strict=True)] if block_rows
                              else [[] for _ in range(12)])
        hot_times = [pg_to_ms(parse_array(t, ">i8").astype(np.int64)) for _, t, _ in hot_rows]
        hot_values = [parse_array(v, ">u8").view(np.float64) for _, _, v in hot_rows]
        total = sum(columns[4]) + sum(t.size for t in hot_times) + len(histogram_rows)
        if total > self.max_samples:
            raise BadInputError(f"remote read: more than {self.max_samples} samples match; narrow the query")
        histograms: dict[int, list[bytes]] = {}
        for sid, histogram in histogram_rows:
            histograms.setdefault(sid, []).append(bytes(histogram))
        blk_s, blk_t, blk_v = decode_block_rows(columns)
        keep = (blk_t >= start_ms) & (blk_t <= end_ms)
        if not keep.all():
            blk_s, blk_t, blk_v = blk_s[keep], blk_t[keep], blk_v[keep]
        if not hot_rows:
            return blk_s, blk_t, blk_v, histograms
        hot_s = np.repeat(np.fromiter((r[0] for r in hot_rows), dtype=np.int64, count=len(hot_rows)),
                          [t.size for t in hot_times])
        sids = np.concatenate((blk_s, hot_s))
        times = np.concatenate((blk_t, *hot_times))
        values = np.concatenate((blk_v, *hot_values))
        if blk_s.size:  # hot rows and blocks of one series may interleave (late samples)
            order = np.lexsort((times, sids))
            return sids[order], times[order], values[order], histograms
        order = np.argsort(sids, kind="stable")  # each series' hot rows are in time order already
        return sids[order], times[order], values[order], histograms


def _answer(series: dict[int, _SeriesEntry], sids: npt.NDArray[np.int64], times: npt.NDArray[np.int64],
            values: npt.NDArray[np.float64], histograms: dict[int, list[bytes]]) -> QueryAnswer:
    """Series sorted by labels, as Prometheus' own remote read answers (its client re-sorts when it must)."""
    # sids is sorted: each series' samples are one run
    firsts = np.flatnonzero(np.diff(sids, prepend=np.int64(-1))) if sids.size else np.zeros(0, dtype=np.int64)
    counts = np.diff(np.append(firsts, sids.size))
    position = dict(zip(sids[firsts].tolist(), zip(firsts.tolist(), counts.tolist(), strict=True), strict=True))
    answers = []
    for sid in sorted(set(position) | set(histograms), key=lambda s: series[s].order):
        entry = series[sid]
        first, count = position.get(sid, (0, 0))
        answers.append(SeriesAnswer(entry.labels, entry.labels_pb, first, count, histograms.get(sid, [])))
    return QueryAnswer(answers, times, values)
