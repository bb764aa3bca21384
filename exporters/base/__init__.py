"""The runtime every exporter shares: a `Poller` per source, its self-metrics, the aiohttp app factory and a
minimal Remote-Write 1.0 client for backfills.

An exporter builds its own `CollectorRegistry`, registers its collector (pure: snapshot -> families) and a
`PollerCollector`, and hands registry and pollers to `create_app`.
"""

from __future__ import annotations

from exporters.base.app import POLLERS_KEY, REGISTRY_KEY, Render, create_app, render_metrics
from exporters.base.poller import Poller, PollerState, PollStatus
from exporters.base.selfmetrics import PollerCollector

__all__ = [
    "POLLERS_KEY",
    "REGISTRY_KEY",
    "PollStatus",
    "Poller",
    "PollerCollector",
    "PollerState",
    "Render",
    "create_app",
    "render_metrics",
]
