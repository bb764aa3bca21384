from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from click.testing import CliRunner
from prometheus_client.exposition import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from exporters.cli import exporter
from exporters.focus_cost.app import Exporter, build
from exporters.focus_cost.config import ExporterConfig, SourceConfig
from finops.web import WebConfig
from tests.exporters.focus_cost.conftest import focus_csv
from tests.openmetrics import parse_openmetrics

Client = TestClient[web.Request, web.Application]


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[tuple[Exporter, Client, Path]]:
    csv = tmp_path / "c.csv"
    csv.write_text(focus_csv(2))
    config = ExporterConfig(
        web=WebConfig(host="127.0.0.1", port=0),
        sources=(SourceConfig(name="a", path=str(csv)), SourceConfig(name="b", path=str(tmp_path / "missing.csv"))),
    )
    exp = build(config, start_pollers=False)
    client: Client = TestClient(TestServer(exp.app))
    await client.start_server()
    try:
        yield exp, client, csv
    finally:
        await client.close()


async def test_metrics_in_both_formats_with_self_metrics(served: tuple[Exporter, Client, Path]) -> None:
    exp, client, _ = served
    for poller in exp.pollers:
        await poller.poll_once()
    resp = await client.get("/metrics")
    assert resp.status == 200
    text = await resp.text()
    assert text.encode() == generate_latest(exp.registry)  # the fast path writes what prometheus_client writes
    families = {f.name: f for f in text_string_to_metric_families(text)}
    assert len(families["focus_billed_cost"].samples) == 2
    up = {s.labels["source"]: s.value for s in families["focus_exporter_up"].samples}
    assert up == {"a": 1.0, "b": 0.0}
    items = {(s.labels["source"], s.labels["kind"]): s.value for s in families["focus_exporter_poll_items"].samples}
    assert items[("a", "rows")] == 2

    resp = await client.get("/metrics", headers={"Accept": "application/openmetrics-text; version=1.0.0"})
    assert resp.headers["Content-Type"].startswith("application/openmetrics-text")
    body = await resp.text()
    assert body.endswith("# EOF\n") and body.count("# EOF") == 1
    names = {f.name for f in parse_openmetrics(body)}
    assert {"focus_billed_cost", "focus_effective_cost", "focus_exporter_up", "focus_exporter_polls"} <= names


async def test_failed_poll_keeps_series_and_readyz_waits_for_every_source(
    served: tuple[Exporter, Client, Path],
) -> None:
    exp, client, csv = served
    await exp.pollers[0].poll_once()
    assert (await client.get("/readyz")).status == 503
    csv.write_text("<html>oops</html>")
    assert not await exp.pollers[0].poll_once()
    text = await (await client.get("/metrics")).text()
    assert text.count("focus_billed_cost{") == 2
    assert (await client.get("/healthz")).status == 200


def test_cli_is_registered_and_reports_config_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(exporter, ["focus-cost", "--help"])
    assert result.exit_code == 0
    assert "--config.file" in result.output and "--web.listen-address" in result.output
    bad = tmp_path / "c.yaml"
    bad.write_text("sources: []\n")
    result = runner.invoke(exporter, ["focus-cost", "--config.file", str(bad)])
    assert result.exit_code != 0
    assert "sources: must be a non-empty list" in str(result.exception)
