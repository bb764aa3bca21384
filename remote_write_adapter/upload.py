"""HTTP upload of a FOCUS file: `POST` a CSV, CSV.gz or Parquet body, get the load summary as JSON.

`make_upload_handler` returns a plain aiohttp handler; the server that mounts it (the adapter, at
`POST /api/v1/focus/upload`) provides authentication and the error middleware that maps BadInputError to
400, PayloadTooLargeError to 413 and UnsupportedMediaError to 415 (finops.web). The body is streamed to a
temporary file with a size cap (the cap applies after any Content-Encoding was undone), its kind is decided
by its magic bytes and checked against the Content-Type, and it is loaded with `focus.load.load_file` in a
worker thread, so the event loop keeps serving.

Query parameters: `source` (stored with the rows; default "upload"), `version` (FOCUS version, default:
detected), `mode` (`lenient` or `strict`).
"""

from __future__ import annotations

import asyncio
import logging
import re
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web

from finops.errors import BadInputError, PayloadTooLargeError, UnsupportedMediaError
from focus.columns import SUPPORTED_VERSIONS
from focus.load import load_file
from focus.reader import MODES, Mode

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

CSV_TYPES = frozenset({"text/csv", "application/csv", "text/plain"})
GZIP_TYPES = frozenset({"application/gzip", "application/x-gzip"})
PARQUET_TYPES = frozenset({"application/vnd.apache.parquet", "application/x-parquet", "application/parquet"})
ANY_TYPES = frozenset({"application/octet-stream", ""})
_GZIP_MAGIC = b"\x1f\x8b"
_PARQUET_MAGIC = b"PAR1"
_SOURCE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,127}")
_CHUNK = 1 << 16


def _kind(content_type: str, head: bytes) -> str:
    """`csv`, `csv.gz` or `parquet` from the magic bytes, checked against the declared Content-Type."""
    if content_type not in CSV_TYPES | GZIP_TYPES | PARQUET_TYPES | ANY_TYPES:
        raise UnsupportedMediaError(
            f"unsupported Content-Type {content_type!r}: send text/csv, application/gzip (gzip CSV),"
            " application/vnd.apache.parquet or application/octet-stream"
        )
    if head.startswith(_PARQUET_MAGIC):
        found = "parquet"
    elif head.startswith(_GZIP_MAGIC):
        found = "csv.gz"
    elif b"\x00" in head:
        raise BadInputError("body is binary but neither Parquet nor gzip; expected a FOCUS CSV, CSV.gz or Parquet file")
    else:
        found = "csv"
    declared = (
        "parquet" if content_type in PARQUET_TYPES
        else "csv.gz" if content_type in GZIP_TYPES
        else "csv" if content_type in CSV_TYPES
        else found
    )  # fmt: skip
    if declared == "csv" and found == "csv.gz":
        return found  # a gzip-compressed CSV sent as text/csv without Content-Encoding: accept it
    if declared != found:
        raise BadInputError(f"Content-Type {content_type!r} says {declared} but the body is {found}")
    return found


def _query(request: web.Request) -> tuple[str, str | None, Mode]:
    source = request.query.get("source", "upload")
    if not _SOURCE_RE.fullmatch(source):
        raise BadInputError("source must be 1-128 characters of letters, digits and ._:/@+-")
    version = request.query.get("version") or None
    if version is not None and version not in SUPPORTED_VERSIONS:
        raise BadInputError(f"unsupported FOCUS version {version!r}; supported: {', '.join(SUPPORTED_VERSIONS)}")
    mode = request.query.get("mode", "lenient")
    if mode not in MODES:
        raise BadInputError(f"mode must be one of {', '.join(MODES)}")
    return source, version, mode


async def _receive(request: web.Request, target: Path, max_bytes: int) -> bytes:
    """Streams the body to `target`; returns its first bytes. PayloadTooLargeError beyond `max_bytes`."""
    declared = request.content_length
    if declared is not None and declared > max_bytes:
        raise PayloadTooLargeError(f"body of {declared} bytes is larger than the limit of {max_bytes} bytes")
    size = 0
    head = b""
    with open(target, "wb") as out:
        async for chunk in request.content.iter_chunked(_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise PayloadTooLargeError(f"body is larger than the limit of {max_bytes} bytes")
            if len(head) < 8:
                head += chunk[: 8 - len(head)]
            out.write(chunk)
    if size == 0:
        raise BadInputError("empty body: send a FOCUS CSV, CSV.gz or Parquet file")
    return head


def make_upload_handler(dsn_provider: Callable[[], str], max_bytes: int) -> Handler:
    """A handler loading the uploaded FOCUS file; answers 200 with the load summary (focus.load.LoadResult)."""
    if max_bytes <= 0:
        raise ValueError("max_bytes must be positive")

    async def upload(request: web.Request) -> web.StreamResponse:
        source, version, mode = _query(request)
        content_type = request.content_type if "Content-Type" in request.headers else ""
        with tempfile.TemporaryDirectory(prefix="finops-focus-upload-") as tmp:
            raw = Path(tmp) / "body"
            head = await _receive(request, raw, max_bytes)
            kind = _kind(content_type, head)
            path = raw.rename(Path(tmp) / f"upload.{kind}")
            try:
                result = await asyncio.to_thread(
                    load_file, dsn_provider(), path, source=source, version=version, mode=mode
                )
            except BadInputError as exc:  # name the upload, not our temporary file
                raise BadInputError(str(exc).replace(str(path), "upload")) from None
        log.info(
            "upload from %s loaded as load %s: %d rows", request.remote, result.load_id, result.rows
        )
        body = result.as_dict()
        body["location"] = "upload"
        return web.json_response(body)

    return upload


__all__ = ["make_upload_handler"]
