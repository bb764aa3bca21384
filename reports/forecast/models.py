"""Seasonal naive and additive Holt-Winters (ETS(A,N,A), ETS(A,A,A), ETS(A,Ad,A)) for daily series, in numpy.

Why numpy and not statsmodels: the three Holt-Winters variants are a dozen lines of recursion; running it for a
whole grid of smoothing parameters at once (one vector per time step) fits a year of daily data in milliseconds,
and the forecasts from every origin of a rolling backtest come from one pass over the states (no refit per
origin). statsmodels' optimiser would add scipy, pandas and patsy (about 60 MB) for a fit that is not better on
these series (`bench/forecast_accuracy.py` measures ours).

A missing day is NaN: Holt-Winters carries its state over it unchanged (the error is taken as 0, as the Kalman
filter of the state-space form does), the seasonal naive looks a season further back.

Notation (Hyndman et al., *Forecasting with Exponential Smoothing*, 2008, error-correction form)::

    e_t = y_t - (l_{t-1} + phi b_{t-1} + s_{t-m})
    l_t = l_{t-1} + phi b_{t-1} + alpha e_t
    b_t = phi b_{t-1} + beta e_t
    s_t = s_{t-m} + gamma e_t
    yhat_{t+h|t} = l_t + (phi + ... + phi^h) b_t + s_{t+h-m*ceil(h/m)}
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

#: daily data, weekly seasonality
SEASON = 7
#: longer seasonal periods also tried for a primary one (hourly data: the week); daily data would need a year, and
#: three years of history to start and backtest it, so none is offered
LONGER_SEASONS: dict[int, tuple[int, ...]] = {24: (168,)}

SNAIVE = "snaive"
HW = "hw"  # level + season, no trend: ETS(A,N,A)
HW_TREND = "hw_trend"  # additive trend: ETS(A,A,A)
HW_DAMPED = "hw_damped"  # damped trend: ETS(A,Ad,A)
#: every candidate, simplest first (ties in the backtest go to the simpler model)
MODELS = (SNAIVE, HW, HW_DAMPED, HW_TREND)

_ALPHAS = (0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9)
_GAMMAS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5)
_BETAS = (0.005, 0.02, 0.05, 0.1)
_PHIS = (0.8, 0.9, 0.95, 0.98)


@dataclass(frozen=True)
class HwParams:
    alpha: float
    beta: float
    gamma: float
    phi: float


@dataclass(frozen=True)
class HwInit:
    level: float
    trend: float
    season: tuple[float, ...]


def grid(model: str) -> list[HwParams]:
    """The smoothing parameters tried for a Holt-Winters variant (admissible: beta <= alpha, gamma <= 1 - alpha)."""
    pairs = [(a, g) for a in _ALPHAS for g in _GAMMAS if g <= 1 - a + 1e-12]
    if model == HW:
        return [HwParams(a, 0.0, g, 1.0) for a, g in pairs]
    phis = (1.0,) if model == HW_TREND else _PHIS
    return [HwParams(a, b, g, p) for a, g in pairs for b in _BETAS if b <= a for p in phis]


def initial_state(y: Array, m: int = SEASON, trend: bool = True) -> HwInit:
    """Classical start from the first two seasons: the line through the two seasonal means gives level and
    trend, each position's mean deviation from that line its seasonal index (indices sum to 0). A series that is
    exactly linear plus a weekly pattern starts exact, so its forecasts are."""
    first, second = y[:m], y[m : 2 * m]
    mean1 = float(np.nanmean(first)) if np.any(~np.isnan(first)) else 0.0
    mean2 = float(np.nanmean(second)) if np.any(~np.isnan(second)) else mean1
    slope = (mean2 - mean1) / m if trend else 0.0
    # the line a + slope * t passes through mean1 at the middle of the first season
    intercept = mean1 - slope * (m - 1) / 2
    deviations = np.full((2, m), np.nan)
    deviations[0, : len(first)] = first - (intercept + slope * np.arange(len(first)))
    deviations[1, : len(second)] = second - (intercept + slope * np.arange(m, m + len(second)))
    with np.errstate(all="ignore"):
        season = np.where(np.all(np.isnan(deviations), axis=0), 0.0, np.nanmean(deviations, axis=0))
    season = season - season.mean()
    # the state before day 0
    return HwInit(intercept - slope, slope, tuple(float(v) for v in season))


def _grid_states(y: Array, params: list[HwParams], init: HwInit, m: int) -> tuple[Array, Array, Array]:
    """The filtered states of every parameter set at once: level and trend (n x K), season ((n + m) x K)."""
    alpha = np.array([p.alpha for p in params])
    beta = np.array([p.beta for p in params])
    gamma = np.array([p.gamma for p in params])
    phi = np.array([p.phi for p in params])
    n, k = len(y), len(params)
    levels, trends, seasons = np.empty((n, k)), np.empty((n, k)), np.empty((n + m, k))
    seasons[:m] = np.array(init.season)[:, None]
    level = np.full(k, init.level)
    trend = np.where(beta > 0, init.trend, 0.0)
    for t, value in enumerate(y):
        base = level + phi * trend
        previous = seasons[t]
        if math.isnan(value):
            level, trend = base, phi * trend
            seasons[t + m] = previous
        else:
            error = value - (base + previous)
            level = base + alpha * error
            trend = phi * trend + beta * error
            seasons[t + m] = previous + gamma * error
        levels[t], trends[t] = level, trend
    return levels, trends, seasons


#: origins scored when fitting (evenly spread over the history, the latest included)
_FIT_ORIGINS = 48


def fit_hw(y: Array, model: str, m: int = SEASON, horizon: int = 1) -> tuple[HwParams, HwInit]:
    """The grid point whose forecasts 1..`horizon` days ahead have the smallest mean absolute error over the
    history (from day 2m on; ties: the first, i.e. the smoothest). Fitting to the horizon the forecasts are for,
    not to one-step errors, keeps the persistence a one-step fit loves (alpha near 1 on hourly data) from
    spoiling forecasts a day or weeks ahead."""
    init = initial_state(y, m, trend=model != HW)
    params = grid(model)
    levels, trends, seasons = _grid_states(y, params, init, m)
    n = len(y)
    first = min(2 * m, n - 1)
    origins = np.unique(np.linspace(first, n - 1, num=min(_FIT_ORIGINS, n - first)).astype(np.int64))
    h = np.arange(1, horizon + 1)
    target = origins[:, None] - 1 + h[None, :]  # O x H
    valid = target < n
    target = np.minimum(target, n - 1)
    actual = np.where(valid, y[target], np.nan)
    ok = ~np.isnan(actual)
    season_at = target - m * np.ceil(h / m).astype(np.int64)[None, :] + m
    phi = np.array([p.phi for p in params])
    sums = np.cumsum(phi[None, :] ** h[:, None], axis=0)  # H x K
    last = origins - 1
    loss = np.zeros(len(params))
    for j in range(horizon):  # one horizon at a time keeps memory at O x K
        pred = levels[last] + sums[j][None, :] * trends[last] + seasons[season_at[:, j]]
        col = ok[:, j]
        loss += np.abs(actual[col, j][:, None] - pred[col]).sum(axis=0)
    return params[int(np.argmin(loss))], init


@dataclass(frozen=True)
class HwStates:
    """The filtered states after each day: `level[t]`, `trend[t]`; `season[t + m]` is the seasonal index updated
    on day t (`season[:m]` the initial indices), so origin o's forecasts read the states of day o - 1."""

    params: HwParams
    level: Array
    trend: Array
    season: Array


def hw_states(y: Array, params: HwParams, init: HwInit, m: int = SEASON) -> HwStates:
    n = len(y)
    level_out, trend_out = np.empty(n), np.empty(n)
    season = np.empty(n + m)
    season[:m] = init.season
    level, trend = init.level, init.trend if params.beta > 0 else 0.0
    for t in range(n):
        base = level + params.phi * trend
        previous = season[t]  # the index of this position, last updated one season ago
        error = 0.0 if math.isnan(y[t]) else y[t] - (base + previous)
        level = base + params.alpha * error
        trend = params.phi * trend + params.beta * error
        season[t + m] = previous + params.gamma * error
        level_out[t], trend_out[t] = level, trend
    return HwStates(params, level_out, trend_out, season)


def damped_sums(phi: float, horizon: int) -> Array:
    """phi + phi^2 + ... + phi^h for h = 1..horizon (h itself when phi = 1)."""
    return np.cumsum(np.full(horizon, phi) ** np.arange(1, horizon + 1))


def hw_predict(states: HwStates, origins: NDArray[np.int64], horizon: int, m: int = SEASON) -> Array:
    """Forecasts (len(origins) x horizon) from each origin o, i.e. knowing days 0..o-1 (o >= 1)."""
    h = np.arange(1, horizon + 1)
    last = origins[:, None] - 1
    target = last + h[None, :]
    season_at = target - m * np.ceil(h / m).astype(np.int64)[None, :] + m
    sums = damped_sums(states.params.phi, horizon)[None, :]
    return np.asarray(states.level[last] + sums * states.trend[last] + states.season[season_at], dtype=np.float64)


def hw_variance_multipliers(params: HwParams, horizon: int, m: int = SEASON) -> Array:
    """v_h = 1 + sum_{j<h} c_j^2 with c_j = alpha + beta (phi + ... + phi^j) + gamma [j mod m = 0]: the h-step
    forecast variance in units of the one-step variance (Hyndman et al. 2008, Table 6.1, class 1)."""
    j = np.arange(1, horizon)
    c = params.alpha + params.beta * damped_sums(params.phi, horizon - 1) + params.gamma * (j % m == 0)
    return np.concatenate(([1.0], 1.0 + np.cumsum(c * c)))


def season_filled(y: Array, m: int = SEASON) -> Array:
    """For each day, its value, else the (filled) value one season earlier, else the latest value of any earlier
    day: what the seasonal naive forecast reads. Only earlier days are used, so no forecast sees its future."""
    filled = np.empty(len(y))
    last = math.nan
    for t, value in enumerate(y):
        if not math.isnan(value):
            filled[t] = last = value
        elif t >= m and not math.isnan(filled[t - m]):
            filled[t] = filled[t - m]
        else:
            filled[t] = last
    return filled


def snaive_predict(y: Array, origins: NDArray[np.int64], horizon: int, m: int = SEASON) -> Array:
    """Seasonal naive forecasts (len(origins) x horizon): the value one season (or whole seasons) earlier."""
    if len(origins) and int(origins.min()) < m:
        raise ValueError("seasonal naive forecasts need at least one season of history")
    filled = season_filled(y, m)
    h = np.arange(1, horizon + 1)
    source = origins[:, None] - 1 + h[None, :] - m * np.ceil(h / m).astype(np.int64)[None, :]
    return np.asarray(filled[source], dtype=np.float64)


def snaive_variance_multipliers(horizon: int, m: int = SEASON) -> Array:
    """A seasonal random walk: the h-step variance grows with the number of seasons spanned, ceil(h/m)."""
    return np.ceil(np.arange(1, horizon + 1) / m).astype(np.float64)
