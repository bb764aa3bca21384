"""HTTP upload of a FOCUS file: `POST` a CSV, CSV.gz or Parquet body, get the load summary as JSON.

`make_upload_handler` returns a plain aiohttp handler; the adapter mounts it at `POST /api/v1/focus/upload` and
provides authentication and the error middleware that maps BadInputError to 400, PayloadTooLargeError to 413
and UnsupportedMediaError to 415 (finops.web).

The body is spooled to a temporary file by a worker thread (opening, decompressing and writing never block the
event loop), with a size cap on the bytes received and on the bytes after any Content-Encoding was undone. The
handler undoes ``Content-Encoding: gzip`` (or ``x-gzip``, ``deflate``) itself, to the end of the stream: a stream
without its end (a transfer cut short, a gzip trailer missing) is a 400 and nothing is loaded, never a shorter
bill that would remove rows. So the server must hand bodies over as they came (aiohttp's ``auto_decompress``
off, as the adapter's app sets it); aiohttp's own decoder does not check the gzip trailer. Other encodings are
415. The file's kind is decided by its magic bytes and checked against the Content-Type, and it is loaded with
`focus.load.load_file` in a worker thread.

Query parameters: `source` (stored with the rows; default "upload"), `version` (FOCUS version, default:
detected), `mode` (`lenient` or `strict`).
"""

from __future__ import annotations

import asyncio
import logging
import re
import tempfile
from collections.abc import AsyncIterable, Awaitable, Callable
from pathlib import Path
from typing import BinaryIO

from aiohttp import web

from finops.errors import BadInputError, PayloadTooLargeError, UnsupportedMediaError
from focus.columns import SUPPORTED_VERSIONS
from focus.files import CONTENT_ENCODINGS, Kind, StreamDecoder, sniff
from focus.load import load_file
from focus.reader import MODES, Mode

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

CSV_TYPES = frozenset({"text/csv", "application/csv", "text/plain"})
GZIP_TYPES = frozenset({"application/gzip", "application/x-gzip"})
PARQUET_TYPES = frozenset({"application/vnd.apache.parquet", "application/x-parquet", "application/parquet"})
ANY_TYPES = frozenset({"application/octet-stream", ""})
#: what the server that mounts the handler must pass aiohttp (`web.Application(handler_args=...)`)
SERVER_ARGS = {"auto_decompress": False}
_SOURCE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,127}")
_CHUNK = 1 << 16
_HEAD = 8


def _kind(content_type: str, head: bytes) -> Kind:
    """`csv`, `csv.gz` or `parquet` from the magic bytes, checked against the declared Content-Type."""
    if content_type not in CSV_TYPES | GZIP_TYPES | PARQUET_TYPES | ANY_TYPES:
        raise UnsupportedMediaError(
            f"unsupported Content-Type {content_type!r}: send text/csv, application/gzip (gzip CSV),"
            " application/vnd.apache.parquet or application/octet-stream"
        )
    found = sniff(head)
    if found == "csv" and b"\x00" in head:
        raise BadInputError("body is binary but neither Parquet nor gzip; expected a FOCUS CSV, CSV.gz or Parquet file")
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


def _content_encoding(request: web.Request) -> str:
    encoding = request.headers.get("Content-Encoding", "identity").strip().lower() or "identity"
    if encoding not in CONTENT_ENCODINGS:
        raise UnsupportedMediaError(
            f"unsupported Content-Encoding {encoding!r}: send the file as it is, or with gzip or deflate"
        )
    return encoding


class _Spool:
    """The body's way to disk: undoes its Content-Encoding and writes it out; every method blocks (a worker
    thread calls them), so the event loop never waits for the disk or for zlib."""

    def __init__(self, target: Path, encoding: str, max_bytes: int) -> None:
        self.target = target
        self.decoder = StreamDecoder(encoding, max_bytes, "body")
        self.head = b""
        self._file: BinaryIO | None = None

    def open(self) -> None:
        self._file = open(self.target, "wb")  # noqa: SIM115 - closed by close()

    def write(self, chunk: bytes) -> None:
        self._write(self.decoder.feed(chunk))

    def finish(self) -> None:
        self._write(self.decoder.finish())

    def close(self) -> None:
        if self._file is not None:
            self._file.close()

    def _write(self, data: bytes) -> None:
        if len(self.head) < _HEAD:
            self.head += data[: _HEAD - len(self.head)]
        assert self._file is not None
        self._file.write(data)


async def spool(chunks: AsyncIterable[bytes], target: Path, *, encoding: str, max_bytes: int) -> bytes:
    """Writes the (decoded) body to `target` off the event loop; returns its first bytes.

    PayloadTooLargeError beyond `max_bytes` received or decoded; BadInputError (CompressedStreamError) for a
    compressed stream that is corrupt or ends early.
    """
    sink = _Spool(target, encoding, max_bytes)
    await asyncio.to_thread(sink.open)
    try:
        received = 0
        async for chunk in chunks:
            received += len(chunk)
            if received > max_bytes:
                raise PayloadTooLargeError(f"body is larger than the limit of {max_bytes} bytes")
            await asyncio.to_thread(sink.write, chunk)
        if received:
            await asyncio.to_thread(sink.finish)
    finally:
        await asyncio.to_thread(sink.close)
    if sink.decoder.decoded == 0:
        raise BadInputError("empty body: send a FOCUS CSV, CSV.gz or Parquet file")
    return sink.head


def make_upload_handler(dsn_provider: Callable[[], str], max_bytes: int) -> Handler:
    """A handler loading the uploaded FOCUS file; answers 200 with the load summary (focus.load.LoadResult).

    The server must not decompress bodies itself (`SERVER_ARGS`).
    """
    if max_bytes <= 0:
        raise ValueError("max_bytes must be positive")

    async def upload(request: web.Request) -> web.StreamResponse:
        source, version, mode = _query(request)
        content_type = request.content_type if "Content-Type" in request.headers else ""
        encoding = _content_encoding(request)
        declared = request.content_length
        if declared is not None and declared > max_bytes:
            raise PayloadTooLargeError(f"body of {declared} bytes is larger than the limit of {max_bytes} bytes")
        with tempfile.TemporaryDirectory(prefix="finops-focus-upload-") as tmp:
            raw = Path(tmp) / "body"
            head = await spool(request.content.iter_chunked(_CHUNK), raw, encoding=encoding, max_bytes=max_bytes)
            kind = _kind(content_type, head)
            path = raw.rename(Path(tmp) / f"upload.{kind}")
            try:
                result = await asyncio.to_thread(
                    load_file, dsn_provider(), path, source=source, version=version, mode=mode
                )
            except BadInputError as exc:  # name the upload, not our temporary file
                raise BadInputError(str(exc).replace(str(path), "upload")) from None
        log.info("upload from %s loaded as load %s: %d rows", request.remote, result.load_id, result.rows)
        body = result.as_dict()
        body["location"] = "upload"
        return web.json_response(body)

    return upload


__all__ = ["SERVER_ARGS", "make_upload_handler", "spool"]
