"""What every HTTP server of the project shares: listen address, optional basic/bearer auth on every
endpoint, optional TLS, and an error middleware mapping our exception kinds to status codes."""

from __future__ import annotations

import base64
import hmac
import logging
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web
from aiohttp.typedefs import Middleware

from finops.config import Secret, Setting, read_secret_file
from finops.errors import (
    BadInputError,
    FinopsError,
    PayloadTooLargeError,
    UnavailableError,
    UnsupportedMediaError,
)

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def web_settings(default_listen: str) -> list[Setting]:
    """The `web.*` settings every server accepts, so flags and env names are the same everywhere."""
    return [
        Setting("web.listen_address", listen_address, default_listen, "host:port to listen on"),
        Setting("web.auth.username", str, None, "require HTTP basic auth with this user name"),
        Setting("web.auth.password_file", str, None, "file holding the basic-auth password", secret=True),
        Setting("web.auth.bearer_token_file", str, None, "file holding a bearer token to require", secret=True),
        Setting("web.tls.cert_file", str, None, "serve HTTPS with this certificate (PEM)"),
        Setting("web.tls.key_file", str, None, "private key (PEM) for --web.tls.cert-file"),
    ]


@dataclass(frozen=True)
class WebConfig:
    host: str
    port: int
    username: str | None = None
    password: Secret | None = None
    bearer_token: Secret | None = None
    tls_cert_file: str | None = None
    tls_key_file: str | None = None

    @classmethod
    def from_resolved(cls, values: dict[str, object]) -> WebConfig:
        host, port = split_host_port(str(values["web.listen_address"]))
        pw_file = values.get("web.auth.password_file")
        token_file = values.get("web.auth.bearer_token_file")
        return cls(
            host=host,
            port=port,
            username=values.get("web.auth.username") or None,  # type: ignore[arg-type]
            password=read_secret_file(str(pw_file)) if pw_file else None,
            bearer_token=read_secret_file(str(token_file)) if token_file else None,
            tls_cert_file=values.get("web.tls.cert_file") or None,  # type: ignore[arg-type]
            tls_key_file=values.get("web.tls.key_file") or None,  # type: ignore[arg-type]
        )

    def ssl_context(self) -> ssl.SSLContext | None:
        if not self.tls_cert_file:
            return None
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.load_cert_chain(self.tls_cert_file, self.tls_key_file)
        return ctx


def listen_address(value: object) -> str:
    """Setting parser: a valid `host:port`, checked when the configuration is resolved (with the other errors)."""
    text = str(value)
    split_host_port(text)
    return text


def split_host_port(address: str) -> tuple[str, int]:
    """Parses `host:port`, `:port` and `[v6]:port` like Prometheus' --web.listen-address."""
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"listen address must be host:port, got {address!r}")
    host = host.strip("[]") or "0.0.0.0"  # noqa: S104 - a server listens on all interfaces unless told
    return host, int(port)


def auth_middleware(config: WebConfig) -> Middleware:
    """Checks basic or bearer credentials on every endpoint in constant time; 401 otherwise."""
    expected: list[bytes] = []
    if config.username and config.password:
        pair = f"{config.username}:{config.password.value}".encode()
        expected.append(b"Basic " + base64.b64encode(pair))
    if config.bearer_token:
        expected.append(b"Bearer " + config.bearer_token.value.encode())

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if expected:
            given = request.headers.get("Authorization", "").encode("utf-8", "replace")
            if not any(hmac.compare_digest(given, want) for want in expected):
                raise web.HTTPUnauthorized(
                    text="authentication required\n",
                    headers={"WWW-Authenticate": 'Basic realm="finops"'},
                )
        return await handler(request)

    return middleware


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Maps our exception kinds to HTTP statuses with a readable body; never lets bad input kill the process."""
    try:
        return await handler(request)
    except UnsupportedMediaError as exc:
        return web.Response(status=415, text=f"{exc}\n")
    except PayloadTooLargeError as exc:
        return web.Response(status=413, text=f"{exc}\n")
    except BadInputError as exc:
        return web.Response(status=400, text=f"{exc}\n")
    except UnavailableError as exc:
        return web.Response(status=503, text=f"{exc}\n", headers={"Retry-After": "1"})
    except FinopsError as exc:
        log.exception("request failed: %s", exc)
        return web.Response(status=500, text=f"{exc}\n")


def run(app: web.Application, config: WebConfig, reuse_port: bool = False) -> None:
    """Serves the app until SIGTERM/SIGINT, with the access log off (volume belongs in metrics)."""
    web.run_app(
        app,
        host=config.host,
        port=config.port,
        ssl_context=config.ssl_context(),
        access_log=None,
        reuse_port=reuse_port,
        print=lambda _msg: log.info("listening on %s:%s", config.host, config.port),
    )
