"""I/O part of the exporter: fetch a source (local file or HTTP(S) API, every page), decode it, return a Snapshot.

Formats: FOCUS CSV (plain or gzip) and Parquet go through `focus.reader.read_focus` (typed rows, exact
Decimals); JSON is an array of objects, the first array of objects inside an object, a Kubernetes
`FocusConfig` list, or (generic mode) a Prometheus HTTP API query result. Gzip is recognised by its magic bytes
whatever the headers say; ``Content-Encoding: gzip`` (or ``deflate``) is undone here rather than by the HTTP
client, to the end of the stream: a compressed body cut short (its gzip trailer missing) or corrupt fails the
poll, so the last good snapshot stays, instead of passing for a smaller bill. Other encodings fail the poll.

HTTP: GET/POST with headers and body, bearer or basic credentials read from files (or the environment) and
re-read once when the API answers 401, mTLS client certificates, a custom CA, a proxy, a total timeout and a
cap on the bytes read per poll (compressed and decompressed). Pagination is followed to the end:

* ``Link: <url>; rel="next"`` response headers (GitHub, many REST APIs);
* a next-page URL in the JSON body (``nextLink``, ``@odata.nextLink``, ``next_link``, ``next`` or the
  configured ``next_link_field``; relative URLs are resolved against the page URL; same method and body);
* Kubernetes list ``metadata.continue`` tokens (the next request adds ``continue=<token>``).

More than ``max_pages`` pages, or a page URL seen twice (a loop), fails the poll rather than silently
truncating. Any failure raises `SourceError`; the poller then keeps serving the last good snapshot. Secrets
never appear in messages or logs, and URLs are logged without their query string (SAS tokens live there).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import csv
import io
import json
import logging
import os
import re
import ssl
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import aiohttp
import pyarrow as pa
import pyarrow.parquet as pq

from exporters.focus_cost import krateo
from exporters.focus_cost.collector import (
    CostLayout,
    Family,
    Snapshot,
    build_cost_snapshot,
    build_generic_snapshot,
    sanitize_label_name,
)
from exporters.focus_cost.config import Columns, Format, PaginationStyle, SourceConfig, SourceMode
from finops.config import Secret
from finops.errors import BadInputError, ConfigError, SourceError
from focus.columns import LATEST_VERSION, SUPPORTED_VERSIONS, detect_version, is_focus_column
from focus.columns import column as focus_column
from focus.files import (
    CONTENT_ENCODINGS,
    GZIP_MAGIC,
    PARQUET_MAGIC,
    CompressedStreamError,
    DecodedTooLargeError,
    FocusFileError,
    StreamDecoder,
    decode_all,
)
from focus.formats import DATA_LOSS_RULES, converter_for
from focus.reader import read_focus
from focus.series import value_text

log = logging.getLogger(__name__)

REQUIRED_COST_COLUMNS = ("BilledCost", "BillingCurrency", "ChargePeriodStart")
NEXT_LINK_FIELDS = ("nextLink", "@odata.nextLink", "next_link", "next")
#: what the source asks for unless its headers say otherwise: what `focus.files.StreamDecoder` undoes
ACCEPT_ENCODING = "gzip, deflate"
_LINK_NEXT = re.compile(r'<([^>]*)>\s*;[^,]*?\brel="?next"?', re.IGNORECASE)
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Page:
    """One response body, decompressed, with what pagination needs."""

    url: str
    body: bytes
    content_type: str
    link: str | None = None


def redact(url: str) -> str:
    """The URL without credentials, query or fragment: safe for logs and error messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def gunzip(data: bytes, limit: int, what: str) -> bytes:
    """Decompresses gzip (several members allowed) up to `limit` bytes; truncation and corruption raise."""
    try:
        return decode_all(data, "gzip", limit, what)
    except (CompressedStreamError, DecodedTooLargeError) as exc:
        raise SourceError(str(exc)) from None


class _Credentials:
    """The Authorization header value, read lazily and re-read on demand (after a 401)."""

    def __init__(self, config: SourceConfig) -> None:
        self._auth = config.auth
        self._value: Secret | None = None

    @property
    def configured(self) -> bool:
        return self._auth.bearer_token is not None or self._auth.password is not None

    def header(self, refresh: bool = False) -> Secret | None:
        if not self.configured:
            return None
        if self._value is None or refresh:
            try:
                if self._auth.bearer_token is not None:
                    self._value = Secret("Bearer " + self._auth.bearer_token.read().value)
                else:
                    assert self._auth.password is not None
                    pair = f"{self._auth.username}:{self._auth.password.read().value}".encode()
                    self._value = Secret("Basic " + base64.b64encode(pair).decode("ascii"))
            except ConfigError as exc:
                raise SourceError(f"cannot read credentials: {'; '.join(exc.problems)}") from None
        return self._value


def _read_pem(path: str, base64_pem: bool) -> bytes:
    data = Path(path).read_bytes()
    if base64_pem:
        try:
            return base64.b64decode(b"".join(data.split()), validate=True)
        except ValueError as exc:
            raise SourceError(f"{path}: not base64-encoded PEM ({exc})") from None
    return data


def build_ssl_context(config: SourceConfig) -> ssl.SSLContext:
    """Verification against the system or the configured CA, optional client certificate (mTLS)."""
    tls = config.tls
    ctx = ssl.create_default_context()
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        if tls.ca_file:
            ctx.load_verify_locations(cadata=_read_pem(tls.ca_file, tls.base64_pem).decode("ascii"))
        if tls.insecure_skip_verify:
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        if tls.cert_file and tls.key_file:
            if tls.base64_pem:
                # ssl only loads certificate chains from files: decode into a private directory, then remove it
                with tempfile.TemporaryDirectory(prefix="focus-cost-tls-") as tmp:
                    cert, key = Path(tmp, "cert.pem"), Path(tmp, "key.pem")
                    for path, src in ((cert, tls.cert_file), (key, tls.key_file)):
                        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                        with os.fdopen(fd, "wb") as handle:
                            handle.write(_read_pem(src, True))
                    ctx.load_cert_chain(str(cert), str(key))
            else:
                ctx.load_cert_chain(tls.cert_file, tls.key_file)
    except (OSError, ssl.SSLError, UnicodeDecodeError) as exc:
        raise SourceError(f"source {config.name}: cannot load TLS material: {exc}") from None
    return ctx


class FocusCostSource:
    """Fetches one configured source and turns it into a `Snapshot`; `fetch` is the poller's callable."""

    def __init__(self, config: SourceConfig) -> None:
        self.config = config
        self.layout = CostLayout(
            config.metrics, config.extra_labels, config.tag_labels, complete=config.columns is Columns.ALL
        )
        self._credentials = _Credentials(config)

    @property
    def families(self) -> tuple[Family, ...]:
        if self.config.mode is SourceMode.GENERIC:
            assert self.config.generic is not None
            name = self.config.generic.metric_name
            return (Family(name, f"Generic metric {name} read from source data."),)
        return self.layout.families()

    def empty(self) -> Snapshot:
        return Snapshot(self.config.name, self.families)

    async def fetch(self) -> Snapshot:
        if self.config.path is not None:
            return await asyncio.to_thread(self._from_file, self.config.path)
        pages = await self._fetch_pages()
        return await asyncio.to_thread(self._from_pages, pages)

    # --- HTTP --------------------------------------------------------------------------------------------

    async def _fetch_pages(self) -> list[Page]:
        cfg = self.config
        assert cfg.url is not None
        ssl_ctx: ssl.SSLContext | None = None
        if urlsplit(cfg.url).scheme == "https":
            ssl_ctx = await asyncio.to_thread(build_ssl_context, cfg)
        timeout = aiohttp.ClientTimeout(total=cfg.timeout)
        connector = aiohttp.TCPConnector(ssl=ssl_ctx if ssl_ctx is not None else True)
        pages: list[Page] = []
        seen: set[str] = set()
        budget = cfg.max_body_bytes
        url: str | None = cfg.url
        # bodies are decompressed here, to the end of the stream (aiohttp's decoder takes a gzip stream without
        # its trailer as complete: a transfer cut short would be a smaller bill)
        async with aiohttp.ClientSession(
            timeout=timeout, connector=connector, trust_env=False, auto_decompress=False
        ) as session:
            while url is not None:
                if url in seen:
                    raise SourceError(f"{redact(url)}: pagination loop (page URL seen before)")
                if len(pages) >= cfg.pagination.max_pages:
                    raise SourceError(f"{redact(cfg.url)}: more than {cfg.pagination.max_pages} pages")
                seen.add(url)
                page = await self._request(session, url, budget)
                budget -= len(page.body)
                pages.append(page)
                url = await asyncio.to_thread(self._next_url, page)
        return pages

    async def _request(self, session: aiohttp.ClientSession, url: str, budget: int) -> Page:
        cfg = self.config
        for attempt in (0, 1):
            headers = dict(cfg.headers)
            if not any(name.lower() == "accept-encoding" for name in headers):
                headers["Accept-Encoding"] = ACCEPT_ENCODING
            auth = self._credentials.header(refresh=attempt == 1)
            if auth is not None:
                headers["Authorization"] = auth.value
            try:
                async with session.request(
                    cfg.method,
                    url,
                    headers=headers,
                    data=cfg.body.encode() if cfg.body is not None else None,
                    proxy=cfg.proxy_url,
                    allow_redirects=True,
                ) as resp:
                    if resp.status == 401 and attempt == 0 and self._credentials.configured:
                        log.info("source %s: %s answered 401, re-reading credentials", cfg.name, redact(url))
                        continue
                    if not 200 <= resp.status < 300:
                        reason = f" {resp.reason}" if resp.reason else ""
                        raise SourceError(f"{cfg.method} {redact(url)}: HTTP {resp.status}{reason}")
                    body = await self._read_capped(resp, budget, url)
                    return Page(
                        url=str(resp.url),
                        body=body,
                        content_type=resp.headers.get("Content-Type", "").split(";")[0].strip().lower(),
                        link=resp.headers.get("Link"),
                    )
            except aiohttp.ClientError as exc:
                raise SourceError(f"{cfg.method} {redact(url)}: {type(exc).__name__}: {_safe(exc)}") from None
            except TimeoutError:
                raise SourceError(f"{cfg.method} {redact(url)}: timed out after {cfg.timeout:g}s") from None
        raise SourceError(f"{cfg.method} {redact(url)}: HTTP 401 Unauthorized (also after re-reading credentials)")

    async def _read_capped(self, resp: aiohttp.ClientResponse, budget: int, url: str) -> bytes:
        """The body with its Content-Encoding undone; the bytes received and decoded both count against `budget`."""
        declared = resp.content_length
        if declared is not None and declared > budget:
            raise SourceError(f"{redact(url)}: body of {declared} bytes exceeds max_body_bytes")
        encoding = resp.headers.get("Content-Encoding", "identity").strip().lower() or "identity"
        if encoding not in CONTENT_ENCODINGS:
            raise SourceError(f"{redact(url)}: unsupported Content-Encoding {encoding!r} (gzip and deflate are)")
        decoder = StreamDecoder(encoding, budget, redact(url))
        chunks: list[bytes] = []
        size = 0
        try:
            async for chunk in resp.content.iter_chunked(_CHUNK):
                size += len(chunk)
                if size > budget:
                    raise SourceError(f"{redact(url)}: body exceeds max_body_bytes ({self.config.max_body_bytes})")
                chunks.append(decoder.feed(chunk))
            chunks.append(decoder.finish())
        except DecodedTooLargeError:
            raise SourceError(f"{redact(url)}: body exceeds max_body_bytes after decompression") from None
        except CompressedStreamError as exc:
            raise SourceError(str(exc)) from None
        return b"".join(chunks)

    def _next_url(self, page: Page) -> str | None:
        style = self.config.pagination.style
        if style is PaginationStyle.NONE:
            return None
        if style in (PaginationStyle.AUTO, PaginationStyle.LINK_HEADER) and page.link:
            match = _LINK_NEXT.search(page.link)
            if match:
                return str(urljoin(page.url, match.group(1)))
        if style is PaginationStyle.LINK_HEADER:
            return None
        document = _json_document(page)
        if not isinstance(document, Mapping):
            return None
        if style in (PaginationStyle.AUTO, PaginationStyle.NEXT_LINK):
            configured = self.config.pagination.next_link_field
            for name in (configured,) if configured else NEXT_LINK_FIELDS:
                value = _dig(document, name)
                if isinstance(value, str) and value:
                    return str(urljoin(page.url, value))
        if style in (PaginationStyle.AUTO, PaginationStyle.K8S_CONTINUE):
            metadata = document.get("metadata")
            token = metadata.get("continue") if isinstance(metadata, Mapping) else None
            if isinstance(token, str) and token:
                parts = urlsplit(page.url)
                query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "continue"]
                query.append(("continue", token))
                return urlunsplit(parts._replace(query=urlencode(query)))
        return None

    # --- decoding ----------------------------------------------------------------------------------------

    def _from_file(self, path: str) -> Snapshot:
        try:
            with open(path, "rb") as handle:
                head = handle.read(8)
        except OSError as exc:
            raise SourceError(f"{path}: cannot open: {exc.strerror or exc}") from None
        fmt = self.config.format
        is_json = (
            fmt is Format.JSON
            or fmt is Format.PROMETHEUS
            or (fmt is Format.AUTO and (path.endswith((".json", ".json.gz")) or head.lstrip()[:1] in (b"{", b"[")))
        )
        if self.config.mode is SourceMode.COST and not is_json:
            focus_rows = _read_focus_file(Path(path), path)
            snapshot = build_cost_snapshot(self.config.name, focus_rows.rows(), self.layout, version=focus_rows.version)
            # the reader's counts are known once its rows were read, not before
            counts = {**snapshot.counts, **focus_rows.counts()}
            return Snapshot(snapshot.source, snapshot.families, snapshot.series, counts)
        size = os.path.getsize(path)
        if size > self.config.max_body_bytes:
            raise SourceError(f"{path}: {size} bytes exceeds max_body_bytes")
        data = Path(path).read_bytes()
        return self._from_pages([Page(url=path, body=data, content_type="")])

    def _from_pages(self, pages: Sequence[Page]) -> Snapshot:
        decoded = [self._decode(page) for page in pages]
        counts = {"pages": float(len(pages)), "bytes": float(sum(len(p.body) for p in pages))}
        if self.config.mode is SourceMode.COST:
            return self._cost_snapshot(decoded, counts)
        return self._generic_snapshot(decoded, counts)

    def _decode(self, page: Page) -> tuple[str, Any]:
        """-> ("table", (header, rows)) | ("focus", path-of-temp-file) | ("json", document)."""
        body = page.body
        what = redact(page.url) if "://" in page.url else page.url
        if body.startswith(GZIP_MAGIC):
            body = gunzip(body, self.config.max_body_bytes, what)
        fmt = self.config.format
        head = body[:64].lstrip()
        if fmt is Format.AUTO:
            if body.startswith(PARQUET_MAGIC):
                fmt = Format.PARQUET
            elif "json" in page.content_type or head[:1] in (b"{", b"["):
                fmt = Format.JSON
            elif "html" in page.content_type or head[:1] == b"<":
                raise SourceError(f"{what}: got an HTML page, not data (an error or login page?)")
            else:
                fmt = Format.CSV
        if fmt in (Format.JSON, Format.PROMETHEUS):
            try:
                document = json.loads(body, parse_float=Decimal)
            except (ValueError, RecursionError) as exc:
                raise SourceError(f"{what}: not valid JSON ({_short(str(exc))})") from None
            return "json", document
        if self.config.mode is SourceMode.COST:
            return "focus", body
        if fmt is Format.PARQUET:
            try:
                table = pq.read_table(io.BytesIO(body))
            except (pa.ArrowException, OSError) as exc:
                raise SourceError(f"{what}: cannot read Parquet ({_short(str(exc))})") from None
            header = list(table.column_names)
            return "table", (header, [tuple(r.values()) for r in table.to_pylist()])
        try:
            text = body.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SourceError(f"{what}: not UTF-8 text") from None
        rows = list(csv.reader(io.StringIO(text, newline="")))
        if not rows:
            return "table", ([], [])
        return "table", (rows[0], rows[1:])

    def _cost_snapshot(self, decoded: Sequence[tuple[str, Any]], counts: dict[str, float]) -> Snapshot:
        parse_errors = 0.0
        readers: list[Iterator[Mapping[str, Any]]] = []
        finishers = []
        versions = []
        for kind, payload in decoded:
            if kind == "json":
                rows, errors, version = json_cost_rows(payload)
                parse_errors += errors
                readers.append(iter(rows))
            else:
                focus_rows = _read_focus_bytes(payload, redact(self.config.url or ""))
                readers.append(focus_rows.rows())
                finishers.append(focus_rows.counts)
                version = focus_rows.version
            versions.append(version)

        def chained() -> Iterator[Mapping[str, Any]]:
            for reader in readers:
                yield from reader

        # the pages of one poll are one bill: a column of a later version on any page makes it that version
        # (JSON pages may leave out columns that are null on all their rows)
        newest = max(versions, key=SUPPORTED_VERSIONS.index, default=LATEST_VERSION)
        snapshot = build_cost_snapshot(self.config.name, chained(), self.layout, version=newest)
        for finish in finishers:
            parse_errors += finish()["parse_errors"]
        merged = dict(snapshot.counts)
        merged.update(counts)
        merged["parse_errors"] = parse_errors
        return Snapshot(snapshot.source, snapshot.families, snapshot.series, merged)

    def _generic_snapshot(self, decoded: Sequence[tuple[str, Any]], counts: dict[str, float]) -> Snapshot:
        generic = self.config.generic
        assert generic is not None
        header: list[str] | None = None
        records: list[Sequence[Any]] = []
        value_index: int | None = None
        for kind, payload in decoded:
            if kind == "json":
                page_header, page_rows, page_value = generic_table(payload)
            else:
                page_header, page_rows = payload
                page_value = None
            if header is None:
                header = list(page_header)
                value_index = _value_index(header, generic.value_column, page_value)
            elif list(page_header) != header:
                page_rows = [_realign(page_header, row, header) for row in page_rows]
            records.extend(page_rows)
        if header is None or value_index is None:
            header, value_index = ["value"], 0
        return build_generic_snapshot(self.config.name, generic.metric_name, header, records, value_index, counts)


def _value_index(header: Sequence[str], wanted: str | int, prometheus_value: int | None) -> int:
    if isinstance(wanted, int):
        if wanted >= len(header):
            raise SourceError(f"value column index {wanted} is beyond the {len(header)} columns ({', '.join(header)})")
        if prometheus_value is not None and header[wanted] != "value":
            raise SourceError(f"value column index {wanted} is {header[wanted]!r}, not the sample value")
        return wanted
    if wanted in header:
        return header.index(wanted)
    raise SourceError(f"value column {wanted!r} not found (columns: {', '.join(header)})")


def _realign(page_header: Sequence[str], row: Sequence[Any], header: Sequence[str]) -> tuple[Any, ...]:
    by_name = dict(zip(page_header, row, strict=False))
    return tuple(by_name.get(name) for name in header)


@dataclass(frozen=True)
class _FocusRows:
    """A FOCUS file opened by `focus.reader`: its rows (read on iteration), the counts after reading, its version."""

    rows: Callable[[], Iterator[Mapping[str, Any]]]
    counts: Callable[[], dict[str, float]]
    version: str


def _read_focus_file(path: Path, label: str) -> _FocusRows:
    try:
        reader = read_focus(path, mode="lenient")
    except FocusFileError as exc:
        raise SourceError(str(exc).replace(exc.path, label)) from None
    except BadInputError as exc:
        raise SourceError(f"{label}: {exc}") from None
    if not all(c in reader.header for c in REQUIRED_COST_COLUMNS):
        missing = [c for c in REQUIRED_COST_COLUMNS if c not in reader.header]
        raise SourceError(f"{label}: not FOCUS data, missing columns {', '.join(missing)}")

    def rows() -> Iterator[Mapping[str, Any]]:
        try:
            yield from reader
        except FocusFileError as exc:
            raise SourceError(str(exc).replace(exc.path, label)) from None

    def counts() -> dict[str, float]:
        lost = sum(n for (rule, _), n in reader.problems.counts.items() if rule in DATA_LOSS_RULES)
        return {"parse_errors": float(lost)}

    return _FocusRows(rows, counts, reader.version)


def _read_focus_bytes(body: bytes, label: str) -> _FocusRows:
    """Like `_read_focus_file` for a downloaded body: a private temporary file, removed once read."""
    fd, name = tempfile.mkstemp(prefix="focus-cost-", suffix=".parquet" if body.startswith(PARQUET_MAGIC) else ".csv")
    with os.fdopen(fd, "wb") as handle:
        handle.write(body)
    try:
        opened = _read_focus_file(Path(name), label)
    except BaseException:
        os.unlink(name)
        raise

    def rows() -> Iterator[Mapping[str, Any]]:
        try:
            yield from opened.rows()
        finally:
            with contextlib.suppress(OSError):
                os.unlink(name)

    return _FocusRows(rows, opened.counts, opened.version)


def _json_document(page: Page) -> Any:
    body = page.body
    if body.startswith(GZIP_MAGIC):
        return None  # pagination fields in compressed JSON bodies are found after decoding; rare
    head = body[:64].lstrip()[:1]
    if head not in (b"{", b"["):
        return None
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def _dig(document: Mapping[str, Any], dotted: str) -> Any:
    if dotted in document:
        return document[dotted]
    node: Any = document
    for part in dotted.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


def find_records(document: Any) -> list[Mapping[str, Any]]:
    """A top-level array of objects, or the first array of objects inside an object (depth first)."""
    if isinstance(document, list):
        if all(isinstance(item, Mapping) for item in document):
            return document
        raise SourceError("JSON array holds something else than objects")
    found = _first_object_array(document, depth=0)
    if found is None:
        raise SourceError("JSON has no array of objects")
    return found


def _first_object_array(node: Any, depth: int) -> list[Mapping[str, Any]] | None:
    if depth > 32 or not isinstance(node, Mapping):
        return None
    for value in node.values():
        if isinstance(value, list) and all(isinstance(v, Mapping) for v in value):
            return value
    for value in node.values():
        found = _first_object_array(value, depth + 1)
        if found is not None:
            return found
    return None


def _raw_cell(value: Any) -> str | None:
    """A JSON value as the cell text the FOCUS converters read (an empty string stays one: a defect they count)."""
    return value if isinstance(value, str) else value_text(value)


def json_cost_rows(document: Any) -> tuple[list[dict[str, Any]], float, str]:
    """JSON -> typed FOCUS rows with the same converters `focus.reader` uses; returns (rows, lost cells, the FOCUS
    version detected from the columns)."""
    if krateo.is_focus_config_list(document):
        records: list[Mapping[str, Any]] = [
            krateo.focus_spec_to_row(item["spec"].get("focusSpec") or {}) for item in document["items"]
        ]
    else:
        records = find_records(document)
    if not records:
        return [], 0.0, SUPPORTED_VERSIONS[0]
    names: dict[str, None] = {}
    for record in records:
        names.update(dict.fromkeys(record))
    missing = [c for c in REQUIRED_COST_COLUMNS if c not in names]
    if missing:
        raise SourceError(f"JSON objects are not FOCUS rows: missing {', '.join(missing)}")
    version = detect_version(names)
    converters = {n: converter_for(focus_column(n) if is_focus_column(n) else None, version) for n in names}
    rows: list[dict[str, Any]] = []
    lost = 0
    for record in records:
        row: dict[str, Any] = {}
        for name, value in record.items():
            raw = _raw_cell(value)
            if raw is None:
                row[name] = None
                continue
            typed, rule = converters[name](raw)
            if rule in DATA_LOSS_RULES:
                lost += 1
            row[name] = typed
        rows.append(row)
    return rows, float(lost), version


def generic_table(document: Any) -> tuple[list[str], list[tuple[Any, ...]], int | None]:
    """JSON -> (header, rows, index of the Prometheus sample value or None), Krateo's column order."""
    if isinstance(document, Mapping) and isinstance(document.get("data"), Mapping) and "resultType" in document["data"]:
        return _prometheus_table(document)
    records = find_records(document)
    header = sorted({key for record in records for key in record})
    return header, [tuple(record.get(k) for k in header) for record in records], None


def _prometheus_table(document: Mapping[str, Any]) -> tuple[list[str], list[tuple[Any, ...]], int | None]:
    if document.get("status") != "success":
        status, error = document.get("status"), _short(str(document.get("error")))
        raise SourceError(f"Prometheus API answered status {status!r}: {error}")
    data = document["data"]
    kind, result = data.get("resultType"), data.get("result")
    if kind == "scalar" and isinstance(result, list) and len(result) == 2:
        return ["value", "timestamp"], [(result[1], None)], 0
    if kind not in ("vector", "matrix") or not isinstance(result, list):
        raise SourceError(f"unsupported Prometheus result type {kind!r}")
    series: list[tuple[Mapping[str, str], Any]] = []
    for index, item in enumerate(result):
        metric = item.get("metric", {}) if isinstance(item, Mapping) else None
        if not isinstance(metric, Mapping) or not all(isinstance(v, str) for v in metric.values()):
            raise SourceError(f"Prometheus API result[{index}] is not a series with a metric object of strings")
        if kind == "vector":
            point = item.get("value")
        else:
            values = item.get("values") or []
            if not isinstance(values, list):
                raise SourceError(f"Prometheus API result[{index}].values is not a list")
            point = values[-1] if values else None  # the latest point; older ones are history, not state
        sample = point[1] if isinstance(point, list) and len(point) == 2 else None
        series.append((metric, sample))
    label_names = sorted({str(k) for metric, _ in series for k in metric})
    header = [sanitize_label_name(n) if n == "__name__" else n for n in label_names] + ["value", "timestamp"]
    # the timestamp column exists for Krateo's column numbering only; it never becomes a label
    rows = [(*(metric.get(n) for n in label_names), sample, None) for metric, sample in series]
    return header, rows, len(label_names)


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _safe(exc: BaseException) -> str:
    """Exception text with any URL reduced to scheme://host/path."""
    return re.sub(r"https?://[^\s'\"]+", lambda m: redact(m.group(0)), _short(str(exc)))


__all__ = [
    "FocusCostSource",
    "Page",
    "build_ssl_context",
    "find_records",
    "generic_table",
    "gunzip",
    "json_cost_rows",
    "redact",
]
