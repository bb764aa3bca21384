"""The carbon-intensity exporter: UK Carbon Intensity, Electricity Maps and WattTime, with the embedded region
table as the default when no key is configured; plus the history backfill through remote write."""
