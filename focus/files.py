"""What every path that reads or writes FOCUS files shares, defined once: the kinds of file and their magic bytes,
how opening a file fails, the CSV dialect (read and write), Parquet opened with its page checksums verified, and
compressed streams decoded to their end.

The last point is the reason this module exists as much as de-duplication: a compressed stream that stops
early decodes to a shorter but well-formed file, so the decoder must see the stream's own end (the gzip trailer,
the last deflate block) and fail otherwise. A shorter bill taken as a whole would delete rows.
"""

from __future__ import annotations

import os
import sys
import threading
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Literal

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from finops.errors import BadInputError, PayloadTooLargeError

GZIP_MAGIC = b"\x1f\x8b"
PARQUET_MAGIC = b"PAR1"

#: what a file's first bytes say it is
Kind = Literal["csv", "csv.gz", "parquet"]


def sniff(head: bytes) -> Kind:
    """The kind of a file from its first bytes (at least 4): Parquet, gzip (a compressed CSV) or else CSV."""
    if head.startswith(PARQUET_MAGIC):
        return "parquet"
    if head.startswith(GZIP_MAGIC):
        return "csv.gz"
    return "csv"


# --- errors ------------------------------------------------------------------------------------------------


class FocusFileError(BadInputError):
    """The file cannot be read as FOCUS data; the message names the file and, where known, the line."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        where = f"{self.path}, line {line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class FocusEncodingError(FocusFileError):
    """The file is not UTF-8 text."""


class FocusFormatError(FocusFileError):
    """Not CSV or Parquet, truncated/corrupt compression, or a row beyond the reader's limits."""


def open_file(path: Path) -> BinaryIO:
    """`path` opened for binary reading; a missing file, a directory or another OS error is a FocusFileError."""
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise FocusFileError(path, "no such file") from None
    except IsADirectoryError:
        raise FocusFileError(path, "is a directory, not a file") from None
    except OSError as exc:
        raise FocusFileError(path, f"cannot open: {exc.strerror or exc}") from None
    except ValueError as exc:  # a NUL in the path
        raise FocusFileError(path, f"cannot open: {exc}") from None


def native_path(path: Path | str) -> bytes:
    """A path as arrow can open it whatever its bytes: arrow encodes a `str` path as strict UTF-8, which fails for
    file names that are not UTF-8 (Python holds their bytes as lone surrogates)."""
    return os.fsencode(path)


# --- CSV dialect -------------------------------------------------------------------------------------------
#
# An unquoted empty field is null; a quoted "" is an empty string (a FOCUS defect the reader reports). Fields may
# hold line breaks. Every column is read as text; typing is the reader's job.


def csv_field(text: str | None) -> str:
    """One field as the dialect writes it: null unquoted and empty, "" for an empty string, quotes when needed."""
    if text is None:
        return ""
    if text == "" or any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


InvalidRowHandler = Callable[[pa_csv.InvalidRow], str]


@contextmanager
def open_csv(
    path: Path,
    header: Sequence[str],
    *,
    gzip_compressed: bool,
    block_size: int,
    on_invalid_row: InvalidRowHandler,
    columns: Sequence[str] | None = None,
) -> Iterator[pa_csv.CSVStreamingReader]:
    """A streaming arrow reader over the rows after the header, every column (or `columns`) as text.

    pyarrow decodes a ragged row's text before it calls `on_invalid_row`; when that row is not UTF-8 the call
    fails inside pyarrow's wrapper, which prints "Exception ignored" to stderr before the parse fails with an
    error the caller reports. That noise is dropped while the reader is open (`_quiet_invalid_rows`).
    """
    wanted = list(header if columns is None else columns)
    read_options = pa_csv.ReadOptions(column_names=list(header), skip_rows=1, block_size=block_size, use_threads=True)
    parse_options = pa_csv.ParseOptions(newlines_in_values=True, invalid_row_handler=_marked(on_invalid_row))
    convert_options = pa_csv.ConvertOptions(
        column_types={name: pa.string() for name in wanted},
        include_columns=wanted if columns is not None else None,
        null_values=[""],
        strings_can_be_null=True,
        quoted_strings_can_be_null=False,
        check_utf8=True,
    )
    stream = pa.input_stream(pa.OSFile(native_path(path)), compression="gzip" if gzip_compressed else None)
    with _quiet_invalid_rows(), stream, pa_csv.open_csv(stream, read_options, parse_options, convert_options) as reader:
        yield reader


def _marked(handler: InvalidRowHandler) -> InvalidRowHandler:
    def on_invalid_row(row: pa_csv.InvalidRow) -> str:
        return handler(row)

    on_invalid_row.__dict__["focus_invalid_row_handler"] = True
    return on_invalid_row


class _QuietInvalidRows:
    """Drops the "Exception ignored" report of our invalid-row handlers while at least one CSV reader is open;
    the process-wide hook is replaced only meanwhile, and every other unraisable exception still reaches it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0
        self._previous: Callable[[Any], Any] | None = None

    def _hook(self, unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, UnicodeDecodeError) and getattr(
            unraisable.object, "focus_invalid_row_handler", False
        ):
            return
        (self._previous or sys.__unraisablehook__)(unraisable)

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._users == 0:
                self._previous = sys.unraisablehook
                sys.unraisablehook = self._hook
            self._users += 1
        try:
            yield
        finally:
            with self._lock:
                self._users -= 1
                if self._users == 0:
                    if sys.unraisablehook == self._hook and self._previous is not None:
                        sys.unraisablehook = self._previous
                    self._previous = None


_quiet_invalid_rows = _QuietInvalidRows()


# --- Parquet -----------------------------------------------------------------------------------------------


def parquet_file(source: str | Path | Any) -> pq.ParquetFile:
    """A Parquet file (a path, or a file object) whose page checksums, where the writer stored them, are verified
    on read: without that a flipped bit in a data page can read as a different value. Files written without
    checksums cannot be checked page by page (a truncated file or a corrupt compressed page still fails)."""
    if isinstance(source, str | Path):
        source = pa.OSFile(native_path(source))
    return pq.ParquetFile(source, page_checksum_verification=True)


#: what the Parquet files we write carry so that readers (ours included) can verify them
PARQUET_WRITE_OPTIONS: dict[str, Any] = {"write_page_checksum": True}


# --- compressed streams ------------------------------------------------------------------------------------


class CompressedStreamError(BadInputError):
    """A compressed stream is truncated or corrupt."""


class DecodedTooLargeError(PayloadTooLargeError):
    """A compressed stream decodes to more bytes than allowed."""


#: Content-Encoding values `StreamDecoder` undoes (`identity` passes through)
CONTENT_ENCODINGS = ("gzip", "x-gzip", "deflate", "identity")


class StreamDecoder:
    """Undoes one compression (gzip, several members allowed, or deflate, zlib-wrapped or raw) chunk by chunk,
    up to `limit` decoded bytes. `finish` raises CompressedStreamError unless the stream ended properly, so a
    stream cut short is an error, never a shorter file. `encoding` is a Content-Encoding value."""

    def __init__(self, encoding: str, limit: int, what: str) -> None:
        encoding = encoding.strip().lower() or "identity"
        if encoding not in CONTENT_ENCODINGS:
            raise ValueError(f"unsupported encoding {encoding!r}")
        self.encoding = "gzip" if encoding == "x-gzip" else encoding
        self.limit = limit
        self.what = what
        self.decoded = 0
        self._member: Any = None  # the current zlib decompressobj
        self._ended = self.encoding == "identity"  # the last member/stream reached its end
        self._pending = b""  # bytes after a gzip member, until they show whether another member follows

    def feed(self, chunk: bytes) -> bytes:
        """The decoded bytes of `chunk` (possibly none yet)."""
        if self.encoding == "identity":
            return self._count(chunk)
        out = bytearray()
        data = self._pending + chunk
        self._pending = b""
        try:
            while data:
                if self._member is None:
                    if self.encoding == "gzip":
                        data = data.lstrip(b"\x00") if self._ended else data  # NUL padding between members
                        if not data:
                            break
                        if len(data) < 2:
                            self._pending = data
                            break
                        if not data.startswith(GZIP_MAGIC):
                            raise CompressedStreamError(f"{self.what}: corrupt gzip data (not a gzip member)")
                        self._member = zlib.decompressobj(wbits=31)
                    else:
                        if self._ended:
                            raise CompressedStreamError(f"{self.what}: corrupt deflate data (bytes after its end)")
                        # RFC 1950 zlib stream, or raw deflate as some servers send (low nibble of a zlib header: 8)
                        self._member = zlib.decompressobj(wbits=15 if data[0] & 0x0F == 8 else -15)
                    self._ended = False
                while not self._member.eof:
                    piece = self._member.decompress(data, 1 << 16)  # bounded output: no bomb in one call
                    data = self._member.unconsumed_tail
                    out += piece
                    if self.decoded + len(out) > self.limit:
                        raise DecodedTooLargeError(f"{self.what}: more than {self.limit} bytes after decompression")
                    if not data and not piece:
                        break  # every byte used and nothing pending: wait for the next chunk
                if self._member.eof:
                    data = self._member.unused_data
                    self._member = None
                    self._ended = True
        except zlib.error as exc:
            raise CompressedStreamError(f"{self.what}: corrupt {self.encoding} data ({exc})") from None
        return self._count(bytes(out))

    def finish(self) -> bytes:
        """Checks that the stream ended where the input ends; the last decoded bytes (always empty)."""
        if self._pending.strip(b"\x00"):
            raise CompressedStreamError(f"{self.what}: corrupt gzip data (trailing bytes)")
        if not self._ended:
            raise CompressedStreamError(f"{self.what}: truncated {self.encoding} data (the stream ends early)")
        return b""

    def _count(self, decoded: bytes) -> bytes:
        self.decoded += len(decoded)
        if self.decoded > self.limit:
            raise DecodedTooLargeError(f"{self.what}: more than {self.limit} bytes after decompression")
        return decoded


def decode_all(data: bytes, encoding: str, limit: int, what: str) -> bytes:
    """`StreamDecoder` over a whole body."""
    decoder = StreamDecoder(encoding, limit, what)
    out = decoder.feed(data)
    decoder.finish()
    return out


__all__ = [
    "CONTENT_ENCODINGS",
    "GZIP_MAGIC",
    "PARQUET_MAGIC",
    "PARQUET_WRITE_OPTIONS",
    "CompressedStreamError",
    "DecodedTooLargeError",
    "FocusEncodingError",
    "FocusFileError",
    "FocusFormatError",
    "Kind",
    "StreamDecoder",
    "csv_field",
    "decode_all",
    "native_path",
    "open_csv",
    "open_file",
    "parquet_file",
    "sniff",
]
