"""Load throughput: `focus.load.load_file` vs a raw binary COPY of the same rows into the same table.

    .venv/bin/python bench/focus_load.py                 # ~1M rows, one run
    .venv/bin/python bench/focus_load.py --rows 100000 --repeat 3

Generates rows from the shapes of the official 1.0 sample (each sample row repeated with a shifted charge
hour, so every row has its own identity) into a temporary CSV, starts a throwaway PostgreSQL+TimescaleDB
cluster (scripts/pg.sh), migrates it, then per repeat:
  (a) load_file(csv) into the empty table: reading, typing, identity, staging COPY and the snapshot merge;
  (a') load_file(csv) again over the loaded table (force): the snapshot path, staging and comparing every row;
  (b) the same typed rows, already in memory, written with one binary COPY straight into finops.focus_costs
      (the floor: what the database and psycopg cost without any of our work);
truncating between runs. Prints rows/s of both, the medians and the ratio (target >= 0.5).
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg
from psycopg import sql

from finops.db import migrate
from finops.runtime import tune_gc
from focus.columns import column as focus_column
from focus.identity import ColumnwiseIdentity, RowIds
from focus.load import load_file
from focus.reader import read_focus
from tests.services import free_port

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "focus" / "focus-1.0-sample.csv"
PG_SH = ROOT / "scripts" / "pg.sh"
TABLES = "finops.focus_costs, finops.focus_costs_history, finops.focus_loads"


def generate(target: Path, rows: int) -> None:
    """Sample rows with ChargePeriodStart/End shifted by one hour per pass over the sample; ISO timestamps."""
    with open(SAMPLE, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        template = list(reader)
    start_at, end_at, ident = header.index("ChargePeriodStart"), header.index("ChargePeriodEnd"), header.index("Id")
    iso = {h: i for i, h in enumerate(header) if h.endswith(("PeriodStart", "PeriodEnd"))}
    base = datetime(2024, 9, 1, tzinfo=UTC)
    with open(target, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for i in range(rows):
            row = list(template[i % len(template)])
            for col in iso.values():
                row[col] = row[col].replace(" ", "T") + "Z"
            hour = base + timedelta(hours=i // len(template))
            row[start_at] = hour.strftime("%Y-%m-%dT%H:%M:%SZ")
            row[end_at] = (hour + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
            row[ident] = str(i)
            writer.writerow(row)


def typed_rows(path: Path) -> tuple[list[str], list[tuple[Any, ...]]]:
    """What a raw loader would COPY: the typed FOCUS values, x_columns and row_id, all in memory."""
    reader = read_focus(path)
    focus_names = list(reader.focus_columns)
    custom = list(reader.custom_columns)
    identity, ids = ColumnwiseIdentity(reader.header), RowIds()
    rows: list[tuple[Any, ...]] = []
    for batch in reader.batches():
        row_ids = [ids.number(b) for b in identity.base_ids(batch.columns, batch.num_rows)]
        extras = [dict(zip(custom, v, strict=True)) for v in zip(*(batch.columns[c] for c in custom), strict=True)]
        rows.extend(zip(*(batch.columns[n] for n in focus_names), extras, row_ids, strict=True))
    return focus_names, rows


def raw_copy(dsn: str, focus_names: list[str], rows: list[tuple[Any, ...]]) -> float:
    cols = [focus_column(n) for n in focus_names]
    names = [c.sql_name for c in cols] + ["x_columns", "row_id", "source", "focus_version", "load_id"]
    types = [c.sql_type for c in cols] + ["jsonb", "text", "text", "text", "int8"]
    statement = sql.SQL("COPY finops.focus_costs ({}) FROM STDIN (FORMAT BINARY)").format(
        sql.SQL(", ").join(map(sql.Identifier, names))
    )
    tail = ("bench", "1.0", 1)
    with psycopg.connect(dsn) as conn:
        started = time.perf_counter()
        with conn.cursor() as cur, cur.copy(statement) as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row + tail)
        conn.commit()
        return time.perf_counter() - started


def truncate(dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"TRUNCATE {TABLES}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    tune_gc()  # as `finops focus load` runs; (a) and (b) both run under it

    work = Path(tempfile.mkdtemp(prefix="focus-bench-"))
    work.chmod(0o755)
    data_dir = work / "pg"
    csv_path = work / "focus.csv"
    started = False
    try:
        t0 = time.perf_counter()
        generate(csv_path, args.rows)
        print(f"generated {args.rows} rows, {csv_path.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - t0:.1f}s")
        done = subprocess.run(["bash", str(PG_SH), "start", str(data_dir), str(free_port())],
                              capture_output=True, text=True, check=True)  # fmt: skip
        started = True
        dsn = done.stdout.strip().splitlines()[-1]
        migrate(dsn)
        t0 = time.perf_counter()
        focus_names, rows = typed_rows(csv_path)
        print(f"typed rows held in memory for the raw COPY in {time.perf_counter() - t0:.1f}s")
        load_rates, copy_rates, reload_rates = [], [], []
        for run in range(args.repeat):
            truncate(dsn)
            t0 = time.perf_counter()
            result = load_file(dsn, csv_path, force=True)
            load_s = time.perf_counter() - t0
            assert result.inserted == args.rows, result
            t0 = time.perf_counter()
            again = load_file(dsn, csv_path, force=True)
            reload_s = time.perf_counter() - t0
            assert again.unchanged == args.rows, again
            reload_rates.append(args.rows / reload_s)
            truncate(dsn)
            copy_s = raw_copy(dsn, focus_names, rows)
            load_rates.append(args.rows / load_s)
            copy_rates.append(args.rows / copy_s)
            print(f"run {run + 1}: load_file {load_s:.1f}s = {load_rates[-1]:,.0f} rows/s;"
                  f" raw COPY {copy_s:.1f}s = {copy_rates[-1]:,.0f} rows/s;"
                  f" reload over itself {reload_s:.1f}s = {reload_rates[-1]:,.0f} rows/s")  # fmt: skip
        load_rate, copy_rate = statistics.median(load_rates), statistics.median(copy_rates)
        print(f"median of {args.repeat}: load_file {load_rate:,.0f} rows/s, raw binary COPY {copy_rate:,.0f} rows/s,"
              f" ratio {load_rate / copy_rate:.2f} (target >= 0.5); reload over itself"
              f" {statistics.median(reload_rates):,.0f} rows/s")  # fmt: skip
    finally:
        if started:
            subprocess.run(["bash", str(PG_SH), "stop", str(data_dir)], capture_output=True, check=False)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
