-- The cost path: FOCUS rows maintained from the cost exporter's series in the remote-write stream
-- (remote_write_adapter/costs.py). A row is identified by its focus_row_id label (focus/identity.py) and its
-- charge_period_start; its origin is the scrape target (job, instance, source) that exposed it. Times are
-- Prometheus sample timestamps in milliseconds.
--
-- A row leaves finops.focus_costs (into finops.focus_costs_history) when its series went stale at a time S
-- at which the same origin delivered live cost samples (S was a successful scrape that no longer had the row),
-- or when the origin has delivered live cost samples for a grace period after S without the row coming back.
-- A down exporter, or one serving no cost series, makes series stale at scrapes without live cost samples:
-- it removes nothing.

-- Per row that arrived through Prometheus (rows loaded from files have no entry here).
CREATE TABLE IF NOT EXISTS finops.focus_live_rows (
    row_id              text        NOT NULL,
    charge_period_start timestamptz NOT NULL,
    origin              text        NOT NULL,
    -- newest live sample of any of the row's series; recorded when it changes something or a stale marker
    -- of the row waits for its verdict (a scrape repeating known values writes nothing here)
    seen_ms             bigint,
    stale_ms            bigint,                        -- newest stale marker of any of the row's series
    values_ms           bigint,                        -- newest sample whose values are in the table
    gone_ms             bigint,                        -- the stale time it was removed at; NULL while current
    columns             jsonb       NOT NULL DEFAULT '{}'::jsonb,  -- metric column -> [seen_ms, stale_ms, value]
    PRIMARY KEY (row_id, charge_period_start)
);
-- The candidates for removal: current rows whose newest news is a stale marker.
CREATE INDEX IF NOT EXISTS focus_live_rows_stale_idx ON finops.focus_live_rows (origin, stale_ms)
    WHERE gone_ms IS NULL AND stale_ms > coalesce(seen_ms, -1);

-- Per origin: the load that stands for it in focus_loads, and its newest live cost sample.
CREATE TABLE IF NOT EXISTS finops.focus_origins (
    origin       text PRIMARY KEY,
    load_id      bigint NOT NULL,
    last_live_ms bigint NOT NULL
);

-- Per origin: the timestamps of its recent scrapes that delivered live cost samples (pruned as they age).
CREATE TABLE IF NOT EXISTS finops.focus_origin_scrapes (
    origin     text   NOT NULL,
    scraped_ms bigint NOT NULL,
    PRIMARY KEY (origin, scraped_ms)
);
