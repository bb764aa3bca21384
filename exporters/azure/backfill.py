"""`finops azure backfill`: reads past Azure metrics and remote-writes them (Remote-Write 1.0).

It queries the same resources, metrics, aggregations and grain as the live exporter, window by window, and
turns the answers into samples with the same pure function (`source.read_batch`), so each point
has the same series identity (metric name and labels) and timestamp (Azure's grain start) as the one the live
path exposes. Remote-writing a point twice, or a point Prometheus also scraped, therefore writes the same
(series, timestamp, value) again: receivers treat it as a duplicate, not as new data. For that to hold, pass
the labels Prometheus adds to scraped series (`--label job=… --label instance=…`, i.e. the scrape target's).

Per-resource errors (error entries inside a 200 answer, e.g. `ResourceNotFound`) leave that resource's metric
out of the window; they are counted in the report (`resource_errors`: resource and window pairs) and logged once
per resource and error code.

Throttling: like the live path, a batch answered 429/529 (after the SDK's own retries) pauses its subscription
for its `Retry-After`; the backfill waits that pause out before the subscription's next call and tries the
throttled batch once more, so history is not lost to a throttled window.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp

from exporters.azure.config import AzureConfig
from exporters.azure.source import (
    ApiStats,
    AzureMetricsSource,
    RateLimiter,
    Sample,
    SdkClients,
    _retry_after,
    chunks,
    metric_groups,
    query_batch,
    read_batch,
)
from exporters.base.remote_write import RemoteWriteClient, to_timeseries

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackfillReport:
    resources: int
    windows: int
    samples: int
    series: int
    failed_batches: int
    requests: int
    resource_errors: int = 0  # (resource, window) pairs with an error entry in Azure's answer


async def run_backfill(
    config: AzureConfig,
    *,
    since: float,
    remote_write_url: str,
    extra_labels: Mapping[str, str],
    window: float = 6 * 3600.0,
    clients: SdkClients | None = None,
    session: aiohttp.ClientSession | None = None,
    clock: Callable[[], float] = time.time,
    max_samples_per_request: int = 2000,
    monotonic: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> BackfillReport:
    stats = ApiStats()
    sdk = clients or SdkClients(config, stats)
    own_session = session is None
    http = session or aiohttp.ClientSession()
    try:
        source = AzureMetricsSource(config, sdk.metrics_client, sdk, stats, clock=clock)
        await source.refresh_resources()
        resources = source.resources()
        limiter = RateLimiter(config.requests_per_second)
        writer = RemoteWriteClient(http, remote_write_url, max_samples_per_request=max_samples_per_request)
        now = clock()
        end = now - config.settle_delay
        start = now - since
        windows = failed = 0
        paused_until: dict[str, float] = {}
        errored: set[tuple[str, float]] = set()  # (resource id, window start)
        reported: set[tuple[str, str]] = set()  # (resource id, error code) already logged
        series_keys: set[tuple[tuple[str, str], ...]] = set()
        t0 = start
        while t0 < end:
            t1 = min(end, t0 + window)
            windows += 1
            samples: list[Sample] = []
            for chunk in chunks(resources):
                spec = config.type_spec(chunk[0].type)
                for group in metric_groups(spec):
                    client = sdk.metrics_client(chunk[0].region)
                    sub = chunk[0].subscription_id
                    answered: tuple[list[Any], Any] | None = None  # the SDK's results and the wire answer
                    for attempt in range(2):  # a throttled batch is tried again once its pause has passed
                        wait = paused_until.get(sub, 0.0) - monotonic()
                        if wait > 0:
                            log.info("subscription %s throttled: waiting %.0fs", sub, wait)
                            await sleep(wait)
                        await limiter.acquire()
                        try:
                            answered = await query_batch(client, chunk, spec, group, t0, t1)
                            break
                        except Exception as exc:  # one failing batch must not lose the others
                            delay = _retry_after(exc)
                            if delay is not None:
                                paused_until[sub] = monotonic() + delay
                                log.warning("subscription %s throttled; pausing it for %.0fs", sub, delay)
                            if delay is None or attempt == 1:
                                failed += 1
                                log.warning("backfill batch %s..%s failed: %s", t0, t1, exc)
                                break
                    if answered is None:
                        continue
                    results, answer = answered
                    batch = read_batch(results, answer, chunk, spec, group, not_after=end, latest_only=False)
                    samples.extend(s for s in batch.samples if t0 <= s.timestamp < t1)
                    for error in batch.errors:
                        errored.add((error.resource.id, t0))
                        if (error.resource.id, error.code) not in reported:
                            reported.add((error.resource.id, error.code))
                            log.warning(
                                "backfill: resource %s: Azure answered %s: %s; its metrics are left out",
                                error.resource.id,
                                error.code,
                                error.message,
                            )
            series = to_timeseries(samples, extra_labels)
            series_keys.update(s.labels for s in series)
            await writer.write(series)
            t0 = t1
        return BackfillReport(
            resources=len(resources),
            windows=windows,
            samples=writer.samples_sent,
            series=len(series_keys),
            failed_batches=failed,
            requests=writer.requests_sent,
            resource_errors=len(errored),
        )
    finally:
        if own_session:
            await http.close()
        if clients is None:
            await sdk.close()
