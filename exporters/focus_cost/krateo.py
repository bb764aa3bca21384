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

Krateo's operator writes the mounted ``config.yaml`` with Go's ``yaml.v3`` ``Marshal`` of the ESC struct
(finops-operator-exporter, ``internal/utils/utils.go``), whose embedded ``TypeMeta``/``ObjectMeta`` have no
``yaml:",inline"`` tag and whose ``API`` fields have JSON tags only: ``typemeta: {kind, apiversion}``,
``objectmeta: {name, ...}``, ``api.endpointref``, ``pollingInterval: {duration: 1h0m0s}``, zero values written
out (``verb: ""``, ``payload: ""``, ``endpointref: null``, ``status: {...}``). Both that shape and the resource as
``kubectl`` shows it are accepted (`normalize_resource`); in the operator's shape field names are matched
case-insensitively. A file of several YAML documents (an endpoint Secret beside the ESC) is read for its one
ExporterScraperConfig; the others are ignored (mount the Secret as ``endpoint_dir``); none or several is an
error naming the kinds found (`load_config_file`). ``endpoint_dir`` may sit beside ``krateo:`` or inside it.

Differences from Krateo, on purpose:

* ``metricType: resource`` (Azure Monitor) is not served here: ``finops krateo convert`` turns such an ESC into
  a configuration of the Azure exporter (``finops exporter azure``, its own format) -> config error saying so.
* An unset environment variable, a variable declared empty (``account_name:``) or an unknown ``<var>`` is a
  start-up error naming it, not an empty string.
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
``contractedUnitCost`` spellings mapped to ``CommitmentDiscountId`` / ``ContractedUnitPrice``, Kubernetes
quantities (``500m``, ``1.5k``, ``2Gi``, ``1e3``) written as plain decimals, and the ``[{key, value}]`` lists of
``tags`` / ``skuPriceDetails`` turned into JSON objects. Enumeration values change case on the way, as our
FOCUS reader normalises them to the specification's spelling: ``purchase`` -> ``Purchase``, ``one-time`` ->
``One-Time``, ``usage-based`` -> ``Usage-Based``; Krateo's pre-1.0 PricingCategory values (``On-Demand``,
``Commitment-Based``) are not FOCUS 1.0+ values and are reported by ``finops focus validate``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from finops.config import parse_duration
from finops.errors import ConfigError
from focus.identity import canonical_json

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
    data = normalize_resource(data)
    return data.get("kind") == KIND or str(data.get("apiVersion", "")).startswith(API_GROUP + "/")


#: field names of the ESC as the API knows them; the operator's yaml.v3 output lower-cases some of them
_CANONICAL = {
    name.lower(): name
    for name in (
        "apiVersion", "kind", "metadata", "spec", "exporterConfig", "scraperConfig", "api", "metricType",
        "generic", "metricName", "valueColumnIndex", "pollingInterval", "additionalVariables", "provider", "path",
        "verb", "headers", "payload", "endpointRef", "name", "namespace", "tableName", "scraperDatabaseConfigRef",
    )
}  # fmt: skip


def normalize_resource(data: Mapping[str, Any]) -> dict[str, Any]:
    """The operator-written shape (``typemeta``/``objectmeta``, lower-cased keys, ``{duration: ...}``, zero
    values) -> the resource as the API shows it; any other mapping is returned unchanged."""
    typemeta = data.get("typemeta")
    if not isinstance(typemeta, Mapping) or "apiVersion" in data or "kind" in data:
        return dict(data)
    objectmeta = data.get("objectmeta") if isinstance(data.get("objectmeta"), Mapping) else {}
    assert isinstance(objectmeta, Mapping)
    out: dict[str, Any] = {
        "apiVersion": typemeta.get("apiversion", typemeta.get("apiVersion")),
        "kind": typemeta.get("kind"),
        "metadata": {k: objectmeta[k] for k in ("name", "namespace") if objectmeta.get(k)},
    }
    if "spec" in data:
        out["spec"] = _canonical(data["spec"])
    return out


def _canonical(node: Any) -> Any:
    if isinstance(node, list):
        return [_canonical(v) for v in node]
    if not isinstance(node, Mapping):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        name = _CANONICAL.get(str(key).lower(), str(key))
        if name == "additionalVariables":  # user-chosen names: keep them as written
            out[name] = value
        elif name == "pollingInterval" and isinstance(value, Mapping) and set(value) == {"duration"}:
            out[name] = value["duration"]  # metav1.Duration written as a struct
        elif not _has_value(value) and name != "valueColumnIndex":
            continue  # Go zero values the marshaller wrote out
        else:
            canonical = _canonical(value)
            if canonical not in ({}, []):
                out[name] = canonical
    return out


def _has_value(node: Any) -> bool:
    if isinstance(node, Mapping):
        return any(_has_value(v) for v in node.values())
    return node not in (None, "", 0, False, [], {})


def load_config_file(path: str) -> dict[str, Any]:
    """Reads the exporter's config file: one mapping, or the one ExporterScraperConfig among several documents."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        documents = [d for d in yaml.safe_load_all(text) if d is not None]
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([f"cannot read {path}: {exc}"], source=path) from exc
    except yaml.YAMLError as exc:
        raise ConfigError([f"not valid YAML: {exc}"], source=path) from exc
    if not documents:
        return {}
    if not all(isinstance(d, dict) for d in documents):
        kinds = ", ".join(type(d).__name__ for d in documents)
        raise ConfigError([f"every YAML document must be a mapping, got {kinds}"], source=path)
    if len(documents) == 1:
        return normalize_resource(documents[0])
    resources = [normalize_resource(d) for d in documents]
    chosen = [d for d in resources if d.get("kind") == KIND]
    if len(chosen) != 1:
        kinds = ", ".join(str(d.get("kind") or "?") for d in resources)
        raise ConfigError(
            [
                f"{len(documents)} YAML documents ({kinds}): the exporter reads exactly one {KIND} from a "
                f"multi-document file, found {len(chosen)}; `finops krateo convert` reads whole directories"
            ],
            source=path,
        )
    return chosen[0]


def source_from_resource(data: Mapping[str, Any], *, problems: _Problems) -> dict[str, Any] | None:
    """Maps a whole ESC resource (the file Krateo's operator mounts) to one native source entry."""
    data = normalize_resource(data)
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
    endpoint_dir = node.get("endpoint_dir")
    if isinstance(exporter, Mapping) and "endpoint_dir" in exporter:  # written inside krateo: (as documented)
        if endpoint_dir is not None and endpoint_dir != exporter["endpoint_dir"]:
            problems.add(f"{where}.endpoint_dir", "given twice (beside and inside krateo:) with different values")
        endpoint_dir = exporter["endpoint_dir"]
        exporter = {k: v for k, v in exporter.items() if k != "endpoint_dir"}
    if isinstance(exporter, Mapping) and isinstance(exporter.get("exporterConfig"), Mapping):
        for key in exporter:
            if key not in {"exporterConfig", "scraperConfig"}:
                problems.add(f"{where}.krateo.{key}", "unknown key (expected exporterConfig, endpoint_dir)")
        exporter = exporter["exporterConfig"]
    if not isinstance(exporter, Mapping):
        problems.add(f"{where}.krateo", "must be the spec.exporterConfig mapping of an ExporterScraperConfig")
        return None
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
        problems.add(
            f"{where}.metricType",
            "resource (Azure Monitor) is served by `finops exporter azure`, in its own format: "
            "`finops krateo convert DIR` writes that configuration from this resource",
        )
    else:
        problems.add(f"{where}.metricType", f"must be cost, resource or generic, got {exporter.get('metricType')!r}")
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
    if api.get("payload") not in (None, ""):
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
            for k, v in variables.items():
                if v is None or v == "":
                    problems.add(
                        f"{where}.additionalVariables.{k}",
                        "is declared empty: give it a value (Krateo substituted an empty string)",
                    )
            out["variables"] = {
                str(k): ({"env": v} if isinstance(v, str) and _ENV_NAME.match(v) else v) for k, v in variables.items()
            }

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
            row[column] = canonical_json(pairs)
        elif isinstance(value, Mapping):
            row[column] = canonical_json(value)
        elif value is None:
            row[column] = None
        elif column in _QUANTITY_COLUMNS:
            row[column] = quantity_text(value)
        else:
            row[column] = str(value)
    return row


#: FocusSpec fields of type resource.Quantity (the FOCUS column names they map to)
_QUANTITY_COLUMNS = frozenset(
    {
        "BilledCost", "CommitmentDiscountQuantity", "ConsumedQuantity", "ContractedCost", "ContractedUnitPrice",
        "EffectiveCost", "ListCost", "ListUnitPrice", "PricingQuantity",
    }
)  # fmt: skip
_QUANTITY = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$")
_SUFFIX = {
    "n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"), "k": Decimal(10**3), "M": Decimal(10**6),
    "G": Decimal(10**9), "T": Decimal(10**12), "P": Decimal(10**15), "E": Decimal(10**18),
    "Ki": Decimal(2**10), "Mi": Decimal(2**20), "Gi": Decimal(2**30), "Ti": Decimal(2**40), "Pi": Decimal(2**50),
    "Ei": Decimal(2**60),
}  # fmt: skip


def quantity_text(value: Any) -> str:
    """A Kubernetes quantity (``27000``, ``0.45``, ``500m``, ``1.5k``, ``2Gi``, ``1e3``) as a plain decimal;
    text that is no quantity is returned unchanged (the FOCUS reader reports it)."""
    text = str(value).strip()
    match = _QUANTITY.match(text)
    if isinstance(value, bool) or match is None:
        return text
    try:
        number = Decimal(match[1])
        if match[2]:
            number = number.scaleb(int(match[2][1:]))
        elif match[3]:
            number *= _SUFFIX[match[3]]
    except InvalidOperation:
        return text
    plain = format(number, "f")
    return plain.rstrip("0").rstrip(".") if "." in plain else plain


def is_focus_config_list(document: Any) -> bool:
    items = document.get("items") if isinstance(document, Mapping) else None
    return (
        isinstance(items, list)
        and bool(items)
        and all(isinstance(i, Mapping) and isinstance(i.get("spec"), Mapping) for i in items)
        and any(isinstance(i["spec"].get("focusSpec"), Mapping) for i in items)
    )
