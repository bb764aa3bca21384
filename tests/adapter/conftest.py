"""Fixtures for the adapter's HTTP tests: a migrated database and the app behind aiohttp's test client."""

from __future__ import annotations

import struct
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from psycopg_pool import AsyncConnectionPool

from finops.db import migrate
from remote_write_adapter.app import make_app
from remote_write_adapter.config import AdapterConfig
from remote_write_adapter.metrics import AdapterMetrics
from remote_write_adapter.storage import SampleWriter, WriterOptions

V1_HEADERS = {
    "Content-Encoding": "snappy",
    "Content-Type": "application/x-protobuf",
    "X-Prometheus-Remote-Write-Version": "0.1.0",
}
V2_HEADERS = {
    "Content-Encoding": "snappy",
    "Content-Type": "application/x-protobuf;proto=io.prometheus.write.v2.Request",
    "X-Prometheus-Remote-Write-Version": "2.0.0",
}
STALE = struct.unpack(">d", bytes.fromhex("7ff0000000000002"))[0]
T0 = 1_764_000_000_000  # 2025-11-24, in the past and well inside the accepted range

Client = TestClient[web.Request, web.Application]


def adapter_config(dsn: str, **flags: object) -> AdapterConfig:
    return AdapterConfig.load(flags={"db_url": dsn, "web_listen_address": "127.0.0.1:0", **flags}, environ={})


@pytest.fixture
def dsn(empty_db: str) -> str:
    migrate(empty_db)
    return empty_db


async def adapter_client(app: web.Application) -> Client:
    client: Client = TestClient(TestServer(app, auto_decompress=False))
    await client.start_server()
    return client


@pytest.fixture
async def client(dsn: str) -> AsyncIterator[Client]:
    c = await adapter_client(make_app(adapter_config(dsn)))
    try:
        yield c
    finally:
        await c.close()


@asynccontextmanager
async def sample_writer(dsn: str, options: WriterOptions) -> AsyncIterator[SampleWriter]:
    """The writer alone on a real pool, for what HTTP cannot reach (inputs no decoder produces, internal maps)."""
    pool = AsyncConnectionPool(dsn, min_size=1, max_size=2, open=False, kwargs={"autocommit": True})
    await pool.open(wait=True)
    writer = SampleWriter(pool, AdapterMetrics(), options)
    await writer.start()
    try:
        yield writer
    finally:
        await writer.stop()
        await pool.close()
