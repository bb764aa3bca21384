"""aiohttp wiring of the Azure exporter: registry, poller, collectors and the SDK clients' lifetime."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from aiohttp import web
from prometheus_client import CollectorRegistry

from exporters.azure.collector import AzureCollector
from exporters.azure.config import AzureConfig
from exporters.azure.source import ApiStats, AzureMetricsSource, AzureSnapshot, SdkClients
from exporters.base import Poller, PollerCollector, create_app

SELF_PREFIX = "azure_exporter"


@dataclass(frozen=True)
class AzureExporter:
    app: web.Application
    registry: CollectorRegistry
    poller: Poller[AzureSnapshot]
    source: AzureMetricsSource
    stats: ApiStats


def build(
    config: AzureConfig,
    *,
    clients: SdkClients | None = None,
    start_pollers: bool = True,
    clock: Callable[[], float] | None = None,
) -> AzureExporter:
    """Builds the app; SDK clients (and the credential) are closed in the app's cleanup context."""
    stats = ApiStats()
    sdk = clients or SdkClients(config, stats)
    source = (
        AzureMetricsSource(config, sdk.metrics_client, sdk, stats, clock=clock)
        if clock
        else AzureMetricsSource(config, sdk.metrics_client, sdk, stats)
    )
    poller: Poller[AzureSnapshot] = Poller(
        "azure_metrics",
        source.fetch,
        initial=AzureSnapshot(),
        interval=config.poll_interval,
        timeout=config.timeout,
        max_stale=config.stale_limit,  # as for a failing batch: usage that old no longer describes the resource
        counts=AzureSnapshot.counts,
    )
    registry = CollectorRegistry()
    registry.register(AzureCollector(poller, config, stats))
    registry.register(PollerCollector(SELF_PREFIX, [poller]))
    app = create_app(web_config=config.web, registry=registry, pollers=[poller], start_pollers=start_pollers)

    async def sdk_ctx(_app: web.Application) -> AsyncIterator[None]:
        yield
        await sdk.close()

    app.cleanup_ctx.insert(0, sdk_ctx)  # cleaned up last: after the pollers stopped
    return AzureExporter(app, registry, poller, source, stats)
