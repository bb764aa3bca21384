"""Authentication shared by every server: half a configuration is an error, schemes are case-insensitive."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
import trustme
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from finops.config import Secret
from finops.errors import ConfigError
from finops.web import WebConfig, auth_middleware
from tests.kernel.servers import SERVERS, Server

Client = TestClient[web.Request, web.Application]


@pytest.mark.parametrize("server", SERVERS, ids=lambda s: s.name)
def test_a_user_name_without_a_password_file_is_a_configuration_error(server: Server, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        server.load(tmp_path, {"web_auth_username": "prometheus"})
    assert "flag --web.auth.username" in str(err.value)
    assert "--web.auth.password-file" in str(err.value)


@pytest.mark.parametrize("server", SERVERS, ids=lambda s: s.name)
def test_a_password_file_without_a_user_name_is_a_configuration_error(server: Server, tmp_path: Path) -> None:
    password = tmp_path / "pw"
    password.write_text("s3cret-pw\n")
    with pytest.raises(ConfigError) as err:
        server.load(tmp_path, {"web_auth_password_file": str(password)})
    assert "flag --web.auth.password-file" in str(err.value)
    assert "--web.auth.username" in str(err.value)
    assert "s3cret-pw" not in str(err.value)


@pytest.mark.parametrize("server", SERVERS, ids=lambda s: s.name)
def test_half_a_tls_configuration_is_a_configuration_error(server: Server, tmp_path: Path) -> None:
    cert = tmp_path / "tls.crt"
    trustme.CA().issue_cert("localhost").cert_chain_pems[0].write_to_path(str(cert))
    with pytest.raises(ConfigError, match=r"flag --web\.tls\.cert-file: needs --web\.tls\.key-file"):
        server.load(tmp_path, {"web_tls_cert_file": str(cert)})


@pytest.mark.parametrize("server", SERVERS, ids=lambda s: s.name)
def test_complete_basic_auth_is_accepted(server: Server, tmp_path: Path) -> None:
    password = tmp_path / "pw"
    password.write_text("s3cret-pw\n")
    config = server.load(tmp_path, {"web_auth_username": "prometheus", "web_auth_password_file": str(password)})
    assert config.web.username == "prometheus" and config.web.password == Secret("s3cret-pw")


@pytest.mark.parametrize("server", SERVERS, ids=lambda s: s.name)
def test_an_empty_or_unreadable_secret_file_is_a_configuration_error(server: Server, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.write_text("\n")
    with pytest.raises(ConfigError) as err:
        server.load(tmp_path, {"web_auth_bearer_token_file": str(empty)})
    assert "flag --web.auth.bearer-token-file" in str(err.value) and "empty" in str(err.value)
    with pytest.raises(ConfigError, match=r"flag --web\.auth\.bearer-token-file.*(No such file|cannot read)"):
        server.load(tmp_path, {"web_auth_bearer_token_file": str(tmp_path / "missing")})


def test_a_user_name_with_a_colon_is_rejected() -> None:
    # RFC 7617: the user-id cannot contain ':' (the first colon separates it from the password)
    with pytest.raises(ConfigError, match="':'"):
        SERVERS[0].load(Path("."), {"web_auth_username": "a:b", "web_auth_password_file": __file__})


async def _client(config: WebConfig) -> Client:
    async def ok(_request: web.Request) -> web.Response:
        return web.Response(text="ok\n")

    app = web.Application(middlewares=[auth_middleware(config)])
    app.router.add_get("/", ok)
    client: Client = TestClient(TestServer(app))
    await client.start_server()
    return client


def _basic(pair: bytes, scheme: str = "Basic") -> str:
    return f"{scheme} {base64.b64encode(pair).decode()}"


@pytest.mark.parametrize(
    "header",
    [
        _basic(b"u:p:w"),
        _basic(b"u:p:w", "basic"),
        _basic(b"u:p:w", "BASIC"),
        _basic(b"u:p:w", "bAsIc  "),
        "Bearer tok-1",
        "bearer tok-1",
        "BEARER tok-1",
    ],
)
async def test_scheme_names_are_case_insensitive(header: str) -> None:
    # RFC 7617 (Basic) and RFC 6750 / RFC 9110 section 11.1 (auth schemes): scheme names are case-insensitive
    client = await _client(WebConfig("127.0.0.1", 0, username="u", password=Secret("p:w"),
                                     bearer_token=Secret("tok-1")))
    try:
        assert (await client.get("/", headers={"Authorization": header})).status == 200
    finally:
        await client.close()


@pytest.mark.parametrize("server", SERVERS, ids=lambda s: s.name)
async def test_each_servers_basic_auth_takes_the_scheme_in_any_case(server: Server, tmp_path: Path) -> None:
    # the configuration each server loads, behind the middleware every server mounts (issue 8 item 3)
    password = tmp_path / "pw"
    password.write_text("s3cret-pw\n")
    config = server.load(tmp_path, {"web_auth_username": "prometheus", "web_auth_password_file": str(password)})
    client = await _client(config.web)
    try:
        for scheme in ("Basic", "basic", "BASIC"):
            ok = await client.get("/", headers={"Authorization": _basic(b"prometheus:s3cret-pw", scheme)})
            assert ok.status == 200, scheme
        wrong = await client.get("/", headers={"Authorization": _basic(b"prometheus:other", "basic")})
        assert wrong.status == 401
        assert (await client.get("/")).status == 401
    finally:
        await client.close()


@pytest.mark.parametrize(
    "header",
    [
        "",
        "Basic",
        "Basic ",
        "Basic !!!not-base64!!!",
        _basic(b"u:P:w"),
        _basic(b"U:p:w"),
        _basic(b"u"),
        _basic(b"u:p:w", "Bearer"),
        "Bearer TOK-1",
        "Bearer tok-1 extra",
        "Bearertok-1",
        "Digest tok-1",
        "tok-1",
    ],
)
async def test_anything_else_gets_401_with_every_scheme_offered(header: str) -> None:
    client = await _client(WebConfig("127.0.0.1", 0, username="u", password=Secret("p:w"),
                                     bearer_token=Secret("tok-1")))
    try:
        resp = await client.get("/", headers={"Authorization": header} if header else {})
        assert resp.status == 401
        assert resp.headers.getall("WWW-Authenticate") == ['Basic realm="finops", charset="UTF-8"',
                                                           'Bearer realm="finops"']
    finally:
        await client.close()


def test_the_azure_client_certificate_must_hold_a_certificate_and_its_key(tmp_path: Path) -> None:
    issued = trustme.CA().issue_cert("app-1")
    only_cert, both = tmp_path / "cert.pem", tmp_path / "both.pem"
    issued.cert_chain_pems[0].write_to_path(str(only_cert))
    both.write_bytes(issued.private_key_pem.bytes() + issued.cert_chain_pems[0].bytes())
    azure = SERVERS[2]
    ids = {"azure_tenant_id": "t", "azure_client_id": "c"}
    assert azure.load(tmp_path, {**ids, "azure_client_certificate_file": str(both)}) is not None
    for bad, reason in ((only_cert, "must hold the certificate and its private key"), (tmp_path, "cannot read")):
        with pytest.raises(ConfigError, match=f"flag --azure.client-certificate-file: invalid value .*{reason}"):
            azure.load(tmp_path, {**ids, "azure_client_certificate_file": str(bad)})
