"""Configuration of the recommendations exporter: web and database settings, the poll interval and the
`rightsizing:` section (thresholds, sources, sizes, carbon) of the YAML file, all checked at start-up; the other
sections of the shared file belong to the other commands and are accepted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from finops.config import Setting, at_least, load_yaml_file, parse_duration, resolve
from finops.db import DB_SETTINGS, resolved_dsn
from finops.errors import ConfigError
from finops.web import WebConfig, web_settings
from reports import rightsizing
from reports.context import other_keys

DEFAULT_LISTEN = ":9103"


SETTINGS: list[Setting] = [
    *web_settings(DEFAULT_LISTEN),
    *DB_SETTINGS,
    Setting("recommendations.interval", parse_duration, "1h", "how often recommendations are recomputed",
            bounds=at_least(60)),
]


@dataclass(frozen=True)
class RecommendationsConfig:
    web: WebConfig
    dsn: str = field(repr=False)  # carries the password of --db.password-file
    interval: float
    thresholds: rightsizing.Thresholds
    sources: tuple[rightsizing.UsageSource, ...]
    catalog: rightsizing.InstanceCatalog
    sizes: Mapping[str, str]
    carbon: Mapping[str, Any]


def load_config(path: str | None, *, flags: Mapping[str, Any] | None = None,
                environ: Mapping[str, str] | None = None) -> RecommendationsConfig:
    """Every problem of the file, the flags and the environment in one ConfigError."""
    file_values = load_yaml_file(path) if path else {}
    source = path or "configuration"
    flags = dict(flags or {})
    problems: list[str] = []
    values: dict[str, Any] = {}
    try:
        values = resolve(SETTINGS, flags=flags, file_values=file_values, environ=environ, source=source,
                         allow_unknown_file_keys=other_keys(SETTINGS))
    except ConfigError as exc:
        problems.extend(exc.problems)
    try:
        parts = rightsizing.load(file_values, {k: v for k, v in flags.items() if k.startswith("rightsizing_")},
                                 source, environ)
    except ConfigError as exc:
        problems.extend(exc.problems)
    if problems:
        raise ConfigError(problems, source)
    th, sources, cat, sizes, carbon = parts
    return RecommendationsConfig(WebConfig.from_resolved(values), resolved_dsn(values),
                                 values["recommendations.interval"], th, tuple(sources), cat, sizes, carbon)
