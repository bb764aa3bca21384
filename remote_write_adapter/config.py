"""The adapter's configuration: one frozen object resolved once from flags > FINOPS_* env > file > defaults."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from finops.config import Secret, Setting, at_least, greater_than, parse_duration, read_secret_file, resolve
from finops.db import DB_SETTINGS, dsn_with_password
from finops.errors import ConfigError
from finops.web import WebConfig, web_settings

MiB = 1024 * 1024

SETTINGS: list[Setting] = [
    *web_settings(":9201"),
    Setting("web.workers", int, 1, "adapter processes sharing the listen port (SO_REUSEPORT)", bounds=at_least(1)),
    *DB_SETTINGS,
    Setting("db.pool_size", int, 8, "database connections per adapter process (writers and remote read share them)",
            bounds=at_least(2)),
    Setting("db.connect_timeout", parse_duration, "30s",
            "how long start-up retries a database that is not up yet", bounds=greater_than(0)),
    Setting("db.migrate", bool, True, "apply pending schema migrations at start-up"),
    Setting("ingest.max_body_bytes", int, 32 * MiB, "largest compressed request body accepted (413 above)",
            bounds=at_least(1)),
    Setting("ingest.max_decoded_bytes", int, 64 * MiB, "largest snappy-declared decoded size accepted (413 above)",
            bounds=at_least(1)),
    Setting("ingest.series_cache_entries", int, 500_000, "series ids kept in memory per process",
            bounds=at_least(1)),
    Setting("ingest.flush_samples", int, 20_000, "samples coalesced into one database COPY", bounds=at_least(1)),
    Setting("ingest.max_pending_samples", int, 400_000, "queued samples above which requests get 503; keep it "
            "well above Prometheus' max_samples_per_send", bounds=at_least(10_000)),
    Setting("ingest.flushers", int, 2, "concurrent database writers per process", bounds=at_least(1)),
    Setting("ingest.max_future", parse_duration, "10m", "samples further in the future are rejected",
            bounds=at_least(0)),
    Setting("ingest.rw1_utf8_names", bool, False, "accept UTF-8 metric and label names over Remote-Write 1.0 "
            "(Prometheus 3 sends them; the 1.0 spec allows only [a-zA-Z_:][a-zA-Z0-9_:]*)"),
    Setting("focus.max_upload_bytes", int, 1024 * MiB, "largest FOCUS file accepted by POST /api/v1/focus/upload",
            bounds=at_least(1)),
    Setting("read.max_samples", int, 50_000_000, "largest remote-read answer, in samples", bounds=at_least(1)),
    Setting("storage.retention", parse_duration, None, "drop data older than this (e.g. 90d); unset keeps all",
            bounds=greater_than(0)),
    Setting("storage.retention_check_interval", parse_duration, "1h", "how often retention runs",
            bounds=at_least(1)),
    Setting("storage.compact_after", parse_duration, "3h", "rewrite samples older than this into compact blocks "
            "(0s: at the next pass)", bounds=at_least(0)),
    Setting("storage.compact_interval", parse_duration, "10m", "how often compaction runs", bounds=at_least(1)),
]


@dataclass(frozen=True)
class AdapterConfig:
    web: WebConfig
    workers: int
    db_url: str
    db_password: Secret | None
    db_pool_size: int
    db_connect_timeout: float
    db_migrate: bool
    max_body_bytes: int
    max_decoded_bytes: int
    series_cache_entries: int
    flush_samples: int
    max_pending_samples: int
    flushers: int
    max_future_seconds: float
    rw1_utf8_names: bool
    read_max_samples: int
    focus_max_upload_bytes: int
    retention_seconds: float | None
    retention_check_interval: float
    compact_after_seconds: float
    compact_interval: float

    @classmethod
    def load(cls, flags: dict[str, Any] | None = None, file_values: dict[str, Any] | None = None,
             environ: dict[str, str] | None = None, source: str = "adapter configuration") -> AdapterConfig:
        v = resolve(SETTINGS, flags=flags, file_values=file_values, environ=environ, source=source)
        try:
            web = WebConfig.from_resolved(v)
        except ConfigError as exc:
            raise ConfigError(exc.problems, source=source) from None
        pw_file = v["db.password_file"]
        return cls(
            web=web,
            workers=v["web.workers"],
            db_url=v["db.url"],
            db_password=read_secret_file(pw_file) if pw_file else None,
            db_pool_size=v["db.pool_size"],
            db_connect_timeout=v["db.connect_timeout"],
            db_migrate=v["db.migrate"],
            max_body_bytes=v["ingest.max_body_bytes"],
            max_decoded_bytes=v["ingest.max_decoded_bytes"],
            series_cache_entries=v["ingest.series_cache_entries"],
            flush_samples=v["ingest.flush_samples"],
            max_pending_samples=v["ingest.max_pending_samples"],
            flushers=v["ingest.flushers"],
            max_future_seconds=v["ingest.max_future"],
            rw1_utf8_names=v["ingest.rw1_utf8_names"],
            read_max_samples=v["read.max_samples"],
            focus_max_upload_bytes=v["focus.max_upload_bytes"],
            retention_seconds=v["storage.retention"],
            retention_check_interval=v["storage.retention_check_interval"],
            compact_after_seconds=v["storage.compact_after"],
            compact_interval=v["storage.compact_interval"],
        )

    @property
    def dsn(self) -> str:
        """The database URL with the password of `--db.password-file` in it (never logged)."""
        return dsn_with_password(self.db_url, self.db_password)
