-- Compression is a TimescaleDB Community (TSL) feature; the Apache build (Debian's) lacks it.
-- Enabled only where `timescaledb.license` allows it; elsewhere this migration records that it was skipped.
DO $migration$
BEGIN
    IF current_setting('timescaledb.license', true) = 'timescale'
       AND EXISTS (SELECT 1 FROM finops.storage_info WHERE key = 'engine' AND value = 'timescaledb') THEN
        ALTER TABLE finops.samples SET (timescaledb.compress,
                                        timescaledb.compress_segmentby = 'series_id',
                                        timescaledb.compress_orderby = 'time');
        PERFORM add_compression_policy('finops.samples', interval '2 days', if_not_exists => true);
        INSERT INTO finops.storage_info VALUES ('compression', 'on') ON CONFLICT (key) DO UPDATE SET value = 'on';
    ELSE
        INSERT INTO finops.storage_info VALUES ('compression', 'unavailable')
        ON CONFLICT (key) DO NOTHING;
    END IF;
END
$migration$;
