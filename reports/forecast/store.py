"""Writing a run to `finops.forecast_*` (sql/migrations/0012_forecasts.sql) and scoring the stored forecasts of
earlier runs against the actuals just read.

One transaction per run: the series' rows, their issue (replacing an issue of the same origin, so a re-run on the
same data stores it once) and their actuals (restated values replace older ones). Scoring then compares every
stored forecast whose target day now has an actual and appends one row per series, model and horizon bucket.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import psycopg

from reports.forecast.backtest import coverage, insample_scale, mase, smape

if TYPE_CHECKING:
    from reports.forecast.job import RunResult, SeriesResult

#: accuracy is kept per bucket of days ahead: bucket h holds targets (previous bucket, h] days ahead
HORIZON_BUCKETS = (1, 7, 14, 30, 60, 90)


def _num(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _series_row(run: RunResult, r: SeriesResult) -> tuple[Any, ...]:
    s, fc, month = r.series, r.forecast, r.month
    backtest = None
    if fc is not None:
        backtest = json.dumps({"mae": {k: _num(v) for k, v in fc.scores.items()}, "mase": _num(fc.backtest_mase),
                               "errors": fc.errors})  # fmt: skip
    return (
        s.key, s.kind, json.dumps(dict(s.labels)), s.unit, run.issued_at, r.origin if fc else None, s.start, s.end,
        s.observed, s.missing, fc.model if fc else None, r.reason, "; ".join(s.notes) or None, backtest,
        month.start if month else None, month.actual if month else None, month.yhat if month else None,
        month.lo80 if month else None, month.hi80 if month else None, month.lo95 if month else None,
        month.hi95 if month else None,
    )  # fmt: skip


_UPSERT_SERIES = """
INSERT INTO finops.forecast_series (series_key, kind, labels, unit, issued_at, origin, history_from, history_to,
    history_days, missing_days, model, reason, notes, backtest, month_start, month_actual, month_yhat, month_lo80,
    month_hi80, month_lo95, month_hi95)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (series_key) DO UPDATE SET kind = EXCLUDED.kind, labels = EXCLUDED.labels, unit = EXCLUDED.unit,
    issued_at = EXCLUDED.issued_at, origin = EXCLUDED.origin, history_from = EXCLUDED.history_from,
    history_to = EXCLUDED.history_to, history_days = EXCLUDED.history_days, missing_days = EXCLUDED.missing_days,
    model = EXCLUDED.model, reason = EXCLUDED.reason, notes = EXCLUDED.notes, backtest = EXCLUDED.backtest,
    month_start = EXCLUDED.month_start, month_actual = EXCLUDED.month_actual, month_yhat = EXCLUDED.month_yhat,
    month_lo80 = EXCLUDED.month_lo80, month_hi80 = EXCLUDED.month_hi80, month_lo95 = EXCLUDED.month_lo95,
    month_hi95 = EXCLUDED.month_hi95
"""


def store_run(conn: psycopg.Connection[Any], run: RunResult) -> int:
    """Stores the run in one transaction, then scores; returns the accuracy rows written (autocommit connection:
    each `transaction()` block is its own transaction)."""
    with conn.transaction(), conn.cursor() as cur:
        forecast = [r for r in run.results if r.forecast is not None]
        cur.execute(
            "INSERT INTO finops.forecast_runs (issued_at, as_of, horizon, series, forecast, skipped, scored, seconds)"
            " VALUES (%s, %s, %s, %s, %s, %s, 0, %s)",
            (run.issued_at, run.as_of, run.horizon, len(run.results), len(forecast), len(run.results) - len(forecast),
             run.seconds),
        )  # fmt: skip
        cur.executemany(_UPSERT_SERIES, [_series_row(run, r) for r in run.results])
        cur.executemany("DELETE FROM finops.forecasts WHERE series_key = %s AND origin = %s",
                        [(r.series.key, r.origin) for r in forecast])  # fmt: skip
        with cur.copy("COPY finops.forecasts (series_key, issued_at, origin, target, yhat, lo80, hi80, lo95, hi95,"
                      " model) FROM STDIN") as copy:  # fmt: skip
            for r in forecast:
                fc = r.forecast
                assert fc is not None
                for i, target in enumerate(r.targets()):
                    copy.write_row((r.series.key, run.issued_at, r.origin, target, float(fc.yhat[i]), _num(fc.lo80[i]),
                                    _num(fc.hi80[i]), _num(fc.lo95[i]), _num(fc.hi95[i]), fc.model))  # fmt: skip
        cur.execute("CREATE TEMPORARY TABLE forecast_actuals_new (LIKE finops.forecast_actuals) ON COMMIT DROP")
        with cur.copy("COPY forecast_actuals_new (series_key, day, value) FROM STDIN") as copy:
            for r in run.results:
                s = r.series
                for j in np.flatnonzero(~np.isnan(s.values)):
                    copy.write_row((s.key, s.day(int(j)), float(s.values[j])))
        cur.execute(
            "INSERT INTO finops.forecast_actuals SELECT * FROM forecast_actuals_new"
            " ON CONFLICT (series_key, day) DO UPDATE SET value = EXCLUDED.value"
            " WHERE forecast_actuals.value IS DISTINCT FROM EXCLUDED.value"
        )
    scored = score(conn, run)
    conn.execute("UPDATE finops.forecast_runs SET scored = %s WHERE issued_at = %s", (scored, run.issued_at))
    return scored


def bucket(days_ahead: int) -> int:
    for b in HORIZON_BUCKETS:
        if days_ahead <= b:
            return b
    return days_ahead


def score(conn: psycopg.Connection[Any], run: RunResult) -> int:
    """Scores every stored forecast of the run's series whose target now has an actual (MASE scaled by the
    series' current history); appends the results with `evaluated_at` = the run's time."""
    by_key = {r.series.key: r for r in run.results}
    rows = conn.execute(
        "SELECT f.series_key, f.model, f.origin, f.target, f.yhat, f.lo80, f.hi80, f.lo95, f.hi95, a.value"
        " FROM finops.forecasts f JOIN finops.forecast_actuals a ON a.series_key = f.series_key AND a.day = f.target"
        " WHERE f.series_key = ANY(%s)",
        (list(by_key),),
    ).fetchall()
    groups: dict[tuple[str, str, int], list[tuple[date, float, float, float, float, float, float]]] = defaultdict(list)
    for key, model, origin, target, yhat, lo80, hi80, lo95, hi95, actual in rows:
        h = (target - origin).days + 1
        bounds = [math.nan if v is None else v for v in (lo80, hi80, lo95, hi95)]
        groups[(key, model, bucket(h))].append((origin, yhat, *bounds, actual))
    out = []
    for (key, model, h), points in sorted(groups.items()):
        arr = np.array([p[1:] for p in points], dtype=np.float64)
        yhat, lo80, hi80, lo95, hi95, actual = arr.T
        scale = insample_scale(by_key[key].series.values)
        out.append((key, model, h, _num(mase(actual, yhat, scale)), _num(smape(actual, yhat)),
                    _num(coverage(actual, lo80, hi80)), _num(coverage(actual, lo95, hi95)),
                    len({p[0] for p in points}), len(points), run.issued_at))  # fmt: skip
    with conn.transaction(), conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO finops.forecast_accuracy (series_key, model, horizon, mase, smape, coverage80, coverage95,"
            " origins, points, evaluated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (series_key, model, horizon, evaluated_at) DO NOTHING",
            out,
        )
    return len(out)
