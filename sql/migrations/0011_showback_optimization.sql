-- Showback, chargeback, cost allocation, the FOCUS use-case library, cost anomalies and rightsizing inputs.
-- `finops report …` (reports/) runs these functions; Grafana and psql call the same ones.
--
-- Conventions of every function here:
--   * windows are [from_time, to_time) on ChargePeriodStart (as `finops focus export --from/--to`);
--   * costs are NUMERIC end to end and never summed across currencies: every result is per BillingCurrency;
--   * a dimension is a FOCUS column (PascalCase `ServiceName` or snake_case `service_name`) or `tag:<key>`;
--     a tag's value is read from Tags, overridden by AllocatedTags on split rows; a missing, null or empty
--     value is the explicit untagged bucket;
--   * credits and other negative costs are summed as they are (a credit lowers its bucket).

-- ------------------------------------------------------------------------------------------------------------
-- Exact splitting of one amount by weights (largest remainder method)
-- ------------------------------------------------------------------------------------------------------------
-- The parts are multiples of 10^-s with s = greatest(scale(amount), min_scale), each within one such unit of
-- amount * w_i / sum(w), and they sum EXACTLY to amount: the weights are scaled to integers and the quotients
-- taken with numeric div/mod (exact integer arithmetic), the units left over go to the largest remainders
-- (ties to the lower index). A negative amount is split by its absolute value and the sign put back, so a
-- credit splits exactly like a charge. Weights must be non-negative with a positive sum.
CREATE OR REPLACE FUNCTION finops.split_amount(amount numeric, weights numeric[], min_scale integer DEFAULT 10)
RETURNS numeric[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    n integer := coalesce(array_length(weights, 1), 0);
    wscale integer := 0;
    s integer;
    w numeric[];
    total numeric := 0;
    units numeric;
    q numeric[];
    r numeric[];
    given numeric := 0;
    leftover integer;
    idx integer;
    result numeric[];
    unit numeric;
BEGIN
    IF n = 0 THEN
        RAISE EXCEPTION 'split_amount: no weights' USING ERRCODE = '22023';
    END IF;
    FOR i IN 1..n LOOP
        IF weights[i] IS NULL OR weights[i] < 0 THEN
            RAISE EXCEPTION 'split_amount: weight % is %, weights must be non-negative numbers', i, weights[i]
                USING ERRCODE = '22023';
        END IF;
        wscale := greatest(wscale, scale(weights[i]));
    END LOOP;
    w := ARRAY(SELECT trunc(x * ('1e' || wscale)::numeric) FROM unnest(weights) AS x);
    SELECT sum(x) INTO total FROM unnest(w) AS x;
    IF total = 0 THEN
        RAISE EXCEPTION 'split_amount: the weights sum to zero' USING ERRCODE = '22023';
    END IF;
    IF amount IS NULL THEN
        RETURN array_fill(NULL::numeric, ARRAY[n]);
    END IF;
    s := greatest(scale(amount), min_scale);
    units := trunc(abs(amount) * ('1e' || s)::numeric);
    q := array_fill(0::numeric, ARRAY[n]);
    r := array_fill(0::numeric, ARRAY[n]);
    FOR i IN 1..n LOOP
        q[i] := div(units * w[i], total);
        r[i] := mod(units * w[i], total);
        given := given + q[i];
    END LOOP;
    leftover := (units - given)::integer;  -- 0 <= leftover < n
    IF leftover > 0 THEN
        FOR idx IN
            SELECT i FROM unnest(r) WITH ORDINALITY AS t(rem, i) ORDER BY rem DESC, i LIMIT leftover
        LOOP
            q[idx] := q[idx] + 1;
        END LOOP;
    END IF;
    unit := ('1e-' || s)::numeric;
    result := ARRAY(SELECT x * unit * sign(amount) FROM unnest(q) AS x);
    IF amount = 0 THEN
        result := ARRAY(SELECT abs(x) FROM unnest(result) AS x);  -- no negative zeros in the output
    END IF;
    RETURN result;
END
$$;

COMMENT ON FUNCTION finops.split_amount(numeric, numeric[], integer) IS
    'Exact split of amount by non-negative weights (largest remainder at scale greatest(scale(amount), '
    'min_scale)); the parts sum exactly to amount';

-- ------------------------------------------------------------------------------------------------------------
-- Dimensions and tags
-- ------------------------------------------------------------------------------------------------------------
-- Tags of a row as showback sees them: Tags, with AllocatedTags (split rows) winning on the same key.
CREATE OR REPLACE FUNCTION finops.effective_tags(tags jsonb, allocated_tags jsonb)
RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN jsonb_typeof(tags) = 'object' THEN tags ELSE '{}'::jsonb END
        || CASE WHEN jsonb_typeof(allocated_tags) = 'object' THEN allocated_tags ELSE '{}'::jsonb END
$$;

-- A tag's value; NULL (the untagged bucket) when the key is absent, JSON null or an empty string.
CREATE OR REPLACE FUNCTION finops.tag_value(tags jsonb, allocated_tags jsonb, key text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT nullif(finops.effective_tags(tags, allocated_tags) ->> key, '')
$$;

-- The SQL expression of a dimension over finops.focus_costs columns; raises on an unknown one.
CREATE OR REPLACE FUNCTION finops.dimension_expression(dimension text)
RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    col text;
    known text;
BEGIN
    IF dimension IS NULL OR btrim(dimension) = '' THEN
        RAISE EXCEPTION 'empty dimension' USING ERRCODE = '22023',
            HINT = 'use a FOCUS column such as ServiceName or tag:<key>';
    END IF;
    IF lower(dimension) LIKE 'tag:%' THEN
        IF length(dimension) = 4 THEN
            RAISE EXCEPTION 'empty tag key in dimension %', dimension USING ERRCODE = '22023';
        END IF;
        RETURN format('finops.tag_value(tags, allocated_tags, %L)', substr(dimension, 5));
    END IF;
    col := lower(regexp_replace(dimension, '([a-z0-9])([A-Z])', '\1_\2', 'g'));
    IF NOT EXISTS (
        SELECT 1 FROM information_schema.columns
        WHERE table_schema = 'finops' AND table_name = 'focus_costs' AND column_name = col
          AND data_type IN ('text', 'timestamp with time zone')
          AND column_name NOT IN ('row_id', 'source', 'focus_version')
    ) THEN
        SELECT string_agg(c, ', ' ORDER BY c) INTO known FROM (
            SELECT replace(initcap(replace(column_name, '_', ' ')), ' ', '') AS c
            FROM information_schema.columns
            WHERE table_schema = 'finops' AND table_name = 'focus_costs' AND data_type = 'text'
              AND column_name NOT IN ('row_id', 'source', 'focus_version')) k;
        RAISE EXCEPTION 'unknown dimension %', dimension USING ERRCODE = '22023',
            HINT = 'use tag:<key> or one of the FOCUS dimensions: ' || known;
    END IF;
    RETURN format('nullif(%I::text, %L)', col, '');
END
$$;

-- ------------------------------------------------------------------------------------------------------------
-- Cost allocation: split rows (FOCUS 1.3 split cost allocation)
-- ------------------------------------------------------------------------------------------------------------
-- A run of `finops report allocate`: the rules as applied, the window, and what came out.
CREATE TABLE IF NOT EXISTS finops.allocation_runs (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    from_time  timestamptz NOT NULL,
    to_time    timestamptz NOT NULL,
    rules      jsonb NOT NULL,
    summary    jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The split rows: each a copy of its origin FOCUS row with the costs and quantities split and the Allocated*
-- columns set; the origin's costs at split time are kept, so a restated origin shows unsplit until the next
-- run instead of two inconsistent versions.
CREATE TABLE IF NOT EXISTS finops.allocation_rows (
    LIKE finops.focus_costs INCLUDING DEFAULTS,
    run_id                     bigint NOT NULL REFERENCES finops.allocation_runs (id) ON DELETE CASCADE,
    rule                       text NOT NULL,
    origin_row_id              text NOT NULL,
    origin_charge_period_start timestamptz NOT NULL,
    origin_billed_cost         numeric,
    origin_effective_cost      numeric,
    origin_list_cost           numeric,
    origin_contracted_cost     numeric
);
CREATE INDEX IF NOT EXISTS allocation_rows_origin_idx
    ON finops.allocation_rows (origin_row_id, origin_charge_period_start);
CREATE INDEX IF NOT EXISTS allocation_rows_period_idx ON finops.allocation_rows (origin_charge_period_start);

-- The bill with allocations applied: every FOCUS row that no current split replaces, plus the split rows of
-- origins that still exist with the costs they were split from. Same columns as finops.focus_costs, so
-- focus.export can write it as a FOCUS file. Sums per billing period and currency equal finops.focus_costs.
DO $migration$
DECLARE
    cols text;
    acols text;
BEGIN
    SELECT string_agg(format('%I', attname), ', ' ORDER BY attnum),
           string_agg(format('a.%I', attname), ', ' ORDER BY attnum)
      INTO cols, acols
    FROM pg_attribute
    WHERE attrelid = 'finops.focus_costs'::regclass AND attnum > 0 AND NOT attisdropped;
    EXECUTE format($view$
        CREATE OR REPLACE VIEW finops.focus_allocated AS
        SELECT %1$s FROM finops.focus_costs c
        WHERE NOT EXISTS (
            SELECT 1 FROM finops.allocation_rows a
            WHERE a.origin_row_id = c.row_id AND a.origin_charge_period_start = c.charge_period_start
              AND a.origin_billed_cost IS NOT DISTINCT FROM c.billed_cost
              AND a.origin_effective_cost IS NOT DISTINCT FROM c.effective_cost
              AND a.origin_list_cost IS NOT DISTINCT FROM c.list_cost
              AND a.origin_contracted_cost IS NOT DISTINCT FROM c.contracted_cost)
        UNION ALL
        SELECT %2$s FROM finops.allocation_rows a
        JOIN finops.focus_costs c
          ON c.row_id = a.origin_row_id AND c.charge_period_start = a.origin_charge_period_start
         AND a.origin_billed_cost IS NOT DISTINCT FROM c.billed_cost
         AND a.origin_effective_cost IS NOT DISTINCT FROM c.effective_cost
         AND a.origin_list_cost IS NOT DISTINCT FROM c.list_cost
         AND a.origin_contracted_cost IS NOT DISTINCT FROM c.contracted_cost
    $view$, cols, acols);
END
$migration$;

COMMENT ON VIEW finops.focus_allocated IS
    'FOCUS rows with current split-cost allocations applied (split rows replace their origin); '
    'same columns as finops.focus_costs';

-- Tag keys present in a window, with how much cost carries each.
CREATE OR REPLACE FUNCTION finops.tag_keys(from_time timestamptz, to_time timestamptz)
RETURNS TABLE (tag_key text, rows bigint, billing_currency text, effective_cost numeric)
LANGUAGE sql STABLE AS $$
    SELECT k, count(*), a.billing_currency, sum(a.effective_cost)
    FROM finops.focus_allocated a, jsonb_object_keys(finops.effective_tags(a.tags, a.allocated_tags)) AS k
    WHERE a.charge_period_start >= from_time AND a.charge_period_start < to_time
    GROUP BY k, a.billing_currency
    ORDER BY k, a.billing_currency
$$;

-- ------------------------------------------------------------------------------------------------------------
-- Showback and chargeback
-- ------------------------------------------------------------------------------------------------------------
-- Cost per value of a dimension (and currency), with the untagged bucket explicit (`untagged` true, key
-- '(untagged)' for tags, '(none)' for columns) and each line's share of the currency's EffectiveCost.
-- `allocated` reads finops.focus_allocated (split rows), else the bill as loaded.
CREATE OR REPLACE FUNCTION finops.showback(dimension text, from_time timestamptz, to_time timestamptz,
                                           allocated boolean DEFAULT true)
RETURNS TABLE (key text, billing_currency text, billed_cost numeric, effective_cost numeric, list_cost numeric,
               contracted_cost numeric, rows bigint, effective_percent numeric, untagged boolean)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    expr text := finops.dimension_expression(dimension);
    bucket text := CASE WHEN lower(dimension) LIKE 'tag:%' THEN '(untagged)' ELSE '(none)' END;
BEGIN
    RETURN QUERY EXECUTE format($q$
        WITH g AS (
            SELECT %s AS k, c.billing_currency AS cur, sum(c.billed_cost) AS b, sum(c.effective_cost) AS e,
                   sum(c.list_cost) AS l, sum(c.contracted_cost) AS ct, count(*) AS n
            FROM %s c
            WHERE c.charge_period_start >= $1 AND c.charge_period_start < $2
            GROUP BY 1, 2)
        SELECT coalesce(k, %L), cur, b, e, l, ct, n,
               CASE WHEN sum(e) OVER (PARTITION BY cur) <> 0
                    THEN round(100 * e / sum(e) OVER (PARTITION BY cur), 2) END,
               k IS NULL
        FROM g
        ORDER BY cur, e DESC NULLS LAST, k IS NULL, k
    $q$, expr, CASE WHEN allocated THEN 'finops.focus_allocated' ELSE 'finops.focus_costs' END, bucket)
    USING from_time, to_time;
END
$$;

-- Tag coverage (the FOCUS use case): the share of EffectiveCost on rows that carry a value for the key.
-- Credits count with their sign, as in the use case's SUM(EffectiveCost).
CREATE OR REPLACE FUNCTION finops.tag_coverage(keys text[], from_time timestamptz, to_time timestamptz,
                                               allocated boolean DEFAULT true)
RETURNS TABLE (tag_key text, billing_currency text, tagged_effective_cost numeric, total_effective_cost numeric,
               coverage_percent numeric, tagged_rows bigint, rows bigint)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY EXECUTE format($q$
        SELECT k, c.billing_currency,
               coalesce(sum(c.effective_cost) FILTER (WHERE finops.tag_value(c.tags, c.allocated_tags, k) IS NOT NULL), 0),
               sum(c.effective_cost),
               CASE WHEN sum(c.effective_cost) <> 0 THEN round(100 * coalesce(sum(c.effective_cost)
                    FILTER (WHERE finops.tag_value(c.tags, c.allocated_tags, k) IS NOT NULL), 0)
                    / sum(c.effective_cost), 2) END,
               count(*) FILTER (WHERE finops.tag_value(c.tags, c.allocated_tags, k) IS NOT NULL),
               count(*)
        FROM %s c, unnest($3::text[]) AS k
        WHERE c.charge_period_start >= $1 AND c.charge_period_start < $2
        GROUP BY k, c.billing_currency
        ORDER BY k, c.billing_currency
    $q$, CASE WHEN allocated THEN 'finops.focus_allocated' ELSE 'finops.focus_costs' END)
    USING from_time, to_time, keys;
END
$$;

-- ------------------------------------------------------------------------------------------------------------
-- The FOCUS use-case library
-- ------------------------------------------------------------------------------------------------------------
-- Commitment discount utilization: per commitment, the EffectiveCost of Used and Unused rows;
-- utilization = used / (used + unused).
CREATE OR REPLACE FUNCTION finops.commitment_utilization(from_time timestamptz, to_time timestamptz)
RETURNS TABLE (provider text, billing_account_id text, commitment_discount_id text,
               commitment_discount_type text, commitment_discount_category text, billing_currency text,
               used_cost numeric, unused_cost numeric, utilization_percent numeric)
LANGUAGE sql STABLE AS $$
    SELECT coalesce(service_provider_name, provider_name), billing_account_id, commitment_discount_id,
           max(commitment_discount_type), max(commitment_discount_category), billing_currency,
           coalesce(sum(effective_cost) FILTER (WHERE commitment_discount_status = 'Used'), 0),
           coalesce(sum(effective_cost) FILTER (WHERE commitment_discount_status = 'Unused'), 0),
           CASE WHEN coalesce(sum(effective_cost) FILTER (WHERE commitment_discount_status IN ('Used', 'Unused')), 0) <> 0
                THEN round(100 * coalesce(sum(effective_cost) FILTER (WHERE commitment_discount_status = 'Used'), 0)
                     / sum(effective_cost) FILTER (WHERE commitment_discount_status IN ('Used', 'Unused')), 2) END
    FROM finops.focus_costs
    WHERE commitment_discount_id IS NOT NULL AND commitment_discount_status IN ('Used', 'Unused')
      AND charge_period_start >= from_time AND charge_period_start < to_time
    GROUP BY 1, 2, 3, 6
    ORDER BY 1, 2, 3, 6
$$;

-- Commitment discount coverage: the share of Usage EffectiveCost that a commitment covered, per provider,
-- service and region (FOCUS has no eligibility column: every Usage row counts as eligible).
CREATE OR REPLACE FUNCTION finops.commitment_coverage(from_time timestamptz, to_time timestamptz)
RETURNS TABLE (provider text, service_name text, region_id text, billing_currency text, covered_cost numeric,
               uncovered_cost numeric, coverage_percent numeric)
LANGUAGE sql STABLE AS $$
    SELECT coalesce(service_provider_name, provider_name), service_name, region_id, billing_currency,
           coalesce(sum(effective_cost) FILTER (WHERE commitment_discount_status = 'Used'), 0),
           coalesce(sum(effective_cost) FILTER (WHERE commitment_discount_status IS DISTINCT FROM 'Used'), 0),
           CASE WHEN sum(effective_cost) <> 0
                THEN round(100 * coalesce(sum(effective_cost) FILTER (WHERE commitment_discount_status = 'Used'), 0)
                     / sum(effective_cost), 2) END
    FROM finops.focus_costs
    WHERE charge_category = 'Usage' AND commitment_discount_status IS DISTINCT FROM 'Unused'
      AND charge_period_start >= from_time AND charge_period_start < to_time
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
$$;

-- Effective savings rate: (ListCost - EffectiveCost) / ListCost over Usage rows that are not corrections (the
-- FOCUS use case's filter), and the same against ContractedCost, per provider, sub account and currency.
CREATE OR REPLACE FUNCTION finops.effective_savings_rate(from_time timestamptz, to_time timestamptz)
RETURNS TABLE (provider text, sub_account_id text, billing_currency text, list_cost numeric,
               contracted_cost numeric, effective_cost numeric, savings numeric, esr_percent numeric,
               contracted_esr_percent numeric)
LANGUAGE sql STABLE AS $$
    SELECT coalesce(service_provider_name, provider_name), sub_account_id, billing_currency,
           sum(list_cost), sum(contracted_cost), sum(effective_cost), sum(list_cost) - sum(effective_cost),
           CASE WHEN sum(list_cost) <> 0 THEN round(100 * (sum(list_cost) - sum(effective_cost)) / sum(list_cost), 2) END,
           CASE WHEN sum(contracted_cost) <> 0
                THEN round(100 * (sum(contracted_cost) - sum(effective_cost)) / sum(contracted_cost), 2) END
    FROM finops.focus_costs
    WHERE charge_category = 'Usage' AND charge_class IS DISTINCT FROM 'Correction'
      AND charge_period_start >= from_time AND charge_period_start < to_time
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
$$;

-- Unused commitments (the FOCUS use case's query) and unused capacity reservations, in one list.
CREATE OR REPLACE FUNCTION finops.unused_commitments(from_time timestamptz, to_time timestamptz)
RETURNS TABLE (kind text, provider text, billing_account_id text, id text, type text, billing_currency text,
               billed_cost numeric, effective_cost numeric)
LANGUAGE sql STABLE AS $$
    SELECT 'commitment discount', coalesce(service_provider_name, provider_name), billing_account_id,
           commitment_discount_id, commitment_discount_type, billing_currency, sum(billed_cost), sum(effective_cost)
    FROM finops.focus_costs
    WHERE commitment_discount_status = 'Unused'
      AND charge_period_start >= from_time AND charge_period_start < to_time
    GROUP BY 2, 3, 4, 5, 6
    UNION ALL
    SELECT 'capacity reservation', coalesce(service_provider_name, provider_name), billing_account_id,
           capacity_reservation_id, NULL, billing_currency, sum(billed_cost), sum(effective_cost)
    FROM finops.focus_costs
    WHERE capacity_reservation_status = 'Unused'
      AND charge_period_start >= from_time AND charge_period_start < to_time
    GROUP BY 2, 3, 4, 5, 6
    ORDER BY 8 DESC, 1, 4
$$;

-- Month over month per value of a dimension: EffectiveCost per calendar month (UTC, of ChargePeriodStart),
-- the previous month's and the change.
CREATE OR REPLACE FUNCTION finops.cost_trend(dimension text, from_time timestamptz, to_time timestamptz)
RETURNS TABLE (month date, key text, billing_currency text, effective_cost numeric,
               previous_effective_cost numeric, change numeric, change_percent numeric)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY EXECUTE format($q$
        WITH m AS (
            SELECT (date_trunc('month', c.charge_period_start AT TIME ZONE 'UTC'))::date AS mon,
                   coalesce(%s, '(none)') AS k, c.billing_currency AS cur, sum(c.effective_cost) AS e
            FROM finops.focus_allocated c
            WHERE c.charge_period_start >= $1 AND c.charge_period_start < $2
            GROUP BY 1, 2, 3),
        keys AS (SELECT DISTINCT k, cur FROM m),
        months AS (SELECT DISTINCT mon FROM m),
        grid AS (
            SELECT months.mon, keys.k, keys.cur, coalesce(m.e, 0) AS e
            FROM months CROSS JOIN keys LEFT JOIN m USING (mon, k, cur))
        SELECT mon, k, cur, e, lag(e) OVER w, e - lag(e) OVER w,
               CASE WHEN lag(e) OVER w <> 0 THEN round(100 * (e - lag(e) OVER w) / abs(lag(e) OVER w), 2) END
        FROM grid
        WINDOW w AS (PARTITION BY k, cur ORDER BY mon)
        ORDER BY mon, cur, e DESC, k
    $q$, finops.dimension_expression(dimension))
    USING from_time, to_time;
END
$$;

-- Budget vs actual per calendar month. budgets: [{"name", "dimension" (optional), "value" (optional),
-- "amount", "currency"}]; a budget without dimension covers everything. Costs of the scope in another
-- currency are never converted: they are reported in other_currency_cost (with their currencies), and the
-- CLI refuses such a budget.
CREATE OR REPLACE FUNCTION finops.budget_vs_actual(budgets jsonb, from_time timestamptz, to_time timestamptz)
RETURNS TABLE (budget text, month date, billing_currency text, budget_amount numeric, actual numeric,
               remaining numeric, used_percent numeric, forecast numeric, other_currencies text[],
               other_currency_cost numeric)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    b jsonb;
    expr text;
    scope text;
BEGIN
    FOR b IN SELECT * FROM jsonb_array_elements(budgets) LOOP
        IF b ? 'dimension' AND b ->> 'dimension' IS NOT NULL THEN
            expr := finops.dimension_expression(b ->> 'dimension');
            scope := format('%s IS NOT DISTINCT FROM %L', expr, b ->> 'value');
        ELSE
            scope := 'TRUE';
        END IF;
        RETURN QUERY EXECUTE format($q$
            WITH months AS (
                SELECT generate_series(date_trunc('month', $1 AT TIME ZONE 'UTC'),
                                       date_trunc('month', ($2 - interval '1 microsecond') AT TIME ZONE 'UTC'),
                                       interval '1 month')::date AS mon),
            c AS (
                SELECT (date_trunc('month', f.charge_period_start AT TIME ZONE 'UTC'))::date AS mon,
                       f.billing_currency AS cur, f.effective_cost AS e, f.charge_period_start AS t
                FROM finops.focus_allocated f
                WHERE f.charge_period_start >= $1 AND f.charge_period_start < $2 AND (%s))
            SELECT $3::text, months.mon, $4::text, $5::numeric,
                   coalesce(sum(c.e) FILTER (WHERE c.cur = $4), 0),
                   $5::numeric - coalesce(sum(c.e) FILTER (WHERE c.cur = $4), 0),
                   CASE WHEN $5::numeric <> 0
                        THEN round(100 * coalesce(sum(c.e) FILTER (WHERE c.cur = $4), 0) / $5::numeric, 2) END,
                   -- linear run rate to the month's end, from the last charge period seen in the month
                   CASE WHEN max(c.t) FILTER (WHERE c.cur = $4) IS NULL THEN NULL
                        ELSE round(coalesce(sum(c.e) FILTER (WHERE c.cur = $4), 0)
                             * extract(epoch FROM (months.mon + interval '1 month') - months.mon::timestamp)
                             / greatest(extract(epoch FROM (date_trunc('day', max(c.t) FILTER (WHERE c.cur = $4)
                                        AT TIME ZONE 'UTC') + interval '1 day') - months.mon::timestamp), 1), 2) END,
                   array_remove(array_agg(DISTINCT c.cur) FILTER (WHERE c.cur <> $4), NULL),
                   coalesce(sum(c.e) FILTER (WHERE c.cur <> $4), 0)
            FROM months LEFT JOIN c ON c.mon = months.mon
            GROUP BY months.mon
            ORDER BY months.mon
        $q$, scope)
        USING from_time, to_time, b ->> 'name', b ->> 'currency', (b ->> 'amount')::numeric;
    END LOOP;
END
$$;

-- ------------------------------------------------------------------------------------------------------------
-- Usage from the stored samples
-- ------------------------------------------------------------------------------------------------------------
-- Increase of a counter per bucket and series: sums of positive steps, a drop counting as a reset (the new
-- value is the increase, as PromQL's increase()); each step belongs to the bucket of its later sample. One
-- sample before the window (up to 10 minutes) is read so the first step inside it counts. NaN (stale markers
-- included) is left out. Series are those of `metric` whose labels contain `matcher`.
CREATE OR REPLACE FUNCTION finops.counter_increase(metric text, matcher jsonb, from_time timestamptz,
                                                   to_time timestamptz, bucket interval)
RETURNS TABLE (bucket_start timestamptz, series_id bigint, increase double precision)
LANGUAGE sql STABLE AS $$
    WITH s AS (
        SELECT d.series_id, d.time, d.value,
               lag(d.value) OVER (PARTITION BY d.series_id ORDER BY d.time) AS prev
        FROM finops.series r
        JOIN finops.series_samples(ARRAY(SELECT id FROM finops.series WHERE metric_name = metric AND labels @> matcher),
                                   from_time - interval '10 minutes', to_time) d ON d.series_id = r.id
        WHERE r.metric_name = metric AND r.labels @> matcher
          AND d.time >= from_time - interval '10 minutes' AND d.time < to_time
          AND d.value <> 'NaN'::double precision)
    SELECT date_bin(bucket, s.time, from_time), s.series_id,
           sum(CASE WHEN s.value >= s.prev THEN s.value - s.prev ELSE s.value END)
    FROM s
    WHERE s.time >= from_time AND s.prev IS NOT NULL
    GROUP BY 1, 2
$$;

-- Integral of a gauge over time per bucket and series (value x seconds): each sample holds until the next
-- one, at most `max_hold` (Prometheus' 5-minute lookback by default) and never past the window.
CREATE OR REPLACE FUNCTION finops.gauge_integral(metric text, matcher jsonb, from_time timestamptz,
                                                 to_time timestamptz, bucket interval,
                                                 max_hold interval DEFAULT interval '5 minutes')
RETURNS TABLE (bucket_start timestamptz, series_id bigint, value_seconds double precision)
LANGUAGE sql STABLE AS $$
    WITH s AS (
        SELECT d.series_id, d.time, d.value,
               lead(d.time) OVER (PARTITION BY d.series_id ORDER BY d.time) AS next_time
        FROM finops.series r
        JOIN finops.series_samples(ARRAY(SELECT id FROM finops.series WHERE metric_name = metric AND labels @> matcher),
                                   from_time, to_time) d ON d.series_id = r.id
        WHERE r.metric_name = metric AND r.labels @> matcher
          AND d.time >= from_time AND d.time < to_time
          AND d.value <> 'NaN'::double precision)
    SELECT date_bin(bucket, s.time, from_time), s.series_id,
           sum(s.value * extract(epoch FROM least(coalesce(s.next_time, to_time), s.time + max_hold, to_time) - s.time))
    FROM s
    GROUP BY 1, 2
$$;

-- Kubernetes: CPU and memory per pod and node per bucket from kube-state-metrics requests and cAdvisor usage
-- (core-hours and GiB-hours). A pod's node comes from the series' `node` label, else kube_pod_info.
-- cAdvisor's pod-level cgroup series (container "" or "POD") are left out, so nothing counts twice.
CREATE OR REPLACE FUNCTION finops.kubernetes_pod_usage(from_time timestamptz, to_time timestamptz,
                                                       bucket interval DEFAULT interval '1 hour')
RETURNS TABLE (bucket_start timestamptz, node text, namespace text, pod text, cpu_request_core_hours double precision,
               cpu_usage_core_hours double precision, memory_request_gib_hours double precision,
               memory_usage_gib_hours double precision)
LANGUAGE sql STABLE AS $$
    WITH pod_node AS (
        SELECT DISTINCT ON (labels ->> 'namespace', labels ->> 'pod')
               labels ->> 'namespace' AS namespace, labels ->> 'pod' AS pod, labels ->> 'node' AS node
        FROM finops.series
        WHERE metric_name IN ('kube_pod_info', 'kube_pod_container_resource_requests') AND labels ? 'node'
        ORDER BY labels ->> 'namespace', labels ->> 'pod', id DESC),
    parts AS (
        SELECT g.bucket_start, r.labels, g.value_seconds / 3600 AS cpu_req, 0::float8 AS cpu_use,
               0::float8 AS mem_req, 0::float8 AS mem_use
        FROM finops.gauge_integral('kube_pod_container_resource_requests', '{"resource": "cpu"}', from_time,
                                   to_time, bucket) g JOIN finops.series r ON r.id = g.series_id
        UNION ALL
        SELECT g.bucket_start, r.labels, 0, g.increase / 3600, 0, 0
        FROM finops.counter_increase('container_cpu_usage_seconds_total', '{}', from_time, to_time, bucket) g
        JOIN finops.series r ON r.id = g.series_id
        WHERE coalesce(r.labels ->> 'container', '') NOT IN ('', 'POD')
        UNION ALL
        SELECT g.bucket_start, r.labels, 0, 0, g.value_seconds / 3600 / 1073741824, 0
        FROM finops.gauge_integral('kube_pod_container_resource_requests', '{"resource": "memory"}', from_time,
                                   to_time, bucket) g JOIN finops.series r ON r.id = g.series_id
        UNION ALL
        SELECT g.bucket_start, r.labels, 0, 0, 0, g.value_seconds / 3600 / 1073741824
        FROM finops.gauge_integral('container_memory_working_set_bytes', '{}', from_time, to_time, bucket) g
        JOIN finops.series r ON r.id = g.series_id
        WHERE coalesce(r.labels ->> 'container', '') NOT IN ('', 'POD'))
    SELECT p.bucket_start, coalesce(p.labels ->> 'node', pn.node), p.labels ->> 'namespace', p.labels ->> 'pod',
           sum(p.cpu_req), sum(p.cpu_use), sum(p.mem_req), sum(p.mem_use)
    FROM parts p
    LEFT JOIN pod_node pn ON pn.namespace = p.labels ->> 'namespace' AND pn.pod = p.labels ->> 'pod'
    WHERE p.labels ? 'namespace' AND p.labels ? 'pod'
    GROUP BY 1, 2, 3, 4
$$;

-- Kubernetes nodes: capacity per bucket (core-hours, GiB-hours from kube_node_status_capacity) and the key
-- that finds their FOCUS rows: from kube_node_info's provider_id the Azure resource path (a scale set
-- instance also under its scale set, which Azure bills), the AWS instance id or the GCE instance name; the
-- node name otherwise.
CREATE OR REPLACE FUNCTION finops.kubernetes_nodes(from_time timestamptz, to_time timestamptz,
                                                   bucket interval DEFAULT interval '1 hour')
RETURNS TABLE (bucket_start timestamptz, node text, resource_keys text[], cpu_core_hours double precision,
               memory_gib_hours double precision)
LANGUAGE sql STABLE AS $$
    WITH info AS (
        SELECT DISTINCT ON (labels ->> 'node') labels ->> 'node' AS node,
               lower(coalesce(labels ->> 'provider_id', '')) AS pid
        FROM finops.series WHERE metric_name = 'kube_node_info' AND labels ? 'node'
        ORDER BY labels ->> 'node', id DESC),
    keys AS (
        SELECT node, array_remove(ARRAY[
                   lower(node),
                   CASE WHEN pid LIKE 'azure://%' THEN regexp_replace(pid, '^azure://', '') END,
                   CASE WHEN pid LIKE 'azure://%/virtualmachinescalesets/%/virtualmachines/%'
                        THEN regexp_replace(regexp_replace(pid, '^azure://', ''), '/virtualmachines/[^/]+$', '') END,
                   CASE WHEN pid LIKE 'aws://%' OR pid LIKE 'gce://%' THEN regexp_replace(pid, '^.*/', '') END],
                   NULL) AS resource_keys
        FROM info),
    cap AS (
        SELECT g.bucket_start, r.labels ->> 'node' AS node,
               sum(g.value_seconds) FILTER (WHERE r.labels ->> 'resource' = 'cpu') / 3600 AS cpu,
               sum(g.value_seconds) FILTER (WHERE r.labels ->> 'resource' = 'memory') / 3600 / 1073741824 AS mem
        FROM finops.gauge_integral('kube_node_status_capacity', '{}', from_time, to_time, bucket) g
        JOIN finops.series r ON r.id = g.series_id
        WHERE r.labels ? 'node'
        GROUP BY 1, 2)
    SELECT cap.bucket_start, cap.node, coalesce(keys.resource_keys, ARRAY[lower(cap.node)]),
           coalesce(cap.cpu, 0), coalesce(cap.mem, 0)
    FROM cap LEFT JOIN keys USING (node)
$$;

-- Unit economics: daily EffectiveCost (optionally of one dimension value) divided by the day's increase of a
-- business counter (or the day's average of a gauge) stored from Prometheus, per currency.
CREATE OR REPLACE FUNCTION finops.unit_cost(metric text, from_time timestamptz, to_time timestamptz,
                                            matcher jsonb DEFAULT '{}', kind text DEFAULT 'counter',
                                            dimension text DEFAULT NULL, dimension_value text DEFAULT NULL)
RETURNS TABLE (day date, billing_currency text, effective_cost numeric, units double precision,
               cost_per_unit numeric)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    scope text := 'TRUE';
BEGIN
    IF kind NOT IN ('counter', 'gauge') THEN
        RAISE EXCEPTION 'unit_cost: kind must be counter or gauge, not %', kind USING ERRCODE = '22023';
    END IF;
    IF dimension IS NOT NULL THEN
        scope := format('%s IS NOT DISTINCT FROM %L', finops.dimension_expression(dimension), dimension_value);
    END IF;
    RETURN QUERY EXECUTE format($q$
        WITH u AS (
            SELECT (bucket_start AT TIME ZONE 'UTC')::date AS d, sum(increase) AS units
            FROM finops.counter_increase($3, $4, $1, $2, interval '1 day')
            WHERE $5 = 'counter'
            GROUP BY 1),
        g AS (
            SELECT (date_bin(interval '1 day', s.time, $1) AT TIME ZONE 'UTC')::date AS d, avg(s.value) AS units
            FROM finops.series r
            JOIN finops.series_samples(ARRAY(SELECT id FROM finops.series WHERE metric_name = $3 AND labels @> $4),
                                       $1, $2) s ON s.series_id = r.id
            WHERE $5 = 'gauge' AND r.metric_name = $3 AND r.labels @> $4
              AND s.time >= $1 AND s.time < $2 AND s.value <> 'NaN'::double precision
            GROUP BY 1),
        units AS (SELECT d, units FROM u UNION ALL SELECT d, units FROM g),
        c AS (
            SELECT (c.charge_period_start AT TIME ZONE 'UTC')::date AS d, c.billing_currency AS cur,
                   sum(c.effective_cost) AS e
            FROM finops.focus_allocated c
            WHERE c.charge_period_start >= $1 AND c.charge_period_start < $2 AND (%s)
            GROUP BY 1, 2)
        SELECT c.d, c.cur, c.e, units.units,
               CASE WHEN units.units > 0 THEN c.e / units.units::numeric END
        FROM c LEFT JOIN units USING (d)
        ORDER BY c.d, c.cur
    $q$, scope)
    USING from_time, to_time, metric, matcher, kind;
END
$$;

-- ------------------------------------------------------------------------------------------------------------
-- Cost anomalies: daily cost per service against a robust baseline
-- ------------------------------------------------------------------------------------------------------------
-- Per provider, service, currency and day: EffectiveCost (0 on days without rows once the service has been
-- seen), the median of the previous `window_days` days, the MAD, and the band
--   median ± greatest(k × 1.4826 × MAD, min_band_percent % of |median|)
-- (1.4826 × MAD estimates the standard deviation of normal data; the floor keeps flat series from flagging
-- cents). A day is an anomaly when it lies outside the band and at least `min_history` earlier days exist.
CREATE OR REPLACE FUNCTION finops.daily_cost_bands(from_time timestamptz, to_time timestamptz,
                                                   window_days integer DEFAULT 28, k numeric DEFAULT 3,
                                                   min_history integer DEFAULT 7,
                                                   min_band_percent numeric DEFAULT 10)
RETURNS TABLE (day date, provider text, service_name text, billing_currency text, cost numeric,
               baseline numeric, lower_bound numeric, upper_bound numeric, mad numeric, history_days integer,
               is_anomaly boolean, direction text)
LANGUAGE sql STABLE AS $$
    WITH daily AS (
        SELECT (charge_period_start AT TIME ZONE 'UTC')::date AS d,
               coalesce(service_provider_name, provider_name, '') AS p, service_name AS s, billing_currency AS cur,
               sum(effective_cost) AS e
        FROM finops.focus_costs
        WHERE charge_period_start >= from_time - make_interval(days => window_days) AND charge_period_start < to_time
          AND service_name IS NOT NULL
        GROUP BY 1, 2, 3, 4),
    span AS (SELECT p, s, cur, min(d) AS first_day FROM daily GROUP BY 1, 2, 3),
    grid AS (
        SELECT g.d::date AS d, span.p, span.s, span.cur, coalesce(daily.e, 0) AS e
        FROM span
        CROSS JOIN LATERAL generate_series(span.first_day, ((to_time - interval '1 microsecond') AT TIME ZONE 'UTC')::date,
                                           interval '1 day') AS g(d)
        LEFT JOIN daily ON daily.d = g.d::date AND daily.p = span.p AND daily.s = span.s AND daily.cur = span.cur),
    base AS (
        SELECT x.d, x.p, x.s, x.cur, x.e, h.n, h.med
        FROM grid x
        CROSS JOIN LATERAL (
            SELECT count(*)::integer AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY y.e::float8) AS med
            FROM grid y
            WHERE y.p = x.p AND y.s = x.s AND y.cur = x.cur AND y.d < x.d AND y.d >= x.d - window_days) h
        WHERE x.d >= (from_time AT TIME ZONE 'UTC')::date),
    spread AS (
        SELECT b.*, m.mad
        FROM base b
        CROSS JOIN LATERAL (
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(y.e::float8 - b.med)) AS mad
            FROM grid y
            WHERE y.p = b.p AND y.s = b.s AND y.cur = b.cur AND y.d < b.d AND y.d >= b.d - window_days) m),
    band AS (
        SELECT *, greatest(k * 1.4826 * mad::numeric, abs(med::numeric) * min_band_percent / 100) AS half
        FROM spread)
    SELECT d, p, s, cur, e, round(med::numeric, 6), round(med::numeric - half, 6), round(med::numeric + half, 6),
           round(mad::numeric, 6), n,
           n >= min_history AND (e < med::numeric - half OR e > med::numeric + half),
           CASE WHEN n < min_history THEN NULL WHEN e > med::numeric + half THEN 'up'
                WHEN e < med::numeric - half THEN 'down' END
    FROM band
    ORDER BY d, p, s, cur
$$;

-- The bands as detected, stored: one row per day, service and currency, replaced when detected again.
CREATE TABLE IF NOT EXISTS finops.cost_anomalies (
    day              date NOT NULL,
    provider         text NOT NULL,
    service_name     text NOT NULL,
    billing_currency text NOT NULL,
    cost             numeric NOT NULL,
    baseline         numeric,
    lower_bound      numeric,
    upper_bound      numeric,
    mad              numeric,
    history_days     integer NOT NULL,
    is_anomaly       boolean NOT NULL,
    direction        text,
    parameters       jsonb NOT NULL,
    detected_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (day, provider, service_name, billing_currency)
);

CREATE OR REPLACE FUNCTION finops.detect_cost_anomalies(from_time timestamptz, to_time timestamptz,
                                                        window_days integer DEFAULT 28, k numeric DEFAULT 3,
                                                        min_history integer DEFAULT 7,
                                                        min_band_percent numeric DEFAULT 10)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    flagged integer;
BEGIN
    INSERT INTO finops.cost_anomalies AS a (day, provider, service_name, billing_currency, cost, baseline,
                                            lower_bound, upper_bound, mad, history_days, is_anomaly, direction,
                                            parameters)
    SELECT b.day, b.provider, b.service_name, b.billing_currency, b.cost, b.baseline, b.lower_bound,
           b.upper_bound, b.mad, b.history_days, b.is_anomaly, b.direction,
           jsonb_build_object('window_days', window_days, 'k', k, 'min_history', min_history,
                              'min_band_percent', min_band_percent)
    FROM finops.daily_cost_bands(from_time, to_time, window_days, k, min_history, min_band_percent) b
    ON CONFLICT (day, provider, service_name, billing_currency) DO UPDATE SET
        cost = excluded.cost, baseline = excluded.baseline, lower_bound = excluded.lower_bound,
        upper_bound = excluded.upper_bound, mad = excluded.mad, history_days = excluded.history_days,
        is_anomaly = excluded.is_anomaly, direction = excluded.direction, parameters = excluded.parameters,
        detected_at = now();
    SELECT count(*) INTO flagged FROM finops.cost_anomalies
    WHERE is_anomaly AND day >= (from_time AT TIME ZONE 'UTC')::date AND day < (to_time AT TIME ZONE 'UTC')::date;
    RETURN flagged;
END
$$;

-- ------------------------------------------------------------------------------------------------------------
-- Rightsizing: usage statistics per resource, the resources' FOCUS costs and sizes, stored recommendations
-- ------------------------------------------------------------------------------------------------------------
-- CPU, memory and network statistics per resource (lower-cased `resource_label` value) over [from, to):
--   cpu_kind 'percent' (0-100 of the resource) or 'ratio' (0-1) give fractions of the resource; 'cores' gives
--   cores, 'seconds_total' (a counter) cores as the rate between samples;
--   memory_kind 'available_bytes' gives the lowest availability (peak use = size - it), 'used_bytes' the peak;
--   network: per-grain byte gauges (Azure's totals per grain) summed, or with network_kind 'counter' increases;
--   per UTC day: the CPU at `idle_percentile` and the network bytes, for idle detection.
CREATE OR REPLACE FUNCTION finops.rightsizing_usage(
    cpu_metric text, cpu_kind text, memory_metric text, memory_kind text, network_metrics text[],
    network_kind text, resource_label text, from_time timestamptz, to_time timestamptz,
    cpu_percentile double precision DEFAULT 0.995, idle_percentile double precision DEFAULT 0.95)
RETURNS TABLE (resource_id text, cpu_samples bigint, hours_covered bigint, cpu_percentile_value double precision,
               cpu_p99 double precision, cpu_max double precision, cpu_mean double precision,
               memory_value double precision, memory_samples bigint, days date[],
               day_cpu double precision[], day_network_bytes double precision[])
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF cpu_kind NOT IN ('percent', 'ratio', 'cores', 'seconds_total') THEN
        RAISE EXCEPTION 'rightsizing_usage: cpu kind % (use percent, ratio, cores or seconds_total)', cpu_kind
            USING ERRCODE = '22023';
    END IF;
    IF memory_kind NOT IN ('available_bytes', 'used_bytes') THEN
        RAISE EXCEPTION 'rightsizing_usage: memory kind % (use available_bytes or used_bytes)', memory_kind
            USING ERRCODE = '22023';
    END IF;
    IF network_kind NOT IN ('gauge', 'counter') THEN
        RAISE EXCEPTION 'rightsizing_usage: network kind % (use gauge or counter)', network_kind
            USING ERRCODE = '22023';
    END IF;
    RETURN QUERY
    WITH raw AS (
        SELECT lower(r.labels ->> resource_label) AS rid, d.series_id, d.time, d.value,
               lag(d.value) OVER (PARTITION BY d.series_id ORDER BY d.time) AS prev,
               lag(d.time) OVER (PARTITION BY d.series_id ORDER BY d.time) AS prev_time
        FROM finops.series r
        JOIN finops.series_samples(ARRAY(SELECT id FROM finops.series
                                         WHERE metric_name = cpu_metric AND labels ? resource_label),
                                   from_time, to_time) d ON d.series_id = r.id
        WHERE r.metric_name = cpu_metric AND r.labels ? resource_label
          AND d.time >= from_time AND d.time < to_time AND d.value <> 'NaN'::double precision),
    cpu AS (
        SELECT rid, time,
               CASE cpu_kind
                   WHEN 'percent' THEN value / 100
                   WHEN 'ratio' THEN value
                   WHEN 'cores' THEN value
                   ELSE CASE WHEN prev IS NULL OR time = prev_time THEN NULL
                             ELSE (CASE WHEN value >= prev THEN value - prev ELSE value END)
                                  / extract(epoch FROM time - prev_time) END
               END AS v
        FROM raw),
    cpu_stats AS (
        SELECT rid, count(v) AS n, count(DISTINCT date_trunc('hour', time)) FILTER (WHERE v IS NOT NULL) AS hours,
               percentile_cont(cpu_percentile) WITHIN GROUP (ORDER BY v) AS pv,
               percentile_cont(0.99) WITHIN GROUP (ORDER BY v) AS p99, max(v) AS mx, avg(v) AS mean
        FROM cpu WHERE v IS NOT NULL GROUP BY rid),
    cpu_days AS (
        SELECT rid, (time AT TIME ZONE 'UTC')::date AS d,
               percentile_cont(idle_percentile) WITHIN GROUP (ORDER BY v) AS pv
        FROM cpu WHERE v IS NOT NULL GROUP BY 1, 2),
    mem AS (
        SELECT lower(r.labels ->> resource_label) AS rid,
               CASE WHEN memory_kind = 'available_bytes' THEN min(d.value) ELSE max(d.value) END AS v,
               count(*) AS n
        FROM finops.series r
        JOIN finops.series_samples(ARRAY(SELECT id FROM finops.series
                                         WHERE metric_name = memory_metric AND labels ? resource_label),
                                   from_time, to_time) d ON d.series_id = r.id
        WHERE r.metric_name = memory_metric AND r.labels ? resource_label
          AND d.time >= from_time AND d.time < to_time AND d.value <> 'NaN'::double precision
        GROUP BY 1),
    net_raw AS (
        SELECT lower(r.labels ->> resource_label) AS rid, d.time, d.value,
               lag(d.value) OVER (PARTITION BY d.series_id ORDER BY d.time) AS prev
        FROM finops.series r
        JOIN finops.series_samples(ARRAY(SELECT id FROM finops.series
                                         WHERE metric_name = ANY (network_metrics) AND labels ? resource_label),
                                   from_time, to_time) d ON d.series_id = r.id
        WHERE r.metric_name = ANY (network_metrics) AND r.labels ? resource_label
          AND d.time >= from_time AND d.time < to_time AND d.value <> 'NaN'::double precision),
    net_days AS (
        SELECT rid, (time AT TIME ZONE 'UTC')::date AS d,
               sum(CASE WHEN network_kind = 'gauge' THEN value
                        WHEN prev IS NULL THEN 0
                        WHEN value >= prev THEN value - prev ELSE value END) AS bytes
        FROM net_raw GROUP BY 1, 2),
    days AS (
        SELECT c.rid, array_agg(c.d ORDER BY c.d) AS ds, array_agg(c.pv ORDER BY c.d) AS cpus,
               array_agg(coalesce(nd.bytes, CASE WHEN EXISTS (SELECT 1 FROM net_days x WHERE x.rid = c.rid)
                                                 THEN 0 END) ORDER BY c.d) AS nets
        FROM cpu_days c LEFT JOIN net_days nd ON nd.rid = c.rid AND nd.d = c.d
        GROUP BY c.rid)
    SELECT s.rid, s.n, s.hours, s.pv, s.p99, s.mx, s.mean, m.v, coalesce(m.n, 0), days.ds, days.cpus, days.nets
    FROM cpu_stats s
    LEFT JOIN mem m ON m.rid = s.rid
    LEFT JOIN days ON days.rid = s.rid
    ORDER BY s.rid;
END
$$;

-- Per resource with FOCUS rows in [from, to): its provider, region, the size its rows name (InstanceType,
-- CoreCount and MemorySize of SkuPriceDetails, x_VCPUs, SkuMeter, ResourceType) from its latest Usage row,
-- and its costs per currency over the window with the hours its charge periods span.
CREATE OR REPLACE FUNCTION finops.resource_sizes(from_time timestamptz, to_time timestamptz)
RETURNS TABLE (resource_id text, resource_name text, provider text, region_id text, instance_type text,
               sku_meter text, core_count numeric, memory_gib numeric, billing_currency text,
               effective_cost numeric, billed_cost numeric, list_cost numeric, charge_hours double precision)
LANGUAGE sql STABLE AS $$
    WITH latest AS (
        SELECT DISTINCT ON (lower(resource_id)) lower(resource_id) AS rid, resource_name,
               coalesce(service_provider_name, provider_name) AS provider, region_id,
               coalesce(sku_price_details ->> 'InstanceType', x_columns ->> 'x_SkuMeterSubcategory') AS instance_type,
               sku_meter,
               CASE WHEN coalesce(sku_price_details ->> 'CoreCount', sku_price_details ->> 'x_VCPUs') ~ '^[0-9.]+$'
                    THEN coalesce(sku_price_details ->> 'CoreCount', sku_price_details ->> 'x_VCPUs')::numeric END AS cores,
               CASE WHEN sku_price_details ->> 'MemorySize' ~ '^[0-9.]+$'
                    THEN (sku_price_details ->> 'MemorySize')::numeric END AS mem
        FROM finops.focus_costs
        WHERE resource_id IS NOT NULL AND resource_id <> '' AND charge_category = 'Usage'
          AND charge_period_start >= from_time AND charge_period_start < to_time
        ORDER BY lower(resource_id), charge_period_start DESC, row_id),
    costs AS (
        SELECT lower(resource_id) AS rid, billing_currency, sum(effective_cost) AS e, sum(billed_cost) AS b,
               sum(list_cost) AS l,
               extract(epoch FROM max(coalesce(charge_period_end, charge_period_start)) - min(charge_period_start))
                   / 3600 AS h
        FROM finops.focus_costs
        WHERE resource_id IS NOT NULL AND resource_id <> ''
          AND charge_period_start >= from_time AND charge_period_start < to_time
        GROUP BY 1, 2)
    SELECT l.rid, l.resource_name, l.provider, l.region_id, l.instance_type, l.sku_meter, l.cores, l.mem,
           c.billing_currency, c.e, c.b, c.l, c.h::float8
    FROM latest l JOIN costs c ON c.rid = l.rid
    ORDER BY 1, 9
$$;

-- Recommendations as computed by `finops report rightsizing --save` (or the recommendations exporter).
CREATE TABLE IF NOT EXISTS finops.recommendations (
    computed_at       timestamptz NOT NULL,
    resource_id       text NOT NULL,
    resource_name     text,
    provider          text,
    region_id         text,
    finding           text NOT NULL,
    from_size         text,
    to_size           text,
    from_vcpus        numeric,
    to_vcpus          numeric,
    from_memory_gib   numeric,
    to_memory_gib     numeric,
    delta_percent     numeric,
    monthly_cost      numeric,
    monthly_savings   numeric,
    billing_currency  text,
    confidence        numeric,
    reason            text NOT NULL,
    co2e_saved_kg_per_month double precision,
    details           jsonb NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (computed_at, resource_id)
);

CREATE OR REPLACE VIEW finops.latest_recommendations AS
SELECT * FROM finops.recommendations
WHERE computed_at = (SELECT max(computed_at) FROM finops.recommendations);

-- Savings opportunities in one list: the latest rightsizing and idle findings with a saving, and the unused
-- commitments and capacity reservations of the window (their EffectiveCost is spend that bought nothing).
CREATE OR REPLACE FUNCTION finops.savings_opportunities(from_time timestamptz, to_time timestamptz)
RETURNS TABLE (kind text, resource text, action text, monthly_savings numeric, billing_currency text,
               confidence numeric, reason text)
LANGUAGE sql STABLE AS $$
    SELECT finding, coalesce(resource_name, resource_id), from_size || ' -> ' || coalesce(to_size, 'off'),
           monthly_savings, billing_currency, confidence, reason
    FROM finops.latest_recommendations
    WHERE monthly_savings > 0
    UNION ALL
    SELECT 'unused ' || u.kind, u.id, 'use, exchange or resize it', u.effective_cost, u.billing_currency, 1.0,
           'EffectiveCost of Unused rows in the window'
    FROM finops.unused_commitments(from_time, to_time) u
    WHERE u.effective_cost > 0
    ORDER BY 4 DESC NULLS LAST, 2
$$;
