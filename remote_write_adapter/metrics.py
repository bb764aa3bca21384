"""The adapter's own metrics, on its own registry: what was received, written, duplicated and rejected, and
how long requests and the database took."""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


@dataclass
class AdapterMetrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        r = self.registry
        self.requests = Counter("finops_adapter_http_requests_total", "HTTP requests by handler and status code",
                                ["handler", "code"], registry=r)
        self.request_duration = Histogram("finops_adapter_http_request_duration_seconds",
                                          "HTTP request latency by handler", ["handler"],
                                          buckets=_LATENCY_BUCKETS, registry=r)
        self.request_bytes = Counter("finops_adapter_received_bytes_total",
                                     "Compressed request body bytes received", ["handler"], registry=r)
        self.received = Counter("finops_adapter_samples_received_total",
                                "Samples, histograms and exemplars received", ["protocol", "kind"], registry=r)
        self.written = Counter("finops_adapter_samples_written_total",
                               "Samples, histograms and exemplars newly stored", ["kind"], registry=r)
        self.duplicates = Counter("finops_adapter_samples_duplicate_total",
                                  "Samples already stored for the same series and timestamp (re-deliveries)",
                                  ["kind"], registry=r)
        self.rejected = Counter("finops_adapter_samples_rejected_total",
                                "Samples rejected as invalid, by reason", ["reason"], registry=r)
        self.invalid_series = Counter("finops_adapter_series_rejected_total",
                                      "Series rejected as invalid, by reason", ["reason"], registry=r)
        self.metadata_written = Counter("finops_adapter_metadata_written_total",
                                        "Metric metadata entries upserted", registry=r)
        self.metadata_rejected = Counter("finops_adapter_metadata_rejected_total",
                                         "Metric metadata entries rejected as invalid, by reason", ["reason"],
                                         registry=r)
        self.db_duration = Histogram("finops_adapter_db_operation_duration_seconds",
                                     "Database operation latency", ["operation"],
                                     buckets=_LATENCY_BUCKETS, registry=r)
        self.db_errors = Counter("finops_adapter_db_errors_total", "Database errors by operation",
                                 ["operation"], registry=r)
        self.series_created = Counter("finops_adapter_series_created_total",
                                      "Series ids resolved from the database (cache misses)", registry=r)
        self.cache_lookups = Counter("finops_adapter_series_cache_lookups_total",
                                     "Series cache lookups by result", ["result"], registry=r)
        self.cache_size = Gauge("finops_adapter_series_cache_entries", "Entries in the series id cache",
                                registry=r)
        self.queue_rows = Gauge("finops_adapter_ingest_queue_samples",
                                "Samples waiting to be written to the database", registry=r)
        self.flush_rows = Histogram("finops_adapter_flush_samples", "Samples per database flush (batch size)",
                                    buckets=(100, 500, 1000, 2000, 5000, 10000, 20000, 50000), registry=r)
        self.cost_rows = Counter("finops_adapter_focus_rows_upserted_total",
                                 "FOCUS cost table rows inserted or updated from cost series", registry=r)
        self.view_skips = Counter("finops_adapter_metric_view_skips_total",
                                  "prom_metric views or label columns that could not be made, by reason (each is "
                                  "logged once; finops.metric_view_skips lists them)", ["reason"], registry=r)
        self.read_series = Counter("finops_adapter_remote_read_series_total", "Series returned by remote read",
                                   registry=r)
        self.read_responses = Counter("finops_adapter_remote_read_responses_total",
                                      "Remote read answers by response type (samples, streamed_xor_chunks)",
                                      ["type"], registry=r)
        self.compacted_samples = Counter("finops_adapter_compacted_samples_total",
                                         "Hot samples rewritten into compact blocks", registry=r)
        self.compaction_duration = Histogram("finops_adapter_compaction_duration_seconds",
                                             "Duration of compaction passes", buckets=_LATENCY_BUCKETS, registry=r)
        self.read_samples = Counter("finops_adapter_remote_read_samples_total",
                                    "Samples (floats and native histograms) returned by remote read", registry=r)
