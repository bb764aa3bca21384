"""`finops carbon backfill`: reads past intensities and remote-writes them (Remote-Write 1.0).

Each source's history endpoint (UK `/intensity/{from}/{to}`, Electricity Maps `/history` or `/past-range`,
WattTime `/v3/historical`) is read with the same client as the live exporter (rate limits, 429 pauses, retries)
and turned into samples by the same functions, so every point has the live path's series identity (metric
name, labels) and timestamp (the source's). Remote-writing a point twice, or one Prometheus also scraped,
therefore writes the same (series, timestamp, value) again: the adapter stores it once. Pass the labels
Prometheus adds to scraped series (`--label job=… --label instance=…`, the scrape target's) for that to hold.

A value the source later re-publishes as measured (Electricity Maps' `isEstimated` turning false) lands in its
own series (`estimated="false"`): history is how those corrections reach the database, since Prometheus only
accepts samples up to about an hour old. Forecasts are not backfilled (the APIs keep no issued forecasts,
except WattTime's `/v3/forecast/historical`, which needs a subscription). A zone whose history fails is
counted and logged; the others are written. The embedded table has no history.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

import aiohttp

from exporters.base.remote_write import RemoteWriteClient, to_timeseries
from exporters.carbon.app import build_sources
from exporters.carbon.config import CarbonConfig
from exporters.carbon.electricity_maps import ElectricityMapsSource
from exporters.carbon.source import ApiError, Http, Sample, Stats
from exporters.carbon.uk import NATIONAL, UkSource
from exporters.carbon.watttime import WattTimeSource

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackfillReport:
    zones: int
    failed_zones: int
    samples: int
    series: int
    requests: int


async def run_backfill(
    config: CarbonConfig,
    *,
    since: float,
    remote_write_url: str,
    extra_labels: Mapping[str, str],
    clock: Callable[[], float] = time.time,
    monotonic: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    max_samples_per_request: int = 2000,
) -> BackfillReport:
    stats = Stats()
    http = Http()
    try:
        sources = build_sources(config, http, stats, clock=clock, monotonic=monotonic, sleep=sleep)
        now = clock()
        start = now - since
        samples: list[Sample] = []
        zones = failed = 0
        for source in sources:
            if isinstance(source, UkSource):
                jobs: list[tuple[str, Awaitable[list[Sample]]]] = (
                    [(NATIONAL, source.history(start, now))] if source.config.national else [])
            elif isinstance(source, ElectricityMapsSource):
                jobs = [(z, source.history(z, start, now, now)) for z in source.zones]
            elif isinstance(source, WattTimeSource):
                jobs = [(z, source.history(z, start, now)) for z in source.zones]
            else:
                continue
            for zone, job in jobs:
                zones += 1
                try:
                    samples.extend(await job)
                except ApiError as exc:
                    failed += 1
                    log.warning("backfill: %s zone %s failed: %s", source.name, zone, exc)
        series = to_timeseries(samples, extra_labels)
        writer = RemoteWriteClient(http.session(), remote_write_url, max_samples_per_request=max_samples_per_request,
                                   sleep=sleep)
        try:
            await writer.write(series)
        except aiohttp.ClientError as exc:  # pragma: no cover - RemoteWriteClient maps these itself
            raise ApiError("unavailable", str(exc)) from exc
        requests = sum(stats.get("requests").values())
        return BackfillReport(zones=zones, failed_zones=failed, samples=writer.samples_sent, series=len(series),
                              requests=requests)
    finally:
        await http.close()
