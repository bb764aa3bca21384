"""aiohttp wiring of the adapter: remote write and remote read endpoints, /metrics, /healthz and /readyz.

Headers are checked before the body is read (415 and 413 cost nothing), the body is never auto-decompressed,
and every kind of failure maps to the status Prometheus expects: 400 is final, 503 is retried.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import psycopg
from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from finops.db import drop_old_data, migrate, wait_for_database
from finops.errors import BadInputError, PayloadTooLargeError, StartupError, UnavailableError
from finops.prompb import compress, decompress
from finops.web import auth_middleware, error_middleware
from remote_write_adapter.compaction import compact
from remote_write_adapter.config import AdapterConfig
from remote_write_adapter.matchers import InvalidRegexError
from remote_write_adapter.metrics import AdapterMetrics
from remote_write_adapter.protocol import (
    ProtocolVersion,
    decode_read_request,
    decode_write,
    negotiate,
    split_single_samples,
    write_request,
)
from remote_write_adapter.read import RemoteReader
from remote_write_adapter.read_response import (
    MAX_BYTES_IN_FRAME,
    STREAMED_CONTENT_TYPE,
    QueryAnswer,
    chunked_frames,
    encode_read_response,
)
from remote_write_adapter.storage import SampleWriter, WriteOutcome, WriterOptions
from remote_write_adapter.upload import SERVER_ARGS, make_upload_handler

log = logging.getLogger(__name__)

CONFIG = web.AppKey("config", AdapterConfig)
METRICS = web.AppKey("metrics", AdapterMetrics)
POOL = web.AppKey("pool", AsyncConnectionPool)
WRITER = web.AppKey("writer", SampleWriter)
READER = web.AppKey("reader", RemoteReader)

_MAX_ERRORS_SHOWN = 10
SAMPLES, STREAMED_XOR_CHUNKS = 0, 1  # prometheus.ReadRequest.ResponseType


def make_app(config: AdapterConfig, metrics: AdapterMetrics | None = None) -> web.Application:
    app = web.Application(
        client_max_size=config.max_body_bytes,
        middlewares=[_instrument_middleware, auth_middleware(config.web), error_middleware],
        handler_args=SERVER_ARGS,  # bodies as they came: the upload checks its gzip stream to the end
    )
    app[CONFIG] = config
    app[METRICS] = metrics or AdapterMetrics()
    app.cleanup_ctx.append(_database)
    app.router.add_post("/api/v1/write", handle_write)
    app.router.add_post("/api/v1/read", handle_read)
    app.router.add_post("/api/v1/focus/upload",
                        make_upload_handler(lambda: config.dsn, config.focus_max_upload_bytes))
    app.router.add_get("/metrics", handle_metrics)
    app.router.add_get("/healthz", handle_healthz)
    app.router.add_get("/readyz", handle_readyz)
    return app


async def _database(app: web.Application) -> AsyncIterator[None]:
    """Waits for the database (up to --db.connect-timeout), then opens the pool, so a dead database fails the
    start with one line naming the setting, not the first request."""
    config = app[CONFIG]
    await wait_for_database(config.dsn, config.db_connect_timeout)
    if config.db_migrate:
        await asyncio.to_thread(migrate, config.dsn)
    pool = AsyncConnectionPool(config.dsn, min_size=1, max_size=config.db_pool_size, open=False,
                               kwargs={"autocommit": True},
                               timeout=10.0, name="finops-adapter")
    try:
        await pool.open(wait=True, timeout=config.db_connect_timeout)
    except PoolTimeout:
        await pool.close()
        raise StartupError(f"--db.pool-size {config.db_pool_size}: the database did not accept the pool's "
                           f"connections within --db.connect-timeout") from None
    writer = SampleWriter(pool, app[METRICS], WriterOptions(
        cache_entries=config.series_cache_entries, flush_rows=config.flush_samples,
        max_pending_rows=config.max_pending_samples, flushers=config.flushers,
        max_future_ms=int(config.max_future_seconds * 1000)))
    await writer.start()
    app[POOL] = pool
    app[WRITER] = writer
    app[READER] = RemoteReader(pool, config.read_max_samples, app[METRICS])
    background = [asyncio.create_task(_compaction_loop(config, pool, app[METRICS]), name="compaction")]
    if config.retention_seconds:
        background.append(asyncio.create_task(_retention_loop(config), name="retention"))
    try:
        yield
    finally:
        for task in background:
            task.cancel()
        for task in background:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await writer.stop()
        await pool.close()


async def _retention_loop(config: AdapterConfig) -> None:
    assert config.retention_seconds
    while True:
        try:
            dropped = await asyncio.to_thread(drop_old_data, config.dsn, config.retention_seconds)
            if any(dropped.values()):
                log.info("retention dropped %s", dropped)
        except psycopg.Error as exc:
            log.warning("retention run failed: %s", exc)
        await asyncio.sleep(config.retention_check_interval)


async def _compaction_loop(config: AdapterConfig, pool: AsyncConnectionPool, metrics: AdapterMetrics) -> None:
    """Compacts what is older than --storage.compact-after every --storage.compact-interval; one replica at a
    time does the work (the others find the compactor lock taken and skip the pass)."""
    while True:
        await asyncio.sleep(config.compact_interval)
        try:
            async with pool.connection() as conn:
                row = await (await conn.execute(
                    "SELECT value::bigint FROM finops.storage_info WHERE key = 'window_ms'")).fetchone()
                cutoff = int((time.time() - config.compact_after_seconds) * 1000)
                result = await compact(conn, cutoff, int(row[0]) if row else 7_200_000)
        except psycopg.Error as exc:
            metrics.db_errors.labels("compaction").inc()
            log.warning("compaction failed (retried in %ss): %s", config.compact_interval, exc)
            continue
        if not result.skipped:
            metrics.compacted_samples.inc(result.samples)
            metrics.compaction_duration.observe(result.seconds)
            if result.samples:
                log.info("compacted %d samples into %d blocks in %.1fs", result.samples, result.blocks,
                         result.seconds)


@web.middleware
async def _instrument_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    metrics = request.app[METRICS]
    route = request.match_info.route.resource
    name = route.canonical if route is not None else "other"
    started = time.perf_counter()
    status = 500
    try:
        response: web.StreamResponse = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    finally:
        metrics.requests.labels(name, str(status)).inc()
        metrics.request_duration.labels(name).observe(time.perf_counter() - started)


async def _read_body(request: web.Request) -> bytes:
    config = request.app[CONFIG]
    if request.content_length is not None and request.content_length > config.max_body_bytes:
        raise PayloadTooLargeError(
            f"request body of {request.content_length} bytes exceeds the limit of {config.max_body_bytes} bytes")
    try:
        body = await request.read()
    except web.HTTPRequestEntityTooLarge as exc:
        raise PayloadTooLargeError(f"request body exceeds the limit of {config.max_body_bytes} bytes") from exc
    request.app[METRICS].request_bytes.labels(request.path).inc(len(body))
    return body


async def handle_write(request: web.Request) -> web.Response:
    version = negotiate(request.headers.get("Content-Type"), request.headers.get("Content-Encoding"))
    body = await _read_body(request)
    config = request.app[CONFIG]
    raw = decompress(body, config.max_decoded_bytes)
    writer = request.app[WRITER]
    metrics = request.app[METRICS]
    proto = f"v{int(version)}"
    fast_outcome: WriteOutcome | None = None
    fast_keys: list[bytes | None] = []
    if version is ProtocolVersion.V1:
        # a scrape's worth of known single-sample series skips decoding (protocol.split_single_samples)
        fast = split_single_samples(raw)
        if fast is not None:
            fast_outcome, taken, rest, fast_keys = await writer.write_single_samples(fast)
            metrics.received.labels(proto, "sample").inc(taken)
            raw = write_request(rest)
    batch = decode_write(raw, version, rw1_utf8_names=config.rw1_utf8_names)
    metrics.received.labels(proto, "sample").inc(sum(len(s.timestamps) for s in batch.series))
    histograms = sum(len(s.histograms) for s in batch.series)
    exemplars = sum(len(s.exemplars) for s in batch.series)
    if histograms:
        metrics.received.labels(proto, "histogram").inc(histograms)
    if exemplars:
        metrics.received.labels(proto, "exemplar").inc(exemplars)
    for reason, count in Counter(r for r, _ in batch.invalid).items():
        metrics.invalid_series.labels(reason).inc(count)
    for reason, count in Counter(r for r, _ in batch.invalid_metadata).items():
        metrics.metadata_rejected.labels(reason).inc(count)
    if batch.rejected_samples:
        metrics.rejected.labels("undecodable_series").inc(batch.rejected_samples)
    outcome = await writer.write(batch, fast_keys)
    if fast_outcome is not None:
        outcome.samples += fast_outcome.samples
        outcome.duplicates += fast_outcome.duplicates
    headers = _written_headers(outcome) if version is ProtocolVersion.V2 else {}
    if outcome.invalid:
        return web.Response(status=400, text=_describe_invalid(outcome), headers=headers)
    return web.Response(status=204, headers=headers)


def _written_headers(outcome: WriteOutcome) -> dict[str, str]:
    # duplicates were stored by an earlier delivery: for the sender they are written
    return {
        "X-Prometheus-Remote-Write-Samples-Written": str(outcome.samples + outcome.duplicates),
        "X-Prometheus-Remote-Write-Histograms-Written": str(outcome.histograms),
        "X-Prometheus-Remote-Write-Exemplars-Written": str(outcome.exemplars),
    }


def _describe_invalid(outcome: WriteOutcome) -> str:
    counts = Counter(reason for reason, _ in outcome.invalid)
    summary = ", ".join(f"{n} {reason}" for reason, n in counts.most_common())
    lines = [f"{len(outcome.invalid)} invalid series, samples or metadata entries ({summary}); "
             f"{outcome.rejected_samples} samples rejected, {outcome.samples + outcome.duplicates} written"]
    lines += [f"  {reason}: {message}" for reason, message in outcome.invalid[:_MAX_ERRORS_SHOWN]]
    if len(outcome.invalid) > _MAX_ERRORS_SHOWN:
        lines.append(f"  … and {len(outcome.invalid) - _MAX_ERRORS_SHOWN} more")
    return "\n".join(lines) + "\n"


async def handle_read(request: web.Request) -> web.StreamResponse:
    """SAMPLES or STREAMED_XOR_CHUNKS, whichever the client lists first (an empty list means SAMPLES). A streamed
    answer holding native histograms goes out as SAMPLES instead: histogram chunks are not encoded here, and
    Prometheus reads either type by its Content-Type."""
    negotiate(request.headers.get("Content-Type"), request.headers.get("Content-Encoding"))
    body = await _read_body(request)
    queries, accepted = decode_read_request(decompress(body, request.app[CONFIG].max_decoded_bytes))
    reader = request.app[READER]
    metrics = request.app[METRICS]
    answers = []
    for query in queries:
        try:
            answer = await reader.query(query)
        except InvalidRegexError as exc:
            return web.Response(status=500, text=f"{exc}\n")  # Prometheus' own answer to an invalid regex
        metrics.read_series.inc(len(answer.series))
        metrics.read_samples.inc(int(answer.timestamps.size) + sum(len(s.histograms) for s in answer.series))
        answers.append(answer)
    streamed = next((t for t in accepted if t in (SAMPLES, STREAMED_XOR_CHUNKS)), SAMPLES) == STREAMED_XOR_CHUNKS
    if streamed and not any(s.histograms for a in answers for s in a.series):
        metrics.read_responses.labels("streamed_xor_chunks").inc()
        response = web.StreamResponse(headers={"Content-Type": STREAMED_CONTENT_TYPE})
        await response.prepare(request)
        pending: list[bytes] = []
        size = 0
        for index, answer in enumerate(answers):
            for frame in chunked_frames(answer, index):
                pending.append(frame)
                size += len(frame)
                if size >= MAX_BYTES_IN_FRAME:  # frames of small series go out together, not one write each
                    await response.write(b"".join(pending))
                    pending, size = [], 0
        if pending:
            await response.write(b"".join(pending))
        await response.write_eof()
        return response
    metrics.read_responses.labels("samples").inc()
    samples = sum(int(a.timestamps.size) + sum(len(s.histograms) for s in a.series) for a in answers)
    if samples <= _INLINE_ENCODE_SAMPLES:  # a thread hand-off costs more than encoding a small answer
        raw = _encode_samples_response(answers)
    else:
        raw = await asyncio.get_running_loop().run_in_executor(None, _encode_samples_response, answers)
    return web.Response(body=raw, headers={"Content-Type": "application/x-protobuf", "Content-Encoding": "snappy"})


#: answers up to this many samples are encoded on the event loop (at most about 2 ms); larger ones in a thread
_INLINE_ENCODE_SAMPLES = 8_192


def _encode_samples_response(answers: list[QueryAnswer]) -> bytes:
    return compress(encode_read_response(answers))


async def handle_metrics(request: web.Request) -> web.Response:
    metrics = request.app[METRICS]
    if WRITER in request.app:
        metrics.cache_size.set(len(request.app[WRITER].cache))
    body = await asyncio.get_running_loop().run_in_executor(None, generate_latest, metrics.registry)
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


async def handle_healthz(_request: web.Request) -> web.Response:
    return web.Response(text="ok\n")


async def handle_readyz(request: web.Request) -> web.Response:
    try:
        async with request.app[POOL].connection(timeout=2.0) as conn:
            await conn.execute("SELECT 1")
    except Exception as exc:
        raise UnavailableError(f"database not reachable: {type(exc).__name__}") from exc
    return web.Response(text="ready\n")


__all__ = ["BadInputError", "make_app"]
