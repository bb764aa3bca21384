-- The cost path: FOCUS rows maintained from the cost exporter's series in the remote-write stream.
-- A row is identified by its focus_row_id label (focus/identity.py); its origin is the scrape target
-- (job, instance, source) that exposed it. A stale marker removes a row only when the same origin still
-- delivers live cost samples at or after that time: a down exporter or a failed poll removes nothing.

-- Liveness of the rows that arrived through Prometheus (rows loaded from files have no entry here).
CREATE TABLE IF NOT EXISTS finops.focus_live_rows (
    row_id              text        NOT NULL,
    charge_period_start timestamptz NOT NULL,
    origin              text        NOT NULL,
    last_seen_at        timestamptz,
    stale_at            timestamptz,
    PRIMARY KEY (row_id, charge_period_start)
);
CREATE INDEX IF NOT EXISTS focus_live_rows_stale_idx ON finops.focus_live_rows (origin, stale_at)
    WHERE stale_at IS NOT NULL;

-- Per origin: the newest timestamp of a live (non-stale) cost sample, i.e. its last good scrape.
CREATE TABLE IF NOT EXISTS finops.focus_origins (
    origin       text PRIMARY KEY,
    load_id      bigint NOT NULL,
    last_live_at timestamptz NOT NULL
);
