"""Configuration of the FOCUS cost exporter: one typed, frozen `ExporterConfig` with several sources.

The YAML file (``--config.file``) looks like this::

    web:
      listen_address: ":9101"
    sources:
      - name: aws-focus                 # the `source` label and the poller name; unique
        path: /data/focus.csv.gz        # a local file …
        interval: 1h
      - name: billing-api
        url: https://<host>/v1/costs?account=<account>   # … or an HTTP(S) URL
        method: POST                    # GET by default
        headers: {Accept: text/csv}     # a mapping, or a list of "Name: value" strings
        body: '{"month": "<month>"}'
        variables: {host: api.example.com, account: {env: ACCOUNT_ID}, month: "2024-09"}
        format: auto                    # auto | csv | parquet | json | prometheus
        mode: cost                      # cost (FOCUS rows) | generic
        auth: {bearer_token_file: /run/secrets/token}      # or bearer_token_env, username + password_file/_env
        tls: {ca_file: ca.pem, cert_file: client.pem, key_file: client.key, base64_pem: false}
        proxy_url: http://proxy:3128
        pagination: {style: auto, max_pages: 1000, next_link_field: nextLink}
        timeout: 60s
        max_body_bytes: 268435456
        metrics: [billed_cost, effective_cost]            # cost mode: which FOCUS metric columns to expose
        extra_labels: [ResourceName]                        # cost mode: more FOCUS dimensions as labels
        tag_labels: [environment]                           # cost mode: tags also exposed as tag_<key> labels
      - name: focus-complete
        path: /data/focus.csv
        columns: all              # cost mode: every metric column a family, every other column a label, so
                                  # the adapter's cost path rebuilds whole rows (instead of metrics/extra_labels)
      - name: cpu
        url: http://prometheus:9090/api/v1/query?query=<q>
        mode: generic
        generic: {metric_name: cpu, value_column: value}  # a column name or a 0-based index
      - name: krateo-esc
        krateo:                                             # the spec.exporterConfig of a Krateo ESC
          exporterConfig: {...}
          endpoint_dir: /etc/finops/endpoints/my-endpoint   # its endpoint Secret, mounted as a volume

A whole Krateo ``ExporterScraperConfig`` resource (what the Krateo operator mounts as ``config.yaml``) is also
accepted as the file; see `exporters.focus_cost.krateo`.

Rules: variables replace ``<name>`` placeholders in url, path, headers and body; a variable given as
``{env: NAME}`` is read from the environment here, once. Secrets come from files (re-read when the API answers
401) or from the environment, never from the file itself: plain ``password``/``token`` keys, credentials in
URLs and literal ``Authorization``-like headers are rejected. Every problem in the file is reported at once,
each with the file and the field.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from exporters.focus_cost import krateo
from exporters.focus_cost.collector import DEFAULT_METRICS
from finops.config import Secret, Setting, parse_duration, read_secret_file, resolve
from finops.errors import ConfigError
from finops.web import WebConfig, web_settings
from focus.columns import is_focus_column
from focus.series import METRIC_COLUMNS

DEFAULT_LISTEN = ":9101"
DEFAULT_INTERVAL = 3600.0
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_BODY_BYTES = 256 * 1024 * 1024
DEFAULT_MAX_PAGES = 1000


_SENSITIVE_HEADERS = frozenset(
    {
        "authorization", "proxy-authorization", "x-api-key", "api-key", "x-auth-token", "cookie",
        "ocp-apim-subscription-key",
    }
)  # fmt: skip
_PLAIN_SECRET_KEYS = frozenset({"token", "bearer_token", "password", "secret", "api_key", "client_secret"})
PLACEHOLDER = re.compile(r"<([A-Za-z_][A-Za-z0-9_.-]*)>")
_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


class Columns(StrEnum):
    """Cost mode: which columns travel (see `exporters.focus_cost.collector`)."""

    COMPACT = "compact"
    ALL = "all"


class SourceMode(StrEnum):
    """What a source's rows are: FOCUS cost rows, or any table (see `exporters.focus_cost.collector`)."""

    COST = "cost"
    GENERIC = "generic"


class Format(StrEnum):
    AUTO = "auto"
    CSV = "csv"
    PARQUET = "parquet"
    JSON = "json"
    PROMETHEUS = "prometheus"


class PaginationStyle(StrEnum):
    AUTO = "auto"
    NONE = "none"
    NEXT_LINK = "next_link"
    LINK_HEADER = "link_header"
    K8S_CONTINUE = "k8s_continue"


@dataclass(frozen=True)
class SecretRef:
    """Where a credential lives: a file (re-read on demand, e.g. after a 401) or a value read from the
    environment by the loader. Never holds a value that came from the config file."""

    file: str | None = None
    env_value: Secret | None = None
    origin: str = ""

    def read(self) -> Secret:
        if self.file is not None:
            return read_secret_file(self.file)
        assert self.env_value is not None
        return self.env_value


@dataclass(frozen=True)
class AuthConfig:
    bearer_token: SecretRef | None = None
    username: str | None = None
    password: SecretRef | None = None


@dataclass(frozen=True)
class TlsConfig:
    ca_file: str | None = None
    cert_file: str | None = None
    key_file: str | None = None
    #: the files hold base64-encoded PEM, as the `*-data` keys of a Kubernetes or Krateo endpoint Secret do
    base64_pem: bool = False
    insecure_skip_verify: bool = False


@dataclass(frozen=True)
class PaginationConfig:
    style: PaginationStyle = PaginationStyle.AUTO
    max_pages: int = DEFAULT_MAX_PAGES
    next_link_field: str | None = None


@dataclass(frozen=True)
class GenericConfig:
    metric_name: str
    value_column: str | int


@dataclass(frozen=True)
class SourceConfig:
    """One source, with variables already substituted and environment values already read."""

    name: str
    interval: float = DEFAULT_INTERVAL
    mode: SourceMode = SourceMode.COST
    format: Format = Format.AUTO
    path: str | None = None
    url: str | None = None
    method: str = "GET"
    headers: tuple[tuple[str, str], ...] = ()
    body: str | None = None
    auth: AuthConfig = field(default_factory=AuthConfig)
    tls: TlsConfig = field(default_factory=TlsConfig)
    proxy_url: str | None = None
    pagination: PaginationConfig = field(default_factory=PaginationConfig)
    timeout: float = DEFAULT_TIMEOUT
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    generic: GenericConfig | None = None
    metrics: tuple[str, ...] = DEFAULT_METRICS
    extra_labels: tuple[str, ...] = ()
    tag_labels: tuple[str, ...] = ()
    columns: Columns = Columns.COMPACT


@dataclass(frozen=True)
class ExporterConfig:
    web: WebConfig
    sources: tuple[SourceConfig, ...]
    file: str | None = None


class _Problems:
    """Collects problems as `<where>: <message>` so every one is reported at once."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")


def substitute(text: str, variables: Mapping[str, str], where: str, problems: _Problems, strict: bool) -> str:
    """Replaces `<name>` placeholders; in strict mode (url, path, headers) an unknown name is a problem."""

    def repl(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in variables:
            return variables[name]
        if strict:
            problems.add(where, f"placeholder <{name}> has no variable (known: {', '.join(sorted(variables)) or '-'})")
        return match.group(0)

    return PLACEHOLDER.sub(repl, text)


def _str(value: Any, where: str, problems: _Problems) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        problems.add(where, f"must be a string, got {type(value).__name__}")
        return None
    return str(value)


def _duration(value: Any, where: str, problems: _Problems, default: float) -> float:
    if value is None:
        return default
    try:
        seconds = parse_duration(value)
    except (ValueError, TypeError) as exc:
        problems.add(where, str(exc))
        return default
    if seconds <= 0:
        problems.add(where, "must be positive")
        return default
    return seconds


def _int(value: Any, where: str, problems: _Problems, default: int, minimum: int = 1) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        problems.add(where, f"must be an integer >= {minimum}, got {value!r}")
        return default
    return value


def _bool(value: Any, where: str, problems: _Problems) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        problems.add(where, f"must be true or false, got {value!r}")
        return False
    return value


def _enum(enum: type[StrEnum], value: Any, where: str, problems: _Problems, default: StrEnum) -> Any:
    if value is None:
        return default
    try:
        return enum(str(value).strip().lower())
    except ValueError:
        problems.add(where, f"must be one of {', '.join(e.value for e in enum)}, got {value!r}")
        return default


def _check_keys(node: Mapping[str, Any], allowed: set[str], where: str, problems: _Problems) -> None:
    for key in node:
        if key in allowed:
            continue
        if str(key).lower() in _PLAIN_SECRET_KEYS:
            problems.add(
                f"{where}.{key}",
                "plain secrets are not allowed in the config file; use the matching *_file or *_env key",
            )
        else:
            problems.add(f"{where}.{key}", f"unknown key (expected one of {', '.join(sorted(allowed))})")


def _secret_ref(
    node: Mapping[str, Any], stem: str, where: str, environ: Mapping[str, str], problems: _Problems
) -> SecretRef | None:
    file_key, env_key = f"{stem}_file", f"{stem}_env"
    file_value = _str(node.get(file_key), f"{where}.{file_key}", problems)
    env_name = _str(node.get(env_key), f"{where}.{env_key}", problems)
    if file_value and env_name:
        problems.add(where, f"set either {file_key} or {env_key}, not both")
        return None
    if file_value:
        if not os.path.isfile(file_value):
            problems.add(f"{where}.{file_key}", f"secret file {file_value} does not exist")
        return SecretRef(file=file_value, origin=f"{where}.{file_key}")
    if env_name:
        if env_name not in environ:
            problems.add(f"{where}.{env_key}", f"environment variable {env_name} is not set")
            return None
        return SecretRef(env_value=Secret(environ[env_name]), origin=f"{where}.{env_key}")
    return None


def _variables(node: Any, where: str, environ: Mapping[str, str], problems: _Problems) -> dict[str, str]:
    if node is None:
        return {}
    if not isinstance(node, Mapping):
        problems.add(where, "must be a mapping of name -> value or {env: NAME}")
        return {}
    out: dict[str, str] = {}
    for name, value in node.items():
        at = f"{where}.{name}"
        if isinstance(value, Mapping):
            env_name = value.get("env")
            if set(value) != {"env"} or not isinstance(env_name, str):
                problems.add(at, "must be a string or {env: NAME}")
                continue
            if env_name not in environ:
                problems.add(at, f"environment variable {env_name} is not set")
                out[str(name)] = f"<{name}>"  # reported once: its placeholders are not "unknown" as well
                continue
            out[str(name)] = environ[env_name]
        elif value is None:
            problems.add(at, "is declared empty: give it a value")
            out[str(name)] = f"<{name}>"
        else:
            text = _str(value, at, problems)
            if text is not None:
                out[str(name)] = text
    return out


def _headers(node: Any, where: str, problems: _Problems) -> list[tuple[str, str]]:
    if node is None:
        return []
    pairs: list[tuple[str, str]] = []
    if isinstance(node, Mapping):
        items = [(str(k), v) for k, v in node.items()]
    elif isinstance(node, list):
        items = []
        for i, entry in enumerate(node):
            if not isinstance(entry, str) or ":" not in entry:
                problems.add(f"{where}[{i}]", f'must be a "Name: value" string, got {entry!r}')
                continue
            name, _, value = entry.partition(":")
            items.append((name.strip(), value.strip()))
    else:
        problems.add(where, 'must be a mapping or a list of "Name: value" strings')
        return []
    for name, value in items:
        at = f"{where}.{name}"
        text = _str(value, at, problems)
        if text is None:
            continue
        if not re.fullmatch(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+", name):
            problems.add(at, "not a valid HTTP header name")
            continue
        if name.lower() in _SENSITIVE_HEADERS:
            problems.add(at, "credentials must not be written in the config file; use auth.bearer_token_file/_env")
            continue
        pairs.append((name, text))
    return pairs


def _auth(node: Any, where: str, environ: Mapping[str, str], problems: _Problems) -> AuthConfig:
    if node is None:
        return AuthConfig()
    if not isinstance(node, Mapping):
        problems.add(where, "must be a mapping")
        return AuthConfig()
    allowed = {"bearer_token_file", "bearer_token_env", "username", "password_file", "password_env"}
    _check_keys(node, allowed, where, problems)
    bearer = _secret_ref(node, "bearer_token", where, environ, problems)
    username = _str(node.get("username"), f"{where}.username", problems)
    password = _secret_ref(node, "password", where, environ, problems)
    if bearer and (username or password):
        problems.add(where, "set either a bearer token or basic auth (username + password), not both")
    if bool(username) != bool(password):
        problems.add(where, "basic auth needs both username and password_file/password_env")
    return AuthConfig(bearer_token=bearer, username=username, password=password)


def _tls(node: Any, where: str, problems: _Problems) -> TlsConfig:
    if node is None:
        return TlsConfig()
    if not isinstance(node, Mapping):
        problems.add(where, "must be a mapping")
        return TlsConfig()
    _check_keys(node, {"ca_file", "cert_file", "key_file", "base64_pem", "insecure_skip_verify"}, where, problems)
    files: dict[str, str | None] = {}
    for key in ("ca_file", "cert_file", "key_file"):
        value = _str(node.get(key), f"{where}.{key}", problems)
        if value is not None and not os.path.isfile(value):
            problems.add(f"{where}.{key}", f"file {value} does not exist")
        files[key] = value
    if bool(files["cert_file"]) != bool(files["key_file"]):
        problems.add(where, "client certificates need both cert_file and key_file")
    return TlsConfig(
        ca_file=files["ca_file"],
        cert_file=files["cert_file"],
        key_file=files["key_file"],
        base64_pem=_bool(node.get("base64_pem"), f"{where}.base64_pem", problems),
        insecure_skip_verify=_bool(node.get("insecure_skip_verify"), f"{where}.insecure_skip_verify", problems),
    )


def _pagination(node: Any, where: str, problems: _Problems) -> PaginationConfig:
    if node is None:
        return PaginationConfig()
    if not isinstance(node, Mapping):
        problems.add(where, "must be a mapping")
        return PaginationConfig()
    _check_keys(node, {"style", "max_pages", "next_link_field"}, where, problems)
    return PaginationConfig(
        style=_enum(PaginationStyle, node.get("style"), f"{where}.style", problems, PaginationStyle.AUTO),
        max_pages=_int(node.get("max_pages"), f"{where}.max_pages", problems, DEFAULT_MAX_PAGES),
        next_link_field=_str(node.get("next_link_field"), f"{where}.next_link_field", problems),
    )


def _names(node: Any, where: str, problems: _Problems) -> tuple[str, ...] | None:
    if node is None:
        return None
    if not isinstance(node, list) or not all(isinstance(v, str) and v for v in node):
        problems.add(where, "must be a list of strings")
        return None
    return tuple(node)


def _check_url(url: str, where: str, problems: _Problems) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        problems.add(where, f"must be an http(s) URL with a host, got {url!r}")
    elif parts.password:
        problems.add(where, "credentials must not be written in URLs; use auth.*")


_SOURCE_KEYS = {
    "name", "interval", "mode", "format", "path", "url", "method", "headers", "body", "variables", "auth", "tls",
    "proxy_url", "pagination", "timeout", "max_body_bytes", "generic", "metrics", "extra_labels", "tag_labels",
    "columns",
}  # fmt: skip


def parse_source(
    node: Mapping[str, Any], where: str, environ: Mapping[str, str], problems: _Problems
) -> SourceConfig | None:
    """Validates one native source entry; appends every problem and returns None if any was found."""
    before = len(problems.items)
    _check_keys(node, _SOURCE_KEYS, where, problems)
    name = _str(node.get("name"), f"{where}.name", problems)
    if not name:
        problems.add(f"{where}.name", "is required")
    elif not _NAME.match(name):
        problems.add(f"{where}.name", "use letters, digits, '_', '.', '-' only")
    variables = _variables(node.get("variables"), f"{where}.variables", environ, problems)
    path = _str(node.get("path"), f"{where}.path", problems)
    url = _str(node.get("url"), f"{where}.url", problems)
    if bool(path) == bool(url):
        problems.add(where, "set exactly one of path (a local file) or url (HTTP/HTTPS)")
    if path:
        path = substitute(path, variables, f"{where}.path", problems, strict=True)
    if url:
        url = substitute(url, variables, f"{where}.url", problems, strict=True)
        _check_url(url, f"{where}.url", problems)
    headers = [
        (k, substitute(v, variables, f"{where}.headers.{k}", problems, strict=True))
        for k, v in _headers(node.get("headers"), f"{where}.headers", problems)
    ]
    body = _str(node.get("body"), f"{where}.body", problems)
    if body is not None:
        body = substitute(body, variables, f"{where}.body", problems, strict=False)
    method = (_str(node.get("method"), f"{where}.method", problems) or "GET").upper()
    if method not in {"GET", "POST", "PUT", "PATCH", "QUERY"}:
        problems.add(f"{where}.method", f"unsupported HTTP method {method!r}")
    mode = _enum(SourceMode, node.get("mode"), f"{where}.mode", problems, SourceMode.COST)
    fmt = _enum(Format, node.get("format"), f"{where}.format", problems, Format.AUTO)
    generic = _generic(node.get("generic"), f"{where}.generic", mode, problems)
    if fmt is Format.PROMETHEUS and mode is not SourceMode.GENERIC:
        problems.add(f"{where}.format", "prometheus query results need mode: generic")
    proxy_url = _str(node.get("proxy_url"), f"{where}.proxy_url", problems)
    if proxy_url:
        _check_url(proxy_url, f"{where}.proxy_url", problems)
    if path and any(node.get(k) is not None for k in ("auth", "tls", "proxy_url", "pagination", "headers", "body")):
        problems.add(where, "auth, tls, proxy_url, pagination, headers and body apply to url sources only")
    metrics = _names(node.get("metrics"), f"{where}.metrics", problems) or DEFAULT_METRICS
    for metric in metrics:
        if metric not in METRIC_COLUMNS:
            problems.add(f"{where}.metrics", f"unknown metric {metric!r} (one of {', '.join(METRIC_COLUMNS)})")
    extra_labels = _names(node.get("extra_labels"), f"{where}.extra_labels", problems) or ()
    columns = _enum(Columns, node.get("columns"), f"{where}.columns", problems, Columns.COMPACT)
    if columns is Columns.ALL and (node.get("metrics") is not None or node.get("extra_labels") is not None):
        problems.add(f"{where}.columns", "columns: all exposes every column; drop metrics and extra_labels")
    if columns is Columns.ALL and mode is not SourceMode.COST:
        problems.add(f"{where}.columns", "only applies to mode: cost")
    for column in extra_labels:
        if not (is_focus_column(column) or column.startswith("x_")):
            problems.add(f"{where}.extra_labels", f"{column!r} is neither a FOCUS column nor an x_ column")
    source = SourceConfig(
        name=name or "",
        interval=_duration(node.get("interval"), f"{where}.interval", problems, DEFAULT_INTERVAL),
        mode=mode,
        format=fmt,
        path=path,
        url=url,
        method=method,
        headers=tuple(headers),
        body=body,
        auth=_auth(node.get("auth"), f"{where}.auth", environ, problems),
        tls=_tls(node.get("tls"), f"{where}.tls", problems),
        proxy_url=proxy_url,
        pagination=_pagination(node.get("pagination"), f"{where}.pagination", problems),
        timeout=_duration(node.get("timeout"), f"{where}.timeout", problems, DEFAULT_TIMEOUT),
        max_body_bytes=_int(node.get("max_body_bytes"), f"{where}.max_body_bytes", problems, DEFAULT_MAX_BODY_BYTES),
        generic=generic,
        metrics=metrics,
        extra_labels=extra_labels,
        tag_labels=_names(node.get("tag_labels"), f"{where}.tag_labels", problems) or (),
        columns=columns,
    )
    return source if len(problems.items) == before else None


def _generic(node: Any, where: str, mode: SourceMode, problems: _Problems) -> GenericConfig | None:
    if mode is not SourceMode.GENERIC:
        if node is not None:
            problems.add(where, "only allowed with mode: generic")
        return None
    if not isinstance(node, Mapping):
        problems.add(where, "mode generic needs generic: {metric_name, value_column}")
        return None
    _check_keys(node, {"metric_name", "value_column"}, where, problems)
    metric_name = _str(node.get("metric_name"), f"{where}.metric_name", problems)
    if not metric_name:
        problems.add(f"{where}.metric_name", "is required")
    elif not re.fullmatch(r"[a-zA-Z_:][a-zA-Z0-9_:]*", metric_name):
        problems.add(f"{where}.metric_name", f"{metric_name!r} is not a valid Prometheus metric name")
    value_column = node.get("value_column", "value")
    if isinstance(value_column, bool) or not isinstance(value_column, str | int):
        problems.add(f"{where}.value_column", "must be a column name or a 0-based column index")
        value_column = "value"
    elif isinstance(value_column, int) and value_column < 0:
        problems.add(f"{where}.value_column", "a column index must be >= 0")
    return GenericConfig(metric_name=metric_name or "", value_column=value_column)


WEB_SETTINGS: list[Setting] = web_settings(DEFAULT_LISTEN)


def load_config(
    path: str | None,
    *,
    flags: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> ExporterConfig:
    """Reads, validates and resolves the whole configuration; one ConfigError lists every problem."""
    environ = os.environ if environ is None else environ
    where_file = path or "configuration"
    data: dict[str, Any] = krateo.load_config_file(path) if path else {}
    problems = _Problems()
    raw_sources: list[tuple[str, Mapping[str, Any]]] = []
    web_values: dict[str, Any] = {}
    if krateo.is_exporter_scraper_config(data):
        mapped_resource = krateo.source_from_resource(data, problems=problems)
        if mapped_resource is not None:
            raw_sources.append(("", mapped_resource))
    else:
        for key in data:
            if key not in {"web", "sources"}:
                problems.add(str(key), "unknown top-level key (expected web, sources)")
        if isinstance(data.get("web"), Mapping):
            web_values = {"web": data["web"]}
        elif data.get("web") is not None:
            problems.add("web", "must be a mapping")
        nodes = data.get("sources")
        if not isinstance(nodes, list) or not nodes:
            problems.add("sources", "must be a non-empty list of sources")
            nodes = []
        for i, node in enumerate(nodes):
            where = f"sources[{i}]"
            if not isinstance(node, Mapping):
                problems.add(where, "must be a mapping")
                continue
            if "krateo" in node:
                mapped = krateo.source_from_entry(node, where=where, problems=problems)
                if mapped is not None:
                    raw_sources.append((where, mapped))
            else:
                raw_sources.append((where, node))
    sources: list[SourceConfig] = []
    for where, node in raw_sources:
        parsed = parse_source(node, where or "spec.exporterConfig", environ, problems)
        if parsed is not None:
            sources.append(parsed)
    seen: set[str] = set()
    for source in sources:
        if source.name in seen:
            problems.add("sources", f"duplicate source name {source.name!r}")
        seen.add(source.name)
    web: WebConfig | None = None
    try:
        resolved = resolve(WEB_SETTINGS, flags=flags, file_values=web_values, environ=environ, source=where_file)
        web = WebConfig.from_resolved(resolved)
    except ConfigError as exc:
        problems.items.extend(exc.problems)
    except ValueError as exc:
        problems.add("web.listen_address", str(exc))
    if problems.items or web is None:
        raise ConfigError(problems.items, source=where_file)
    return ExporterConfig(web=web, sources=tuple(sources), file=path)
