"""FOCUS CSV parse speed: `focus.reader` typed batches vs `pyarrow.csv.read_csv` of the same file, same run.

    .venv/bin/python bench/focus_parse.py                  # 1M rows (generated once, cached), 3 runs each
    .venv/bin/python bench/focus_parse.py --rows 100000 --repeat 5

The file is generated from the shapes of the official FOCUS 1.0 sample (data/focus/focus-1.0-sample.csv) and
cached in the temporary directory: rows are drawn from the sample's 1,000, each with its own Id (64-bit hex),
charge hours spread over the billing month in file order, resource ids and names fanned out 20-fold, costs and
quantities scaled by a log-normal factor (unit prices kept) that is fixed per resource for time-based units
(hours, months: a resource costs the same every hour) and drawn per row otherwise (`--unique-amounts`: per row
always, the reader's worst case), timestamps in the FOCUS form `YYYY-MM-DDTHH:MM:SSZ` and nulls as empty fields
(`--null-literal` keeps the sample's `NULL` strings, which the lenient reader normalises and counts). The
sample's own defects (units such as "API Requests", "Usage-based", null ContractedCost) are kept.

Every measurement runs in a fresh child process (alternating a, a', b so both see the same machine state):
  (a)  `pyarrow.csv.read_csv(path)`: arrow's own type inference, multi-threaded, no Python objects;
  (a') `pyarrow.csv.read_csv` with every column as string: the parse stage the reader builds on;
  (b)  `read_focus(path, mode="lenient")` iterating `.batches()` and touching every column's typed values
       (exact Decimals, aware UTC datetimes, normalised strings, parsed JSON: what the exporter reads), with
       the GC tuning (`finops.runtime.tune_gc`) the exporter and the `finops focus` commands run with.
Prints each median, the ratio b/a (target: at most 2; also the median of per-round ratios, steadier on a busy
machine) and the peak resident memory of each child (ru_maxrss; "+" is the growth over the child's RSS after
its imports).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "focus" / "focus-1.0-sample.csv"
GENERATOR_VERSION = 2  # bump when the generated shapes change, so cached files are not reused
COSTS = ("BilledCost", "EffectiveCost", "ListCost", "ContractedCost")
QUANTITIES = ("ConsumedQuantity", "PricingQuantity")
TIMESTAMPS = ("BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd")
STEADY = re.compile(r"Hour|Month")  # time-based units: a resource costs the same every hour
KINDS = {"a": "pyarrow read_csv", "a'": "pyarrow read_csv, all strings", "b": "focus reader, typed batches"}


def _scaled(text: str, factor: float) -> str:
    """`text` times `factor`, with as many decimals as the original (the sample's fixed-scale columns)."""
    if text in {"", "NULL"}:
        return text
    decimals = len(text.partition(".")[2])
    return f"{float(text) * factor:.{decimals}f}"


def _iso(text: str) -> str:
    return text if text in {"", "NULL"} else text.replace(" ", "T") + "Z"


def generate(target: Path, rows: int, *, null_literal: bool, unique_amounts: bool, seed: int = 20240901) -> None:
    """Write `rows` realistic FOCUS 1.0 rows to `target` (atomically: a partial file is never reused)."""
    with open(SAMPLE, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        template = list(reader)
    at = {name: header.index(name) for name in header}
    rng = random.Random(seed)
    steady: dict[tuple[int, int], float] = {}  # one amount per resource for time-based units
    month = datetime(2024, 9, 1, tzinfo=UTC)
    hours = 30 * 24
    partial = target.with_suffix(".part")
    with open(partial, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for i in range(rows):
            pick = rng.randrange(len(template))
            row = list(template[pick])
            if not null_literal:
                row = ["" if cell == "NULL" else cell for cell in row]
            for name in TIMESTAMPS:
                row[at[name]] = _iso(row[at[name]])
            hour = month + timedelta(hours=i * hours // rows)
            if row[at["ChargeFrequency"]] == "Usage-Based":
                row[at["ChargePeriodStart"]] = hour.strftime("%Y-%m-%dT%H:%M:%SZ")
                row[at["ChargePeriodEnd"]] = (hour + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
            fan = rng.randrange(20)
            if not unique_amounts and STEADY.search(row[at["ConsumedUnit"]]):
                factor = steady.setdefault((pick, fan), rng.lognormvariate(0.0, 1.0))
            else:
                factor = rng.lognormvariate(0.0, 1.0)
            for name in COSTS + QUANTITIES:
                row[at[name]] = _scaled(row[at[name]], factor)
            if fan:
                for name in ("ResourceId", "ResourceName"):
                    if row[at[name]] not in {"", "NULL"}:
                        row[at[name]] += f"-{fan:02d}"
            row[at["Id"]] = f"{rng.getrandbits(64):016x}"
            writer.writerow(row)
    os.replace(partial, target)


def cached_file(rows: int, null_literal: bool, unique_amounts: bool) -> Path:
    directory = Path(tempfile.gettempdir()) / "focus-parse-bench"
    directory.mkdir(exist_ok=True)
    shape = f"{'null' if null_literal else 'empty'}{'-unique' if unique_amounts else ''}"
    path = directory / f"focus-1.0-{rows}-{shape}-v{GENERATOR_VERSION}.csv"
    if path.exists():
        print(f"reusing {path} ({path.stat().st_size / 1e6:.0f} MB)", flush=True)
    else:
        started = time.perf_counter()
        generate(path, rows, null_literal=null_literal, unique_amounts=unique_amounts)
        print(
            f"generated {path} ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.1f}s",
            flush=True,
        )
    return path


def _rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def child(kind: str, path: Path) -> dict[str, Any]:
    """One measurement in this (fresh) process; imports happen before the clock starts."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    from finops.runtime import tune_gc
    from focus.reader import read_focus

    if kind == "b":
        tune_gc()  # as every `finops` service and `finops focus` command runs
    base = _rss_kib()
    started = time.perf_counter()
    result: dict[str, Any]
    if kind == "a":
        table = pa_csv.read_csv(path)
        result = {"rows": table.num_rows}
    elif kind == "a'":
        with open(path, encoding="utf-8") as handle:
            names = next(csv.reader([handle.readline()]))
        options = pa_csv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()))
        table = pa_csv.read_csv(path, convert_options=options)
        result = {"rows": table.num_rows}
    else:
        reader = read_focus(path, mode="lenient")
        rows = 0
        billed: Any = 0
        touched = 0
        for batch in reader.batches():
            for values in batch.columns.values():
                touched += len(values)
            billed += sum(v for v in batch.columns["BilledCost"] if v is not None)
            rows += batch.num_rows
        lost = sum(n for (rule, _), n in reader.problems.counts.items() if rule != "null-literal")
        result = {"rows": rows, "cells": touched, "billed_cost": str(billed), "problems": lost}
    result["seconds"] = time.perf_counter() - started
    result["base_kib"] = base
    result["peak_kib"] = _rss_kib()
    return result


def measure(kind: str, path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path)], capture_output=True, text=True, check=False, cwd=ROOT
    )
    if done.returncode != 0:
        raise SystemExit(f"{KINDS[kind]} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--null-literal", action="store_true", help="keep the sample's NULL strings")
    parser.add_argument(
        "--unique-amounts", action="store_true", help="every row's costs distinct (the reader's worst case)"
    )
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]))))
        return
    path = cached_file(args.rows, args.null_literal, args.unique_amounts)
    runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    for repeat in range(args.repeat):
        for kind in KINDS:
            result = measure(kind, path)
            runs[kind].append(result)
            print(
                f"  run {repeat + 1} {kind:2} {result['seconds']:7.2f}s  peak RSS {result['peak_kib'] / 1024:6.0f} MiB",
                flush=True,
            )
    rows = {r["rows"] for results in runs.values() for r in results}
    if len(rows) != 1:
        raise SystemExit(f"row counts differ between readers: {sorted(rows)}")
    n = rows.pop()
    print(f"\n{n} rows, {path.stat().st_size / 1e6:.0f} MB, median of {args.repeat} runs each (fresh process per run)")
    medians = {}
    for kind, label in KINDS.items():
        results = runs[kind]
        seconds = statistics.median(r["seconds"] for r in results)
        peak = statistics.median(r["peak_kib"] for r in results) / 1024
        growth = statistics.median(r["peak_kib"] - r["base_kib"] for r in results) / 1024
        medians[kind] = seconds
        print(
            f"  ({kind:2}) {label:30} {seconds:7.2f}s  {n / seconds / 1e3:7.0f}k rows/s  "
            f"peak RSS {peak:5.0f} MiB (+{growth:.0f})"
        )
    last = runs["b"][-1]
    print(f"  reader: BilledCost sum {last['billed_cost']}, {last['problems']} problems other than null-literal")
    ratio = medians["b"] / medians["a"]
    paired = statistics.median(b["seconds"] / a["seconds"] for a, b in zip(runs["a"], runs["b"], strict=True))
    print(f"ratio b/a = {ratio:.2f} (target <= 2.00): {'met' if ratio <= 2 else 'NOT met'}")
    print(f"  median of the per-round ratios (a and b run back to back): {paired:.2f}")
    own = medians["b"] / medians["a'"]
    print(f"ratio b/a' = {own:.2f} (the reader vs its own all-string parse stage)")


if __name__ == "__main__":
    main()
