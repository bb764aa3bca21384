"""Export finops.focus_costs as a FOCUS file (CSV, CSV.gz or Parquet) of a chosen FOCUS version.

* Columns: that version's Cost and Usage columns under their FOCUS names, in the model's order, then the custom
  columns the selected rows carry (from `x_columns`, sorted by name).
* Renamed columns: a column the row's own version did not have (or had as deprecated, and left null) is
  filled from its counterparts in the model's RENAMES (exporting 1.2 from rows loaded as 1.3 fills ProviderName
  from ServiceProviderName, exporting 1.3 from rows loaded as 1.2 fills ServiceProviderName and
  HostProviderName from ProviderName); a column the row's version has keeps its stored value, null included.
* Values: decimals exactly as stored (NUMERIC text, never float), date/times `YYYY-MM-DDTHH:MM:SSZ` (UTC),
  JSON compact with sorted keys; in CSV a null is an empty unquoted field and an empty string is `""`.
  Parquet keeps types: decimal128/256 sized to the data, timestamp[us, UTC], JSON as strings.
* Rows: ordered by ChargePeriodStart and row id; filters on ChargePeriodStart in [start, end) and on the
  provider (ServiceProviderName or else ProviderName); from finops.focus_costs, or another relation of the
  finops schema with its columns (`table`, e.g. finops.focus_allocated: the bill with split-cost rows).
The file is written next to its destination and renamed into place, so readers never see half a file; it is
created as tools create files (mode 0666 less the umask).
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import IO, Any, Literal

import psycopg
import pyarrow as pa
import pyarrow.parquet as pq
from psycopg import sql
from psycopg.types.json import set_json_loads

from finops.errors import BadInputError, UnavailableError
from focus.columns import RENAMES, Column, DataType, check_version, columns_for
from focus.columns import column as focus_column
from focus.files import PARQUET_WRITE_OPTIONS, csv_field, native_path
from focus.formats import as_utc
from focus.identity import canonical_json, format_datetime

log = logging.getLogger(__name__)

Format = Literal["csv", "csv.gz", "parquet"]
FORMATS: tuple[Format, ...] = ("csv", "csv.gz", "parquet")
_FETCH_ROWS = 20_000
_MAX_DECIMAL128 = 38
_MAX_DECIMAL256 = 76


@dataclass(frozen=True, slots=True)
class _OutColumn:
    name: str
    column: Column | None  # None: a custom column from x_columns


def format_for(path: str | Path, fmt: str | None = None) -> Format:
    """The output format: `fmt` when given, else from the file name (.parquet, .gz, anything else CSV)."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise BadInputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
        return fmt
    name = str(path).lower()
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith(".gz"):
        return "csv.gz"
    return "csv"


def _source_expression(col: Column) -> sql.Composable:
    """The stored column, or for rows whose version lacks it, the first non-null renamed counterpart."""
    ident = sql.Identifier(col.sql_name)
    alternates = list(col.replaced_by) + [old for old, new in RENAMES.items() if col.name in new]
    if not alternates:
        return ident
    fallback = sql.SQL("coalesce({})").format(
        sql.SQL(", ").join([ident, *(sql.Identifier(focus_column(a).sql_name) for a in alternates)])
    )
    return sql.SQL("CASE WHEN focus_version = ANY({versions}) THEN {ident} ELSE {fallback} END").format(
        versions=sql.Literal([v for v in col.versions if not col.is_deprecated(v)]), ident=ident, fallback=fallback
    )


def _select_expression(col: Column) -> sql.Composable:
    expr = _source_expression(col)
    if col.data_type is DataType.DECIMAL:
        return sql.SQL("({})::text").format(expr)  # exact, with the stored scale
    return expr


def _where(
    start: datetime | date | None, end: datetime | date | None, providers: Sequence[str] | None
) -> tuple[sql.Composable, dict[str, Any]]:
    clauses: list[sql.Composable] = [sql.SQL("TRUE")]
    params: dict[str, Any] = {}
    if start is not None:
        clauses.append(sql.SQL("charge_period_start >= %(start)s"))
        params["start"] = _as_datetime(start)
    if end is not None:
        clauses.append(sql.SQL("charge_period_start < %(end)s"))
        params["end"] = _as_datetime(end)
    if providers:
        clauses.append(sql.SQL("coalesce(service_provider_name, provider_name) = ANY(%(providers)s)"))
        params["providers"] = list(providers)
    return sql.SQL(" AND ").join(clauses), params


def _as_datetime(value: datetime | date) -> datetime:
    if isinstance(value, datetime):
        return as_utc(value)
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def export(
    dsn: str,
    path: str | Path,
    *,
    version: str = "1.3",
    start: datetime | date | None = None,
    end: datetime | date | None = None,
    providers: Sequence[str] | None = None,
    fmt: str | None = None,
    table: str = "focus_costs",
) -> int:
    """Write the selected rows of finops.`table` to `path` as FOCUS `version`; returns the row count."""
    try:
        check_version(version)
    except ValueError as exc:
        raise BadInputError(str(exc)) from None
    out_format = format_for(path, fmt)
    target = Path(path)
    where, params = _where(start, end, providers)
    relation = sql.Identifier("finops", table)
    try:
        conn = psycopg.connect(dsn)
    except psycopg.OperationalError as exc:
        raise UnavailableError(f"cannot connect to the database: {exc}") from exc
    set_json_loads(partial(json.loads, parse_float=Decimal), conn)  # exact numbers, written back by canonical_json
    with conn, conn.transaction():
        conn.execute("SET LOCAL TIME ZONE 'UTC'")
        keys = conn.execute(
            sql.SQL(
                "SELECT DISTINCT k FROM {}, jsonb_object_keys(x_columns) AS k WHERE {} ORDER BY k"
            ).format(relation, where),
            params,
        ).fetchall()
        out = [_OutColumn(c.name, c) for c in columns_for(version)]
        out += [_OutColumn(str(k), None) for (k,) in keys if str(k) not in {o.name for o in out}]
        focus_cols = [o.column for o in out if o.column is not None]
        select = sql.SQL(", ").join([*(_select_expression(c) for c in focus_cols), sql.Identifier("x_columns")])
        query = sql.SQL(
            "SELECT {} FROM {} WHERE {} ORDER BY charge_period_start, row_id"
        ).format(select, relation, where)
        decimal_types = _decimal_types(conn, focus_cols, relation, where, params) if out_format == "parquet" else {}
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = _new_file_beside(target)
        except OSError as exc:
            raise BadInputError(f"{target}: cannot write there: {exc.strerror or exc}") from None
        try:
            with conn.cursor(name="focus_export") as cur:
                cur.itersize = _FETCH_ROWS
                cur.execute(query, params)
                rows = _rows(cur, out)
                if out_format == "parquet":
                    count = _write_parquet(tmp, out, rows, decimal_types)
                else:
                    count = _write_csv(tmp, out, rows, gzip_compressed=out_format == "csv.gz")
            tmp.replace(target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    log.info("exported %d rows as FOCUS %s to %s", count, version, target)
    return count


def _new_file_beside(target: Path) -> Path:
    """A new empty file next to `target`, created as tools create files: mode 0666 less the umask (mkstemp's
    0600, which the rename kept, made every export private whatever the umask)."""
    while True:
        candidate = target.with_name(f".{target.name}.{secrets.token_hex(8)}.part")
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue  # 64 random bits taken: try other ones
        os.close(fd)
        return candidate


def _rows(cur: psycopg.Cursor[Any], out: Sequence[_OutColumn]) -> Iterator[list[Any]]:
    """Typed values in `out` order: str, Decimal-as-text, datetime, JSON value, or None."""
    n_focus = sum(1 for o in out if o.column is not None)
    custom = [o.name for o in out if o.column is None]
    for record in cur:
        values = list(record[:n_focus])
        extra = record[n_focus] or {}
        values.extend(extra.get(name) for name in custom)
        yield values


def _decimal_types(
    conn: psycopg.Connection[Any], cols: Sequence[Column], relation: sql.Composable, where: sql.Composable,
    params: dict[str, Any],
) -> dict[str, pa.DataType]:
    """Arrow decimal types wide enough for every selected value of each decimal column (exact, no rounding)."""
    decimals = [c for c in cols if c.data_type is DataType.DECIMAL]
    if not decimals:
        return {}
    parts: list[sql.Composable] = []
    for c in decimals:
        expr = _source_expression(c)
        parts.append(sql.SQL("coalesce(max(scale({})), 0)").format(expr))
        parts.append(sql.SQL("coalesce(max(length(trunc(abs({}))::text)), 1)").format(expr))
    row = conn.execute(
        sql.SQL("SELECT {} FROM {} WHERE {}").format(sql.SQL(", ").join(parts), relation, where), params
    ).fetchone()
    assert row is not None
    result: dict[str, pa.DataType] = {}
    for i, c in enumerate(decimals):
        scale, digits = int(row[2 * i]), int(row[2 * i + 1])
        precision = max(1, scale + digits)
        if precision <= _MAX_DECIMAL128:
            result[c.name] = pa.decimal128(precision, scale)
        elif precision <= _MAX_DECIMAL256:
            result[c.name] = pa.decimal256(precision, scale)
        else:
            result[c.name] = pa.string()  # beyond Parquet decimals: keep the exact text
    return result


def _text(value: Any, col: Column | None) -> str | None:
    """FOCUS text of one value; None for null."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, Decimal):
        return str(value)
    return canonical_json(value)


def _write_csv(path: Path, out: Sequence[_OutColumn], rows: Iterator[list[Any]], *, gzip_compressed: bool) -> int:
    count = 0
    handle: IO[str] = (
        gzip.open(path, "wt", encoding="utf-8", newline="")  # noqa: SIM115 - closed by the with below
        if gzip_compressed
        else open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
    )
    with handle:
        handle.write(",".join(csv_field(o.name) for o in out) + "\n")
        cols = [o.column for o in out]
        lines: list[str] = []
        for values in rows:
            lines.append(",".join(csv_field(_text(v, c)) for v, c in zip(values, cols, strict=True)) + "\n")
            count += 1
            if len(lines) >= 10_000:
                handle.write("".join(lines))
                lines.clear()
        handle.write("".join(lines))
    return count


def _arrow_type(o: _OutColumn, decimal_types: dict[str, pa.DataType]) -> pa.DataType:
    if o.column is None:
        return pa.string()
    if o.column.data_type is DataType.DECIMAL:
        return decimal_types.get(o.name, pa.decimal128(_MAX_DECIMAL128, 0))
    if o.column.data_type is DataType.DATETIME:
        return pa.timestamp("us", tz="UTC")
    return pa.string()


def _arrow_value(value: Any, o: _OutColumn, arrow_type: pa.DataType) -> Any:
    if value is None:
        return None
    if o.column is not None and o.column.data_type is DataType.DECIMAL:
        return value if pa.types.is_string(arrow_type) else Decimal(value)
    if isinstance(value, datetime):
        return value if o.column is not None and o.column.data_type is DataType.DATETIME else format_datetime(value)
    return _text(value, o.column)


def _write_parquet(
    path: Path, out: Sequence[_OutColumn], rows: Iterator[list[Any]], decimal_types: dict[str, pa.DataType]
) -> int:
    schema = pa.schema([pa.field(o.name, _arrow_type(o, decimal_types)) for o in out])
    types = [schema.field(i).type for i in range(len(out))]
    count = 0
    with pa.OSFile(native_path(path), "wb") as sink, pq.ParquetWriter(sink, schema, **PARQUET_WRITE_OPTIONS) as writer:
        chunk: list[list[Any]] = []

        def flush() -> None:
            columns = [
                pa.array([_arrow_value(r[i], out[i], types[i]) for r in chunk], type=types[i])
                for i in range(len(out))
            ]
            writer.write_table(pa.Table.from_arrays(columns, schema=schema))
            chunk.clear()

        for values in rows:
            chunk.append(values)
            count += 1
            if len(chunk) >= _FETCH_ROWS:
                flush()
        if chunk or count == 0:
            flush()
    return count


__all__ = ["FORMATS", "Format", "export", "format_for"]
