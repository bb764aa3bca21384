"""The FOCUS cost exporter: FOCUS rows (files, HTTP APIs, Krateo configs) as Prometheus gauges.

`config` (typed, validated at start-up) -> `source` (async I/O, returns an immutable `Snapshot`) ->
`collector` (pure: snapshot -> metric families / exposition) -> `app` (aiohttp wiring on `exporters.base`).
`krateo` maps Krateo ExporterScraperConfig resources onto our configuration.
"""
