"""Exporters: lightweight services that read a source and expose Prometheus metrics.

Every exporter has the same file roles: `config` (typed, frozen, validated at start-up), `source` (async I/O,
returns an immutable snapshot), `collector` (pure: snapshot -> metric families), `app` (aiohttp wiring).
"""
