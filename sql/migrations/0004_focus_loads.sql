-- FOCUS file loads (focus/load.py): a load replaces the rows of its scopes, where a scope is
-- (provider = coalesce(ServiceProviderName, ProviderName), BillingAccountId, BillingPeriodStart).

-- What each load did, for `finops focus load` summaries and audits; rows_loaded = rows in the file.
ALTER TABLE finops.focus_loads
    ADD COLUMN IF NOT EXISTS location text,
    ADD COLUMN IF NOT EXISTS rows_inserted bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS rows_updated bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS rows_unchanged bigint NOT NULL DEFAULT 0;

-- Finding a file loaded before (same content, source and version) without reading it again.
CREATE INDEX IF NOT EXISTS focus_loads_content_idx ON finops.focus_loads (content_sha256, source, focus_version);

-- The scope lookup of every load: 1.3 files may carry only ServiceProviderName, older ones only ProviderName.
CREATE INDEX IF NOT EXISTS focus_costs_load_scope_idx ON finops.focus_costs
    ((coalesce(service_provider_name, provider_name)), billing_account_id, billing_period_start);

-- Rows a load superseded, per load.
CREATE INDEX IF NOT EXISTS focus_costs_history_load_idx ON finops.focus_costs_history (superseded_by_load);
