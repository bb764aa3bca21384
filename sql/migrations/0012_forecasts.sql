-- Forecasts of daily cost and usage (`finops report forecast`, reports/forecast/): the daily series they are made
-- from, every issued forecast (kept, so it can be scored against what happened) and the accuracy scored so far.
--
--   SELECT * FROM finops.forecast_daily_cost('2025-01-01', '2025-02-01');       -- the cost series' input
--   SELECT * FROM finops.forecast_latest WHERE kind = 'cost' ORDER BY series_key, target;
--   SELECT * FROM finops.forecast_accuracy_latest ORDER BY series_key, model, horizon;

-- Daily effective cost per (provider, sub account, service category, region, billing currency), UTC days in
-- [from_time, to_time). A row whose charge period spans several days (a monthly fee, a reservation) is spread
-- evenly over the days of its period (the month's total is unchanged; the daily series is not spiked on the 1st).
-- Credits (ChargeCategory 'Credit') are summed apart in credit_cost: one-off amounts a forecast should not learn
-- from unless asked to. Other negative amounts (refunds, corrections) stay in effective_cost. `cost_rows` counts
-- the FOCUS rows of the group and day: a day with any row of a provider is a day that provider's bill covers.
CREATE OR REPLACE FUNCTION finops.forecast_daily_cost(from_day date, to_day date)
RETURNS TABLE (
    day              date,
    provider         text,
    sub_account_id   text,
    service_category text,
    region_id        text,
    currency         text,
    effective_cost   numeric,
    credit_cost      numeric,
    cost_rows        bigint
)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH periods AS (
        SELECT coalesce(c.service_provider_name, c.provider_name) AS provider,
               c.sub_account_id, c.service_category, c.region_id, c.billing_currency AS currency,
               coalesce(c.effective_cost, 0) AS cost,
               c.charge_category IS NOT DISTINCT FROM 'Credit' AS credit,
               (c.charge_period_start AT TIME ZONE 'UTC')::date AS first_day,
               -- the day after the period's last instant (a period ending at midnight ends the day before)
               greatest((c.charge_period_start AT TIME ZONE 'UTC')::date + 1,
                        ((coalesce(c.charge_period_end, c.charge_period_start) AT TIME ZONE 'UTC')
                         - interval '1 microsecond')::date + 1) AS end_day
        FROM finops.focus_costs c
        WHERE c.charge_period_start < (to_day::timestamp AT TIME ZONE 'UTC')
          AND coalesce(c.charge_period_end, c.charge_period_start + interval '1 day')
              > (from_day::timestamp AT TIME ZONE 'UTC')
    )
    SELECT d.day::date, p.provider, p.sub_account_id, p.service_category, p.region_id, p.currency,
           sum(CASE WHEN p.credit THEN 0 ELSE p.cost / (p.end_day - p.first_day) END),
           sum(CASE WHEN p.credit THEN p.cost / (p.end_day - p.first_day) ELSE 0 END),
           count(*)
    FROM periods p
    CROSS JOIN LATERAL generate_series(greatest(p.first_day, from_day)::timestamp,
                                       (least(p.end_day, to_day) - 1)::timestamp, interval '1 day') AS d(day)
    GROUP BY 1, 2, 3, 4, 5, 6
    ORDER BY 1, 2, 3, 4, 5, 6
$$;

COMMENT ON FUNCTION finops.forecast_daily_cost(date, date) IS
    'Daily effective cost (credits apart) per provider, sub account, service category, region and currency in '
    '[from_day, to_day) UTC; multi-day charge periods spread evenly over their days';

-- Daily usage per resource from the samples of one metric: mean, max and sum of the day's samples per value of
-- `resource_label` (lower-cased, as resource IDs are compared everywhere), NaN and stale markers left out. Several
-- series of one resource (other labels) count together. A day without samples is absent (a gap, not a zero).
CREATE OR REPLACE FUNCTION finops.forecast_daily_usage(metric text, resource_label text, from_day date, to_day date)
RETURNS TABLE (day date, resource_id text, usage_avg double precision, usage_max double precision,
               usage_sum double precision, samples bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT (d.time AT TIME ZONE 'UTC')::date, lower(s.labels ->> resource_label),
           avg(d.value), max(d.value), sum(d.value), count(*)
    FROM finops.series s
    JOIN finops.series_samples(ARRAY(SELECT id FROM finops.series WHERE metric_name = metric AND labels ? resource_label),
                               from_day::timestamp AT TIME ZONE 'UTC', to_day::timestamp AT TIME ZONE 'UTC') d
      ON d.series_id = s.id
    WHERE s.metric_name = metric
      AND s.labels ? resource_label
      AND d.time >= (from_day::timestamp AT TIME ZONE 'UTC')
      AND d.time < (to_day::timestamp AT TIME ZONE 'UTC')
      AND d.value <> 'NaN'::double precision  -- every NaN compares equal in SQL: drops stale markers too
    GROUP BY 1, 2
    ORDER BY 1, 2
$$;

-- One row per series the forecast job has seen: its labels, the history it had, the model chosen (or the reason
-- there is no forecast) and the month-end projection of its latest issue. `series_key` is a JSON array:
-- ["cost", provider, sub_account_id, service_category, region_id, currency] or ["usage", metric, resource_id].
CREATE TABLE IF NOT EXISTS finops.forecast_series (
    series_key   text PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('cost', 'usage')),
    labels       jsonb NOT NULL,
    unit         text,                   -- the currency of a cost series, the metric of a usage series
    issued_at    timestamptz NOT NULL,   -- the run that last looked at the series
    origin       date,                   -- first forecast day of its latest forecast; NULL: no forecast
    history_from date,
    history_to   date,
    history_days integer NOT NULL,       -- days with a value
    missing_days integer NOT NULL,       -- days without one between history_from and history_to (gaps)
    model        text,
    reason       text,                   -- why there is no forecast
    notes        text,                   -- how bad input was treated (currencies, credits, gaps)
    backtest     jsonb,                  -- mean absolute error of every candidate model, MASE of the chosen one
    month_start  date,
    month_actual double precision,       -- actuals of month_start's month up to history_to
    month_yhat   double precision,       -- month_actual + forecasts to the month's end
    month_lo80   double precision,
    month_hi80   double precision,
    month_lo95   double precision,
    month_hi95   double precision
);

-- Every forecast issued. One issue per series and origin: a run repeated on the same data replaces its own
-- issue (restarts and retries never duplicate one), issues of earlier origins are kept for scoring.
CREATE TABLE IF NOT EXISTS finops.forecasts (
    series_key text NOT NULL,
    issued_at  timestamptz NOT NULL,
    origin     date NOT NULL,
    target     date NOT NULL,
    yhat       double precision NOT NULL,
    lo80       double precision,
    hi80       double precision,
    lo95       double precision,
    hi95       double precision,
    model      text NOT NULL,
    PRIMARY KEY (series_key, origin, target),
    CHECK (target >= origin)
);
CREATE INDEX IF NOT EXISTS forecasts_target_idx ON finops.forecasts (series_key, target);

-- The daily values the latest run read (restated values replace older ones): what forecasts are scored against
-- and what dashboards draw beside them. Only days with a value; gaps are absent.
CREATE TABLE IF NOT EXISTS finops.forecast_actuals (
    series_key text NOT NULL,
    day        date NOT NULL,
    value      double precision NOT NULL,
    PRIMARY KEY (series_key, day)
);

-- Accuracy of stored forecasts against the actuals, per series, model and horizon bucket: `horizon` h covers
-- targets (previous bucket, h] days after the forecast's history ended (buckets 1, 7, 14, 30, 60, 90).
-- MASE = MAE / in-sample seasonal-naive (7-day) MAE of the series; sMAPE in percent (0-200); coverage = share of
-- actuals inside the interval; `origins` = issues scored. Every evaluation is kept (evaluated_at).
CREATE TABLE IF NOT EXISTS finops.forecast_accuracy (
    series_key   text NOT NULL,
    model        text NOT NULL,
    horizon      integer NOT NULL CHECK (horizon > 0),
    mase         double precision,
    smape        double precision,
    coverage80   double precision,
    coverage95   double precision,
    origins      integer NOT NULL,
    points       integer NOT NULL,
    evaluated_at timestamptz NOT NULL,
    PRIMARY KEY (series_key, model, horizon, evaluated_at)
);

CREATE TABLE IF NOT EXISTS finops.forecast_runs (
    issued_at   timestamptz PRIMARY KEY,
    as_of       date NOT NULL,
    horizon     integer NOT NULL,
    series      integer NOT NULL,
    forecast    integer NOT NULL,
    skipped     integer NOT NULL,
    scored      integer NOT NULL,
    seconds     double precision NOT NULL
);

-- The latest issue of every series with its labels.
CREATE OR REPLACE VIEW finops.forecast_latest AS
SELECT f.series_key, s.kind, s.labels, s.unit, f.issued_at, f.origin, f.target,
       f.target - f.origin + 1 AS horizon, f.yhat, f.lo80, f.hi80, f.lo95, f.hi95, f.model
FROM finops.forecasts f
JOIN finops.forecast_series s ON s.series_key = f.series_key AND s.origin = f.origin;

CREATE OR REPLACE VIEW finops.forecast_accuracy_latest AS
SELECT DISTINCT ON (series_key, model, horizon) *
FROM finops.forecast_accuracy
ORDER BY series_key, model, horizon, evaluated_at DESC;
