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
from finops.prompb import decompress
from finops.web import auth_middleware, error_middleware
from remote_write_adapter.config import AdapterConfig
from remote_write_adapter.metrics import AdapterMetrics
from remote_write_adapter.protocol import (
    ProtocolVersion,
    decode_read_request,
    decode_write,
    encode_read_response,
    negotiate,
)
from remote_write_adapter.read import RemoteReader
from remote_write_adapter.storage import SampleWriter, WriteOutcome, WriterOptions
from remote_write_adapter.upload import SERVER_ARGS, make_upload_handler

log = logging.getLogger(__name__)

CONFIG = web.AppKey("config", AdapterConfig)
METRICS = web.AppKey("metrics", AdapterMetrics)
POOL = web.AppKey("pool", AsyncConnectionPool)
WRITER = web.AppKey("writer", SampleWriter)
READER = web.AppKey("reader", RemoteReader)

_MAX_ERRORS_SHOWN = 10


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
    retention = asyncio.create_task(_retention_loop(config)) if config.retention_seconds else None
    try:
        yield
    finally:
        if retention:
            retention.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await retention
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
    batch = decode_write(raw, version, rw1_utf8_names=config.rw1_utf8_names)
    metrics = request.app[METRICS]
    proto = f"v{int(version)}"
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
    outcome = await request.app[WRITER].write(batch)
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


async def handle_read(request: web.Request) -> web.Response:
    negotiate(request.headers.get("Content-Type"), request.headers.get("Content-Encoding"))
    body = await _read_body(request)
    queries, _accepted = decode_read_request(decompress(body, request.app[CONFIG].max_decoded_bytes))
    reader = request.app[READER]
    metrics = request.app[METRICS]
    results = []
    for query in queries:
        series = await reader.query(query)
        metrics.read_series.inc(len(series))
        metrics.read_samples.inc(sum(len(s.timestamps) + len(s.histograms) for s in series))
        results.append(series)
    return web.Response(body=encode_read_response(results), headers={
        "Content-Type": "application/x-protobuf", "Content-Encoding": "snappy"})


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
