-- Prometheus samples: series stored once (full sorted label set), samples in a hypertable.
-- Runs inside one transaction under an advisory lock held by `finops db migrate`; safe to run again.

CREATE SCHEMA IF NOT EXISTS finops;
CREATE SCHEMA IF NOT EXISTS prom_metric;
COMMENT ON SCHEMA prom_metric IS 'One view per Prometheus metric: time, value, labels jsonb and a text column per label';

-- A series is its whole label set, __name__ included. jsonb keeps keys unique and in a canonical order,
-- so the hash of its text form identifies the set however the sender ordered the labels.
CREATE TABLE IF NOT EXISTS finops.series (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    metric_name text   NOT NULL,
    labels      jsonb  NOT NULL,
    labels_hash bytea  GENERATED ALWAYS AS (sha256(jsonb_send(labels))) STORED,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT series_labels_hash_key UNIQUE (labels_hash)
);
CREATE INDEX IF NOT EXISTS series_metric_name_idx ON finops.series (metric_name);
CREATE INDEX IF NOT EXISTS series_labels_idx ON finops.series USING gin (labels jsonb_path_ops);

-- Metric metadata (RW1 side channel and RW2 per-series metadata): what the metric is, for people and tools.
CREATE TABLE IF NOT EXISTS finops.metric_metadata (
    metric_family_name text PRIMARY KEY,
    type       text NOT NULL,
    help       text NOT NULL DEFAULT '',
    unit       text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Which storage this database got, decided once by the first migration.
CREATE TABLE IF NOT EXISTS finops.storage_info (
    key   text PRIMARY KEY,
    value text NOT NULL
);

DO $migration$
DECLARE
    has_timescale boolean := EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb');
    tbl record;
BEGIN
    IF to_regclass('finops.samples') IS NOT NULL THEN
        RETURN;
    END IF;
    IF has_timescale THEN
        CREATE TABLE finops.samples (
            time      timestamptz      NOT NULL,
            series_id bigint           NOT NULL,
            value     double precision NOT NULL
        );
        CREATE TABLE finops.exemplars (
            time      timestamptz      NOT NULL,
            series_id bigint           NOT NULL,
            value     double precision NOT NULL,
            labels    jsonb            NOT NULL
        );
        CREATE TABLE finops.histograms (
            time      timestamptz      NOT NULL,
            series_id bigint           NOT NULL,
            count     double precision NOT NULL,
            sum       double precision NOT NULL,
            histogram bytea            NOT NULL
        );
        FOR tbl IN SELECT unnest(ARRAY['samples', 'exemplars', 'histograms']) AS name LOOP
            PERFORM create_hypertable(format('finops.%I', tbl.name), 'time',
                                      chunk_time_interval => interval '8 hours',
                                      create_default_indexes => false);
        END LOOP;
        INSERT INTO finops.storage_info VALUES ('engine', 'timescaledb') ON CONFLICT (key) DO NOTHING;
    ELSE
        -- Plain PostgreSQL: native range partitions by day, created ahead by finops.ensure_partitions();
        -- the default partition catches anything outside them so an insert never fails.
        CREATE TABLE finops.samples (
            time      timestamptz      NOT NULL,
            series_id bigint           NOT NULL,
            value     double precision NOT NULL
        ) PARTITION BY RANGE (time);
        CREATE TABLE finops.exemplars (
            time      timestamptz      NOT NULL,
            series_id bigint           NOT NULL,
            value     double precision NOT NULL,
            labels    jsonb            NOT NULL
        ) PARTITION BY RANGE (time);
        CREATE TABLE finops.histograms (
            time      timestamptz      NOT NULL,
            series_id bigint           NOT NULL,
            count     double precision NOT NULL,
            sum       double precision NOT NULL,
            histogram bytea            NOT NULL
        ) PARTITION BY RANGE (time);
        CREATE TABLE finops.samples_default PARTITION OF finops.samples DEFAULT;
        CREATE TABLE finops.exemplars_default PARTITION OF finops.exemplars DEFAULT;
        CREATE TABLE finops.histograms_default PARTITION OF finops.histograms DEFAULT;
        INSERT INTO finops.storage_info VALUES ('engine', 'postgresql') ON CONFLICT (key) DO NOTHING;
    END IF;
    -- One covering index per table: it is the idempotency rule (a (series, time) pair is stored once,
    -- first write wins) and serves every read by series and time range.
    CREATE UNIQUE INDEX samples_series_time_idx ON finops.samples (series_id, time) INCLUDE (value);
    CREATE UNIQUE INDEX exemplars_series_time_idx ON finops.exemplars (series_id, time);
    CREATE UNIQUE INDEX histograms_series_time_idx ON finops.histograms (series_id, time);
    CREATE INDEX samples_time_idx ON finops.samples (time DESC);
END
$migration$;

-- Plain-PostgreSQL partitions: one per day for [from, to). A no-op under TimescaleDB.
CREATE OR REPLACE FUNCTION finops.ensure_partitions(from_time timestamptz, to_time timestamptz)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    day date;
    tbl text;
    part text;
    created integer := 0;
BEGIN
    IF EXISTS (SELECT 1 FROM finops.storage_info WHERE key = 'engine' AND value = 'timescaledb') THEN
        RETURN 0;
    END IF;
    FOR day IN SELECT generate_series(from_time::date, to_time::date, interval '1 day')::date LOOP
        FOREACH tbl IN ARRAY ARRAY['samples', 'exemplars', 'histograms'] LOOP
            part := format('%s_p%s', tbl, to_char(day, 'YYYYMMDD'));
            IF to_regclass(format('finops.%I', part)) IS NULL THEN
                EXECUTE format('CREATE TABLE finops.%I PARTITION OF finops.%I FOR VALUES FROM (%L) TO (%L)',
                               part, tbl, day::timestamptz, (day + 1)::timestamptz);
                created := created + 1;
            END IF;
        END LOOP;
    END LOOP;
    RETURN created;
END
$$;

-- Stale markers are NaN with a payload; SQL compares every NaN equal, so look at the bits.
CREATE OR REPLACE FUNCTION finops.is_stale_marker(value double precision)
RETURNS boolean LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT float8send(value) = '\x7ff0000000000002'::bytea $$;

-- Race-safe get-or-create of series ids: concurrent adapters inserting the same label set wait on the
-- unique index and then read the winner's id. Inputs are sorted by hash so concurrent batches lock in one order.
CREATE OR REPLACE FUNCTION finops.get_or_create_series(label_sets jsonb[])
RETURNS TABLE (ord integer, id bigint) LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO finops.series (metric_name, labels)
    SELECT l ->> '__name__', l
    FROM unnest(label_sets) AS l
    ORDER BY sha256(jsonb_send(l))
    ON CONFLICT (labels_hash) DO NOTHING;
    RETURN QUERY
    SELECT i.ord::integer, s.id
    FROM unnest(label_sets) WITH ORDINALITY AS i(l, ord)
    JOIN finops.series s ON s.labels_hash = sha256(jsonb_send(i.l));
END
$$;

-- Every sample of one metric with its labels: SELECT * FROM finops.metric('up') WHERE time > now() - '1h'.
CREATE OR REPLACE FUNCTION finops.metric(name text)
RETURNS TABLE ("time" timestamptz, value double precision, labels jsonb, series_id bigint)
LANGUAGE sql STABLE AS $$
    SELECT d.time, d.value, s.labels, s.id
    FROM finops.series s JOIN finops.samples d ON d.series_id = s.id
    WHERE s.metric_name = name
$$;

-- (Re)creates prom_metric.<metric> views with a text column per label key; called by the adapter when it
-- has created series with new metrics or label keys, and by `finops db migrate`.
CREATE OR REPLACE FUNCTION finops.refresh_metric_views()
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    m record;
    cols text;
    n integer := 0;
BEGIN
    FOR m IN
        SELECT s.metric_name, array_agg(DISTINCT k ORDER BY k) AS keys
        FROM finops.series s, jsonb_object_keys(s.labels) AS k
        WHERE k <> '__name__' AND length(s.metric_name) <= 63
        GROUP BY s.metric_name
    LOOP
        SELECT coalesce(string_agg(format(', s.labels ->> %L AS %I', k, k), ''), '')
        INTO cols
        FROM unnest(m.keys) AS k
        WHERE k NOT IN ('time', 'value', 'labels', 'series_id', 'stale');
        BEGIN
            EXECUTE format('DROP VIEW IF EXISTS prom_metric.%I', m.metric_name);
            EXECUTE format(
                'CREATE VIEW prom_metric.%I AS SELECT d.time, d.value, finops.is_stale_marker(d.value) AS stale, '
                's.labels, s.id AS series_id%s FROM finops.series s JOIN finops.samples d ON d.series_id = s.id '
                'WHERE s.metric_name = %L',
                m.metric_name, cols, m.metric_name);
            n := n + 1;
        EXCEPTION WHEN others THEN
            RAISE NOTICE 'skipping view for metric %: %', m.metric_name, SQLERRM;
        END;
    END LOOP;
    RETURN n;
END
$$;

-- Metrics and what is known about them.
CREATE OR REPLACE VIEW finops.metrics AS
SELECT s.metric_name, count(*) AS series, m.type, m.help, m.unit
FROM finops.series s
LEFT JOIN finops.metric_metadata m ON m.metric_family_name = s.metric_name
GROUP BY s.metric_name, m.type, m.help, m.unit;
