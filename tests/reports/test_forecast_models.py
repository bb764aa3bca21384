"""The models on constructed series whose right answer is known exactly."""

from __future__ import annotations

import math

import numpy as np
import pytest

from reports.forecast.backtest import (
    candidate_seasons,
    coverage,
    forecast,
    insample_scale,
    interval_quantiles,
    mase,
    smape,
)
from reports.forecast.models import (
    HW,
    HW_DAMPED,
    HW_TREND,
    SNAIVE,
    Array,
    HwParams,
    fit_hw,
    grid,
    hw_variance_multipliers,
    initial_state,
    season_filled,
    snaive_predict,
)

WEEK = np.array([10.0, 12.0, 14.0, 13.0, 11.0, 3.0, 2.0])


def weekly(weeks: int, slope: float = 0.0, level: float = 100.0) -> Array:
    t = np.arange(7 * weeks, dtype=np.float64)
    series: Array = level + slope * t + np.tile(WEEK - WEEK.mean(), weeks)
    return series


def test_seasonal_naive_repeats_the_last_week() -> None:
    y = weekly(4) + np.arange(28) % 3  # not a pure pattern: only the last week counts
    fc = snaive_predict(y, np.array([28]), 10)[0]
    assert fc.tolist() == [*y[21:28].tolist(), *y[21:24].tolist()]


def test_seasonal_naive_looks_a_week_further_back_over_a_gap() -> None:
    y = np.arange(21, dtype=np.float64)
    y[15] = np.nan  # the Monday of the last week is missing
    fc = snaive_predict(y, np.array([21]), 7)[0]
    assert fc.tolist() == [14.0, 8.0, 16.0, 17.0, 18.0, 19.0, 20.0]


def test_a_day_never_seen_at_its_weekday_falls_back_to_the_latest_value() -> None:
    y = np.array([1.0, np.nan, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, np.nan, 10.0])
    assert season_filled(y).tolist()[:2] == [1.0, 1.0]
    assert season_filled(y).tolist()[8] == 1.0  # day 1 was filled from day 0, and day 8 from day 1


def test_initial_state_of_a_linear_weekly_series_is_exact() -> None:
    y = weekly(2, slope=0.5)
    init = initial_state(y)
    assert init.trend == pytest.approx(0.5)
    assert init.level == pytest.approx(100.0 - 0.5)  # the level before day 0
    assert np.allclose(init.season, WEEK - WEEK.mean())


def test_holt_winters_continues_a_pure_weekly_pattern_with_zero_width_intervals() -> None:
    y = weekly(8)
    fc = forecast(y, 21, models=(HW,))
    assert np.allclose(fc.yhat, weekly(11)[56:], atol=1e-9)
    assert np.allclose(fc.lo95, fc.yhat, atol=1e-9)
    assert np.allclose(fc.hi95, fc.yhat, atol=1e-9)


def test_the_backtest_chooses_the_trend_model_for_a_linear_trend_and_extends_it_exactly() -> None:
    y = weekly(10, slope=0.5)
    fc = forecast(y, 90)
    assert fc.model == HW_TREND
    assert fc.scores[HW_TREND] == pytest.approx(0.0, abs=1e-9)
    # seasonal naive is ceil(h/7) weeks of trend (3.5 a week) behind, for every origin o >= 7 and h <= 28 in data
    behind = [3.5 * math.ceil(h / 7) for o in range(7, 70) for h in range(1, 29) if o + h - 1 < 70]
    assert fc.scores[SNAIVE] == pytest.approx(sum(behind) / len(behind))
    assert np.allclose(fc.yhat, weekly(23, slope=0.5)[70:160], atol=1e-6)


def test_the_backtest_prefers_seasonal_naive_on_a_seasonal_random_walk() -> None:
    rng = np.random.default_rng(7)
    y = 100 + np.cumsum(rng.normal(0, 5, 200))  # a random walk: yesterday is the best guess, a week ago second
    steps = np.repeat(rng.normal(0, 20, 200 // 7 + 1), 7)[:200]  # and a weekly block shift nothing can foresee
    fc = forecast(y + steps, 7, models=(SNAIVE, HW))
    assert set(fc.scores) == {SNAIVE, HW}
    assert fc.scores[fc.model] == min(fc.scores.values())


def test_variance_multipliers_follow_the_closed_form() -> None:
    p = HwParams(alpha=0.2, beta=0.05, gamma=0.1, phi=0.9)
    v = hw_variance_multipliers(p, 8)
    c = [0.2 + 0.05 * sum(0.9**i for i in range(1, j + 1)) + (0.1 if j % 7 == 0 else 0.0) for j in range(1, 8)]
    assert v[0] == 1.0
    assert v[1] == pytest.approx(1 + (0.2 + 0.05 * 0.9) ** 2)
    assert v.tolist() == pytest.approx([1.0, *(1 + np.cumsum(np.square(c)))])


def test_the_grids_respect_the_admissible_region() -> None:
    for model in (HW, HW_TREND, HW_DAMPED):
        for p in grid(model):
            assert 0 < p.alpha < 1 and 0 <= p.gamma <= 1 - p.alpha + 1e-12 and p.beta <= p.alpha
    assert {p.phi for p in grid(HW_DAMPED)} == {0.8, 0.9, 0.95, 0.98}
    assert all(p.beta == 0 and p.phi == 1 for p in grid(HW))


def test_fitting_to_the_horizon_ignores_a_missing_day() -> None:
    y = weekly(6, slope=0.2)
    gappy = y.copy()
    gappy[20] = np.nan
    fc = forecast(gappy, 7, models=(HW_TREND,))
    assert np.allclose(fc.yhat, weekly(7, slope=0.2)[42:], atol=1e-6)
    assert fit_hw(gappy, HW_TREND, horizon=7)[1].trend == pytest.approx(0.2)


def test_interval_quantiles_rank_by_n_plus_one_and_fall_back_to_normal() -> None:
    z = np.arange(1.0, 10.0)  # N = 9
    lo95, lo80, hi80, hi95 = interval_quantiles(z)
    rms = math.sqrt(sum(v * v for v in range(1, 10)) / 9)
    assert lo80 == 1.0  # rank floor(10 * 0.1) = 1
    assert hi80 == 9.0  # rank ceil(10 * 0.9) = 9
    assert lo95 == pytest.approx(-1.959963984540054 * rms)  # rank 0: no such error
    assert hi95 == pytest.approx(1.959963984540054 * rms)  # rank 10 > N


def test_accuracy_measures_exact_values() -> None:
    actual = np.array([10.0, 0.0, 5.0, np.nan])
    predicted = np.array([8.0, 0.0, 10.0, 3.0])
    assert mase(actual, predicted, 2.0) == pytest.approx((2 + 0 + 5) / 3 / 2)
    assert smape(actual, predicted) == pytest.approx(100 * (4 / 18 + 0 + 10 / 15) / 3)  # 0 vs 0 counts as exact
    assert coverage(actual, np.array([9.0, 0.0, 6.0, 0.0]), np.array([11.0, 1.0, 7.0, 9.0])) == pytest.approx(2 / 3)
    assert insample_scale(np.array([1.0, 2, 3, 4, 5, 6, 7, 3, 2, 3])) == pytest.approx((2 + 0 + 0) / 3)
    assert math.isnan(insample_scale(np.full(14, 4.0)))  # a constant series has no scale: MASE undefined


def test_a_never_negative_cost_gets_no_negative_forecast_or_bound() -> None:
    y = np.maximum(weekly(6, slope=-2.5, level=90.0), 0.0)  # falling to zero
    fc = forecast(y, 30)
    assert min(fc.yhat.min(), fc.lo80.min(), fc.lo95.min()) == 0.0
    credits = weekly(6, slope=-2.5, level=90.0)  # the same series net of refunds goes below zero
    assert forecast(credits, 30).yhat.min() < 0


def test_short_series_and_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 14 days"):
        forecast(np.ones(13), 7)
    with pytest.raises(ValueError, match="horizon"):
        forecast(np.ones(14), 0)
    with pytest.raises(ValueError, match="unknown models"):
        forecast(np.ones(14), 7, models=("arima",))


DAY = np.array([2.0, 1, 1, 1, 1, 2, 4, 7, 9, 10, 10, 9, 9, 10, 10, 9, 8, 7, 6, 5, 4, 3, 3, 2])


def hourly(days: int, weekend: float) -> Array:
    """A pure daily shape; on days 5 and 6 of each week it is `weekend` lower (0: no weekly pattern)."""
    t = np.arange(24 * days)
    series: Array = 100.0 + DAY[t % 24] - weekend * ((t // 24) % 7 >= 5)
    return series


def test_a_longer_season_is_a_candidate_once_three_of_its_seasons_are_known() -> None:
    assert candidate_seasons(24, 3 * 168 - 1) == [24]
    assert candidate_seasons(24, 3 * 168) == [24, 168]
    assert candidate_seasons(24, 10_000, seasons=()) == [24]
    assert candidate_seasons(7, 10_000) == [7]  # daily: no longer season offered
    assert candidate_seasons(7, 100, seasons=(7, 14, 30, 40)) == [7, 14, 30]  # 40 needs 120 days


def test_the_backtest_picks_the_weekly_season_of_hourly_data_and_forecasts_it_exactly() -> None:
    y = hourly(26, weekend=30.0)  # ends on a Friday: the next day is a weekend day
    fc = forecast(y, 24, m=24)
    assert fc.model.endswith("/168")
    assert fc.scores[fc.model] == pytest.approx(0.0, abs=1e-9)
    assert np.allclose(fc.yhat, hourly(27, weekend=30.0)[-24:], atol=1e-9)
    assert np.allclose(fc.lo95, fc.yhat, atol=1e-9) and np.allclose(fc.hi95, fc.yhat, atol=1e-9)
    daily_only = forecast(y, 24, m=24, seasons=())
    assert "/" not in daily_only.model and set(daily_only.scores) == {SNAIVE, HW, HW_DAMPED, HW_TREND}
    assert np.max(np.abs(daily_only.yhat - fc.yhat)) > 10  # a day season cannot know the weekend is coming


def test_a_primary_season_model_keeps_every_backtest_error_for_its_intervals() -> None:
    rng = np.random.default_rng(3)
    n = 24 * 25
    y = hourly(25, weekend=0.0) + rng.normal(0, 1, n)  # no weekly pattern: the day season wins
    fc = forecast(y, 24, m=24)
    assert "/" not in fc.model and {f"{name}/168" for name in (SNAIVE, HW)} <= set(fc.scores)
    # its errors come from every origin from hour 24 on, not only from the weekly candidates' first origin
    assert fc.errors == sum(min(24, n - o) for o in range(24, n))
    alone = forecast(y, 24, m=24, models=(fc.model,), seasons=())
    assert np.array_equal(fc.yhat, alone.yhat) and np.array_equal(fc.lo80, alone.lo80)
