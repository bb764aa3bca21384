"""Accepts Krateo `ExporterScraperConfig` configuration and Krateo `FocusConfig` list bodies.

Krateo's exporter reads an `ExporterScraperConfig` (ESC) resource from ``/config/config.yaml``. This module
maps its ``spec.exporterConfig`` onto one of our native source entries (see `exporters.focus_cost.config`),
which is then validated like any other. Two ways in:

* the whole ESC resource as the config file (``apiVersion: finops.krateo.io/v1``, ``kind:
  ExporterScraperConfig``): one source named after ``metadata.name``, the web settings from flags/env;
* a native entry ``{name: ..., krateo: <spec.exporterConfig>, endpoint_dir: ...}`` among other sources; any
  other native key in that entry (``metrics``, ``tag_labels``, ``pagination``, ``timeout``, …) overrides.

Mapping (Krateo field -> ours):

* ``api.path`` (may hold ``<var>``): appended to the endpoint's ``server-url`` -> ``url``.
* ``api.verb`` (GET if empty) -> ``method``; ``api.headers`` (``"Name: value"`` list) -> ``headers``;
  ``api.payload`` -> ``body``.
* ``api.endpointRef`` {name, namespace}: the endpoint Secret, mounted as a volume (one file per key) at
  ``endpoint_dir``, by default ``/etc/finops/endpoints/<name>``. Its keys:
  ``server-url`` -> the base URL (read at start-up, may hold ``<var>``);
  ``token`` -> ``auth.bearer_token_file: <dir>/token`` (re-read after a 401);
  ``username`` / ``password`` -> ``auth.username`` (read at start-up) / ``auth.password_file``;
  ``certificate-authority-data``, ``client-certificate-data``, ``client-key-data`` -> ``tls.ca_file``,
  ``cert_file``, ``key_file`` with ``base64_pem: true``; ``proxy-url`` -> ``proxy_url``;
  ``insecure`` -> ``tls.insecure_skip_verify``.
* no ``endpointRef``: ``https://kubernetes.default.svc`` with the pod's service-account token and CA.
* ``pollingInterval`` (Go duration) -> ``interval``; ``0`` means 5 minutes, Krateo's old default.
* ``additionalVariables`` -> ``variables``; an all-upper-case value names an environment variable.
* ``metricType`` cost / generic (any case) -> ``mode``.
* ``generic.metricName`` / ``generic.valueColumnIndex`` -> ``generic.metric_name`` / ``generic.value_column``.

Differences from Krateo, on purpose:

* ``metricType: resource`` (Azure Monitor) is not served here; the Azure exporter does that -> config error.
* An unset environment variable or an unknown ``<var>`` is a start-up error, not an empty string.
* Without ``endpointRef`` the in-cluster API is called with TLS verification against the service-account CA
  (Krateo sets ``insecure``). AWS SigV4 keys and ``debug`` are rejected / ignored.
* Pagination (``nextLink``, ``Link`` headers, Kubernetes ``continue``) is followed to the end; Krateo stops
  after the first page (``limit=500`` truncates silently).
* Cost metrics are ``focus_billed_cost`` etc. with a bounded, documented label set (see
  `exporters.focus_cost.collector`), not ``billed_cost`` with every column as a label and tags as ``k:v;``.
* ``generic.valueColumnIndex`` counts columns as Krateo does (CSV header order; the sorted key union for JSON
  objects; sorted sanitized label names then ``value``, ``timestamp`` for Prometheus API results).
* ``provider`` (legacy) and ``spec.scraperConfig`` are ignored: Prometheus scrapes this exporter and
  remote-writes to the adapter.

`FocusConfig` lists (``items[].spec.focusSpec``, what Krateo's focus operator points the exporter at) are read
as FOCUS rows by `focus_spec_to_row`: camelCase fields to FOCUS column names, the ``commitmentDiscoutId`` and
``contractedUnitCost`` spellings mapped to ``CommitmentDiscountId`` / ``ContractedUnitPrice``, and the
``[{key, value}]`` lists of ``tags`` / ``skuPriceDetails`` turned into JSON objects.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from finops.config import parse_duration

if TYPE_CHECKING:
    from exporters.focus_cost.config import _Problems

API_GROUP = "finops.krateo.io"
KIND = "ExporterScraperConfig"
DEFAULT_ENDPOINT_ROOT = "/etc/finops/endpoints"
IN_CLUSTER_URL = "https://kubernetes.default.svc"
SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount"
ZERO_INTERVAL_SECONDS = 300

_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
_API_KEYS = {"path", "verb", "headers", "payload", "endpointRef"}
_EXPORTER_KEYS = {"api", "metricType", "generic", "pollingInterval", "additionalVariables", "provider"}
_ENDPOINT_KEYS = {
    "server-url", "token", "username", "password", "certificate-authority-data", "client-certificate-data",
    "client-key-data", "proxy-url", "insecure", "debug",
}  # fmt: skip


def is_exporter_scraper_config(data: Mapping[str, Any]) -> bool:
    return data.get("kind") == KIND or str(data.get("apiVersion", "")).startswith(API_GROUP + "/")


def source_from_resource(data: Mapping[str, Any], *, problems: _Problems) -> dict[str, Any] | None:
    """Maps a whole ESC resource (the file Krateo's operator mounts) to one native source entry."""
    if data.get("kind") != KIND:
        problems.add("kind", f"expected {KIND}, got {data.get('kind')!r}")
        return None
    metadata = data.get("metadata")
    if not isinstance(metadata, Mapping):
        metadata = {}
    spec = data.get("spec")
    exporter = spec.get("exporterConfig") if isinstance(spec, Mapping) else None
    if not isinstance(exporter, Mapping):
        problems.add("spec.exporterConfig", "is required")
        return None
    name = str(metadata.get("name") or "krateo")
    return map_exporter_config(exporter, name=name, endpoint_dir=None, where="spec.exporterConfig", problems=problems)


def source_from_entry(node: Mapping[str, Any], *, where: str, problems: _Problems) -> dict[str, Any] | None:
    """Maps a native entry holding `krateo: <spec.exporterConfig>`; its other keys override the mapping."""
    exporter = node.get("krateo")
    if isinstance(exporter, Mapping) and isinstance(exporter.get("exporterConfig"), Mapping):
        exporter = exporter["exporterConfig"]
    if not isinstance(exporter, Mapping):
        problems.add(f"{where}.krateo", "must be the spec.exporterConfig mapping of an ExporterScraperConfig")
        return None
    endpoint_dir = node.get("endpoint_dir")
    if endpoint_dir is not None and not isinstance(endpoint_dir, str):
        problems.add(f"{where}.endpoint_dir", "must be a directory path")
        endpoint_dir = None
    name = str(node.get("name") or "")
    mapped = map_exporter_config(
        exporter, name=name, endpoint_dir=endpoint_dir, where=f"{where}.krateo", problems=problems
    )
    if mapped is None:
        return None
    for key, value in node.items():
        if key not in {"krateo", "endpoint_dir"}:
            mapped[key] = value
    return mapped


def map_exporter_config(
    exporter: Mapping[str, Any], *, name: str, endpoint_dir: str | None, where: str, problems: _Problems
) -> dict[str, Any] | None:
    """`spec.exporterConfig` -> a native source entry (still to be validated by `config.parse_source`)."""
    before = len(problems.items)
    for key in exporter:
        if key not in _EXPORTER_KEYS:
            problems.add(f"{where}.{key}", f"unknown ExporterConfig field (known: {', '.join(sorted(_EXPORTER_KEYS))})")
    out: dict[str, Any] = {"name": name}
    api = exporter.get("api")
    if not isinstance(api, Mapping):
        problems.add(f"{where}.api", "is required")
        api = {}
    for key in api:
        if key not in _API_KEYS:
            problems.add(f"{where}.api.{key}", f"unknown API field (known: {', '.join(sorted(_API_KEYS))})")
    path = api.get("path") or ""
    if not isinstance(path, str):
        problems.add(f"{where}.api.path", "must be a string")
        path = ""
    if api.get("verb"):
        out["method"] = api["verb"]
    if api.get("headers") is not None:
        out["headers"] = api["headers"]
    if api.get("payload") is not None:
        out["body"] = api["payload"]

    ref = api.get("endpointRef")
    if ref is None and endpoint_dir is None:
        base_url = IN_CLUSTER_URL
        out["auth"] = {"bearer_token_file": f"{SERVICE_ACCOUNT_DIR}/token"}
        out["tls"] = {"ca_file": f"{SERVICE_ACCOUNT_DIR}/ca.crt"}
    else:
        if endpoint_dir is None:
            ref_name = ref.get("name") if isinstance(ref, Mapping) else None
            if not isinstance(ref_name, str) or not ref_name:
                problems.add(f"{where}.api.endpointRef.name", "is required")
                return None
            endpoint_dir = f"{DEFAULT_ENDPOINT_ROOT}/{ref_name}"
        endpoint = _endpoint(Path(endpoint_dir), f"{where}.api.endpointRef ({endpoint_dir})", problems)
        if endpoint is None:
            return None
        base_url, extra = endpoint
        out.update(extra)
    if path and not path.startswith("/"):
        path = "/" + path
    out["url"] = base_url.rstrip("/") + path

    interval = exporter.get("pollingInterval")
    if interval is None:
        problems.add(f"{where}.pollingInterval", "is required (a duration such as 1h or 12h30m)")
    else:
        try:
            seconds = parse_duration(str(interval))
        except ValueError as exc:
            problems.add(f"{where}.pollingInterval", str(exc))
        else:
            out["interval"] = seconds if seconds > 0 else ZERO_INTERVAL_SECONDS

    variables = exporter.get("additionalVariables")
    if variables is not None:
        if not isinstance(variables, Mapping):
            problems.add(f"{where}.additionalVariables", "must be a mapping")
        else:
            out["variables"] = {
                str(k): ({"env": v} if isinstance(v, str) and _ENV_NAME.match(v) else v) for k, v in variables.items()
            }

    metric_type = str(exporter.get("metricType") or "cost").lower()
    if metric_type == "cost":
        out["mode"] = "cost"
        if exporter.get("generic") is not None:
            problems.add(f"{where}.generic", "only allowed with metricType generic")
    elif metric_type == "generic":
        out["mode"] = "generic"
        generic = exporter.get("generic")
        if not isinstance(generic, Mapping):
            problems.add(f"{where}.generic", "metricType generic needs generic: {metricName, valueColumnIndex}")
        else:
            if "metricName" not in generic:
                problems.add(f"{where}.generic.metricName", "is required")
            if "valueColumnIndex" not in generic:
                problems.add(f"{where}.generic.valueColumnIndex", "is required")
            out["generic"] = {"metric_name": generic.get("metricName"), "value_column": generic.get("valueColumnIndex")}
    elif metric_type == "resource":
        problems.add(f"{where}.metricType", "resource (Azure Monitor) is served by `finops exporter azure`")
    else:
        problems.add(f"{where}.metricType", f"must be cost, resource or generic, got {exporter.get('metricType')!r}")
    return out if len(problems.items) == before else None


def _endpoint(directory: Path, where: str, problems: _Problems) -> tuple[str, dict[str, Any]] | None:
    """Reads a Krateo endpoint Secret mounted as a volume (one file per key)."""
    if not directory.is_dir():
        problems.add(where, "endpoint Secret directory does not exist (mount the Secret there or set endpoint_dir)")
        return None
    keys = {p.name for p in directory.iterdir() if p.is_file() and not p.name.startswith(".")}
    for key in sorted(keys - _ENDPOINT_KEYS):
        if key.startswith("aws"):
            problems.add(f"{where}.{key}", "AWS SigV4 signing is not supported")
        else:
            problems.add(f"{where}.{key}", "unknown endpoint key")
    if "server-url" not in keys:
        problems.add(f"{where}.server-url", "is required")
        return None
    server_url = (directory / "server-url").read_text(encoding="utf-8").strip()
    extra: dict[str, Any] = {}
    auth: dict[str, Any] = {}
    if "token" in keys:
        auth["bearer_token_file"] = str(directory / "token")
    if "username" in keys:
        auth["username"] = (directory / "username").read_text(encoding="utf-8").strip()
    if "password" in keys:
        auth["password_file"] = str(directory / "password")
    if auth:
        extra["auth"] = auth
    tls: dict[str, Any] = {}
    for key, ours in (
        ("certificate-authority-data", "ca_file"),
        ("client-certificate-data", "cert_file"),
        ("client-key-data", "key_file"),
    ):
        if key in keys:
            tls[ours] = str(directory / key)
            tls["base64_pem"] = True
    if "insecure" in keys:
        tls["insecure_skip_verify"] = (directory / "insecure").read_text(encoding="utf-8").strip().lower() == "true"
    if tls:
        extra["tls"] = tls
    if "proxy-url" in keys:
        extra["proxy_url"] = (directory / "proxy-url").read_text(encoding="utf-8").strip()
    return server_url, extra


_FIELD_FIXES = {"commitmentDiscoutId": "CommitmentDiscountId", "contractedUnitCost": "ContractedUnitPrice"}


def focus_spec_to_row(spec: Mapping[str, Any]) -> dict[str, str | None]:
    """A FocusConfig `spec.focusSpec` (camelCase, k8s quantities, `[{key, value}]` lists) -> a FOCUS record."""
    row: dict[str, str | None] = {}
    for key, value in spec.items():
        column = _FIELD_FIXES.get(key) or (key[:1].upper() + key[1:])
        if isinstance(value, list):
            pairs = {str(e.get("key")): e.get("value") for e in value if isinstance(e, Mapping)}
            row[column] = json.dumps(pairs, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        elif isinstance(value, Mapping):
            row[column] = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        elif value is None:
            row[column] = None
        else:
            row[column] = str(value)
    return row


def is_focus_config_list(document: Any) -> bool:
    items = document.get("items") if isinstance(document, Mapping) else None
    return (
        isinstance(items, list)
        and bool(items)
        and all(isinstance(i, Mapping) and isinstance(i.get("spec"), Mapping) for i in items)
        and any(isinstance(i["spec"].get("focusSpec"), Mapping) for i in items)
    )
