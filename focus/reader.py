"""Streaming reader for FOCUS Cost and Usage files (CSV, gzip CSV, Parquet) with typed values.

pyarrow parses the file in blocks with every column as text, in a background thread that also does the arrow
half of each column's conversion (arrow releases the GIL, so that work overlaps the Python half of the previous
batch). Each column is converted one of two ways, chosen from a sample of its cells:

* repetitive columns (timestamps, services, units, tags) are dictionary-encoded: each distinct value is
  converted once (and cached across batches), then spread over the rows from the int32 indices;
* mostly distinct columns (ids, amounts) are checked whole in arrow (RE2 numeric grammar, null tokens) and
  converted in bulk (`Decimal` over the column's strings); only the failing cells go through the Python rules.

Memory stays bounded by the block size whatever the file size: arrow reads about 40 blocks ahead, so the
default 4 MiB block keeps the reader under ~300 MiB for any file (bench/focus_parse.py measures it).
"""

from __future__ import annotations

import csv
import gzip
import logging
import queue
import sys
import threading
import zlib
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO, Literal, TypeVar

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from finops.errors import BadInputError
from focus.columns import (
    CUSTOM_PREFIX,
    Column,
    DataType,
    check_version,
    columns_for,
    detect_version,
    is_focus_column,
    mandatory_columns,
)
from focus.columns import column as focus_column
from focus.files import (
    FocusEncodingError,
    FocusFileError,
    FocusFormatError,
    open_csv,
    open_file,
    parquet_file,
    sniff,
)
from focus.formats import NULL_TOKENS, RULES, Converter, as_utc, converter_for, storable_text

log = logging.getLogger(__name__)
_T = TypeVar("_T")

Mode = Literal["lenient", "strict"]
MODES: tuple[Mode, ...] = ("lenient", "strict")
DEFAULT_BLOCK_SIZE = 4 << 20  # bytes of CSV per batch; also the largest row the reader accepts
DEFAULT_PARQUET_BATCH_ROWS = 65_536
_CACHE_LIMIT = 100_000  # converted values kept per column across batches
# the numeric grammar of NUMERIC_RE, run by arrow's RE2 over a whole column, with exponents of at most 4 digits;
# with cells of at most _MAX_FAST_NUMERIC characters every match is a number NUMERIC stores. Longer or larger
# values take the per-value path, where parse_decimal decides. (RE2 compiles the pattern on every call: a
# counted repetition such as \d{1,1000} instead of the length check costs 15 ms a call.)
_NUMERIC_PATTERN = r"^-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE]-?\d{1,4})?$"
_MAX_FAST_NUMERIC = 1000
_MAX_FAST_NUMERIC_SCALAR = pa.scalar(_MAX_FAST_NUMERIC, pa.int32())
_NULL_SET = pa.array(sorted(NULL_TOKENS), pa.string())
_DISTINCT_SAMPLE = 4096  # cells of a batch whose distinct count decides between the bulk and per-value paths
# compute arguments as arrow scalars: a Python scalar makes pyarrow try (and fail) to import numpy on every call
_TRUE = pa.scalar(True)
_LITTLE_ENDIAN = sys.byteorder == "little"


_ZERO = pa.scalar("0", pa.string())


class MissingColumnsError(FocusFileError):
    """The header lacks columns the FOCUS version makes mandatory."""

    def __init__(self, path: Path | str, version: str, missing: Sequence[str]) -> None:
        self.version = version
        self.missing = list(missing)
        super().__init__(
            path, f"header lacks mandatory FOCUS {version} columns: {', '.join(self.missing)}", line=1
        )


@dataclass(frozen=True, slots=True)
class Violation:
    """One example of a broken rule; `row` is the 1-based data row (header not counted), `line` a file line."""

    rule: str
    column: str | None
    row: int | None
    value: str | None
    line: int | None = None


@dataclass(slots=True)
class ProblemLog:
    """Counts per (rule, column) and the first examples of each; bounded whatever the number of problems."""

    max_examples: int = 10
    counts: Counter[tuple[str, str | None]] = field(default_factory=Counter)
    examples: dict[tuple[str, str | None], list[Violation]] = field(default_factory=dict)

    def add(
        self,
        rule: str,
        column: str | None,
        rows: Sequence[int | None] = (None,),
        value: str | None = None,
        *,
        count: int | None = None,
        line: int | None = None,
    ) -> None:
        assert rule in RULES, rule
        key = (rule, column)
        self.counts[key] += len(rows) if count is None else count
        kept = self.examples.setdefault(key, [])
        shown = None if value is None else (value if len(value) <= 80 else value[:80] + "…")
        for row in rows[: max(0, self.max_examples - len(kept))]:
            kept.append(Violation(rule, column, row, shown, line))

    def clear(self) -> None:
        self.counts.clear()
        self.examples.clear()


@dataclass(frozen=True, slots=True)
class Batch:
    """Consecutive rows, column-wise: `columns[name][i]` is the typed value of row `first_row + i`."""

    first_row: int
    num_rows: int
    columns: Mapping[str, list[Any]]

    def __len__(self) -> int:
        return self.num_rows

    def rows(self) -> Iterator[dict[str, Any]]:
        names = tuple(self.columns)
        for values in zip(*self.columns.values(), strict=True):
            yield dict(zip(names, values, strict=True))


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A column after the arrow half of its conversion: bulk (`good`), per distinct value (`encoded`), or
    neither (typed Parquet timestamps/dates)."""

    array: pa.Array
    good: pa.Array | None = None
    encoded: pa.DictionaryArray | None = None
    clean: pa.Array | None = None


class _ColumnConverter:
    """Converts one arrow column of a batch, remembering converted values across batches."""

    __slots__ = ("batches_seen", "cache", "column", "convert", "distinct", "fast", "name", "nullable", "path")

    def __init__(self, path: Path, name: str, column: Column | None, version: str) -> None:
        self.path = path
        self.name = name
        self.column = column
        self.convert: Converter = converter_for(column, version)
        self.cache: dict[str, tuple[Any, str | None]] = {}
        self.nullable = column is None or column.nullable
        self.batches_seen = 0
        self.distinct = True
        # high-cardinality kinds get a vectorised path: check every cell in arrow, convert in bulk
        self.fast: Literal["decimal", "plain"] | None = None
        if column is None or (
            column.data_type is DataType.STRING and column.allowed_values is None and column.value_format is None
        ):
            self.fast = "plain"
        elif column.data_type is DataType.DECIMAL:
            self.fast = "decimal"

    def __call__(self, array: pa.Array, first_row: int, problems: ProblemLog) -> list[Any]:
        return self.finish(self.prepare(array), first_row, problems)

    def prepare(self, array: pa.Array) -> _Prepared:
        """The arrow half of the conversion (no Python objects per cell; arrow releases the GIL meanwhile).

        The reader runs it in its prefetch thread, so it overlaps `finish` of the previous batch.
        """
        if pa.types.is_timestamp(array.type) or pa.types.is_date(array.type):
            return _Prepared(array)
        if not pa.types.is_string(array.type):
            array = self._as_string(array)
        if self.fast is not None and self._mostly_distinct(array):
            if self.fast == "decimal":
                good = _numeric(array)
            else:
                good = pc.invert(pc.is_in(array, value_set=_NULL_SET))
                nul = pc.match_substring(array, "\x00")  # text PostgreSQL refuses: left to the per-value rules
                if pc.any(nul).as_py():
                    good = pc.and_not(good, nul)
            if array.null_count:
                good = pc.fill_null(good, _TRUE)  # real nulls are handled apart, not as format problems
            if (len(array) - good.true_count) * 20 <= len(array):
                return _Prepared(array, good=good)
            # many irregular cells: converting each distinct value once is cheaper
        encoded = array.dictionary_encode(null_encoding="encode")  # a real null (empty field) is one entry
        clean = None
        if self.fast == "decimal" and len(encoded.dictionary) > 64:
            # amounts repeat less than labels: check the distinct values in arrow, build Decimals directly
            clean = _numeric(encoded.dictionary)
        return _Prepared(array, encoded=encoded, clean=clean)

    def finish(self, prepared: _Prepared, first_row: int, problems: ProblemLog) -> list[Any]:
        """The Python half: typed values for every cell, problems reported with their rows."""
        if prepared.encoded is not None:
            return self._by_distinct(prepared.encoded, prepared.clean, first_row, problems)
        if prepared.good is not None:
            return self._bulk(prepared.array, prepared.good, first_row, problems)
        return self._temporal(prepared.array, first_row, problems)

    def _mostly_distinct(self, array: pa.Array) -> bool:
        """Whether at least a quarter of a sample of cells are distinct (ids, amounts): decides bulk conversion.

        Sampled on the first batch and every 16th after it; a column's nature rarely changes within a file.
        """
        if self.batches_seen % 16 == 0:
            head = array.slice(0, _DISTINCT_SAMPLE)
            self.distinct = len(head) < 1024 or pc.count_distinct(head).as_py() * 4 >= len(head)
        self.batches_seen += 1
        return self.distinct

    def _by_distinct(
        self, encoded: pa.DictionaryArray, clean_mask: pa.Array | None, first_row: int, problems: ProblemLog
    ) -> list[Any]:
        """Convert each distinct value once (cached across batches), then spread the results over the rows."""
        uniques: list[str | None] = encoded.dictionary.to_pylist()
        cache = self.cache
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        clean: list[bool | None] = [] if clean_mask is None else clean_mask.to_pylist()
        converted: list[Any] = []
        broken: list[tuple[int, str, str | None]] = []
        for k, raw in enumerate(uniques):
            if raw is None:
                converted.append(None)
                if not self.nullable:
                    broken.insert(0, (k, "not-null", None))  # reported first, as before any format problem
                continue
            hit = cache.get(raw)
            if hit is None:
                hit = cache[raw] = (Decimal(raw), None) if clean and clean[k] else self.convert(raw)
            converted.append(hit[0])
            if hit[1] is not None:
                broken.append((k, hit[1], raw))
        indices = encoded.indices
        if len(converted) == 1:  # one value in the whole batch (currency, billing period, an all-null column)
            values = converted * len(indices)
        else:
            rows = _int_list(indices)
            # itemgetter(*rows) gathers in one C call: about 25% faster than map(converted.__getitem__)
            values = list(itemgetter(*rows)(converted)) if len(rows) > 1 else [converted[i] for i in rows]
        for k, rule, raw in broken:
            positions = pc.indices_nonzero(pc.equal(indices, pa.scalar(k, indices.type)))
            self._report(problems, rule, raw, positions, first_row)
        return values

    def _bulk(self, array: pa.Array, good: pa.Array, first_row: int, problems: ProblemLog) -> list[Any]:
        """A mostly clean decimal or plain-text column in bulk; `good` marks the cells that pass in arrow."""
        n_null = array.null_count
        n_bad = len(array) - good.true_count
        filled = pc.if_else(good, array, _ZERO) if n_bad else array
        values: list[Any]
        if self.fast == "decimal":
            if n_null:
                filled = pc.fill_null(filled, _ZERO)
            values = list(map(Decimal, filled.to_pylist()))
        else:
            values = filled.to_pylist()
        if n_null:
            null_positions = pc.indices_nonzero(array.is_null())
            if self.fast == "decimal":
                for position in null_positions.to_pylist():
                    values[position] = None
            if not self.nullable:
                self._report(problems, "not-null", None, null_positions, first_row)
        if n_bad:
            bad_positions = pc.indices_nonzero(pc.invert(good)).to_pylist()
            groups: dict[str, list[int]] = {}
            for position, raw in zip(bad_positions, array.take(bad_positions).to_pylist(), strict=True):
                groups.setdefault(raw, []).append(position)
            for raw, positions in groups.items():
                value, rule = self.convert(raw)
                for position in positions:
                    values[position] = value
                if rule is not None:
                    head = positions[: problems.max_examples]
                    problems.add(rule, self.name, [first_row + p for p in head], raw, count=len(positions))
        return values

    def _report(
        self, problems: ProblemLog, rule: str, raw: str | None, positions: pa.Array, first_row: int
    ) -> None:
        head = positions.slice(0, problems.max_examples).to_pylist()
        problems.add(rule, self.name, [first_row + p for p in head], raw, count=len(positions))

    def _as_string(self, array: pa.Array) -> pa.Array:
        try:
            return array.cast(pa.string())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise FocusFormatError(
                self.path, f"column {self.name!r} has unsupported type {array.type}: {exc}"
            ) from None

    def _temporal(self, array: pa.Array, first_row: int, problems: ProblemLog) -> list[Any]:
        """Typed Parquet timestamps/dates: normalise to aware UTC datetimes."""
        values: list[Any] = []
        try:
            items = array.to_pylist()
        except (OverflowError, ValueError):  # a timestamp outside Python's years 1-9999
            items, out_of_range = [], []
            for position in range(len(array)):
                try:
                    items.append(array[position].as_py())
                except (OverflowError, ValueError):
                    items.append(None)
                    out_of_range.append(position)
            self._report(problems, "datetime-invalid", None, pa.array(out_of_range, pa.int64()), first_row)
        for item in items:
            if isinstance(item, datetime):
                values.append(as_utc(item))
            elif isinstance(item, date):
                values.append(as_utc(datetime(item.year, item.month, item.day)))
            else:
                values.append(item)
        if array.null_count and not self.nullable:
            self._report(problems, "not-null", None, pc.indices_nonzero(array.is_null()), first_row)
        return values


class FocusReader:
    """An opened FOCUS file: header checked, version known; iterate for rows or call `batches()`.

    Each iteration re-reads the file and starts a fresh problem log, so a reader can be consumed twice.
    """

    def __init__(
        self,
        path: Path,
        *,
        kind: Literal["csv", "parquet"],
        gzip_compressed: bool,
        header: list[str],
        version: str,
        mode: Mode,
        block_size: int,
        max_examples: int,
    ) -> None:
        self.path = path
        self.kind = kind
        self.gzip_compressed = gzip_compressed
        self.header = tuple(header)
        self.version = version
        self.mode: Mode = mode
        self.block_size = block_size
        self.problems = ProblemLog(max_examples)
        self.rows_read = 0
        known = {c.name for c in columns_for(version)}
        self.focus_columns = tuple(n for n in header if n in known)
        self.custom_columns = tuple(n for n in header if n not in known)
        self._header_problems = ProblemLog(max_examples)
        self._check_header()

    def _check_header(self) -> None:
        present = set(self.header)
        for col in mandatory_columns(self.version):
            if col.name not in present and col.is_deprecated(self.version):
                self._header_problems.add("deprecated-column-missing", col.name, line=1)
        for name in self.custom_columns:
            if is_focus_column(name):
                self._header_problems.add("column-not-in-version", name, line=1)
            elif not name.startswith(CUSTOM_PREFIX):
                self._header_problems.add("custom-column-prefix", name, line=1)

    def __repr__(self) -> str:
        return f"FocusReader({str(self.path)!r}, version={self.version!r}, mode={self.mode!r})"

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for batch in self.batches():
            yield from batch.rows()

    def _converters(self) -> list[_ColumnConverter]:
        result = []
        for name in self.header:
            col = focus_column(name) if is_focus_column(name) else None
            result.append(_ColumnConverter(self.path, name, col, self.version))
        return result

    def batches(self) -> Generator[Batch, None, None]:
        """Typed batches in file order; problems found on the way accumulate in `self.problems`. A consumer that
        stops early calls `close()`, which stops the prefetch thread."""
        self.problems.clear()
        for key, n in self._header_problems.counts.items():
            self.problems.counts[key] += n
            self.problems.examples[key] = list(self._header_problems.examples[key])
        self.rows_read = 0
        converters = self._converters()

        def prepare(record_batch: pa.RecordBatch) -> tuple[int, list[_Prepared]]:
            return record_batch.num_rows, [conv.prepare(record_batch.column(i)) for i, conv in enumerate(converters)]

        source = self._csv_batches(prepare) if self.kind == "csv" else self._parquet_batches(prepare)
        for n, prepared in source:
            if n == 0:
                continue
            first = self.rows_read + 1
            columns = {
                conv.name: conv.finish(column, first, self.problems)
                for conv, column in zip(converters, prepared, strict=True)
            }
            self.rows_read += n
            yield Batch(first, n, columns)
        if self.rows_read == 0:
            self.problems.add("no-rows", None)
        log.debug("read %s: %d rows, FOCUS %s", self.path, self.rows_read, self.version)

    # --- sources -------------------------------------------------------------------------------------------

    def _csv_batches(self, prepare: Callable[[pa.RecordBatch], _T]) -> Iterator[_T]:
        ragged: list[pa_csv.InvalidRow] = []

        def on_invalid(row: pa_csv.InvalidRow) -> str:
            ragged.append(row)
            return "skip"

        def batches() -> Iterator[pa.RecordBatch]:
            with open_csv(
                self.path, self.header, gzip_compressed=self.gzip_compressed, block_size=self.block_size,
                on_invalid_row=on_invalid,
            ) as reader:  # fmt: skip
                yield from reader

        try:
            for prepared in _prefetched(batches(), prepare):
                self._drain_ragged(ragged)
                yield prepared
            self._drain_ragged(ragged)
        except (pa.ArrowException, OSError, EOFError, zlib.error) as exc:
            raise self._translate(exc) from None

    def _drain_ragged(self, ragged: list[pa_csv.InvalidRow]) -> None:
        while ragged:
            row = ragged.pop(0)
            self.problems.add(
                "ragged-row",
                None,
                value=f"{row.actual_columns} fields instead of {row.expected_columns}: {row.text}",
                line=row.number,
            )

    def _translate(self, exc: BaseException) -> FocusFileError:
        message = str(exc)
        if "UTF8" in message or "UTF-8" in message:
            return FocusEncodingError(self.path, "not valid UTF-8 text", line=_first_bad_utf8_line(self))
        if "straddling" in message or "block" in message.lower():
            return FocusFormatError(
                self.path,
                f"a row is larger than the reader's block size ({self.block_size} bytes); "
                "raise block_size if the file is genuine",
            )
        if self.gzip_compressed:
            return FocusFormatError(self.path, f"truncated or corrupt gzip data ({message})")
        bad_line = _first_bad_utf8_line(self)  # a ragged row that is not UTF-8 fails before our handler sees it
        if bad_line is not None:
            return FocusEncodingError(self.path, "not valid UTF-8 text", line=bad_line)
        return FocusFormatError(self.path, f"cannot parse as CSV: {message}")

    def _parquet_batches(self, prepare: Callable[[pa.RecordBatch], _T]) -> Iterator[_T]:
        def batches() -> Iterator[pa.RecordBatch]:
            for batch in parquet_file(self.path).iter_batches(batch_size=DEFAULT_PARQUET_BATCH_ROWS):
                batch.validate(full=True)  # Parquet readers do not check that strings are UTF-8; CSV ones do
                yield batch

        try:
            yield from _prefetched(batches(), prepare)
        except (pa.ArrowException, OSError) as exc:
            if "UTF8" in str(exc) or "UTF-8" in str(exc):
                raise FocusEncodingError(self.path, f"a Parquet string column is not valid UTF-8 ({exc})") from None
            raise FocusFormatError(self.path, f"cannot read Parquet: {exc}") from None
        except UnicodeDecodeError:
            raise FocusEncodingError(self.path, "Parquet metadata is not valid UTF-8") from None


def _numeric(array: pa.Array) -> pa.Array:
    """Which cells are FOCUS numbers that NUMERIC stores, checked in arrow (see _NUMERIC_PATTERN)."""
    good = pc.match_substring_regex(array, _NUMERIC_PATTERN)
    lengths = pc.binary_length(array)
    if (pc.max(lengths).as_py() or 0) > _MAX_FAST_NUMERIC:
        good = pc.and_(good, pc.less_equal(lengths, _MAX_FAST_NUMERIC_SCALAR))
    return good


def _int_list(indices: pa.Array) -> list[int]:
    """Dictionary indices as Python ints; straight from the int32 buffer when there are no nulls (2x faster)."""
    if indices.type == pa.int32() and indices.null_count == 0 and _LITTLE_ENDIAN:
        start = indices.offset
        view = memoryview(indices.buffers()[1]).cast("i")
        return view[start : start + len(indices)].tolist()
    return indices.to_pylist()  # type: ignore[no-any-return]


def _prefetched(
    source: Iterator[pa.RecordBatch], prepare: Callable[[pa.RecordBatch], _T], depth: int = 2
) -> Iterator[_T]:
    """`prepare(batch)` for each batch of `source`, run ahead in a thread: arrow parses the next blocks and does
    the arrow half of their conversion (without the GIL) while Python converts the current one.

    Exceptions reach the consumer in order; closing the iterator early stops the thread and closes `source`.
    """
    slots: queue.Queue[tuple[Literal["batch", "error", "end"], Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: tuple[Literal["batch", "error", "end"], Any]) -> bool:
        while not stop.is_set():
            try:
                slots.put(item, timeout=0.1)
            except queue.Full:
                continue
            return True
        return False

    def produce() -> None:
        try:
            for record_batch in source:
                if not put(("batch", prepare(record_batch))):
                    return
            put(("end", None))
        except BaseException as exc:  # handed to the consumer, raised there
            put(("error", exc))
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()

    worker = threading.Thread(target=produce, name="focus-reader-prefetch", daemon=True)
    worker.start()
    try:
        while True:
            kind, item = slots.get()
            if kind == "end":
                return
            if kind == "error":
                raise item
            yield item
    finally:
        stop.set()
        worker.join()


def _first_bad_utf8_line(reader: FocusReader) -> int | None:
    """Line of the first invalid UTF-8 byte; only runs on the error path."""
    try:
        with _open_binary(reader.path, reader.gzip_compressed) as handle:
            for number, line in enumerate(handle, start=1):
                try:
                    line.decode("utf-8")
                except UnicodeDecodeError:
                    return number
    except (OSError, EOFError, zlib.error):
        return None
    return None


def _open_binary(path: Path, gzip_compressed: bool) -> BinaryIO | gzip.GzipFile:
    if gzip_compressed:
        return gzip.open(path, "rb")
    return open(path, "rb")


def _read_csv_header(path: Path, gzip_compressed: bool) -> list[str]:
    try:
        with _open_binary(path, gzip_compressed) as handle:
            first = handle.readline(1 << 20)
    except (OSError, EOFError, zlib.error) as exc:
        what = "truncated or corrupt gzip data" if gzip_compressed else "cannot read file"
        raise FocusFormatError(path, f"{what} ({exc})") from None
    if not first.strip():
        raise FocusFormatError(path, "empty file, no header", line=1)
    if b"\x00" in first:
        raise FocusFormatError(path, "binary content, not a CSV file", line=1)
    if not first.endswith(b"\n") and len(first) >= 1 << 20:
        raise FocusFormatError(path, "no line break in the first MiB, not a CSV file", line=1)
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FocusEncodingError(path, "header is not valid UTF-8 text", line=1) from None
    try:
        header = next(csv.reader([text.rstrip("\r\n")]))
    except (csv.Error, StopIteration) as exc:
        raise FocusFormatError(path, f"cannot parse the header: {exc}", line=1) from None
    return [name.strip() for name in header]


def read_focus(
    path: str | Path,
    *,
    mode: Mode = "lenient",
    version: str | None = None,
    block_size: int = DEFAULT_BLOCK_SIZE,
    max_examples: int = 10,
) -> FocusReader:
    """Open a FOCUS CSV (plain or gzip) or Parquet file and check its header; rows are read on iteration.

    The version is detected from the columns when not given. Raises a BadInputError subclass
    (FocusFileError) for files that cannot be read; problems inside rows are collected in `reader.problems`.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    path = Path(path)
    with open_file(path) as handle:
        found = sniff(handle.read(4))
    kind: Literal["csv", "parquet"]
    if found == "parquet":
        kind, gzip_compressed = "parquet", False
        try:
            header = list(parquet_file(path).schema_arrow.names)
        except (pa.ArrowException, OSError) as exc:
            raise FocusFormatError(path, f"cannot read Parquet: {exc}") from None
        except UnicodeDecodeError:  # pyarrow decodes the schema's names itself
            raise FocusEncodingError(path, "Parquet column names are not valid UTF-8") from None
    else:
        if path.suffix.lower() == ".parquet":
            raise FocusFormatError(path, "named .parquet but is not a Parquet file")
        kind, gzip_compressed = "csv", found == "csv.gz"
        header = _read_csv_header(path, gzip_compressed)
    unstorable = [name for name in header if not storable_text(name)]
    if unstorable:
        raise FocusFormatError(
            path, f"column name {unstorable[0]!r} holds a NUL character, which the database cannot store", line=1
        )
    duplicates = sorted(n for n, c in Counter(header).items() if c > 1)
    if duplicates:
        raise FocusFormatError(path, f"duplicate column names: {', '.join(duplicates)}", line=1)
    if version is None:
        version = detect_version(header)
        log.debug("%s: detected FOCUS %s from its columns", path, version)
    else:
        try:
            check_version(version)
        except ValueError as exc:
            raise BadInputError(str(exc)) from None
    missing = [c.name for c in mandatory_columns(version, include_deprecated=False) if c.name not in header]
    if missing:
        raise MissingColumnsError(path, version, missing)
    return FocusReader(
        path,
        kind=kind,
        gzip_compressed=gzip_compressed,
        header=header,
        version=version,
        mode=mode,
        block_size=block_size,
        max_examples=max_examples,
    )


__all__ = [
    "MODES",
    "Batch",
    "FocusEncodingError",
    "FocusFileError",
    "FocusFormatError",
    "FocusReader",
    "MissingColumnsError",
    "Mode",
    "ProblemLog",
    "Violation",
    "read_focus",
]
