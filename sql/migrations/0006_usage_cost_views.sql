-- Usage next to cost, per resource: the samples of one usage metric (series labelled `resource_id`, e.g. the
-- Azure exporter's azure_vm_cpu_utilization_percent) joined with the FOCUS cost rows of the same resources.
--
--   SELECT * FROM finops.resource_cost_usage('azure_vm_cpu_utilization_percent',
--                                            '2025-01-15T00:00:00Z', '2025-01-16T00:00:00Z');
--
-- The join key is the resource ID compared case-insensitively: ARM IDs are case-insensitive, exporters expose
-- them lower-cased (exporters/azure/source.py canonical_id) and FOCUS files keep the provider's mixed spelling,
-- so both sides are lower-cased and `resource_id` comes back lower-case.
--
-- The window is [from_time, to_time):
--   * usage: samples with from_time <= time < to_time; NaN values (stale markers included) are left out, so
--     an average is never NaN. Several series of one resource (other job/instance/dimension labels) count
--     together: usage_avg is the mean of all their samples, usage_samples how many there were.
--   * cost: every row with a ResourceId whose charge period [ChargePeriodStart, ChargePeriodEnd) overlaps the
--     window counts in full (no proration: exact sums of the FOCUS amounts, so use windows aligned with the
--     charge periods, e.g. whole days); one result row per resource and BillingCurrency. Rows without a
--     ResourceId (taxes, purchases) have no resource to join and are not returned.
--   * FULL JOIN: a resource with usage but no cost has NULL costs, NULL billing_currency and cost_rows 0; a
--     resource with cost but no usage has NULL usage_avg/usage_max and usage_samples 0.
--
-- Indexes: the usage side is series_metric_name_idx, then samples_series_time_idx (series_id, time) INCLUDE
-- (value) per series, an index-only range scan; the cost side is the FOCUS hypertable's time index plus chunk
-- exclusion. The index below serves the same window on plain PostgreSQL (no hypertable) and keeps rows
-- without a ResourceId out of it.

CREATE INDEX IF NOT EXISTS focus_costs_resource_period_idx
    ON finops.focus_costs (charge_period_start, charge_period_end)
    WHERE resource_id IS NOT NULL;

CREATE OR REPLACE FUNCTION finops.resource_cost_usage(metric text, from_time timestamptz, to_time timestamptz)
RETURNS TABLE (
    resource_id      text,
    billing_currency text,
    billed_cost      numeric,
    effective_cost   numeric,
    cost_rows        bigint,
    usage_avg        double precision,
    usage_max        double precision,
    usage_samples    bigint
)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH usage AS (
        SELECT lower(s.labels ->> 'resource_id') AS resource_id,
               avg(d.value) AS usage_avg,
               max(d.value) AS usage_max,
               count(*) AS usage_samples
        FROM finops.series s
        JOIN finops.samples d ON d.series_id = s.id
        WHERE s.metric_name = metric
          AND s.labels ? 'resource_id'
          AND d.time >= from_time AND d.time < to_time
          AND d.value <> 'NaN'::double precision  -- every NaN compares equal in SQL: drops stale markers too
        GROUP BY 1
    ), cost AS (
        SELECT lower(c.resource_id) AS resource_id,
               c.billing_currency,
               sum(c.billed_cost) AS billed_cost,
               sum(c.effective_cost) AS effective_cost,
               count(*) AS cost_rows
        FROM finops.focus_costs c
        WHERE c.resource_id IS NOT NULL
          AND c.resource_id <> ''
          AND c.charge_period_start < to_time
          AND coalesce(c.charge_period_end, c.charge_period_start) > from_time
        GROUP BY 1, 2
    )
    SELECT coalesce(u.resource_id, c.resource_id),
           c.billing_currency,
           c.billed_cost,
           c.effective_cost,
           coalesce(c.cost_rows, 0),
           u.usage_avg,
           u.usage_max,
           coalesce(u.usage_samples, 0)
    FROM usage u
    FULL JOIN cost c ON c.resource_id = u.resource_id
    ORDER BY 1, 2
$$;

COMMENT ON FUNCTION finops.resource_cost_usage(text, timestamptz, timestamptz) IS
    'Per resource (lower-case ID): FOCUS billed/effective cost of charge periods overlapping [from, to) and '
    'avg/max/count of a usage metric''s samples in [from, to); FULL JOIN on lower(resource_id)';
