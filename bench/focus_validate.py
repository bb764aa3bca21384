"""What the cross-column rules cost: `focus.validate.validate` (strict) vs reading the same file's typed batches.

    .venv/bin/python bench/focus_validate.py                  # 300k rows, 3 runs each
    .venv/bin/python bench/focus_validate.py --rows 1000000 --repeat 5

The file repeats the rows of the FOCUS 1.2 conformant fixture (usage, a commitment purchase and its used and
unused rows, a credit, a tax, a correction: every rule's condition is mixed within each batch, the rules' worst
case) with charge hours spread over the month and resource ids fanned out. Runs alternate (a) reading every
batch strictly (`read_focus(...).batches()`), (b) `validate(path)`: the same reading plus every row and file
rule; both with the GC tuning the `finops focus` commands use. Prints the medians, the ratio b/a and the rules'
own time per row.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from finops.runtime import tune_gc
from focus.reader import read_focus
from focus.validate import validate

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "focus" / "fixtures" / "focus-1.2-conformant.csv"


def generate(target: Path, rows: int) -> None:
    with open(FIXTURE, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        template = list(reader)
    start, end, resource = (header.index(n) for n in ("ChargePeriodStart", "ChargePeriodEnd", "ResourceId"))
    base = datetime(2025, 1, 1, tzinfo=UTC)
    with open(target, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for i in range(rows):
            row = list(template[i % len(template)])
            hour = base + timedelta(hours=(i // len(template)) % 744)
            row[start] = hour.strftime("%Y-%m-%dT%H:%M:%SZ")
            row[end] = (hour + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
            if row[resource]:
                row[resource] = f"{row[resource]}-{i % 5000}"
            writer.writerow(row)


def read_only(path: Path) -> None:
    for _ in read_focus(path, mode="strict").batches():
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    tune_gc()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "focus-1.2.csv"
        generate(path, args.rows)
        timings: dict[str, list[float]] = {"read": [], "validate": []}
        for _ in range(args.repeat):
            for name, run in (("read", read_only), ("validate", validate)):
                began = time.perf_counter()
                run(path)
                timings[name].append(time.perf_counter() - began)
    read, checked = statistics.median(timings["read"]), statistics.median(timings["validate"])
    print(f"{args.rows} rows, {args.repeat} runs each (medians)")
    print(f"  (a) strict read of every batch: {read:.2f} s")
    print(f"  (b) validate (read + rules):    {checked:.2f} s")
    print(f"  ratio b/a {checked / read:.2f}; the rules {(checked - read) / args.rows * 1e6:.2f} us per row")


if __name__ == "__main__":
    main()
