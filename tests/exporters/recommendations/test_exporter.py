"""The recommendations exporter: gauges from a real database, the last answer kept while the database is down,
and the whole configuration checked at once."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.parser import text_string_to_metric_families

from exporters.recommendations.app import Exporter, build
from exporters.recommendations.config import load_config
from exporters.recommendations.source import RecommendationsSource
from finops.errors import ConfigError
from tests.reports.conftest import db
from tests.reports.test_rightsizing import NOW, usage_db

__all__ = ["db", "usage_db"]

RULES = {"rightsizing": {"sources": [{"cpu": {"metric": "azure_vm_cpu_utilization_percent", "kind": "percent"},
                                      "memory": {"metric": "azure_vm_memory_used_bytes", "kind": "used_bytes"},
                                      "network": {"metrics": ["azure_vm_network_transmit_bytes"], "kind": "gauge"}}]}}


async def scrape(exporter: Exporter) -> dict[tuple[str, str], float]:
    async with TestClient(TestServer(exporter.app)) as client:
        resp = await client.get("/metrics")
        assert resp.status == 200
        text = await resp.text()
    return {(s.name, s.labels.get("resource_name", "")): s.value
            for f in text_string_to_metric_families(text) for s in f.samples}


async def test_gauges_and_a_failed_poll_keeps_the_last_answer(usage_db: str, tmp_path: Path) -> None:
    path = tmp_path / "finops.yml"
    path.write_text(yaml.safe_dump({**RULES, "db": {"url": usage_db}}))
    config = load_config(str(path), flags={"web_listen_address": "127.0.0.1:0"}, environ={})
    exporter = build(config, source=RecommendationsSource(config, now=lambda: NOW), start_pollers=False)
    assert await exporter.poller.poll_once()
    metrics = await scrape(exporter)
    assert metrics[("finops_recommendation_monthly_savings", "vm-big-1")] == 420.48
    assert metrics[("finops_recommendation_vcpu_delta_ratio", "vm-big-1")] == -0.75
    assert metrics[("finops_recommendation_monthly_savings", "vm-idl-2")] == metrics[
        ("finops_recommendation_monthly_cost", "vm-idl-2")]
    assert metrics[("finops_recommendations_exporter_up", "")] == 1
    broken = load_config(None, flags={"db_url": "postgresql://nobody@127.0.0.1:1/none", **{
        "web_listen_address": "127.0.0.1:0"}}, environ={})
    exporter.source._config = broken  # the database goes away
    assert not await exporter.poller.poll_once()
    metrics = await scrape(exporter)
    assert metrics[("finops_recommendations_exporter_up", "")] == 0
    assert metrics[("finops_recommendation_monthly_savings", "vm-big-1")] == 420.48


def test_every_configuration_problem_at_once(tmp_path: Path) -> None:
    path = tmp_path / "bad.yml"
    path.write_text(yaml.safe_dump({"recommendations": {"interval": "5s"}, "rightsizing": {"cpu_percentile": 2}}))
    with pytest.raises(ConfigError) as err:
        load_config(str(path), flags={"web_listen_address": "nohost"}, environ={})
    text = str(err.value)
    assert "interval" in text and "cpu_percentile" in text and "listen" in text
