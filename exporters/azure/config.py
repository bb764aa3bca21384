"""Configuration of the Azure resource-usage exporter: one frozen `AzureConfig`, resolved once.

Scalar settings come from flags > `FINOPS_AZURE_*` environment > YAML > defaults (kernel `resolve`). The
per-resource-type metric lists are YAML only, under `azure.metrics`:

```yaml
azure:
  subscription_ids: [00000000-0000-0000-0000-000000000001]
  resource_types: [Microsoft.Compute/virtualMachines]
  resource_ids: [/subscriptions/…/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1]
  metrics:
    Microsoft.Compute/virtualMachines:
      timespan: 10m        # look-back of each query
      granularity: 1m      # Azure time grain (PT1M)
      metrics:
        - {name: Percentage CPU, aggregation: Average}
        - {name: Disk Read Bytes, aggregation: Total, dimensions: [LUN]}
        - {name: Available Memory Bytes, prometheus_name: azure_vm_memory_available_bytes}
```

Credentials: a client secret or a certificate *file* (with tenant and client id) selects
ClientSecretCredential / CertificateCredential; otherwise DefaultAzureCredential (environment, workload
identity, managed identity, Azure CLI, …).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from finops.config import (
    Secret,
    Setting,
    at_least,
    greater_than,
    read_secret_file,
    readable_file,
    resolve,
    secret_file,
)
from finops.config import parse_duration as _parse_duration
from finops.errors import ConfigError
from finops.web import WebConfig, pem_certificate_and_key_file, web_settings

VM_TYPE = "microsoft.compute/virtualmachines"
STALE_POLLS = 3  # default staleness limit, in poll intervals
AGGREGATIONS = ("average", "minimum", "maximum", "total", "count")


def _str_list(raw: Any) -> tuple[str, ...]:
    if isinstance(raw, str):
        items = [p.strip() for p in raw.split(",")]
    elif isinstance(raw, list | tuple):
        items = [str(p).strip() for p in raw]
    else:
        raise ValueError(f"expected a list or a comma-separated string, got {type(raw).__name__}")
    return tuple(p for p in items if p)


def _positive_duration(raw: Any) -> float:
    value = _parse_duration(raw)
    if value <= 0:
        raise ValueError("must be positive")
    return value


def settings() -> list[Setting]:
    """Every scalar setting of the Azure exporter (also the backfill's)."""
    return [
        *web_settings(":9812"),
        Setting("azure.tenant_id", str, None, "Entra ID tenant (for the client secret/certificate credential)"),
        Setting("azure.client_id", str, None, "application (client) id of the service principal"),
        Setting("azure.client_secret_file", secret_file, None, "file holding the client secret", secret=True),
        Setting(
            "azure.client_certificate_file",
            pem_certificate_and_key_file,
            None,
            "PEM file with the client certificate and key",
        ),
        Setting("azure.authority_host", str, None, "Entra ID authority host (sovereign clouds, tests)"),
        Setting("azure.arm_endpoint", str, "https://management.azure.com", "Azure Resource Manager endpoint"),
        Setting(
            "azure.metrics_endpoint",
            str,
            "https://{region}.metrics.monitor.azure.com",
            "regional metrics data-plane endpoint; {region} is replaced",
        ),
        Setting("azure.metrics_audience", str, "https://metrics.monitor.azure.com", "token audience for metrics"),
        Setting("azure.ca_file", readable_file, None, "CA bundle (PEM) to verify Azure endpoints (proxies, tests)"),
        Setting("azure.subscription_ids", _str_list, (), "subscriptions whose resources are discovered"),
        Setting("azure.resource_groups", _str_list, (), "limit discovery to these resource groups"),
        Setting("azure.resource_types", _str_list, ("Microsoft.Compute/virtualMachines",), "types to discover"),
        Setting("azure.resource_ids", _str_list, (), "explicit resource IDs to export"),
        Setting("azure.poll_interval", _parse_duration, 60.0, "how often metrics are queried", bounds=greater_than(0)),
        Setting(
            "azure.stale_limit",
            _parse_duration,
            None,
            "serve a failing batch's previous values at most this long (default: 3 poll intervals)",
            bounds=greater_than(0),
        ),
        Setting(
            "azure.discovery_interval",
            _parse_duration,
            3600.0,
            "how often resources are listed",
            bounds=greater_than(0),
        ),
        Setting(
            "azure.timespan", _parse_duration, 600.0, "default look-back of a metrics query", bounds=greater_than(0)
        ),
        Setting(
            "azure.granularity", _parse_duration, 60.0, "default time grain of a metrics query", bounds=greater_than(0)
        ),
        Setting(
            "azure.settle_delay",
            _parse_duration,
            0.0,
            "ignore points whose grain ended less than this ago",
            bounds=at_least(0),
        ),
        Setting(
            "azure.requests_per_second",
            float,
            5.0,
            "ceiling on Azure calls per second (token bucket)",
            bounds=greater_than(0),
        ),
        Setting("azure.max_concurrency", int, 4, "Azure calls in flight at once", bounds=at_least(1)),
        Setting("azure.timeout", _parse_duration, 60.0, "timeout of one poll", bounds=greater_than(0)),
        Setting(
            "azure.retry_total", int, 3, "SDK retries per call (429/5xx, honouring Retry-After)", bounds=at_least(0)
        ),
        Setting(
            "azure.retry_backoff_max",
            _parse_duration,
            60.0,
            "longest SDK back-off between retries",
            bounds=greater_than(0),
        ),
        Setting("azure.timestamps", bool, True, "expose samples with Azure's timestamps"),
    ]


@dataclass(frozen=True)
class MetricSpec:
    """One Azure metric of a resource type and how it is exposed."""

    name: str  # Azure name in the REST API, e.g. "Percentage CPU"
    aggregation: str  # average | minimum | maximum | total | count
    prometheus_name: str
    help: str
    dimensions: tuple[str, ...] = ()
    scale: float = 1.0


@dataclass(frozen=True)
class TypeSpec:
    """Metrics of one resource type (lower-case ARM type) and the query window."""

    resource_type: str
    namespace: str  # ARM spelling, sent as metricnamespace
    metrics: tuple[MetricSpec, ...]
    timespan: float
    granularity: float


# Azure VM metrics (REST names, units and default aggregations from the Azure Monitor supported-metrics list).
# Network/Disk "Total" values are sums over one time grain, not running totals: they are gauges, so no
# `_total` suffix; divide by the grain (`azure_exporter_granularity_seconds`) for a rate.
DEFAULT_VM_METRICS: tuple[MetricSpec, ...] = (
    MetricSpec(
        "Percentage CPU",
        "average",
        "azure_vm_cpu_utilization_percent",
        "CPU utilization of the VM in percent (0-100), averaged over the time grain.",
    ),
    MetricSpec(
        "Available Memory Bytes",
        "average",
        "azure_vm_memory_available_bytes",
        "Memory available to the VM in bytes, averaged over the time grain.",
    ),
    MetricSpec(
        "Network In Total",
        "total",
        "azure_vm_network_receive_bytes",
        "Bytes received on all network interfaces during the time grain (a per-grain sum, not a counter).",
    ),
    MetricSpec(
        "Network Out Total",
        "total",
        "azure_vm_network_transmit_bytes",
        "Bytes sent on all network interfaces during the time grain (a per-grain sum, not a counter).",
    ),
    MetricSpec(
        "Disk Read Bytes",
        "total",
        "azure_vm_disk_read_bytes",
        "Bytes read from disk during the time grain (a per-grain sum, not a counter).",
    ),
    MetricSpec(
        "Disk Write Bytes",
        "total",
        "azure_vm_disk_write_bytes",
        "Bytes written to disk during the time grain (a per-grain sum, not a counter).",
    ),
)

_UNIT_SUFFIX = {"percent": "_percent", "bytes": "_bytes", "seconds": "_seconds", "milliseconds": "_milliseconds"}


def prometheus_name_for(resource_type: str, metric: str) -> str:
    """`microsoft.storage/storageaccounts` + `Used Capacity` -> `azure_storageaccounts_used_capacity`."""
    short = resource_type.rsplit("/", 1)[-1].lower()
    if resource_type.lower() == VM_TYPE:
        short = "vm"
    base = re.sub(r"[^a-z0-9]+", "_", f"{short}_{metric}".lower()).strip("_")
    return f"azure_{base}"


@dataclass(frozen=True)
class AzureConfig:
    web: WebConfig
    tenant_id: str | None
    client_id: str | None
    client_secret: Secret | None
    client_certificate_file: str | None
    authority_host: str | None
    arm_endpoint: str
    metrics_endpoint: str
    metrics_audience: str
    ca_file: str | None
    subscription_ids: tuple[str, ...]
    resource_groups: tuple[str, ...]
    resource_types: tuple[str, ...]
    resource_ids: tuple[str, ...]
    types: Mapping[str, TypeSpec]
    poll_interval: float
    stale_limit: float  # how long a failing resource's previous values are served again
    discovery_interval: float
    settle_delay: float
    requests_per_second: float
    max_concurrency: int
    timeout: float
    retry_total: int
    retry_backoff_max: float
    timestamps: bool

    @property
    def credential_kind(self) -> str:
        if self.client_secret is not None:
            return "client_secret"
        if self.client_certificate_file:
            return "certificate"
        return "default"

    def type_spec(self, resource_type: str) -> TypeSpec:
        return self.types[resource_type.lower()]


def _metric_spec(resource_type: str, raw: Any, where: str, problems: list[str]) -> MetricSpec | None:
    if isinstance(raw, str):
        raw = {"name": raw}
    if not isinstance(raw, Mapping) or not isinstance(raw.get("name"), str):
        problems.append(f"{where}: each metric needs a `name`")
        return None
    unknown = set(raw) - {"name", "aggregation", "prometheus_name", "help", "dimensions", "scale"}
    if unknown:
        problems.append(f"{where}: unknown keys {sorted(unknown)}")
    name = raw["name"]
    aggregation = str(raw.get("aggregation", "average")).lower()
    if aggregation not in AGGREGATIONS:
        problems.append(f"{where}: aggregation {aggregation!r} is not one of {', '.join(AGGREGATIONS)}")
    prom = str(raw.get("prometheus_name") or prometheus_name_for(resource_type, name))
    if not re.fullmatch(r"[a-zA-Z_:][a-zA-Z0-9_:]*", prom) or prom.endswith("_total"):
        problems.append(f"{where}: {prom!r} is not a valid gauge name (no `_total`: Azure values are per grain)")
    dims = raw.get("dimensions", [])
    if not isinstance(dims, list) or not all(isinstance(d, str) for d in dims):
        problems.append(f"{where}: dimensions must be a list of names")
        dims = []
    try:
        scale = float(raw.get("scale", 1.0))
    except (TypeError, ValueError):
        problems.append(f"{where}: scale must be a number")
        scale = 1.0
    help_text = str(raw.get("help") or f"Azure Monitor metric '{name}' ({aggregation} over the time grain).")
    return MetricSpec(name, aggregation, prom, help_text, tuple(dims), scale)


def _type_specs(
    raw: Any, resource_types: Sequence[str], timespan: float, granularity: float, problems: list[str]
) -> dict[str, TypeSpec]:
    specs: dict[str, TypeSpec] = {
        VM_TYPE: TypeSpec(VM_TYPE, "Microsoft.Compute/virtualMachines", DEFAULT_VM_METRICS, timespan, granularity)
    }
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        problems.append("azure.metrics must map resource types to metric lists")
        raw = {}
    for rtype, raw_body in raw.items():
        where = f"azure.metrics.{rtype}"
        body = {"metrics": raw_body} if isinstance(raw_body, list) else raw_body
        if not isinstance(body, Mapping):
            problems.append(f"{where}: expected a mapping with `metrics`")
            continue
        try:
            ts = _positive_duration(body.get("timespan", timespan))
            gr = _positive_duration(body.get("granularity", granularity))
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
            continue
        metrics = [
            m
            for i, item in enumerate(body.get("metrics") or [])
            if (m := _metric_spec(str(rtype), item, f"{where}.metrics[{i}]", problems)) is not None
        ]
        if not metrics and str(rtype).lower() != VM_TYPE:
            problems.append(f"{where}: no metrics configured")
        key = str(rtype).lower()
        specs[key] = TypeSpec(key, str(rtype), tuple(metrics) or specs[VM_TYPE].metrics, ts, gr)
    for rtype in resource_types:
        if rtype.lower() not in specs:
            problems.append(f"resource type {rtype!r} has no metrics: add it under azure.metrics")
    names: dict[str, str] = {}
    for spec in specs.values():
        for m in spec.metrics:
            if names.setdefault(m.prometheus_name, spec.resource_type) != spec.resource_type:
                problems.append(f"metric name {m.prometheus_name!r} is used by two resource types")
    return specs


def load_config(
    flags: Mapping[str, Any] | None = None,
    file_values: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    source: str = "configuration",
) -> AzureConfig:
    """Resolves and validates everything at once; raises one ConfigError listing every problem."""
    section = (file_values or {}).get("azure")
    metrics_raw = section.get("metrics") if isinstance(section, Mapping) else None  # resolve() reports the rest
    try:
        values = resolve(settings(), flags, file_values, environ, source, allow_unknown_file_keys=("azure.metrics",))
    except ConfigError as exc:  # still check the metric lists, so every problem is reported at once
        more: list[str] = []
        _type_specs(metrics_raw, (), 600.0, 60.0, more)
        raise ConfigError([*exc.problems, *more], source=source) from None
    problems: list[str] = []
    types = _type_specs(
        metrics_raw, values["azure.resource_types"], values["azure.timespan"], values["azure.granularity"], problems
    )
    secret = None
    try:
        if values["azure.client_secret_file"]:
            secret = read_secret_file(values["azure.client_secret_file"])
        web = WebConfig.from_resolved(values)
    except ConfigError as exc:
        problems.extend(exc.problems)
        web = WebConfig(host="0.0.0.0", port=0)  # noqa: S104 - placeholder, never used: we raise below
    except ValueError as exc:
        problems.append(str(exc))
        web = WebConfig(host="0.0.0.0", port=0)  # noqa: S104
    cert = values["azure.client_certificate_file"]
    if secret is not None and cert:
        problems.append("set either azure.client_secret_file or azure.client_certificate_file, not both")
    if (secret is not None or cert) and not (values["azure.tenant_id"] and values["azure.client_id"]):
        problems.append("a client secret or certificate needs azure.tenant_id and azure.client_id")
    for rid in values["azure.resource_ids"]:
        m = re.match(r"^/subscriptions/[^/]+/resourcegroups/[^/]+/providers/([^/]+/[^/]+)/[^/]+", rid, re.I)
        if not m:
            problems.append(f"not an ARM resource ID: {rid!r}")
        elif m[1].lower() not in types:
            problems.append(f"resource {rid!r}: type {m[1]} has no metrics: add it under azure.metrics")
    if not values["azure.resource_ids"] and not values["azure.subscription_ids"]:
        problems.append("nothing to export: set azure.subscription_ids (discovery) or azure.resource_ids")
    if values["azure.requests_per_second"] <= 0 or values["azure.max_concurrency"] < 1:
        problems.append("azure.requests_per_second and azure.max_concurrency must be positive")
    if "{region}" not in values["azure.metrics_endpoint"]:
        problems.append("azure.metrics_endpoint must contain {region}")
    if problems:
        raise ConfigError(problems, source=source)
    return AzureConfig(
        web=web,
        tenant_id=values["azure.tenant_id"],
        client_id=values["azure.client_id"],
        client_secret=secret,
        client_certificate_file=cert,
        authority_host=values["azure.authority_host"],
        arm_endpoint=values["azure.arm_endpoint"].rstrip("/"),
        metrics_endpoint=values["azure.metrics_endpoint"],
        metrics_audience=values["azure.metrics_audience"],
        ca_file=values["azure.ca_file"],
        subscription_ids=tuple(s.lower() for s in values["azure.subscription_ids"]),
        resource_groups=tuple(g.lower() for g in values["azure.resource_groups"]),
        resource_types=tuple(values["azure.resource_types"]),
        resource_ids=tuple(values["azure.resource_ids"]),
        types=types,
        poll_interval=values["azure.poll_interval"],
        stale_limit=values["azure.stale_limit"] or STALE_POLLS * values["azure.poll_interval"],
        discovery_interval=values["azure.discovery_interval"],
        settle_delay=values["azure.settle_delay"],
        requests_per_second=values["azure.requests_per_second"],
        max_concurrency=values["azure.max_concurrency"],
        timeout=values["azure.timeout"],
        retry_total=values["azure.retry_total"],
        retry_backoff_max=values["azure.retry_backoff_max"],
        timestamps=values["azure.timestamps"],
    )
