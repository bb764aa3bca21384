"""Azure resource-usage exporter: Azure Monitor platform metrics (VMs by default) as Prometheus gauges.

Roles: `config` (settings, metric specs) -> `source` (discovery via ARM, metrics via the batch API, returns an
`AzureSnapshot`) -> `collector` (pure) -> `app` (aiohttp); `cli` and `backfill` (remote write of history).
"""
