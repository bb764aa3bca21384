"""`finops exporter forecast`: the stored forecasts (reports/forecast) as Prometheus gauges.

Why an exporter reading the stored forecasts instead of the job serving its own `/metrics`: fitting is a
batch that runs once a day (`finops report forecast --watch 24h` or cron), a scrape must stay cheap and never
trigger it, and the forecasts live in PostgreSQL anyway (Grafana reads them there too). A small poller (one
SELECT per interval, last good snapshot kept when the database is away) on the shared `exporters.base` runtime
serves them; any number of replicas can, and a restart refits nothing.
"""
