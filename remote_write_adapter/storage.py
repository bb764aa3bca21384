"""Writes decoded remote-write batches into PostgreSQL/TimescaleDB.

The hot path: series ids come from a bounded in-process cache keyed by the sender's raw label bytes; misses are
resolved in one round trip by `finops.get_or_create_series` (race-safe across adapter replicas). Samples of
concurrent requests are coalesced and written with one binary COPY per flush; when a flush hits a sample that
is already stored (a re-delivery), it is redone through a temp table with ON CONFLICT DO NOTHING. The first
value written for a (series, timestamp) wins; later different values for the same pair are counted as
duplicates and dropped. A request is answered only after its samples are committed.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import struct
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import numpy as np
import psycopg
from psycopg import errors as pg_errors
from psycopg_pool import AsyncConnectionPool

from finops.errors import UnavailableError
from focus.series import METRIC_PREFIX
from remote_write_adapter.blocks import decode_many
from remote_write_adapter.compaction import read_blocks
from remote_write_adapter.costs import CostRowSink, CostSeries, cost_series_from_labels
from remote_write_adapter.database import db_operation, isolate_refused
from remote_write_adapter.metrics import AdapterMetrics
from remote_write_adapter.pgcopy import SAMPLE_ROW, pack_samples, pg_to_ms
from remote_write_adapter.protocol import (
    FAST_KEY_MARK,
    InvalidSeriesError,
    MetricMetadata,
    ProtocolVersion,
    SeriesData,
    SingleSamples,
    WriteBatch,
    whole_label_fields,
)

log = logging.getLogger(__name__)

PG_EPOCH_MS = 946_684_800_000  # 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch
MIN_TIMESTAMP_MS = -2_208_988_800_000  # 1900-01-01: anything older is a sender bug, not history
_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
_COPY_TRAILER = struct.pack(">h", -1)
_KEY_SPAN = 1 << 40  # (series, time - min time) -> one int64 key; a flush spans far less than 2^40 ms
_SAMPLE_ROW = struct.Struct(">hiqiqid")  # 3 fields: (4-byte length, value) x series_id, time, value
_SAMPLE_COPY = "COPY finops.samples_hot (series_id, time, value) FROM STDIN (FORMAT BINARY)"
_SAMPLE_STAGE_COPY = "COPY finops_samples_stage (series_id, time, value) FROM STDIN (FORMAT BINARY)"
_HISTOGRAM_INSERT = (
    "INSERT INTO finops.histograms (time, series_id, count, sum, histogram) "
    "SELECT to_timestamp(t / 1000.0), s, c, su, h "
    "FROM unnest(%s::bigint[], %s::bigint[], %s::float8[], %s::float8[], %s::bytea[]) AS u(t, s, c, su, h) "
    "ON CONFLICT DO NOTHING"
)
_EXEMPLAR_INSERT = (
    "INSERT INTO finops.exemplars (time, series_id, value, labels) SELECT to_timestamp(t / 1000.0), s, v, l::jsonb "
    "FROM unnest(%s::bigint[], %s::bigint[], %s::float8[], %s::text[]) AS u(t, s, v, l) ON CONFLICT DO NOTHING"
)


K = TypeVar("K")
V = TypeVar("V")
_ABSENT: Any = object()


class BoundedMap(Generic[K, V]):
    """A map with a size limit, for what the writer keeps per series or per metric ever seen: when full, the
    tenth of the entries put longest ago goes in one step, so memory stays bounded under any series churn and a
    full map does not evict on every put. Whatever it holds must be recomputable: a miss is treated as new."""

    __slots__ = ("_entries", "max_entries")

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max(1, max_entries)
        self._entries: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        return self._entries.get(key)

    def get_many(self, keys: Iterable[K]) -> list[V | None]:
        """Every key's value (None when absent) in one C-level pass over the dict."""
        return list(map(self._entries.get, keys))

    def put(self, key: K, value: V) -> None:
        entries = self._entries
        if entries.pop(key, _ABSENT) is _ABSENT and len(entries) >= self.max_entries:
            for old in list(itertools.islice(entries, max(1, self.max_entries // 10))):
                del entries[old]
        entries[key] = value

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)


class CostSeriesId(int):
    """The id of a FOCUS cost series with what its labels say about the row. Stored as the series cache's value,
    it is evicted with the series' cache entry, so a cached cost series always has its row at hand."""

    cost: CostSeries

    def __new__(cls, series_id: int, cost: CostSeries) -> CostSeriesId:
        self = super().__new__(cls, series_id)
        self.cost = cost
        return self


@dataclass
class WriteOutcome:
    samples: int = 0
    histograms: int = 0
    exemplars: int = 0
    duplicates: int = 0
    invalid: list[tuple[str, str]] = field(default_factory=list)
    rejected_samples: int = 0


@dataclass
class _Pending:
    rows: bytes
    count: int
    done: asyncio.Future[int]


@dataclass(frozen=True)
class WriterOptions:
    cache_entries: int = 500_000
    flush_rows: int = 20_000
    max_pending_rows: int = 400_000
    flushers: int = 2
    max_future_ms: int = 10 * 60 * 1000


class SampleWriter:
    """Owns the series cache and the flush tasks of one adapter process."""

    def __init__(self, pool: AsyncConnectionPool, metrics: AdapterMetrics, options: WriterOptions) -> None:
        self.pool = pool
        self.metrics = metrics
        self.options = options
        # per-series state: the id cache keyed by the sender's label bytes, and beside it what RW2 metadata and the
        # prom_metric views need; every map is bounded by --ingest.series-cache-entries
        self.cache: BoundedMap[bytes, int] = BoundedMap(options.cache_entries)
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self._pending_rows = 0
        self._tasks: list[asyncio.Task[None]] = []
        self._engine: str | None = None
        self._partition_windows: set[int] = set()
        self._window_ms = 7_200_000
        self._view_shapes: BoundedMap[tuple[str, tuple[str, ...]], bool] = BoundedMap(options.cache_entries)
        self._views_dirty = asyncio.Event()
        self._series_names: BoundedMap[int, str] = BoundedMap(options.cache_entries)
        self._metadata_seen: BoundedMap[str, MetricMetadata] = BoundedMap(options.cache_entries)
        self._costs = CostRowSink()

    async def start(self) -> None:
        async with self.pool.connection() as conn:
            rows = await (await conn.execute("SELECT key, value FROM finops.storage_info")).fetchall()
            info: dict[str, str] = dict(rows)
        self._engine = str(info.get("engine", "timescaledb"))
        self._window_ms = int(info.get("window_ms", self._window_ms))
        try:  # skips recorded by `finops db migrate` (or by another replica that has stopped)
            async with self.pool.connection() as conn:
                await self._report_view_skips(conn)
        except psycopg.Error as exc:
            log.warning("could not read finops.metric_view_skips: %s", exc)
        self._tasks = [asyncio.create_task(self._flush_loop(), name=f"flush-{i}") for i in range(self.options.flushers)]
        self._tasks.append(asyncio.create_task(self._refresh_views_loop(), name="refresh-views"))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        while not self._queue.empty():
            item = self._queue.get_nowait()
            if not item.done.done():
                item.done.set_exception(UnavailableError("adapter shutting down"))

    async def write(self, batch: WriteBatch, fast_keys: Sequence[bytes | None] = ()) -> WriteOutcome:
        """`fast_keys` (RW1): the fast-path key of each series of the request by position, or None; the keys of
        single-sample series are cached beside the ids, so the next scrape of the series takes the fast path."""
        outcome = WriteOutcome(invalid=batch.invalid + batch.invalid_metadata, rejected_samples=batch.rejected_samples)
        if batch.metadata:
            await self._write_metadata(batch.metadata, outcome)
        if not batch.series:
            return outcome
        ids = await self._series_ids(batch.series, outcome)
        if fast_keys:
            self._cache_fast_keys(batch.series, ids, fast_keys)
        if batch.version is ProtocolVersion.V2:
            changed = self._changed_series_metadata(batch.series, ids)
            if changed:
                await self._write_metadata(changed, outcome)
        now_limit = int(time.time() * 1000) + self.options.max_future_ms
        pack = _SAMPLE_ROW.pack
        rows: list[bytes] = []
        append = rows.append
        extra: list[tuple[SeriesData, int]] = []
        cost_points: list[tuple[CostSeries, list[int], list[float]]] = []
        partitioned = self._engine != "timescaledb"
        window_ms = self._window_ms
        windows: set[int] = set()
        for series, sid in zip(batch.series, ids, strict=True):
            if sid is None:
                continue
            stamps = series.timestamps
            if len(stamps) == 1 and MIN_TIMESTAMP_MS <= stamps[0] <= now_limit:  # the common case, kept lean
                append(pack(3, 8, sid, 8, (stamps[0] - PG_EPOCH_MS) * 1000, 8, series.values[0]))
                values = series.values
            elif stamps:
                values = series.values
                if min(stamps) < MIN_TIMESTAMP_MS or max(stamps) > now_limit:
                    stamps, values = self._drop_out_of_bounds(series, now_limit, outcome)
                rows.extend(pack(3, 8, sid, 8, (ts - PG_EPOCH_MS) * 1000, 8, v)
                            for ts, v in zip(stamps, values, strict=True))
            else:
                values = series.values
            if partitioned and stamps:
                windows.update(range(min(stamps) // window_ms, max(stamps) // window_ms + 1))
            if type(sid) is CostSeriesId and stamps:
                cost_points.append((sid.cost, stamps, values))
            if series.histograms or series.exemplars:
                extra.append((series, sid))
        if windows - self._partition_windows:
            await self._ensure_partitions(windows - self._partition_windows)
        if rows:
            outcome.samples = await self._enqueue(b"".join(rows), len(rows))
            outcome.duplicates = len(rows) - outcome.samples
        if extra:
            await self._write_histograms_and_exemplars(extra, outcome, now_limit)
        if cost_points:
            await self._apply_costs(cost_points)
        return outcome

    async def write_single_samples(self, fast: SingleSamples) -> tuple[WriteOutcome, int, list[bytes],
                                                                        list[bytes | None]]:
        """The fast path of an RW1 request: single-sample series whose key is cached become COPY rows in a few
        vector operations. Returns the outcome, how many samples it took, and the raw series left for the general
        path (unknown keys, out-of-bounds timestamps, cost series, everything else) with their fast keys."""
        outcome = WriteOutcome()
        found = self.cache.get_many(fast.keys)
        # unknown series, and cost series (their samples also maintain FOCUS rows), take the general path
        ids = np.fromiter((-1 if i is None or type(i) is CostSeriesId else i for i in found), dtype=np.int64,
                          count=len(found))
        now_limit = int(time.time() * 1000) + self.options.max_future_ms
        take = (ids >= 0) & (fast.times >= MIN_TIMESTAMP_MS) & (fast.times <= now_limit)
        taken = int(take.sum())
        self.metrics.cache_lookups.labels("hit").inc(taken)
        left = np.flatnonzero(~take).tolist()
        rest = [fast.raws[i] for i in left] + fast.others
        rest_keys: list[bytes | None] = [fast.keys[i] for i in left]
        rest_keys += [None] * len(fast.others)
        if not taken:
            return outcome, 0, rest, rest_keys
        times = fast.times[take]
        if self._engine != "timescaledb":
            windows = set(np.unique(times // self._window_ms).tolist())
            if windows - self._partition_windows:
                await self._ensure_partitions(windows - self._partition_windows)
        outcome.samples = await self._enqueue(pack_samples(ids[take], times, fast.values[take]), taken)
        outcome.duplicates = taken - outcome.samples
        return outcome, taken, rest, rest_keys

    def _cache_fast_keys(self, series: Sequence[SeriesData], ids: Sequence[int | None],
                         fast_keys: Sequence[bytes | None]) -> None:
        """Caches the fast key of every resolved single-sample series (a raw TimeSeries that is Label fields and
        one Sample: the key is then its Label fields exactly)."""
        put = self.cache.put
        for item, sid in zip(series, ids, strict=True):
            if sid is None or item.index >= len(fast_keys):
                continue
            key = fast_keys[item.index]
            if (key is not None and len(item.timestamps) == 1 and not item.histograms and not item.exemplars
                    and whole_label_fields(key[len(FAST_KEY_MARK):])):
                put(key, sid)

    async def _apply_costs(self, points: list[tuple[CostSeries, list[int], list[float]]]) -> None:
        try:
            async with db_operation(self.metrics, "focus_costs"), self.pool.connection() as conn:
                changed = await self._costs.apply(conn, points)
        except psycopg.Error as exc:
            # a row the table refuses would be refused again on every retry: answering 5xx would stall this
            # Prometheus shard forever; the samples are stored, the row problem is logged (and counted above)
            log.error("FOCUS rows from %d cost series not applied: %s", len(points), exc.diag.message_primary)
            return
        self.metrics.cost_rows.inc(changed)

    def _drop_out_of_bounds(
        self, series: SeriesData, now_limit: int, outcome: WriteOutcome
    ) -> tuple[list[int], list[float]]:
        keep_ts: list[int] = []
        keep_v: list[float] = []
        for ts, v in zip(series.timestamps, series.values, strict=True):
            if MIN_TIMESTAMP_MS <= ts <= now_limit:
                keep_ts.append(ts)
                keep_v.append(v)
        self._out_of_bounds(outcome, len(series.timestamps) - len(keep_ts), "sample(s)")
        return keep_ts, keep_v

    def _out_of_bounds(self, outcome: WriteOutcome, dropped: int, what: str) -> None:
        if dropped:
            outcome.rejected_samples += dropped
            self.metrics.rejected.labels("out_of_bounds").inc(dropped)
            outcome.invalid.append(("out_of_bounds", f"{dropped} {what} with timestamps before 1900 or more than "
                                                     f"{self.options.max_future_ms // 1000}s in the future"))

    def _reject(self, outcome: WriteOutcome, reason: str, message: str, samples: int) -> None:
        """One series (or its histograms) left out: answered in the 400 and counted by reason."""
        outcome.invalid.append((reason, message))
        outcome.rejected_samples += samples
        self.metrics.rejected.labels(reason).inc(samples)
        self.metrics.invalid_series.labels(reason).inc()

    async def _series_ids(self, series: Sequence[SeriesData], outcome: WriteOutcome) -> list[int | None]:
        ids: list[int | None] = []
        misses: dict[str, list[int]] = {}
        miss_keys: dict[str, list[bytes]] = {}
        miss_costs: dict[str, CostSeries] = {}
        cache = self.cache
        for index, item in enumerate(series):
            sid = cache.get(item.key)
            if sid is not None:
                ids.append(sid)
                continue
            ids.append(None)
            try:
                labels = item.labels()
            except InvalidSeriesError as exc:
                self._reject(outcome, exc.reason, str(exc), len(item.timestamps) + len(item.histograms))
                continue
            text = json.dumps(dict(labels), ensure_ascii=False, separators=(",", ":"))
            if any(n == "__name__" and v.startswith(METRIC_PREFIX) for n, v in labels):
                cost = cost_series_from_labels(labels)
                if cost is not None:
                    miss_costs[text] = cost
            misses.setdefault(text, []).append(index)
            miss_keys.setdefault(text, []).append(item.key)
            self._note_view_shape(labels)
        hits = len(series) - len(misses)
        self.metrics.cache_lookups.labels("hit").inc(hits)
        if not misses:
            return ids
        self.metrics.cache_lookups.labels("miss").inc(sum(len(v) for v in misses.values()))
        async with db_operation(self.metrics, "series"), self.pool.connection() as conn:

            async def create(texts: Sequence[str]) -> list[tuple[str, int]]:
                cur = await conn.execute("SELECT ord, id FROM finops.get_or_create_series(%s::jsonb[])",
                                         (list(texts),))
                return [(texts[ord_ - 1], sid) for ord_, sid in await cur.fetchall()]

            chunks, refused = await isolate_refused(list(misses), create)
        for text, problem in refused:
            self._reject(outcome, "refused_by_database", f"series {text[:200]}: {problem}",
                         sum(len(series[i].timestamps) + len(series[i].histograms) for i in misses[text]))
        resolved = [pair for chunk in chunks for pair in chunk]
        self.metrics.series_created.inc(len(resolved))
        for text, new_id in resolved:
            cost = miss_costs.get(text)
            sid = new_id if cost is None else CostSeriesId(new_id, cost)
            for index in misses[text]:
                ids[index] = sid
            for key in miss_keys[text]:
                cache.put(key, sid)
        self.metrics.cache_size.set(len(cache))
        return ids

    def _note_view_shape(self, labels: Iterable[tuple[str, str]]) -> None:
        pairs = dict(labels)
        shape = (pairs.get("__name__", ""), tuple(sorted(k for k in pairs if k != "__name__")))
        if shape not in self._view_shapes:
            self._view_shapes.put(shape, True)
            self._views_dirty.set()

    async def _enqueue(self, rows: bytes, count: int) -> int:
        if self._pending_rows + count > self.options.max_pending_rows:
            raise UnavailableError(
                f"ingest queue full ({self._pending_rows} samples pending): the database is not keeping up"
            )
        done: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._pending_rows += count
        self.metrics.queue_rows.set(self._pending_rows)
        await self._queue.put(_Pending(rows, count, done))
        return await done

    async def _flush_loop(self) -> None:
        while True:
            first = await self._queue.get()
            items = [first]
            total = first.count
            while total < self.options.flush_rows and not self._queue.empty():
                item = self._queue.get_nowait()
                items.append(item)
                total += item.count
            try:
                inserted = await self._flush(items, total)
            except Exception as exc:
                failure = (
                    exc if isinstance(exc, UnavailableError) else UnavailableError(f"database write failed: {exc}")
                )
                if not isinstance(exc, UnavailableError):
                    log.exception("flush of %d samples failed", total)
                for item in items:
                    if not item.done.done():
                        item.done.set_exception(failure)
            else:
                for item, count in zip(items, inserted, strict=True):
                    if not item.done.done():
                        item.done.set_result(count)
            finally:
                self._pending_rows -= total
                self.metrics.queue_rows.set(self._pending_rows)

    async def _flush(self, items: list[_Pending], total: int) -> list[int]:
        """COPYs every pending item in one transaction; returns the newly stored count per item. The windows the
        rows fall in are share-locked first (compaction.py): when one of them was compacted already, or a row is
        stored already, the flush is redone the checked way."""
        windows = self._windows_of(items)
        async with db_operation(self.metrics, "copy") as op, self.pool.connection() as conn:
            try:
                async with conn.transaction():
                    compacted = await self._begin_write(conn, windows)
                    if not compacted:
                        async with conn.cursor() as cur, cur.copy(_SAMPLE_COPY) as copy:
                            await copy.write(_COPY_HEADER)
                            for item in items:
                                await copy.write(item.rows)
                            await copy.write(_COPY_TRAILER)
                if not compacted:
                    self.metrics.written.labels("sample").inc(total)
                    self.metrics.flush_rows.observe(total)
                    return [item.count for item in items]
                op.name = "copy_compacted"
            except (pg_errors.UniqueViolation, pg_errors.DeadlockDetected):
                # stored already (a retried request), or a concurrent writer holds the same keys in
                # another order (two replicas given the same batch): redo it the conflict-safe way
                op.name = "copy_conflict"
            counts = await self._flush_with_conflicts(conn, items, windows)
            new = sum(counts)
            self.metrics.written.labels("sample").inc(new)
            self.metrics.duplicates.labels("sample").inc(total - new)
            self.metrics.flush_rows.observe(total)
            return counts

    def _windows_of(self, items: list[_Pending]) -> list[int]:
        times = np.concatenate([np.frombuffer(item.rows, dtype=SAMPLE_ROW)["time"] for item in items])
        return np.unique(pg_to_ms(times.astype(np.int64)) // self._window_ms).tolist()  # type: ignore[no-any-return]

    @staticmethod
    async def _begin_write(conn: psycopg.AsyncConnection[Any], windows: list[int]) -> set[int]:
        """Share-locks the windows until commit (no compaction moves them meanwhile); returns the compacted ones."""
        cur = await conn.execute("SELECT finops.begin_sample_write(%s::int8[])", (windows,))
        row = await cur.fetchone()
        return set(row[0]) if row and row[0] else set()

    async def _flush_with_conflicts(self, conn: psycopg.AsyncConnection[Any], items: list[_Pending],
                                    windows: list[int]) -> list[int]:
        """Item by item through a staging table with ON CONFLICT DO NOTHING, so each request learns exactly how
        many of its samples were new; samples of compacted windows that their blocks hold already are left out
        (the stored value wins, as in the hot table); inserts go in (series, time) order, and a deadlock with
        another writer is retried."""
        for attempt in range(1, 6):
            counts = []
            try:
                async with conn.transaction():
                    compacted = await self._begin_write(conn, windows)
                    await conn.execute(
                        "CREATE TEMP TABLE IF NOT EXISTS finops_samples_stage "
                        "(time timestamptz, series_id bigint, value double precision) ON COMMIT DELETE ROWS"
                    )
                    for item in items:
                        rows = await self._not_in_blocks(conn, item.rows, compacted) if compacted else item.rows
                        async with conn.cursor() as cur:
                            async with cur.copy(_SAMPLE_STAGE_COPY) as copy:
                                await copy.write(_COPY_HEADER + rows + _COPY_TRAILER)
                            await cur.execute(
                                "INSERT INTO finops.samples_hot (time, series_id, value) "
                                "SELECT DISTINCT ON (series_id, time) time, series_id, value "
                                "FROM finops_samples_stage ORDER BY series_id, time ON CONFLICT DO NOTHING"
                            )
                            counts.append(max(cur.rowcount, 0))
                            await cur.execute("TRUNCATE finops_samples_stage")
                return counts
            except pg_errors.DeadlockDetected:
                if attempt == 5:
                    raise
                self.metrics.db_errors.labels("deadlock_retried").inc()
                await asyncio.sleep(0.01 * attempt)
        raise AssertionError("unreachable")

    async def _not_in_blocks(self, conn: psycopg.AsyncConnection[Any], rows: bytes, compacted: set[int]) -> bytes:
        """The rows whose (series, time) no block holds yet."""
        table = np.frombuffer(rows, dtype=SAMPLE_ROW)
        series = table["series_id"].astype(np.int64)
        times = pg_to_ms(table["time"].astype(np.int64))
        late = np.isin(times // self._window_ms, np.fromiter(compacted, dtype=np.int64))
        if not late.any():
            return rows
        stored = await read_blocks(conn, np.unique(series[late]), int(times[late].min()), int(times[late].max()))
        if not stored:
            return rows
        held_s, held_t, _ = decode_many(stored)
        key = series.astype(np.int64) * _KEY_SPAN + (times - int(times.min()))
        held = held_s * _KEY_SPAN + (held_t - int(times.min()))
        keep = ~(late & np.isin(key, held))
        return rows if keep.all() else table[keep].tobytes()

    async def _write_histograms_and_exemplars(
        self, extra: list[tuple[SeriesData, int]], outcome: WriteOutcome, now_limit: int
    ) -> None:
        """Histograms and exemplars outside the samples' time bounds are left out, as PostgreSQL would refuse the
        timestamps of the far ones on every retry; histograms count as rejected samples, exemplars as
        invalid_exemplar (the series stays)."""
        h_rows: list[tuple[int, int, float, float, bytes]] = []
        e_rows: list[tuple[int, int, float, str]] = []
        h_total = e_total = 0
        for series, series_id in extra:
            h_total += len(series.histograms)
            e_total += len(series.exemplars)
            sid = int(series_id)  # a plain int for psycopg, not a CostSeriesId
            h_rows.extend((h.timestamp_ms, sid, h.count, h.sum, h.raw) for h in series.histograms
                          if MIN_TIMESTAMP_MS <= h.timestamp_ms <= now_limit)
            e_rows.extend((e.timestamp_ms, sid, e.value, json.dumps(dict(e.labels), ensure_ascii=False))
                          for e in series.exemplars if MIN_TIMESTAMP_MS <= e.timestamp_ms <= now_limit)
        self._out_of_bounds(outcome, h_total - len(h_rows), "histogram(s)")
        if e_total > len(e_rows):
            self._drop_exemplars(outcome, e_total - len(e_rows), "timestamps before 1900 or more than "
                                                                 f"{self.options.max_future_ms // 1000}s in the future")
        async with db_operation(self.metrics, "histograms"), self.pool.connection() as conn:
            if h_rows:
                outcome.histograms, refused = await self._insert_rows(conn, _HISTOGRAM_INSERT, "histogram", h_rows)
                for (ts, sid, *_), problem in refused:
                    self._reject(outcome, "refused_by_database", f"histogram of series {sid} at {ts}: {problem}", 1)
            if e_rows:
                outcome.exemplars, refused = await self._insert_rows(conn, _EXEMPLAR_INSERT, "exemplar", e_rows)
                for (ts, sid, *_), problem in refused:
                    self._drop_exemplars(outcome, 1, f"series {sid} at {ts} refused by the database: {problem}")

    async def _insert_rows(
        self, conn: psycopg.AsyncConnection[Any], statement: str, kind: str, rows: Sequence[tuple[Any, ...]]
    ) -> tuple[int, list[tuple[tuple[Any, ...], str]]]:
        """INSERT … ON CONFLICT DO NOTHING of column arrays; returns the new rows and the rows the database refused."""

        async def insert(chunk: Sequence[tuple[Any, ...]]) -> int:
            cur = await conn.execute(statement, [list(col) for col in zip(*chunk, strict=True)], binary=True)
            return max(cur.rowcount, 0)

        counts, refused = await isolate_refused(rows, insert)
        written = sum(counts)
        self.metrics.written.labels(kind).inc(written)
        self.metrics.duplicates.labels(kind).inc(len(rows) - len(refused) - written)
        return written, refused

    def _drop_exemplars(self, outcome: WriteOutcome, count: int, why: str) -> None:
        outcome.invalid.append(("invalid_exemplar", f"{count} exemplar(s) dropped: {why}"))
        self.metrics.invalid_series.labels("invalid_exemplar").inc(count)

    def _changed_series_metadata(self, series: Sequence[SeriesData], ids: Sequence[int | None]) -> list[MetricMetadata]:
        """RW2 repeats metadata on every series of every request: write a family's only when it changes."""
        changed: dict[str, MetricMetadata] = {}
        for item, sid in zip(series, ids, strict=True):
            meta = item.metadata
            if meta is None or sid is None:
                continue
            name = self._series_names.get(sid)
            if name is None:
                name = dict(item.labels()).get("__name__", "")
                self._series_names.put(sid, name)
            entry = MetricMetadata(name, meta.type, meta.help, meta.unit)
            if name and self._metadata_seen.get(name) != entry:
                self._metadata_seen.put(name, entry)
                changed[name] = entry
        return list(changed.values())

    async def _write_metadata(self, metadata: Sequence[MetricMetadata], outcome: WriteOutcome) -> None:
        latest = {m.family: m for m in metadata if m.family}
        if not latest:
            return
        async with db_operation(self.metrics, "metadata"), self.pool.connection() as conn:

            async def upsert(rows: Sequence[MetricMetadata]) -> int:
                await conn.execute(
                    "INSERT INTO finops.metric_metadata AS m (metric_family_name, type, help, unit) "
                    "SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[]) "
                    "ON CONFLICT (metric_family_name) DO UPDATE SET type = excluded.type, help = excluded.help, "
                    "unit = excluded.unit, updated_at = now() "
                    "WHERE (m.type, m.help, m.unit) IS DISTINCT FROM (excluded.type, excluded.help, excluded.unit)",
                    ([r.family for r in rows], [r.type for r in rows], [r.help for r in rows],
                     [r.unit for r in rows]),
                )
                return len(rows)

            counts, refused = await isolate_refused(list(latest.values()), upsert)
        for meta, problem in refused:
            outcome.invalid.append(("refused_by_database", f"metadata of {meta.family[:80]!r}: {problem}"))
            self.metrics.metadata_rejected.labels("refused_by_database").inc()
        self.metrics.metadata_written.inc(sum(counts))

    async def _ensure_partitions(self, windows: set[int]) -> None:
        """Plain PostgreSQL: the hot partition of each compaction window (and the day partitions of exemplars and
        histograms) exist before rows arrive."""
        async with db_operation(self.metrics, "partitions"), self.pool.connection() as conn:
            for window in sorted(windows):
                start = window * self._window_ms / 1000
                await conn.execute("SELECT finops.ensure_partitions(to_timestamp(%s), to_timestamp(%s))",
                                   (start, start))
        self._partition_windows |= windows

    async def _refresh_views_loop(self, interval: float = 5.0) -> None:
        while True:
            await self._views_dirty.wait()
            await asyncio.sleep(interval)
            self._views_dirty.clear()
            try:
                async with self.pool.connection() as conn:
                    await conn.execute("SELECT finops.refresh_metric_views()")
                    await self._report_view_skips(conn)
            except psycopg.Error as exc:
                log.warning("could not refresh prom_metric views: %s", exc)
                self._views_dirty.set()

    async def _report_view_skips(self, conn: psycopg.AsyncConnection[Any]) -> None:
        """Logs and counts each view or column the refresh could not make, once across every adapter process."""
        cur = await conn.execute("UPDATE finops.metric_view_skips SET reported = true WHERE NOT reported "
                                 "RETURNING metric_name, label_name, reason, detail")
        for metric, label, reason, detail in await cur.fetchall():
            self.metrics.view_skips.labels(reason).inc()
            what = f"label {label[:200]!r} of metric {metric[:200]!r}" if label else f"metric {metric[:200]!r}"
            log.warning("prom_metric view of %s: %s: %s", what, reason, detail)
