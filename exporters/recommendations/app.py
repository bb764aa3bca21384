"""Wiring: one poller recomputing the recommendations, its self-metrics (prefix
`finops_recommendations_exporter`) and the gauges in a private registry, on `exporters.base.create_app`."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web
from prometheus_client import CollectorRegistry

from exporters.base import Poller, PollerCollector, create_app
from exporters.recommendations.collector import RecommendationsCollector
from exporters.recommendations.config import RecommendationsConfig
from exporters.recommendations.source import EMPTY, RecommendationsSource, Snapshot

SELF_PREFIX = "finops_recommendations_exporter"


@dataclass(frozen=True)
class Exporter:
    app: web.Application
    registry: CollectorRegistry
    poller: Poller[Snapshot]
    source: RecommendationsSource


def build(config: RecommendationsConfig, *, source: RecommendationsSource | None = None,
          start_pollers: bool = True) -> Exporter:
    src = source or RecommendationsSource(config)
    poller: Poller[Snapshot] = Poller("recommendations", src.fetch, initial=EMPTY, interval=config.interval,
                                      timeout=max(60.0, config.interval / 2),
                                      counts=lambda s: {"recommendations": len(s.recommendations)})
    registry = CollectorRegistry(auto_describe=False)
    registry.register(RecommendationsCollector(lambda: poller.snapshot))
    registry.register(PollerCollector(SELF_PREFIX, [poller]))
    app = create_app(web_config=config.web, registry=registry, pollers=[poller], start_pollers=start_pollers)
    return Exporter(app, registry, poller, src)
