"""Choosing a model per series by a rolling-origin backtest, prediction intervals from the backtest's errors, and
the accuracy measures (MASE, sMAPE, interval coverage) used by the backtest, the stored-forecast scoring and
`bench/forecast_accuracy.py`.

The backtest forecasts from every origin o of the history (from day m on, knowing days 0..o-1 only) up to
`backtest_horizon` days ahead and keeps the model with the smallest mean absolute error; ties go to the simpler
model. Hourly data also gets every model on the week (`hw/168`: `candidate_seasons`) once three weeks are known;
candidates on different seasons are compared from the same origins (the longest season's first), and the chosen
one's intervals use all its own backtest errors. Holt-Winters' smoothing parameters are fitted once on the whole
history, to the errors of forecasts 1..`backtest_horizon` days ahead, and its states filtered forward: each
origin's forecast uses the data before it only, but parameters that saw all of it. That is cheap (one fit per
model, not one per origin) and slightly optimistic for Holt-Winters; holding the last days out of the fit was tried
and chose worse (more seasonal naive where Holt-Winters was better: MAE ratio 0.80-0.82 instead of 0.76 on the
generated series of `bench/forecast_accuracy.py`, which measures the whole procedure on days it never saw).

Intervals: each backtest error is divided by the square root of the model's h-step variance multiplier (how the
model says uncertainty grows with the horizon); the empirical 2.5/10/90/97.5 % quantiles of those standardised
errors, pooled over origins and horizons, times the multiplier of each future day give lo95/lo80/hi80/hi95. The
quantiles are ranks (N + 1) p of the N errors (a split-conformal rule); with too few errors for a rank the
normal quantile of their root mean square is used. Intervals are therefore asymmetric where errors are (cost
spikes) and widen with the horizon as the model implies.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from reports.forecast.models import (
    HW,
    HW_DAMPED,
    HW_TREND,
    LONGER_SEASONS,
    MODELS,
    SEASON,
    SNAIVE,
    Array,
    fit_hw,
    hw_predict,
    hw_states,
    hw_variance_multipliers,
    snaive_predict,
    snaive_variance_multipliers,
)

#: how far ahead the backtest scores (a longer requested horizon is extrapolated by the variance multipliers)
BACKTEST_HORIZON = 28
#: probabilities of lo95, lo80, hi80, hi95
PROBS = (0.025, 0.1, 0.9, 0.975)
_NORMAL = {0.025: -1.959963984540054, 0.1: -1.2815515655446004, 0.9: 1.2815515655446004, 0.975: 1.959963984540054}


@dataclass(frozen=True)
class Forecast:
    """Forecasts for days n .. n + horizon - 1 of a series of n days, with the backtest behind the choice."""

    model: str
    yhat: Array
    lo80: Array
    hi80: Array
    lo95: Array
    hi95: Array
    #: backtest mean absolute error of every candidate (NaN: could not be scored)
    scores: dict[str, float] = field(default_factory=dict)
    #: MASE of the chosen model in the backtest (NaN when the series has no seasonal variation to scale by)
    backtest_mase: float = math.nan
    #: standardised errors behind the intervals
    errors: int = 0


def insample_scale(y: Array, m: int = SEASON) -> float:
    """MASE's denominator: the mean absolute one-season difference of the history (NaN if none or zero)."""
    diff = y[m:] - y[:-m]
    diff = diff[~np.isnan(diff)]
    if not len(diff):
        return math.nan
    scale = float(np.mean(np.abs(diff)))
    return scale if scale > 0 else math.nan


def mase(actual: Array, predicted: Array, scale: float) -> float:
    ok = ~(np.isnan(actual) | np.isnan(predicted))
    if not ok.any() or math.isnan(scale):
        return math.nan
    return float(np.mean(np.abs(actual[ok] - predicted[ok])) / scale)


def smape(actual: Array, predicted: Array) -> float:
    """Symmetric MAPE in percent (0-200); a day where actual and forecast are both 0 counts as 0 (exact)."""
    ok = ~(np.isnan(actual) | np.isnan(predicted))
    if not ok.any():
        return math.nan
    a, f = actual[ok], predicted[ok]
    denominator = np.abs(a) + np.abs(f)
    terms = np.divide(2 * np.abs(a - f), denominator, out=np.zeros_like(a), where=denominator > 0)
    return float(100 * np.mean(terms))


def coverage(actual: Array, lower: Array, upper: Array) -> float:
    ok = ~(np.isnan(actual) | np.isnan(lower) | np.isnan(upper))
    if not ok.any():
        return math.nan
    return float(np.mean((lower[ok] <= actual[ok]) & (actual[ok] <= upper[ok])))


def interval_quantiles(z: Array, probs: Sequence[float] = PROBS) -> list[float]:
    """Quantiles of standardised errors by rank (N + 1) p (floor below the median, ceil above); a rank outside
    1..N falls back to the normal quantile of the errors' root mean square."""
    z = np.sort(z[np.isfinite(z)])
    n = len(z)
    rms = float(np.sqrt(np.mean(z * z))) if n else math.nan
    out = []
    for p in probs:
        rank = math.floor((n + 1) * p) if p < 0.5 else math.ceil((n + 1) * p)
        out.append(float(z[rank - 1]) if 1 <= rank <= n else _NORMAL[p] * rms)
    return out


@dataclass(frozen=True)
class _Candidate:
    model: str
    backtest: Array  # origins x backtest horizon
    variance: Array  # horizon
    final: Array  # horizon


def _candidate(model: str, y: Array, origins: NDArray[np.int64], bt_horizon: int, horizon: int, m: int,
               name: str) -> _Candidate:  # fmt: skip
    end = np.array([len(y)], dtype=np.int64)
    if model == SNAIVE:
        return _Candidate(name, snaive_predict(y, origins, bt_horizon, m), snaive_variance_multipliers(horizon, m),
                          snaive_predict(y, end, horizon, m)[0])  # fmt: skip
    params, init = fit_hw(y, model, m, bt_horizon)
    states = hw_states(y, params, init, m)
    return _Candidate(name, hw_predict(states, origins, bt_horizon, m), hw_variance_multipliers(params, horizon, m),
                      hw_predict(states, end, horizon, m)[0])  # fmt: skip


def candidate_seasons(m: int, n: int, seasons: Sequence[int] | None = None) -> list[int]:
    """The seasonal periods tried for a series of n points whose primary season is m: m itself, then each longer
    one (default `LONGER_SEASONS[m]`) whose history holds three of its seasons: two to start its seasonal
    indices, one to be backtested on. Which period wins is the backtest's choice, as for the models."""
    longer = LONGER_SEASONS.get(m, ()) if seasons is None else seasons
    return [m, *sorted({p for p in longer if p > m and n >= 3 * p})]


def backtest_actuals(y: Array, origins: NDArray[np.int64], horizon: int) -> Array:
    """The actual values the backtest forecasts are compared with (NaN past the end or on missing days)."""
    target = origins[:, None] + np.arange(horizon)[None, :]
    return np.where(target < len(y), y[np.minimum(target, len(y) - 1)], np.nan)


def forecast(
    y: Array,
    horizon: int,
    *,
    m: int = SEASON,
    models: Sequence[str] = MODELS,
    seasons: Sequence[int] | None = None,
    backtest_horizon: int = BACKTEST_HORIZON,
    nonnegative: bool | None = None,
) -> Forecast:
    """Chooses a model for `y` (NaN = missing day; at least two seasons long) and forecasts `horizon` days.

    Every model is also tried on each longer seasonal period of `candidate_seasons` (`seasons`: those periods,
    default `LONGER_SEASONS`; `()` for the primary season only), named `model/period` (`hw/168`); all candidates
    are then backtested from the same origins, from the longest period on.

    `nonnegative` (default: the history has no negative value) clips forecasts and bounds at 0: a cost that
    was never negative does not turn into a credit, an interval does not promise one.
    """
    n = len(y)
    if n < 2 * m:
        raise ValueError(f"a series needs at least {2 * m} days, got {n}")
    if horizon < 1:
        raise ValueError("horizon must be at least 1 day")
    unknown = [name for name in models if name not in (SNAIVE, HW, HW_TREND, HW_DAMPED)]
    if unknown:
        raise ValueError(f"unknown models {unknown}")
    bt_horizon = min(horizon, backtest_horizon)
    periods = candidate_seasons(m, n, seasons)
    common = max(periods)  # the first origin every candidate forecasts from
    candidates, actuals = [], {}
    for p in periods:
        origins = np.arange(p, n, dtype=np.int64)
        actuals[p] = backtest_actuals(y, origins, bt_horizon)
        for model in models:
            candidates.append((p, _candidate(model, y, origins, bt_horizon, horizon, p,
                                             model if p == m else f"{model}/{p}")))  # fmt: skip
    scores: dict[str, float] = {}
    for p, c in candidates:
        shared = np.abs(actuals[p] - c.backtest)[common - p :]
        scores[c.model] = float(np.nanmean(shared)) if np.any(~np.isnan(shared)) else math.nan
    scored = [pc for pc in candidates if not math.isnan(scores[pc[1].model])]
    period, chosen = min(scored, key=lambda pc: scores[pc[1].model]) if scored else candidates[0]
    # the intervals take every backtest error of the chosen model, from its own first origin on
    actual = actuals[period]
    z = (actual - chosen.backtest) / np.sqrt(chosen.variance[:bt_horizon])[None, :]
    q_lo95, q_lo80, q_hi80, q_hi95 = interval_quantiles(z.ravel())
    spread = np.sqrt(chosen.variance)
    yhat = chosen.final
    bounds = [yhat + spread * q for q in (q_lo80, q_hi80, q_lo95, q_hi95)]
    if nonnegative is None:
        nonnegative = bool(np.nanmin(y) >= 0) if np.any(~np.isnan(y)) else True
    if nonnegative:
        yhat = np.maximum(yhat, 0.0)
        bounds = [np.maximum(b, 0.0) for b in bounds]
    lo80, hi80, lo95, hi95 = bounds
    return Forecast(
        model=chosen.model,
        yhat=yhat,
        lo80=lo80,
        hi80=hi80,
        lo95=lo95,
        hi95=hi95,
        scores=scores,
        backtest_mase=mase(actual.ravel(), chosen.backtest.ravel(), insample_scale(y, m)),
        errors=int(np.sum(np.isfinite(z))),
    )
