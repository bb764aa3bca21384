"""A local HTTPS stand-in for Entra ID, ARM and the Azure Monitor metrics batch API, in the service's real shapes.

The shapes follow Azure's published examples (azure-rest-api-specs `Azure.Monitor.Query.Metrics/examples/
2024-02-01/MetricBatchExample*.json`, the "migrate to the getBatch API" page, ARM `Resources - List`):

- token: the client-credentials endpoint `/{tenant}/oauth2/v2.0/token`;
- ARM `resources` lists filtered by `resourceType eq '…'`, paged by a `nextLink` that carries an opaque
  `$skiptoken` (an unknown token is a 400, as ARM answers);
- `POST /subscriptions/{id}/metrics:getBatch`: 400 when the body mixes subscriptions or types or holds more than
  50 IDs; otherwise one `values[]` entry per requested resource, with `resourceid` echoed as sent (ARM casing),
  `namespace` lower-cased, `interval` as Azure chose (`answer_interval` may differ from the one asked), the
  requested `starttime`/`endtime` echoed, points whose aggregation has no data *without* that key (never a JSON
  null), dimension names lower-cased in `metadatavalues`, optional 7-digit fractional timestamps, and
  per-resource error entries (`errorCode` other than `Success`, with `errorMessage`, no time series) inside the
  HTTP 200 answer: a resource unknown to the fake (deleted since discovery) answers `ResourceNotFound`.
- Faults (429 with `Retry-After`, 5xx, malformed bodies) are scripted per path kind and subscription.

Used by the tests, the end-to-end test and bench/azure_scale.py.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import re
import ssl
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import trustme
from aiohttp import web

VM_NS = "Microsoft.Compute/virtualMachines"
STORAGE_NS = "Microsoft.Storage/storageAccounts"
BATCH_LIMIT = 50
_FILTER_TYPE = re.compile(r"resourceType eq '([^']+)'", re.IGNORECASE)


@dataclass
class Fault:
    status: int
    body: str = '{"error": {"code": "Fault", "message": "scripted"}}'
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class FakeResource:
    subscription: str
    group: str
    name: str
    region: str = "westeurope"
    type: str = VM_NS

    @property
    def arm_id(self) -> str:
        """As ARM spells it (`resourceGroups`, `Microsoft.Compute/virtualMachines`)."""
        return f"/subscriptions/{self.subscription}/resourceGroups/{self.group}/providers/{self.type}/{self.name}"


def default_value(
    resource_id: str, metric: str, aggregation: str, minute: int, split: Mapping[str, str] | None = None
) -> float | None:
    """The value served for one point; `split` is the time series' dimension values (ignored here)."""
    return float(len(resource_id) % 7 + minute % 60) + {"average": 0.5, "total": 1000.0}.get(aggregation, 0.0)


ValueFunction = Callable[[str, str, str, int, Mapping[str, str]], float | None]


class FakeAzure:
    def __init__(self, page_size: int = 2) -> None:
        self.resources: list[FakeResource] = []
        self.page_size = page_size
        self.faults: dict[tuple[str, str], list[Fault]] = defaultdict(list)  # (kind, subscription) -> script
        # (lower-case resource id, metric, aggregation, minute of the grain start, split) -> value; None: no key
        self.value: ValueFunction = default_value
        self.empty_timeseries: set[str] = set()  # metric names answered with timeseries: []
        # metric -> one {dimension name: value} per time series of a split (names as the filter asks them)
        self.dimension_values: dict[str, list[dict[str, str]]] = {}
        # lower-case resource id -> (errorCode, errorMessage) answered for its every metric inside the 200 answer
        self.resource_errors: dict[str, tuple[str, str]] = {}
        # (lower-case resource id, metric name) -> (errorCode, errorMessage) for that metric only
        self.metric_errors: dict[tuple[str, str], tuple[str, str]] = {}
        self.answer_interval: str | None = None  # the grain Azure answers with, if not the one asked
        self.fraction_digits = 0  # 7: timestamps like 2024-05-01T11:59:00.0000000Z
        self.calls: list[tuple[str, str, float]] = []  # (kind, subscription, loop time)
        self.token_requests: list[dict[str, str]] = []
        self.batch_bodies: list[dict[str, Any]] = []
        self.batch_queries: list[dict[str, str]] = []
        self.arm_queries: list[dict[str, str]] = []
        self.auth_headers: set[str] = set()

    # -- app --------------------------------------------------------------------------------------------

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)
        app.router.add_get("/subscriptions/{sub}/resources", self._resources)
        app.router.add_get("/subscriptions/{sub}/resourceGroups/{rg}/resources", self._resources)
        app.router.add_get("/subscriptions/{sub}/resourcegroups/{rg}/resources", self._resources)
        app.router.add_post("/metrics/{region}/subscriptions/{sub}/metrics:getBatch", self._batch)
        return app

    def _fault(self, kind: str, sub: str) -> web.Response | None:
        script = self.faults.get((kind, sub.lower()))
        if script:
            f = script.pop(0)
            return web.Response(status=f.status, text=f.body, headers=f.headers, content_type="application/json")
        return None

    async def _token(self, request: web.Request) -> web.Response:
        form = await request.post()
        self.token_requests.append({k: str(v) for k, v in form.items()})
        self.calls.append(("token", "", _now()))
        body = {"token_type": "Bearer", "expires_in": 3600, "ext_expires_in": 3600, "access_token": "fake-token-1"}
        return web.json_response(body)

    # -- ARM --------------------------------------------------------------------------------------------

    async def _resources(self, request: web.Request) -> web.Response:
        sub = request.match_info["sub"]
        self.calls.append(("arm", sub.lower(), _now()))
        self.arm_queries.append(dict(request.query))
        self.auth_headers.add(request.headers.get("Authorization", ""))
        fault = self._fault("arm", sub)
        if fault is not None:
            return fault
        rg = request.match_info.get("rg")
        wanted = _FILTER_TYPE.search(request.query.get("$filter", ""))
        items = [
            r
            for r in self.resources
            if r.subscription.lower() == sub.lower()
            and (rg is None or r.group.lower() == rg.lower())
            and (wanted is None or r.type.lower() == wanted[1].lower())
        ]
        offset = 0
        token = request.query.get("$skiptoken")
        if token is not None:
            try:
                offset = int(base64.urlsafe_b64decode(token.encode()).decode().removeprefix("offset:"))
            except ValueError:
                return _error(400, "InvalidSkipToken", f"The skip token '{token}' is not valid.")
        chunk = items[offset : offset + self.page_size]
        body: dict[str, Any] = {
            "value": [
                {"id": r.arm_id, "name": r.name, "type": r.type, "location": r.region, "tags": {}} for r in chunk
            ]
        }
        if offset + self.page_size < len(items):
            skiptoken = base64.urlsafe_b64encode(f"offset:{offset + self.page_size}".encode()).decode()
            body["nextLink"] = str(request.url.update_query({"$skiptoken": skiptoken}))
        return web.json_response(body)

    # -- metrics:getBatch -------------------------------------------------------------------------------

    async def _batch(self, request: web.Request) -> web.Response:
        sub = request.match_info["sub"]
        region = request.match_info["region"]
        self.calls.append(("metrics", sub.lower(), _now()))
        self.auth_headers.add(request.headers.get("Authorization", ""))
        fault = self._fault("metrics", sub)
        if fault is not None:
            return fault
        body = await request.json()
        self.batch_bodies.append(body)
        q = dict(request.query)
        self.batch_queries.append(q)
        ids: list[str] = body["resourceids"]
        namespace = q["metricnamespace"]
        if len(ids) > BATCH_LIMIT:
            return _error(400, "BadRequest", f"At most {BATCH_LIMIT} resource IDs may be requested at once.")
        for rid in ids:
            parts = rid.split("/")
            if len(parts) < 9 or parts[2].lower() != sub.lower() or "/".join(parts[6:8]).lower() != namespace.lower():
                return _error(400, "BadRequest", f"Resource {rid} is not of subscription {sub} and type {namespace}.")
        start, end = _parse(q["starttime"]), _parse(q["endtime"])
        interval = self.answer_interval or q.get("interval", "PT1M")
        aggregations = [a.strip().lower() for a in q.get("aggregation", "average").split(",")]
        names = [n.replace("%2", ",") for n in q["metricnames"].split(",")]
        dimensions = [p.split(" eq ")[0].strip() for p in q.get("filter", "").split(" and ") if p.endswith(" eq '*'")]
        known = {r.arm_id.lower() for r in self.resources}
        values = []
        for rid in ids:
            error = self.resource_errors.get(rid.lower())
            if error is None and rid.lower() not in known:
                error = ("ResourceNotFound", f"The resource '{rid}' was not found. TraceId: {{{len(self.calls)}}}")
            metrics = []
            for name in names:
                failure = error or self.metric_errors.get((rid.lower(), name))
                metrics.append(self._metric(rid, name, aggregations, dimensions, start, end, interval, failure))
            values.append(
                {
                    "starttime": q["starttime"],
                    "endtime": q["endtime"],
                    "interval": interval,
                    "value": metrics,
                    "namespace": namespace.lower(),
                    "resourceregion": region,
                    "resourceid": rid,
                }
            )
        return web.json_response({"values": values})

    def _metric(
        self,
        rid: str,
        name: str,
        aggregations: list[str],
        dimensions: list[str],
        start: dt.datetime,
        end: dt.datetime,
        interval: str,
        error: tuple[str, str] | None,
    ) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "id": f"{rid}/providers/Microsoft.Insights/metrics/{name}",
            "type": "Microsoft.Insights/metrics",
            "name": {"value": name, "localizedValue": name},
            "unit": "Percent" if name == "Percentage CPU" else "Bytes",
        }
        if error is not None:
            entry.update(timeseries=[], errorCode=error[0], errorMessage=error[1])
            return entry
        grain = _duration(interval)
        step = grain.total_seconds()
        aligned = dt.datetime.fromtimestamp(start.timestamp() // step * step, dt.UTC)  # Azure aligns to the grain
        timeseries = []
        if name not in self.empty_timeseries:
            timeseries = self._series(rid, name, aggregations, dimensions, aligned, end, grain)
        entry.update(displayDescription=f"{name} description", timeseries=timeseries, errorCode="Success")
        return entry

    def _series(
        self,
        rid: str,
        name: str,
        aggregations: list[str],
        dimensions: list[str],
        start: dt.datetime,
        end: dt.datetime,
        grain: dt.timedelta,
    ) -> list[dict[str, Any]]:
        splits: list[Mapping[str, str]] = [*self.dimension_values.get(name, [])] if dimensions else []
        out = []
        for split in splits or [{}]:
            data = []
            t = start
            while t < end:
                point: dict[str, Any] = {"timeStamp": self.timestamp(t)}
                for agg in aggregations:
                    value = self.value(rid.lower(), name, agg, int(t.timestamp() // 60), split)
                    if value is not None:
                        point[agg] = value
                data.append(point)
                t += grain
            meta = [
                {"name": {"value": d.lower(), "localizedValue": d.lower()}, "value": v} for d, v in split.items()
            ]
            out.append({"metadatavalues": meta, "data": data})
        return out

    def timestamp(self, t: dt.datetime) -> str:
        text = t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
        return f"{text}.{'0' * self.fraction_digits}Z" if self.fraction_digits else f"{text}Z"


def _error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message}}, status=status)


def _now() -> float:
    return asyncio.get_running_loop().time()


def _parse(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)


def _duration(text: str) -> dt.timedelta:
    # PT1M, PT5M, PT1H, PT4S, P1D are what we send and answer
    text = text.upper()
    units = {"S": "seconds", "M": "minutes", "H": "hours"}
    if text.startswith("PT") and text[-1] in units:
        return dt.timedelta(**{units[text[-1]]: float(text[2:-1])})
    if text.startswith("P") and text.endswith("D"):
        return dt.timedelta(days=float(text[1:-1]))
    raise ValueError(text)


@dataclass
class Tls:
    ca: trustme.CA
    ca_file: Path
    server_context: ssl.SSLContext
    client_pem: Path  # a client certificate + key (for CertificateCredential)


def make_tls(folder: Path) -> Tls:
    ca = trustme.CA()
    server_cert = ca.issue_cert("localhost", "127.0.0.1")
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_cert.configure_cert(ctx)
    ca_file = folder / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    client = ca.issue_cert("finops-exporter.example.test", key_type=trustme.KeyType.RSA)  # RS256 needs RSA
    client_pem = folder / "client.pem"
    client_pem.write_bytes(client.private_key_pem.bytes() + b"".join(b.bytes() for b in client.cert_chain_pems))
    return Tls(ca, ca_file, ctx, client_pem)


LOOPBACK = "127.0.0.1"


class Fake(Protocol):
    """A fake service: FakeAzure, or any other that builds its aiohttp app (the carbon APIs)."""

    def app(self) -> web.Application: ...


async def start_fake(fake: Fake, tls: Tls) -> tuple[web.AppRunner, str]:
    """Serves the fake on 127.0.0.1 only (an ephemeral port), never on other interfaces; returns its base URL.

    The URL names the address, not `localhost` (which may resolve to ::1 or elsewhere); the test certificate
    carries 127.0.0.1 as an IP SAN, so TLS verification holds.
    """
    runner = web.AppRunner(fake.app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, LOOPBACK, 0, ssl_context=tls.server_context)
    await site.start()
    addresses = runner.addresses
    if len(addresses) != 1 or addresses[0][0] != LOOPBACK:
        await runner.cleanup()
        raise RuntimeError(f"fake Azure is not bound to {LOOPBACK} only: {addresses}")
    port = int(addresses[0][1])
    return runner, f"https://{LOOPBACK}:{port}"
