"""`finops exporter recommendations`: the rightsizing and idle recommendations as Prometheus gauges.

An exporter rather than gauges written by a report job: Prometheus scrapes a live answer (its own timestamps,
staleness when a recommendation disappears, `up` when the database is down), alerts fire on it without a
Pushgateway, and the recommendations are recomputed on their own schedule (`--recommendations.interval`, 1 h by
default: usage changes slowly) with the last good answer served on a failed poll.
"""
