"""aiohttp wiring of the carbon exporter: one Poller per source, the collector, self-metrics, the HTTP session."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from prometheus_client import CollectorRegistry

from exporters.base import Poller, PollerCollector, create_app
from exporters.carbon.collector import CarbonCollector
from exporters.carbon.config import CarbonConfig
from exporters.carbon.electricity_maps import ElectricityMapsSource
from exporters.carbon.embedded import EmbeddedTableSource
from exporters.carbon.source import ApiClient, CarbonSnapshot, Http, Stats, ssl_context
from exporters.carbon.uk import UkSource
from exporters.carbon.watttime import WattTimeSource

SELF_PREFIX = "carbon_exporter"
Source = UkSource | ElectricityMapsSource | WattTimeSource | EmbeddedTableSource


@dataclass(frozen=True)
class CarbonExporter:
    app: web.Application
    registry: CollectorRegistry
    pollers: tuple[Poller[CarbonSnapshot], ...]
    sources: tuple[Source, ...]
    stats: Stats
    http: Http


def build_sources(
    config: CarbonConfig,
    http: Http,
    stats: Stats,
    *,
    clock: Callable[[], float] = time.time,
    monotonic: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> list[Source]:
    """The configured sources, sharing one session and one set of counters (also the backfill's)."""
    ctx = ssl_context(config.ca_file)

    def client(name: str, rate: float) -> ApiClient:
        return ApiClient(name, http, stats, requests_per_second=rate, retries=config.retries,
                         timeout=config.request_timeout, max_retry_after=config.max_retry_after, ssl_ctx=ctx,
                         clock=clock, monotonic=monotonic, sleep=sleep)

    common: dict[str, Any] = {"horizon": config.forecast_horizon, "stale_limit": config.stale_limit,
                              "max_concurrency": config.max_concurrency, "clock": clock}
    sources: list[Source] = []
    if config.uk is not None:
        sources.append(UkSource(config.uk, client("uk_carbon_intensity", config.uk.requests_per_second), stats,
                                **common))
    if config.electricity_maps is not None:
        em = config.electricity_maps
        sources.append(ElectricityMapsSource(em, client("electricity_maps", em.requests_per_second), stats, **common))
    if config.watttime is not None:
        wt = config.watttime
        sources.append(WattTimeSource(wt, client("watttime", wt.requests_per_second), stats, monotonic=monotonic,
                                      **common))
    if config.table is not None:
        sources.append(EmbeddedTableSource(config.table, clock=clock))
    return sources


def build(
    config: CarbonConfig,
    *,
    start_pollers: bool = True,
    clock: Callable[[], float] = time.time,
    monotonic: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> CarbonExporter:
    """Builds the app; the HTTP session is closed in the app's cleanup context, after the pollers stopped."""
    stats = Stats()
    http = Http()
    sources = build_sources(config, http, stats, clock=clock, monotonic=monotonic, sleep=sleep)
    pollers = tuple(
        Poller(
            s.name,
            s.fetch,
            initial=CarbonSnapshot(s.name),
            interval=config.poll_interval,
            timeout=config.timeout,
            max_stale=config.stale_limit,
            counts=CarbonSnapshot.counts,
            clock=clock,
        )
        for s in sources
    )
    registry = CollectorRegistry()
    registry.register(CarbonCollector(lambda: [p.snapshot for p in pollers], stats, config.timestamps, clock))
    registry.register(PollerCollector(SELF_PREFIX, pollers))
    app = create_app(web_config=config.web, registry=registry, pollers=pollers, start_pollers=start_pollers)

    async def http_ctx(_app: web.Application) -> AsyncIterator[None]:
        yield
        await http.close()

    app.cleanup_ctx.insert(0, http_ctx)  # cleaned up last: after the pollers stopped
    return CarbonExporter(app, registry, pollers, tuple(sources), stats, http)
