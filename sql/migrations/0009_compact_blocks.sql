-- Compact storage for samples (remote_write_adapter/blocks.py, compaction.py).
--
-- Samples arrive in the hot table finops.samples_hot (one row per sample: fast to write, ~100 bytes each). The
-- adapter compacts every window of `window_ms` (2 hours) older than --storage.compact-after into
-- finops.sample_blocks: one row per series and window holding its samples delta-encoded (about 1-3 bytes per
-- sample), then drops the window's hot chunk. finops.samples is a view over both, so every SQL reader (finops.metric,
-- the prom_metric views, resource_cost_usage, user queries) sees the same samples before and after compaction,
-- bit for bit.
--
-- Idempotency across the two forms: a (series, time) pair is stored once, first value wins. Writers take a shared
-- advisory lock per window they write (finops.begin_sample_write) and learn which of those windows were compacted;
-- samples for a compacted window are checked against its blocks before they go to the hot table. The compactor
-- holds the exclusive lock of a window while it moves the window, so the two never interleave.

DO $migration$
DECLARE
    engine text := (SELECT value FROM finops.storage_info WHERE key = 'engine');
BEGIN
    IF to_regclass('finops.samples_hot') IS NOT NULL THEN
        RETURN;
    END IF;
    ALTER TABLE finops.samples RENAME TO samples_hot;
    -- views made before follow the renamed table (they bind by OID): have the next refresh remake them over the
    -- finops.samples view below, which holds the compacted samples too
    IF to_regclass('finops.metric_views') IS NOT NULL THEN
        UPDATE finops.metric_views SET label_columns = NULL;
    END IF;
    -- reads go by (series_id, time); the time-only index cost every insert and served nothing
    DROP INDEX IF EXISTS finops.samples_time_idx;
    IF engine = 'timescaledb' THEN
        PERFORM set_chunk_time_interval('finops.samples_hot', interval '2 hours');
    END IF;
    INSERT INTO finops.storage_info VALUES ('window_ms', '7200000') ON CONFLICT (key) DO NOTHING;

    CREATE TABLE finops.sample_blocks (
        series_id           bigint      NOT NULL,
        start_time          timestamptz NOT NULL,   -- first sample
        end_time            timestamptz NOT NULL,   -- last sample
        base                bigint      NOT NULL,   -- first scaled value (decimal blocks)
        count               integer     NOT NULL,
        step_ms             integer     NOT NULL,   -- most common time step
        scale               smallint,               -- value = integer / 10^scale; NULL: raw floats
        time_residuals      bytea,                  -- per step: delta - step_ms, fixed-width big-endian; NULL: all 0
        value_deltas        bytea,                  -- per step: integer delta, fixed-width big-endian; NULL: all 0
        floats              double precision[],     -- raw values when scale IS NULL
        exception_positions integer[],              -- 0-based positions whose value is exception_values[k]
        exception_values    double precision[]      -- NaN payloads (stale markers), infinities, -0.0
    );
    ALTER TABLE finops.sample_blocks ALTER COLUMN floats SET COMPRESSION lz4;
    IF engine = 'timescaledb' THEN
        PERFORM create_hypertable('finops.sample_blocks', 'start_time', chunk_time_interval => interval '7 days',
                                  create_default_indexes => false);
    END IF;
    CREATE UNIQUE INDEX sample_blocks_series_start_idx ON finops.sample_blocks (series_id, start_time);

    -- Windows that may hold blocks: writers check their samples against the blocks of these windows.
    CREATE TABLE finops.compacted_windows (
        window_start timestamptz PRIMARY KEY,
        compacted_at timestamptz NOT NULL DEFAULT now()
    );

    -- The label GIN index served SQL-side matching of `labels @> ...`; remote read now matches label sets in the
    -- adapter (RE2, exact Prometheus semantics) after selecting series by metric name, and the index cost about
    -- 450 bytes per series: more than a series' samples once compacted.
    DROP INDEX IF EXISTS finops.series_labels_idx;
    -- metric-name prefixes of regex matchers (LIKE 'prefix%' in the C collation, whatever the database's)
    CREATE INDEX series_metric_name_c_idx ON finops.series ((metric_name COLLATE "C"));

    -- JIT compiles the block-decoding plans for about 0.3 s per query and saves nothing on them: off for
    -- this database's new sessions (skipped, with a notice, when the migrating role may not alter it).
    BEGIN
        EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'could not turn JIT off for this database: run ALTER DATABASE % SET jit = off',
            current_database();
    END;
END
$migration$;

-- Element i of fixed-width big-endian signed integers (width 1, 2 or 4 bytes).
CREATE OR REPLACE FUNCTION finops.block_int(data bytea, width integer, i integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE width
    WHEN 1 THEN (get_byte(data, i) # 128) - 128
    WHEN 2 THEN (((get_byte(data, 2 * i) << 8) | get_byte(data, 2 * i + 1)) # 32768) - 32768
    ELSE ((((get_byte(data, 4 * i)::bigint << 24) | (get_byte(data, 4 * i + 1) << 16)
           | (get_byte(data, 4 * i + 2) << 8) | get_byte(data, 4 * i + 3)) # 2147483648) - 2147483648)::integer
  END
$$;

-- The samples of one block, bit-exact (the same arithmetic as remote_write_adapter/blocks.py decode_parts).
CREATE OR REPLACE FUNCTION finops.decode_block(
    start_time timestamptz, n integer, step_ms integer, time_residuals bytea, scale smallint, base bigint,
    value_deltas bytea, floats double precision[], exception_positions integer[],
    exception_values double precision[])
RETURNS TABLE ("time" timestamptz, value double precision)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT start_time + (d.i::bigint * step_ms + sum(d.dt) OVER w) * interval '1 millisecond',
           CASE
             WHEN scale IS NULL THEN floats[d.i + 1]
             WHEN exception_positions IS NOT NULL AND d.i = ANY (exception_positions)
               THEN exception_values[array_position(exception_positions, d.i)]
             WHEN scale = 0 THEN (base + sum(d.dv) OVER w)::double precision
             ELSE (base + sum(d.dv) OVER w)::double precision / ('1e' || scale)::double precision
           END
    FROM (
        SELECT g AS i,
               CASE WHEN g = 0 OR time_residuals IS NULL THEN 0
                    ELSE finops.block_int(time_residuals, length(time_residuals) / (n - 1), g - 1)
               END AS dt,
               CASE WHEN g = 0 OR value_deltas IS NULL THEN 0
                    ELSE finops.block_int(value_deltas, length(value_deltas) / (n - 1), g - 1)
               END AS dv
        FROM generate_series(0, n - 1) AS g
    ) AS d
    WINDOW w AS (ORDER BY d.i)
$$;

-- Every sample, hot or compacted: what finops.samples was before compaction existed, now a view.
CREATE OR REPLACE VIEW finops.samples AS
SELECT h.time, h.series_id, h.value
FROM finops.samples_hot h
UNION ALL
SELECT d.time, b.series_id, d.value
FROM finops.sample_blocks b
CROSS JOIN LATERAL finops.decode_block(b.start_time, b.count, b.step_ms, b.time_residuals, b.scale, b.base,
                                       b.value_deltas, b.floats, b.exception_positions, b.exception_values) d;
COMMENT ON VIEW finops.samples IS
    'Every stored sample (hot rows and compacted blocks). For time ranges prefer finops.series_samples(), '
    'which skips the blocks outside the range.';

-- Inserting into the view writes hot rows, as inserting into the table did.
CREATE OR REPLACE FUNCTION finops.samples_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO finops.samples_hot (time, series_id, value) VALUES (NEW.time, NEW.series_id, NEW.value);
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS samples_insert ON finops.samples;
CREATE TRIGGER samples_insert INSTEAD OF INSERT ON finops.samples
    FOR EACH ROW EXECUTE FUNCTION finops.samples_insert();

-- The samples of some series in [from_time, to_time], reading only the blocks that overlap the range.
CREATE OR REPLACE FUNCTION finops.series_samples(series_ids bigint[], from_time timestamptz, to_time timestamptz)
RETURNS TABLE (series_id bigint, "time" timestamptz, value double precision)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT h.series_id, h.time, h.value
    FROM finops.samples_hot h
    WHERE h.series_id = ANY (series_ids) AND h.time >= from_time AND h.time <= to_time
    UNION ALL
    SELECT b.series_id, d.time, d.value
    FROM finops.sample_blocks b
    CROSS JOIN LATERAL finops.decode_block(b.start_time, b.count, b.step_ms, b.time_residuals, b.scale, b.base,
                                           b.value_deltas, b.floats, b.exception_positions, b.exception_values) d
    WHERE b.series_id = ANY (series_ids) AND b.start_time <= to_time AND b.end_time >= from_time
      AND d.time >= from_time AND d.time <= to_time
$$;

-- Every sample of one metric, optionally in [from_time, to_time]: SELECT * FROM finops.metric('up', now() - '1h').
DROP FUNCTION IF EXISTS finops.metric(text);
CREATE OR REPLACE FUNCTION finops.metric(name text, from_time timestamptz DEFAULT '-infinity',
                                         to_time timestamptz DEFAULT 'infinity')
RETURNS TABLE ("time" timestamptz, value double precision, labels jsonb, series_id bigint)
LANGUAGE sql STABLE AS $$
    SELECT d.time, d.value, s.labels, s.id
    FROM finops.series s
    JOIN finops.series_samples(ARRAY(SELECT id FROM finops.series WHERE metric_name = name), from_time, to_time) d
      ON d.series_id = s.id
    WHERE s.metric_name = name
$$;

-- Writers call this first in the transaction that stores samples of the given windows (window index =
-- epoch milliseconds / window_ms): it holds each window's shared lock until commit, so no compaction of those
-- windows interleaves, and returns the windows that may already hold blocks.
CREATE OR REPLACE FUNCTION finops.begin_sample_write(windows bigint[]) RETURNS bigint[]
LANGUAGE plpgsql AS $$
DECLARE
    w bigint;
    width bigint := (SELECT value::bigint FROM finops.storage_info WHERE key = 'window_ms');
BEGIN
    FOREACH w IN ARRAY (SELECT array_agg(DISTINCT x ORDER BY x) FROM unnest(windows) AS x) LOOP
        PERFORM pg_advisory_xact_lock_shared(1718185577, w::integer);
    END LOOP;
    RETURN ARRAY(
        SELECT x FROM unnest(windows) AS x
        WHERE EXISTS (SELECT 1 FROM finops.compacted_windows c
                      WHERE c.window_start = to_timestamp(x * width / 1000.0)));
END
$$;

-- What compaction works on: each chunk (TimescaleDB) or partition (plain PostgreSQL) of the hot table with its
-- time range in epoch milliseconds; NULL bounds are unbounded (the default partition).
CREATE OR REPLACE FUNCTION finops.hot_units()
RETURNS TABLE (relation text, range_start_ms bigint, range_end_ms bigint)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM finops.storage_info WHERE key = 'engine' AND value = 'timescaledb') THEN
        RETURN QUERY
        SELECT format('%I.%I', c.chunk_schema, c.chunk_name),
               (extract(epoch FROM c.range_start) * 1000)::bigint,
               (extract(epoch FROM c.range_end) * 1000)::bigint
        FROM timescaledb_information.chunks c
        WHERE c.hypertable_schema = 'finops' AND c.hypertable_name = 'samples_hot'
        ORDER BY c.range_start;
    ELSE
        RETURN QUERY
        SELECT p.relation,
               (extract(epoch FROM p.lo::timestamptz) * 1000)::bigint,
               (extract(epoch FROM p.hi::timestamptz) * 1000)::bigint
        FROM (
            SELECT format('%I.%I', n.nspname, c.relname) AS relation,
                   substring(pg_get_expr(c.relpartbound, c.oid) FROM 'FROM \(''([^'']+)''\)') AS lo,
                   substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \(''([^'']+)''\)') AS hi
            FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE i.inhparent = 'finops.samples_hot'::regclass
        ) p
        ORDER BY p.lo NULLS LAST;
    END IF;
END
$$;

-- Plain PostgreSQL: hot samples are partitioned by compaction window (so a compacted window is dropped whole),
-- exemplars and histograms by day, as before. A no-op under TimescaleDB.
CREATE OR REPLACE FUNCTION finops.ensure_partitions(from_time timestamptz, to_time timestamptz)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    day date;
    tbl text;
    part text;
    w timestamptz;
    width interval := make_interval(secs => (SELECT value::bigint FROM finops.storage_info
                                             WHERE key = 'window_ms') / 1000.0);
    created integer := 0;
BEGIN
    IF EXISTS (SELECT 1 FROM finops.storage_info WHERE key = 'engine' AND value = 'timescaledb') THEN
        RETURN 0;
    END IF;
    FOR day IN SELECT generate_series(from_time::date, to_time::date, interval '1 day')::date LOOP
        FOREACH tbl IN ARRAY ARRAY['exemplars', 'histograms'] LOOP
            part := format('%s_p%s', tbl, to_char(day, 'YYYYMMDD'));
            IF to_regclass(format('finops.%I', part)) IS NULL THEN
                EXECUTE format('CREATE TABLE finops.%I PARTITION OF finops.%I FOR VALUES FROM (%L) TO (%L)',
                               part, tbl, day::timestamptz, (day + 1)::timestamptz);
                created := created + 1;
            END IF;
        END LOOP;
    END LOOP;
    w := to_timestamp(floor(extract(epoch FROM from_time) / extract(epoch FROM width)) * extract(epoch FROM width));
    WHILE w <= to_time LOOP
        part := format('samples_p%s', to_char(w AT TIME ZONE 'UTC', 'YYYYMMDD"_"HH24MI'));
        IF to_regclass(format('finops.%I', part)) IS NULL THEN
            BEGIN
                EXECUTE format('CREATE TABLE finops.%I PARTITION OF finops.samples_hot FOR VALUES FROM (%L) TO (%L)',
                               part, w, w + width);
                created := created + 1;
            EXCEPTION WHEN invalid_object_definition OR check_violation THEN
                NULL;  -- a day partition made before compaction existed covers it, or the default partition
                       -- holds rows of it (compaction moves those)
            END;
        END IF;
        w := w + width;
    END LOOP;
    RETURN created;
END
$$;

-- The usage side of resource_cost_usage (0006) reads only the blocks overlapping the window.
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
        JOIN finops.series_samples(ARRAY(SELECT id FROM finops.series
                                         WHERE metric_name = metric AND labels ? 'resource_id'),
                                   from_time, to_time) d ON d.series_id = s.id
        WHERE s.metric_name = metric
          AND s.labels ? 'resource_id'
          AND d.time < to_time
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
