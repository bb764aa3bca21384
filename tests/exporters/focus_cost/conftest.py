from __future__ import annotations

import ssl
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import trustme
from aiohttp import web

SAMPLE = Path(__file__).resolve().parents[3] / "data" / "focus" / "focus-1.0-sample.csv"

FOCUS_HEADER = (
    "BilledCost,BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodEnd,BillingPeriodStart,"
    "ChargeCategory,ChargeClass,ChargeDescription,ChargePeriodEnd,ChargePeriodStart,ContractedCost,EffectiveCost,"
    "InvoiceIssuerName,ListCost,PricingQuantity,PricingUnit,ProviderName,PublisherName,ServiceCategory,ServiceName,"
    "Tags"
)


def focus_csv(n: int = 2, start: int = 0) -> str:
    """A small FOCUS 1.0 CSV with `n` distinct rows (ids by charge hour)."""
    lines = [FOCUS_HEADER]
    for i in range(start, start + n):
        lines.append(
            f'{i + 1}.25,acct-1,Acme,USD,2024-10-01T00:00:00Z,2024-09-01T00:00:00Z,Usage,,"VM hour {i}",'
            f"2024-09-02T{i + 1:02d}:00:00Z,2024-09-02T{i:02d}:00:00Z,{i + 1}.25,{i + 1}.0,Cloud Inc,{i + 2}.5,1,"
            f'Hours,Cloud,Cloud Inc,Compute,Virtual Machines,"{{""env"": ""prod""}}"'
        )
    return "\n".join(lines) + "\n"


Route = Callable[[web.Request], "web.StreamResponse | web.Response"]


@dataclass
class Api:
    """A local HTTP(S) API: tests add handlers per path and read the requests it saw."""

    base: str = ""
    requests: list[web.Request] = field(default_factory=list)
    routes: dict[str, Callable[[web.Request], web.StreamResponse]] = field(default_factory=dict)

    def route(self, path: str, handler: Callable[[web.Request], web.StreamResponse]) -> None:
        self.routes[path] = handler

    async def handle(self, request: web.Request) -> web.StreamResponse:
        await request.read()
        self.requests.append(request)
        handler = self.routes.get(request.path)
        if handler is None:
            return web.Response(status=404, text="not found")
        return handler(request)


async def _serve(api: Api, ssl_context: ssl.SSLContext | None, scheme: str) -> AsyncIterator[Api]:
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", api.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=ssl_context)
    await site.start()
    port = runner.addresses[0][1]
    api.base = f"{scheme}://127.0.0.1:{port}" if scheme == "http" else f"{scheme}://localhost:{port}"
    try:
        yield api
    finally:
        await runner.cleanup()


@pytest.fixture
async def api() -> AsyncIterator[Api]:
    async for served in _serve(Api(), None, "http"):
        yield served


@dataclass(frozen=True)
class Pki:
    ca_file: Path
    client_cert: Path
    client_key: Path
    server_context: ssl.SSLContext


@pytest.fixture
def pki(tmp_path: Path) -> Pki:
    ca = trustme.CA()
    server = ca.issue_cert("localhost", "127.0.0.1")
    client = ca.issue_cert("client@example.com")
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.configure_cert(ctx)
    ca.configure_trust(ctx)
    ctx.verify_mode = ssl.CERT_REQUIRED  # mTLS: the client must present a certificate from our CA
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    cert, key = tmp_path / "client.pem", tmp_path / "client.key"
    client.cert_chain_pems[0].write_to_path(str(cert))
    client.private_key_pem.write_to_path(str(key))
    return Pki(ca_file, cert, key, ctx)


@pytest.fixture
async def tls_api(pki: Pki) -> AsyncIterator[Api]:
    async for served in _serve(Api(), pki.server_context, "https"):
        yield served
