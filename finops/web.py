"""What every HTTP server of the project shares: listen address, optional basic/bearer auth on every
endpoint, optional TLS, and an error middleware mapping our exception kinds to status codes."""

from __future__ import annotations

import base64
import binascii
import errno
import hmac
import logging
import ssl
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from aiohttp import web
from aiohttp.typedefs import Middleware
from multidict import CIMultiDict

from finops.config import Secret, Setting, read_secret_file, readable_file, scalar_text, secret_file
from finops.errors import (
    BadInputError,
    ConfigError,
    FinopsError,
    PayloadTooLargeError,
    StartupError,
    UnavailableError,
    UnsupportedMediaError,
)

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def web_settings(default_listen: str) -> list[Setting]:
    """The `web.*` settings every server accepts, so flags and env names are the same everywhere. Half a basic
    auth or TLS configuration is an error (a server that was meant to be closed must not start open)."""
    return [
        Setting("web.listen_address", listen_address, default_listen, "host:port to listen on"),
        Setting("web.auth.username", basic_auth_user, None, "require HTTP basic auth with this user name",
                requires=("web.auth.password_file",)),
        Setting("web.auth.password_file", secret_file, None, "file holding the basic-auth password", secret=True,
                requires=("web.auth.username",)),
        Setting("web.auth.bearer_token_file", secret_file, None, "file holding a bearer token to require",
                secret=True),
        Setting("web.tls.cert_file", pem_certificate_file, None, "serve HTTPS with this certificate (PEM)",
                requires=("web.tls.key_file",)),
        Setting("web.tls.key_file", readable_file, None, "private key (PEM) for --web.tls.cert-file",
                requires=("web.tls.cert_file",)),
    ]


def basic_auth_user(value: object) -> str:
    """Setting parser: RFC 7617 user-ids cannot contain ':' (the first colon ends the user-id)."""
    text = scalar_text(value)
    if ":" in text:
        raise ValueError("a basic-auth user name cannot contain ':'")
    return text


def pem_certificate_file(value: object) -> str:
    """Setting parser: a readable file holding at least one PEM certificate OpenSSL can parse (not a key, not
    DER), so a wrong file fails the start with the other problems, not the first TLS handshake."""
    path = readable_file(value)
    if not path:
        return path
    try:
        with open(path, encoding="ascii") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path} is not a PEM certificate") from exc
    if "-----BEGIN CERTIFICATE-----" not in text:
        raise ValueError(f"{path} is not a PEM certificate (no BEGIN CERTIFICATE block)")
    try:
        ssl.create_default_context().load_verify_locations(cadata=text)
    except ssl.SSLError as exc:
        raise ValueError(f"{path} holds no valid certificate ({exc.reason or exc})") from exc
    return path


def pem_certificate_and_key_file(value: object) -> str:
    """Setting parser: one PEM file with a client certificate and its unencrypted private key (what a cloud
    SDK's certificate credential reads), loaded once here so a wrong file is a configuration error."""
    path = pem_certificate_file(value)
    if not path:
        return path
    try:
        ssl.create_default_context().load_cert_chain(path, password=_no_key_password)
    except (ssl.SSLError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or str(exc)
        raise ValueError(f"{path} must hold the certificate and its private key, unencrypted (PEM): {reason}") from None
    return path


def _no_key_password() -> str:
    raise ValueError("the private key is encrypted")  # never let OpenSSL prompt on the terminal


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
    def from_resolved(cls, values: Mapping[str, object]) -> WebConfig:
        """Builds the config from `resolve`d `web_settings`; the certificate and key are loaded once here, so a
        key that does not match its certificate is a configuration error too."""
        host, port = split_host_port(str(values["web.listen_address"]))
        pw_file = values.get("web.auth.password_file")
        token_file = values.get("web.auth.bearer_token_file")
        config = cls(
            host=host,
            port=port,
            username=str(values.get("web.auth.username") or "") or None,
            password=read_secret_file(str(pw_file)) if pw_file else None,
            bearer_token=read_secret_file(str(token_file)) if token_file else None,
            tls_cert_file=str(values.get("web.tls.cert_file") or "") or None,
            tls_key_file=str(values.get("web.tls.key_file") or "") or None,
        )
        try:
            config.ssl_context()
        except StartupError as exc:
            raise ConfigError([str(exc)]) from None
        return config

    def ssl_context(self) -> ssl.SSLContext | None:
        if not self.tls_cert_file:
            return None
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        try:
            ctx.load_cert_chain(self.tls_cert_file, self.tls_key_file)
        except (OSError, ssl.SSLError) as exc:  # SSLError is an OSError; its reason is the readable part
            cause = getattr(exc, "reason", None) or exc.strerror or str(exc)
            raise StartupError(f"--web.tls.cert-file {self.tls_cert_file} with --web.tls.key-file "
                               f"{self.tls_key_file}: cannot load the certificate and its key: {cause}") from None
        return ctx


def listen_address(value: object) -> str:
    """Setting parser: a valid `host:port`, checked when the configuration is resolved (with the other errors)."""
    text = scalar_text(value)
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
    """Checks basic or bearer credentials on every endpoint in constant time; 401 otherwise. Scheme names are
    case-insensitive (RFC 9110 section 11.1, RFC 7617, RFC 6750); the credentials are not."""
    basic = f"{config.username}:{config.password.value}".encode() if config.username and config.password else None
    bearer = config.bearer_token.value.encode() if config.bearer_token else None
    challenges = CIMultiDict[str]()
    if basic is not None:
        challenges.add("WWW-Authenticate", 'Basic realm="finops", charset="UTF-8"')
    if bearer is not None:
        challenges.add("WWW-Authenticate", 'Bearer realm="finops"')

    def authorized(header: str) -> bool:
        scheme, _, credentials = header.strip().partition(" ")
        credentials = credentials.strip()
        if scheme.lower() == "basic" and basic is not None:
            try:
                given = base64.b64decode(credentials, validate=True)
            except (binascii.Error, ValueError):
                return False
            return hmac.compare_digest(given, basic)
        if scheme.lower() == "bearer" and bearer is not None:
            return hmac.compare_digest(credentials.encode("utf-8", "surrogateescape"), bearer)
        return False

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if challenges and not authorized(request.headers.get("Authorization", "")):
            raise web.HTTPUnauthorized(text="authentication required\n", headers=challenges)
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


_LISTEN_ERRORS = {errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES}


def run(app: web.Application, config: WebConfig, reuse_port: bool = False) -> None:
    """Serves the app until SIGTERM/SIGINT, with the access log off (volume belongs in metrics). A listen
    address that cannot be bound is a `StartupError` naming it, not a traceback."""
    try:
        web.run_app(
            app,
            host=config.host,
            port=config.port,
            ssl_context=config.ssl_context(),
            access_log=None,
            reuse_port=reuse_port,
            print=lambda _msg: log.info("listening on %s:%s", config.host, config.port),
        )
    except OSError as exc:
        if exc.errno not in _LISTEN_ERRORS:
            raise
        raise StartupError(f"--web.listen-address {config.host}:{config.port}: cannot listen: "
                           f"{exc.strerror or exc}") from None
