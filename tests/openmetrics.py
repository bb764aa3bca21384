"""Typed views of prometheus_client's OpenMetrics writer and parser, which the library ships unannotated (its
Prometheus text ones are annotated): the signatures the library documents, so tests keep strict typing."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import cast

from prometheus_client.metrics_core import Metric
from prometheus_client.openmetrics import exposition, parser
from prometheus_client.registry import Collector

generate_openmetrics = cast(Callable[[Collector], bytes], exposition.generate_latest)
parse_openmetrics = cast(Callable[[str], Iterable[Metric]], parser.text_string_to_metric_families)
