"""A local HTTPS stand-in for Entra ID, ARM and the Azure Monitor metrics batch API.

It answers the documented REST shapes: the client-credentials token endpoint (`/{tenant}/oauth2/v2.0/token`),
ARM `resources` lists with `nextLink` paging, and `POST /subscriptions/{id}/metrics:getBatch` with the
`values[]` envelope (`resourceid`, `resourceregion`, `value[]` of metrics with `timeseries[].data[]`).
Faults are scripted per path kind and subscription. Used by the tests and by bench/azure_scale.py.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ssl
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trustme
from aiohttp import web

VM_NS = "Microsoft.Compute/virtualMachines"


@dataclass
class Fault:
    status: int
    body: str = '{"error": {"code": "Fault", "message": "scripted"}}'
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class FakeVM:
    subscription: str
    group: str
    name: str
    region: str = "westeurope"

    @property
    def arm_id(self) -> str:
        # ARM spells it resourceGroups/Microsoft.Compute; the metrics API often lower-cases: both are handled
        return f"/subscriptions/{self.subscription}/resourceGroups/{self.group}/providers/{VM_NS}/{self.name}"


def default_value(resource_id: str, metric: str, aggregation: str, minute: int) -> float | None:
    return float(len(resource_id) % 7 + minute % 60) + {"average": 0.5, "total": 1000.0}.get(aggregation, 0.0)


class FakeAzure:
    def __init__(self, page_size: int = 2) -> None:
        self.vms: list[FakeVM] = []
        self.page_size = page_size
        self.faults: dict[tuple[str, str], list[Fault]] = defaultdict(list)  # (kind, subscription) -> script
        self.value: Callable[[str, str, str, int], float | None] = default_value
        self.empty_timeseries: set[str] = set()  # metric names answered with timeseries: []
        self.dimension_values: dict[str, list[str]] = {}  # metric -> values of its split dimension
        self.calls: list[tuple[str, str, float]] = []  # (kind, subscription, loop time)
        self.token_requests: list[dict[str, str]] = []
        self.batch_bodies: list[dict[str, Any]] = []
        self.batch_queries: list[dict[str, str]] = []
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

    async def _resources(self, request: web.Request) -> web.Response:
        sub = request.match_info["sub"]
        self.calls.append(("arm", sub.lower(), _now()))
        self.auth_headers.add(request.headers.get("Authorization", ""))
        fault = self._fault("arm", sub)
        if fault is not None:
            return fault
        rg = request.match_info.get("rg")
        wanted = request.query.get("$filter", "")
        items = [
            vm
            for vm in self.vms
            if vm.subscription.lower() == sub.lower()
            and (rg is None or vm.group.lower() == rg.lower())
            and (VM_NS.lower() in wanted.lower())
        ]
        page = int(request.query.get("page", "0"))
        chunk = items[page * self.page_size : (page + 1) * self.page_size]
        body: dict[str, Any] = {
            "value": [
                {"id": vm.arm_id, "name": vm.name, "type": VM_NS, "location": vm.region, "tags": {}} for vm in chunk
            ]
        }
        if (page + 1) * self.page_size < len(items):
            query = dict(request.query)
            query["page"] = str(page + 1)
            body["nextLink"] = str(request.url.with_query(query))
        return web.json_response(body)

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
        start = _parse(q["starttime"])
        end = _parse(q["endtime"])
        grain = _duration(q.get("interval", "PT1M"))
        step = grain.total_seconds()
        start = dt.datetime.fromtimestamp(start.timestamp() // step * step, dt.UTC)  # Azure aligns to the grain
        aggregations = [a.strip().lower() for a in q.get("aggregation", "average").split(",")]
        names = [n.replace("%2", ",") for n in q["metricnames"].split(",")]
        values = []
        for rid in body["resourceids"]:
            metrics = []
            for name in names:
                timeseries = (
                    [] if name in self.empty_timeseries else self._series(rid, name, aggregations, start, end, grain)
                )
                metrics.append(
                    {
                        "id": f"{rid}/providers/Microsoft.Insights/metrics/{name}",
                        "type": "Microsoft.Insights/metrics",
                        "name": {"value": name, "localizedValue": name},
                        "displayDescription": f"{name} description",
                        "unit": "Percent" if name == "Percentage CPU" else "Bytes",
                        "timeseries": timeseries,
                        "errorCode": "Success",
                    }
                )
            values.append(
                {
                    "starttime": q["starttime"],
                    "endtime": q["endtime"],
                    "interval": q.get("interval", "PT1M"),
                    "namespace": q["metricnamespace"],
                    "resourceregion": region,
                    "resourceid": rid.lower(),
                    "value": metrics,
                }
            )
        return web.json_response({"values": values})

    def _series(
        self, rid: str, name: str, aggregations: list[str], start: dt.datetime, end: dt.datetime, grain: dt.timedelta
    ) -> list[dict[str, Any]]:
        dims: list[str | None] = [*self.dimension_values.get(name, [])] or [None]
        out = []
        for dim in dims:
            data = []
            t = start
            while t < end:
                minute = int(t.timestamp() // 60)
                point: dict[str, Any] = {"timeStamp": t.strftime("%Y-%m-%dT%H:%M:%SZ")}
                for agg in aggregations:
                    point[agg] = self.value(rid.lower(), name, agg, minute)
                data.append(point)
                t += grain
            meta = [] if dim is None else [{"name": {"value": "LUN", "localizedValue": "LUN"}, "value": dim}]
            out.append({"metadatavalues": meta, "data": data})
        return out


def _now() -> float:
    return asyncio.get_running_loop().time()


def _parse(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)


def _duration(text: str) -> dt.timedelta:
    # PT1M, PT5M, PT1H, P1D are what we send
    text = text.upper()
    if text.startswith("PT") and text.endswith("M"):
        return dt.timedelta(minutes=float(text[2:-1]))
    if text.startswith("PT") and text.endswith("H"):
        return dt.timedelta(hours=float(text[2:-1]))
    if text.startswith("PT") and text.endswith("S"):
        return dt.timedelta(seconds=float(text[2:-1]))
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


async def start_fake(fake: FakeAzure, tls: Tls) -> tuple[web.AppRunner, str]:
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


