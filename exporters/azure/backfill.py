"""`finops azure backfill`: reads past Azure metrics and remote-writes them (Remote-Write 1.0).

It queries the same resources, metrics, aggregations and grain as the live exporter, window by window, and
turns the answers into samples with the same pure function (`source.samples_from_results`), so each point
has the same series identity (metric name and labels) and timestamp (Azure's grain start) as the one the live
path exposes. Remote-writing a point twice, or a point Prometheus also scraped, therefore writes the same
(series, timestamp, value) again: receivers treat it as a duplicate, not as new data. For that to hold, pass
the labels Prometheus adds to scraped series (`--label job=… --label instance=…`, i.e. the scrape target's).

Throttling: like the live path, a batch answered 429/529 (after the SDK's own retries) pauses its subscription
for its `Retry-After`; the backfill waits that pause out before the subscription's next call and tries the
throttled batch once more, so history is not lost to a throttled window.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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
    dimension_filter,
    metric_groups,
    samples_from_results,
)
from exporters.base.remote_write import RemoteWriteClient, TimeSeries

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackfillReport:
    resources: int
    windows: int
    samples: int
    series: int
    failed_batches: int
    requests: int


def to_timeseries(samples: list[Sample], extra: Mapping[str, str]) -> list[TimeSeries]:
    """Groups samples into RW series; labels = `__name__` + sample labels + `extra`; timestamps in ms."""
    by_key: dict[tuple[tuple[str, str], ...], dict[int, float]] = defaultdict(dict)
    for s in samples:
        labels = {**dict(s.labels), **extra, "__name__": s.metric}
        by_key[tuple(sorted(labels.items()))][round(s.timestamp * 1000)] = s.value
    return [TimeSeries(key, tuple(sorted(points.items()))) for key, points in sorted(by_key.items())]


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
                    results = None
                    for attempt in range(2):  # a throttled batch is tried again once its pause has passed
                        wait = paused_until.get(sub, 0.0) - monotonic()
                        if wait > 0:
                            log.info("subscription %s throttled: waiting %.0fs", sub, wait)
                            await sleep(wait)
                        await limiter.acquire()
                        try:
                            results = await client.query_resources(
                                resource_ids=[r.arm_id for r in chunk],
                                metric_namespace=spec.namespace,
                                metric_names=[m.name for m in group],
                                timespan=(datetime.fromtimestamp(t0, UTC), datetime.fromtimestamp(t1, UTC)),
                                granularity=timedelta(seconds=spec.granularity),
                                aggregations=sorted({m.aggregation for m in group}),
                                filter=dimension_filter(group),
                                retry_on_methods=frozenset({"GET", "POST"}),
                            )
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
                    if results is None:
                        continue
                    samples.extend(
                        s
                        for s in samples_from_results(results, chunk, spec, group, not_after=end, latest_only=False)
                        if t0 <= s.timestamp < t1
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
        )
    finally:
        if own_session:
            await http.close()
        if clients is None:
            await sdk.close()
