-- One distinct prom_metric view per metric, whatever its name.
--
-- PostgreSQL truncates identifiers to 63 bytes, so 0001's views collided: two metrics sharing their first 63 bytes
-- (easy with multibyte UTF-8 names over remote write 2.0) shared one view that showed one metric's data under the
-- other's name; label columns colliding after truncation lost the whole view; a metric whose only label is
-- __name__ (a `sum()` recording rule) got none; and every skip went unnoticed.
--
-- Naming (finops.metric_views says which view shows which metric, and which column each label became):
--   * a metric name of at most 63 bytes is its view's name: prom_metric."up", prom_metric."http.server.duration";
--   * a longer one is its longest prefix of at most 54 bytes (whole characters), '_' and the first 8 hex digits of
--     the md5 of the full name: prom_metric."<prefix>_1a2b3c4d";
--   * a name is kept once given; a candidate already taken by another metric (or by anything else in the schema)
--     is passed over for the same prefix with 16, then 32 hex digits.
--   * label columns follow the same rule per view; a label named like a fixed column (time, value, stale, labels,
--     series_id) gets the hashed form too, so every label has its column (up to 1,595, PostgreSQL's 1,600
--     columns less the fixed five; the others stay in `labels`).
-- What cannot be done is recorded once in finops.metric_view_skips; the adapter logs each new skip and counts it
-- in finops_adapter_metric_view_skips_total{reason}.

CREATE TABLE IF NOT EXISTS finops.metric_views (
    metric_name   text PRIMARY KEY,  -- metric names are at most 2,048 bytes (the adapter rejects longer ones)
    view_name     text NOT NULL UNIQUE,
    label_columns jsonb,             -- label name -> column name; NULL: a view of 0001, recreated on refresh
    updated_at    timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE finops.metric_views IS
    'The prom_metric view of each metric (prom_metric.<view_name>) and the column each label became';

CREATE TABLE IF NOT EXISTS finops.metric_view_skips (
    metric_name text        NOT NULL,
    label_name  text        NOT NULL DEFAULT '',  -- '' when it concerns the whole view
    reason      text        NOT NULL,             -- too_many_labels, column_name_collision, view_name_collision, view_error
    detail      text        NOT NULL DEFAULT '',
    reported    boolean     NOT NULL DEFAULT false,  -- logged and counted by an adapter
    first_seen  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE finops.metric_view_skips IS
    'What finops.refresh_metric_views() could not do, once per metric, label and reason';

-- The identifier for `name` that always fits: its longest prefix of at most 62 - hash_chars bytes (whole
-- characters), '_', and the first hash_chars hex digits of md5(name).
CREATE OR REPLACE FUNCTION finops.hashed_identifier(name text, hash_chars integer)
RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    room constant integer := 62 - hash_chars;
    prefix text := left(name, room);
BEGIN
    WHILE octet_length(prefix) > room LOOP
        prefix := left(prefix, -1);
    END LOOP;
    RETURN prefix || '_' || left(md5(name), hash_chars);
END
$$;

-- The identifiers `name` may get, in order of preference: itself when it fits and is not reserved, then its
-- hashed forms.
CREATE OR REPLACE FUNCTION finops.identifier_candidates(name text, reserved text[] DEFAULT '{}')
RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN octet_length(name) <= 63 AND NOT name = ANY(reserved) THEN ARRAY[name] ELSE '{}' END
           || ARRAY[finops.hashed_identifier(name, 8), finops.hashed_identifier(name, 16),
                    finops.hashed_identifier(name, 32)]
$$;

-- Records a skip once per metric, label and reason (refreshes are serialized, so no race between the two steps).
CREATE OR REPLACE FUNCTION finops.note_metric_view_skip(for_metric text, for_label text, why text, what text)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO finops.metric_view_skips (metric_name, label_name, reason, detail)
    SELECT for_metric, for_label, why, what
    WHERE NOT EXISTS (SELECT 1 FROM finops.metric_view_skips k
                      WHERE k.metric_name = for_metric AND k.label_name = for_label AND k.reason = why)
$$;

-- (Re)creates the prom_metric view of every metric whose label columns changed; returns how many. Called by the
-- adapter when it has created series with new metrics or label keys, and by `finops db migrate`.
CREATE OR REPLACE FUNCTION finops.refresh_metric_views()
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    fixed constant text[] := ARRAY['time', 'value', 'stale', 'labels', 'series_id'];
    max_labels constant integer := 1600 - 5;
    m record;
    k text;
    known record;
    view text;
    col text;
    cols jsonb;
    used text[];
    select_list text;
    left_out integer;
    candidate text;
    n integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('finops.refresh_metric_views'));  -- one refresh at a time
    FOR m IN
        SELECT s.metric_name, coalesce(array_agg(DISTINCT k.key ORDER BY k.key)
                                       FILTER (WHERE k.key <> '__name__'), '{}') AS keys
        FROM finops.series s LEFT JOIN LATERAL jsonb_object_keys(s.labels) AS k(key) ON true
        GROUP BY s.metric_name
        ORDER BY octet_length(s.metric_name) > 63, s.metric_name  -- names that fit choose first
    LOOP
        SELECT v.view_name, v.label_columns INTO known FROM finops.metric_views v WHERE v.metric_name = m.metric_name;
        view := known.view_name;
        IF view IS NULL THEN  -- a new metric: the first name no view of ours, nor anything else there, has
            FOREACH candidate IN ARRAY finops.identifier_candidates(m.metric_name) LOOP
                IF NOT EXISTS (SELECT 1 FROM finops.metric_views v WHERE v.view_name = candidate)
                   AND to_regclass(format('prom_metric.%I', candidate)) IS NULL THEN
                    view := candidate;
                    EXIT;
                END IF;
            END LOOP;
            IF view IS NULL THEN
                PERFORM finops.note_metric_view_skip(m.metric_name, '', 'view_name_collision',
                                                     'every candidate view name is taken');
                CONTINUE;
            END IF;
        END IF;
        -- label columns: names that fit first, so a label keeps its own name whatever other labels appear
        cols := '{}';
        used := fixed;
        select_list := '';
        left_out := 0;
        FOR k IN SELECT key FROM unnest(m.keys) AS key ORDER BY octet_length(key) > 63 OR key = ANY(fixed), key LOOP
            IF cardinality(used) - 5 >= max_labels THEN
                left_out := left_out + 1;
                CONTINUE;
            END IF;
            col := NULL;
            FOREACH candidate IN ARRAY finops.identifier_candidates(k, fixed) LOOP
                IF NOT candidate = ANY(used) THEN
                    col := candidate;
                    EXIT;
                END IF;
            END LOOP;
            IF col IS NULL THEN
                PERFORM finops.note_metric_view_skip(m.metric_name, k, 'column_name_collision',
                                                     'every candidate column name is taken');
                CONTINUE;
            END IF;
            used := used || col;
            cols := cols || jsonb_build_object(k, col);
        END LOOP;
        IF left_out > 0 THEN
            PERFORM finops.note_metric_view_skip(m.metric_name, '', 'too_many_labels',
                                                 format('%s label(s) beyond the first %s have no column (they are in labels)',
                                                        left_out, max_labels));
        END IF;
        IF known.label_columns IS NOT DISTINCT FROM cols
           AND to_regclass(format('prom_metric.%I', view)) IS NOT NULL THEN
            CONTINUE;  -- unchanged
        END IF;
        SELECT coalesce(string_agg(format(', s.labels ->> %L AS %I', c.key, c.value), '' ORDER BY c.value), '')
        INTO select_list FROM jsonb_each_text(cols) AS c;
        BEGIN
            EXECUTE format('DROP VIEW IF EXISTS prom_metric.%I', view);
            EXECUTE format(
                'CREATE VIEW prom_metric.%I AS SELECT d.time, d.value, finops.is_stale_marker(d.value) AS stale, '
                's.labels, s.id AS series_id%s FROM finops.series s JOIN finops.samples d ON d.series_id = s.id '
                'WHERE s.metric_name = %L',
                view, select_list, m.metric_name);
            EXECUTE format('COMMENT ON VIEW prom_metric.%I IS %L', view, 'Samples of the metric ' || m.metric_name);
            INSERT INTO finops.metric_views AS v (metric_name, view_name, label_columns)
            VALUES (m.metric_name, view, cols)
            ON CONFLICT (metric_name) DO UPDATE SET label_columns = excluded.label_columns, updated_at = now();
            n := n + 1;
        EXCEPTION WHEN others THEN
            PERFORM finops.note_metric_view_skip(m.metric_name, '', 'view_error', SQLERRM);
        END;
    END LOOP;
    RETURN n;
END
$$;

-- The views 0001 made: one named exactly like a metric is that metric's (recreated on the next refresh, as
-- label_columns is NULL); any other was made under a truncated name and may show another metric's data: dropped.
DO $migration$
DECLARE
    v record;
BEGIN
    FOR v IN SELECT c.relname::text AS name FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
             WHERE s.nspname = 'prom_metric' AND c.relkind = 'v' LOOP
        IF EXISTS (SELECT 1 FROM finops.series WHERE metric_name = v.name) THEN
            INSERT INTO finops.metric_views (metric_name, view_name, label_columns) VALUES (v.name, v.name, NULL)
            ON CONFLICT DO NOTHING;
        ELSE
            BEGIN
                EXECUTE format('DROP VIEW prom_metric.%I', v.name);
            EXCEPTION WHEN dependent_objects_still_exist THEN
                RAISE WARNING 'prom_metric.% was made under a truncated metric name and other objects depend on it: '
                              'left in place', v.name;
            END;
        END IF;
    END LOOP;
END
$migration$;

-- Metrics, what is known about them, and where to read them.
CREATE OR REPLACE VIEW finops.metrics AS
SELECT s.metric_name, count(*) AS series, m.type, m.help, m.unit, 'prom_metric.' || quote_ident(v.view_name) AS view
FROM finops.series s
LEFT JOIN finops.metric_metadata m ON m.metric_family_name = s.metric_name
LEFT JOIN finops.metric_views v ON v.metric_name = s.metric_name
GROUP BY s.metric_name, m.type, m.help, m.unit, v.view_name;

COMMENT ON SCHEMA prom_metric IS
    'One view per Prometheus metric (finops.metric_views): time, value, stale, labels jsonb, series_id and a text '
    'column per label';
