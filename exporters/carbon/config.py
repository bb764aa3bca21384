"""Configuration of the carbon-intensity exporter: one frozen `CarbonConfig`, resolved once.

Every setting is a flag (`--carbon.electricity-maps.zones`), an environment variable
(`FINOPS_CARBON_ELECTRICITY_MAPS_ZONES`) and a YAML key; flags win, then the environment, then the file:

```yaml
carbon:
  poll_interval: 5m
  cloud_regions: [azure/westeurope, aws/eu-west-2, gcp/us-central1]   # zones looked up in the region table
  uk: {enabled: true, regions: [13, 7]}            # UK Carbon Intensity API: no key; national + regions 1-17
  electricity_maps: {token_file: /run/secrets/em-token, zones: [DE, FR]}
  watttime: {username: me, password_file: /run/secrets/wt-password, regions: [CAISO_NORTH]}
  table: {enabled: auto}                            # the embedded table: on when no key is configured
```

Sources: a source with credentials (Electricity Maps token, WattTime user and password) or `uk.enabled` is
polled; the embedded table is the default when none is (`table.enabled: auto`), so the exporter exposes an
intensity for every cloud region with nothing to sign up for. `cloud_regions` adds each region's Electricity
Maps zone, WattTime region and (for Great Britain) the UK national series to the enabled sources, and limits the
table to those regions. Secrets are read from files and never logged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from finops.config import (
    Secret,
    Setting,
    at_least,
    greater_than,
    parse_duration,
    read_secret_file,
    readable_file,
    resolve,
    secret_file,
)
from finops.errors import ConfigError
from finops.web import WebConfig, web_settings
from reports.carbon.table import provider_key, region_key, region_table

DEFAULT_LISTEN = ":9813"
UK_URL = "https://api.carbonintensity.org.uk"
EM_URL = "https://api.electricitymap.org/v3"
WATTTIME_URL = "https://api.watttime.org"
UK_REGION_IDS = range(1, 18)  # the API's regions 1-17 (14 DNO regions, England, Scotland, Wales)
EMISSION_FACTOR_TYPES = ("lifecycle", "direct")
WATTTIME_SIGNALS = {"co2_moer": "marginal", "co2_aoer": "average"}  # signal_type -> our `signal` label
STALE_POLLS = 3


def _str_list(raw: Any) -> tuple[str, ...]:
    if isinstance(raw, str):
        items = [p.strip() for p in raw.split(",")]
    elif isinstance(raw, list | tuple):
        items = [str(p).strip() for p in raw]
    else:
        raise ValueError(f"expected a list or a comma-separated string, got {type(raw).__name__}")
    return tuple(dict.fromkeys(p for p in items if p))  # order kept, duplicates dropped


def _auto_bool(raw: Any) -> bool | None:
    """`auto` (None), or a boolean."""
    text = str(raw).strip().lower()
    if text == "auto":
        return None
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off"}:
        return False
    raise ValueError("expected auto, true or false")


def settings() -> list[Setting]:
    """Every setting of the carbon exporter (also the backfill's)."""
    return [
        *web_settings(DEFAULT_LISTEN),
        Setting("carbon.poll_interval", parse_duration, 300.0, "how often each source is polled",
                bounds=greater_than(0)),
        Setting("carbon.timeout", parse_duration, 120.0, "timeout of one poll of one source", bounds=greater_than(0)),
        Setting("carbon.request_timeout", parse_duration, 20.0, "timeout of one HTTP request", bounds=greater_than(0)),
        Setting("carbon.stale_limit", parse_duration, None,
                "serve a failing zone's last values at most this long (default: 3 poll intervals)",
                bounds=greater_than(0)),
        Setting("carbon.retries", int, 2, "retries of a request answered 5xx or not at all, within a poll",
                bounds=at_least(0, 10)),
        Setting("carbon.max_retry_after", parse_duration, 3600.0, "longest pause a 429 Retry-After may impose",
                bounds=greater_than(0)),
        Setting("carbon.max_concurrency", int, 4, "requests of one source in flight at once", bounds=at_least(1)),
        Setting("carbon.forecast_horizon", parse_duration, 86400.0, "forecast points exposed this far ahead",
                bounds=greater_than(0, 72 * 3600)),
        Setting("carbon.ca_file", readable_file, None, "CA bundle (PEM) to verify the APIs (proxies, tests)"),
        Setting("carbon.cloud_regions", _str_list, (),
                "cloud regions as provider/region (azure/westeurope): their zones are polled"),
        Setting("carbon.timestamps", bool, True, "expose samples with the source's timestamps"),
        Setting("carbon.table.enabled", _auto_bool, None, "the embedded table source: auto (when no key), true, false"),
        Setting("carbon.table.regions", _str_list, (), "limit the table source to these provider/region ids"),
        Setting("carbon.uk.enabled", bool, False, "poll the UK Carbon Intensity API (no key needed)"),
        Setting("carbon.uk.url", str, UK_URL, "UK Carbon Intensity API base URL"),
        Setting("carbon.uk.national", bool, True, "national series (actual and forecast) of Great Britain"),
        Setting("carbon.uk.regions", _str_list, (), "regional forecasts: region ids 1-17"),
        Setting("carbon.uk.forecast", bool, True, "expose the national 48-hour forecast"),
        Setting("carbon.uk.requests_per_second", float, 2.0, "ceiling on UK API calls per second",
                bounds=greater_than(0)),
        Setting("carbon.electricity_maps.url", str, EM_URL, "Electricity Maps API base URL (v3)"),
        Setting("carbon.electricity_maps.token_file", secret_file, None, "file holding the auth-token", secret=True),
        Setting("carbon.electricity_maps.zones", _str_list, (), "zones to poll (DE, FR, US-CAL-CISO, …)"),
        Setting("carbon.electricity_maps.emission_factor_type", str, "lifecycle", "lifecycle or direct"),
        Setting("carbon.electricity_maps.forecast", bool, False, "poll the forecast (commercial plans)"),
        Setting("carbon.electricity_maps.disable_estimations", bool, False, "ask for measured values only"),
        Setting("carbon.electricity_maps.requests_per_second", float, 1.0, "ceiling on calls per second",
                bounds=greater_than(0)),
        Setting("carbon.watttime.url", str, WATTTIME_URL, "WattTime API base URL"),
        Setting("carbon.watttime.username", str, None, "WattTime user name",
                requires=("carbon.watttime.password_file",)),
        Setting("carbon.watttime.password_file", secret_file, None, "file holding the WattTime password", secret=True,
                requires=("carbon.watttime.username",)),
        Setting("carbon.watttime.regions", _str_list, (), "WattTime regions (CAISO_NORTH, …)"),
        Setting("carbon.watttime.signal_type", str, "co2_moer", "co2_moer (marginal) or co2_aoer (average)"),
        Setting("carbon.watttime.forecast", bool, True, "poll the forecast"),
        Setting("carbon.watttime.forecast_step", parse_duration, 3600.0,
                "forecast points averaged into steps of this length (5m keeps WattTime's own)",
                bounds=at_least(300, 86400)),
        Setting("carbon.watttime.requests_per_second", float, 5.0,
                "ceiling on calls per second (WattTime allows 3,000 per 5 minutes)", bounds=greater_than(0)),
    ]


@dataclass(frozen=True)
class UkConfig:
    url: str
    national: bool
    regions: tuple[int, ...]
    forecast: bool
    requests_per_second: float


@dataclass(frozen=True)
class ElectricityMapsConfig:
    url: str
    token: Secret
    zones: tuple[str, ...]
    emission_factor_type: str
    forecast: bool
    disable_estimations: bool
    requests_per_second: float


@dataclass(frozen=True)
class WattTimeConfig:
    url: str
    username: str
    password: Secret
    regions: tuple[str, ...]
    signal_type: str
    forecast: bool
    forecast_step: float
    requests_per_second: float

    @property
    def signal(self) -> str:
        return WATTTIME_SIGNALS[self.signal_type]


@dataclass(frozen=True)
class TableConfig:
    regions: tuple[tuple[str, str], ...]  # (provider, region id); every row of the table when empty


@dataclass(frozen=True)
class CarbonConfig:
    web: WebConfig
    poll_interval: float
    timeout: float
    request_timeout: float
    stale_limit: float
    retries: int
    max_retry_after: float
    max_concurrency: int
    forecast_horizon: float
    ca_file: str | None
    timestamps: bool
    uk: UkConfig | None
    electricity_maps: ElectricityMapsConfig | None
    watttime: WattTimeConfig | None
    table: TableConfig | None

    def source_names(self) -> list[str]:
        names = [("uk_carbon_intensity", self.uk), ("electricity_maps", self.electricity_maps),
                 ("watttime", self.watttime), ("embedded_table", self.table)]
        return [n for n, c in names if c is not None]


def _cloud_regions(raw: tuple[str, ...], where: str, problems: list[str]) -> list[tuple[str, str]]:
    table = region_table()
    out = []
    for item in raw:
        provider, sep, region = item.partition("/")
        key = provider_key(provider) if sep else None
        if key is None or not region:
            problems.append(f"{where}: {item!r} is not provider/region (aws, azure or gcp, e.g. azure/westeurope)")
            continue
        if table.latest(key, region) is None:
            problems.append(f"{where}: {item!r} is not in the region table (reports/carbon/data/region_carbon.csv)")
            continue
        out.append((key, region_key(region)))
    return out


def load_config(
    flags: Mapping[str, Any] | None = None,
    file_values: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    source: str = "configuration",
) -> CarbonConfig:
    """Resolves and validates everything at once; raises one ConfigError listing every problem."""
    problems: list[str] = []
    try:
        v = resolve(settings(), flags, file_values, environ, source)
    except ConfigError as exc:  # go on with the defaults of the bad values, so every problem is reported at once
        problems.extend(exc.problems)
        v = {}
        for setting in settings():
            try:
                v.update(resolve([setting], flags, file_values, environ, source, allow_unknown_file_keys=("",)))
            except ConfigError:
                v[setting.key] = setting.default
    try:
        web = WebConfig.from_resolved(v)
    except (ConfigError, ValueError) as exc:
        problems.extend(exc.problems if isinstance(exc, ConfigError) else [str(exc)])
        web = WebConfig(host="0.0.0.0", port=0)  # noqa: S104 - placeholder, never used: we raise below
    regions = _cloud_regions(v["carbon.cloud_regions"], "carbon.cloud_regions", problems)
    table = region_table()
    mapped = [table.latest(p, r) for p, r in regions]

    def secret(key: str) -> Secret | None:
        if not v[key]:
            return None
        try:
            return read_secret_file(v[key])
        except ConfigError as exc:
            problems.extend(f"{key}: {p}" for p in exc.problems)
            return None

    uk: UkConfig | None = None
    uk_ids: list[int] = []
    for raw in v["carbon.uk.regions"]:
        if not raw.isdigit() or int(raw) not in UK_REGION_IDS:
            problems.append(f"carbon.uk.regions: {raw!r} is not a region id 1-17")
        else:
            uk_ids.append(int(raw))
    if v["carbon.uk.enabled"]:
        uk = UkConfig(v["carbon.uk.url"].rstrip("/"), v["carbon.uk.national"], tuple(uk_ids), v["carbon.uk.forecast"],
                      v["carbon.uk.requests_per_second"])
        if not uk.national and not uk.regions:
            problems.append("carbon.uk: enabled with neither the national series nor any region")
    elif uk_ids:
        problems.append("carbon.uk.regions is set but carbon.uk.enabled is false")

    em: ElectricityMapsConfig | None = None
    em_token = secret("carbon.electricity_maps.token_file")
    em_zones = list(v["carbon.electricity_maps.zones"])
    eft = v["carbon.electricity_maps.emission_factor_type"]
    if eft not in EMISSION_FACTOR_TYPES:
        problems.append(f"carbon.electricity_maps.emission_factor_type: {eft!r} is not lifecycle or direct")
    if v["carbon.electricity_maps.token_file"]:
        em_zones += [m.em_zone for m in mapped if m and m.em_zone and m.em_zone not in em_zones]
        if not em_zones:
            problems.append("carbon.electricity_maps: a token but no zones (set zones or cloud_regions)")
        if em_token is not None:
            em = ElectricityMapsConfig(
                v["carbon.electricity_maps.url"].rstrip("/"), em_token, tuple(em_zones), eft,
                v["carbon.electricity_maps.forecast"], v["carbon.electricity_maps.disable_estimations"],
                v["carbon.electricity_maps.requests_per_second"],
            )
    elif v["carbon.electricity_maps.zones"]:
        problems.append("carbon.electricity_maps.zones is set but no token_file")

    wt: WattTimeConfig | None = None
    signal_type = v["carbon.watttime.signal_type"]
    if signal_type not in WATTTIME_SIGNALS:
        problems.append(f"carbon.watttime.signal_type: {signal_type!r} is not one of {', '.join(WATTTIME_SIGNALS)}")
    wt_password = secret("carbon.watttime.password_file")
    wt_regions = list(v["carbon.watttime.regions"])
    if v["carbon.watttime.username"] or v["carbon.watttime.password_file"]:
        wt_regions += [m.watttime_region for m in mapped if m and m.watttime_region
                       and m.watttime_region not in wt_regions]
        if not wt_regions:
            problems.append("carbon.watttime: credentials but no regions (set regions or cloud_regions)")
        if wt_password is not None and v["carbon.watttime.username"] and signal_type in WATTTIME_SIGNALS:
            wt = WattTimeConfig(
                v["carbon.watttime.url"].rstrip("/"), v["carbon.watttime.username"], wt_password,
                tuple(wt_regions), signal_type, v["carbon.watttime.forecast"], v["carbon.watttime.forecast_step"],
                v["carbon.watttime.requests_per_second"],
            )
    elif v["carbon.watttime.regions"]:
        problems.append("carbon.watttime.regions is set but no username and password_file")

    table_regions = _cloud_regions(v["carbon.table.regions"], "carbon.table.regions", problems) or regions
    keyed = any(v[k] for k in ("carbon.electricity_maps.token_file", "carbon.watttime.username"))
    table_on = v["carbon.table.enabled"]
    if table_on is None:
        table_on = not keyed and not v["carbon.uk.enabled"]
    if not (table_on or uk or em or wt or problems):
        problems.append("no source enabled: set carbon.table.enabled, carbon.uk.enabled or an API key")
    if problems:
        raise ConfigError(problems, source=source)
    return CarbonConfig(
        web=web,
        poll_interval=v["carbon.poll_interval"],
        timeout=v["carbon.timeout"],
        request_timeout=v["carbon.request_timeout"],
        stale_limit=v["carbon.stale_limit"] or STALE_POLLS * v["carbon.poll_interval"],
        retries=v["carbon.retries"],
        max_retry_after=v["carbon.max_retry_after"],
        max_concurrency=v["carbon.max_concurrency"],
        forecast_horizon=v["carbon.forecast_horizon"],
        ca_file=v["carbon.ca_file"],
        timestamps=v["carbon.timestamps"],
        uk=uk,
        electricity_maps=em,
        watttime=wt,
        table=TableConfig(tuple(table_regions)) if table_on else None,
    )
