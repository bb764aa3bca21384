"""Live grid intensity to emissions per FOCUS row, the whole way as users run it.

`finops exporter carbon` in its own process polls a local HTTPS fake of Electricity Maps (its documented
`latest` shape, auth-token checked, trusting the fake's CA through `carbon.ca_file`); a real Prometheus scrapes it
(timestamps honoured: the sample carries the hour the value describes) and remote-writes to the adapter process;
a FOCUS bill with one hour of an Azure D2s v3 VM in West Europe (Electricity Maps zone NL) for that same hour is
loaded; then `finops.carbon_row_emissions` must give the figure computed here by hand, with the live method.

The fake serves NL's value for the current UTC hour only (null for any other hour, as the API does before
data exists), so the figure does not depend on scrape timing. It stamps each value with the second it is read
rather than the hour's start, as the real API does: Prometheus' remote write forwards only samples stamped after
it started (README, "After a Prometheus restart"), and a test cannot wait for the next hour.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
import yaml

from focus.load import load_file
from tests.e2e.conftest import AdapterProcess, prom_query, prometheus_config
from tests.e2e.test_azure_usage_cost import serving
from tests.exporters.azure.fakeazure import make_tls
from tests.exporters.carbon.fakeapis import FakeCarbonApis
from tests.reports.carbon_fixture import usage, write_focus
from tests.services import PrometheusServer, free_port, http_ready, wait_until

NL_G_PER_KWH = 250.0
VM = ("/subscriptions/3f2a8c1e-5b7d-4e9a-9c10-2d4b6a8e0f17/resourceGroups/RG-Carbon/providers/"
      "Microsoft.Compute/virtualMachines/VM-Live")


def hand_computed() -> float:
    """D2s v3: 2 vCPUs x (0.974239 + 0.5 x (4.464745 - 0.974239)) W at the default 50 % CPU, + 3.695228 GB x
    0.392 W of memory above SPECpower's; one hour; x PUE 1.185 (Azure); x 250 g/kWh (the live NL value)."""
    watts = 2 * (0.5 * 0.974239 + 0.5 * 4.464745) + 3.695228 * 0.392
    return watts / 1000 * 1.185 * NL_G_PER_KWH


def exporter_config(folder: Path, base_url: str, ca_file: Path, port: int) -> Path:
    token = folder / "em-token"
    token.write_text("em-secret\n")
    config = {
        "web": {"listen_address": f"127.0.0.1:{port}"},
        "carbon": {
            "poll_interval": "2s",
            "ca_file": str(ca_file),
            "cloud_regions": ["azure/westeurope"],  # -> Electricity Maps zone NL
            "electricity_maps": {"url": base_url + "/em/v3", "token_file": str(token)},
        },
    }
    path = folder / "carbon-exporter.yml"
    path.write_text(yaml.safe_dump(config))
    return path


def stored_intensity(dsn: str, hour: datetime) -> list[tuple[object, ...]]:
    with psycopg.connect(dsn) as conn:
        return conn.execute("SELECT source, zone, estimated, g_per_kwh, points "
                            "FROM finops.carbon_live_hourly(%s, %s)",
                            (hour, hour + timedelta(hours=1))).fetchall()


@pytest.mark.slow
def test_live_intensity_through_prometheus_gives_the_hand_computed_emissions(adapter: AdapterProcess,
                                                                             tmp_path: Path) -> None:
    wait_until(lambda: datetime.now(UTC).minute < 59, timeout=70, what="an hour with a minute or more left")
    hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    fake = FakeCarbonApis(time.time)
    fake.em_period = 1.0
    start, end = hour.timestamp(), hour.timestamp() + 3600
    fake.em_zones = {"NL": lambda _zone, at: NL_G_PER_KWH if start <= at < end else None}
    tls = make_tls(tmp_path)
    port = free_port()
    log_path = tmp_path / "carbon-exporter.log"
    with serving(fake, tls) as base_url:
        config_file = exporter_config(tmp_path, base_url, tls.ca_file, port)
        env = {k: v for k, v in os.environ.items() if not k.startswith("FINOPS_")}
        env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
        with log_path.open("ab") as log:
            proc = subprocess.Popen([sys.executable, "-m", "finops", "exporter", "carbon",
                                     f"--config.file={config_file}"], stdout=log, stderr=subprocess.STDOUT, env=env)
        prom = PrometheusServer(tmp_path / "prom",
                                prometheus_config({"carbon": [f"127.0.0.1:{port}"]}, adapter_url=adapter.url))
        try:
            wait_until(lambda: http_ready(proc, log_path, f"http://127.0.0.1:{port}/readyz", "carbon exporter"),
                       timeout=30, what="the carbon exporter's first successful poll")
            prom.start()
            wait_until(lambda: prom_query(prom, 'carbon_exporter_up{source="electricity_maps"} == 1', time.time()),
                       timeout=30, what="Prometheus scraping the carbon exporter")
            wait_until(lambda: stored_intensity(adapter.dsn, hour), timeout=60, interval=0.5,
                       what=f"the NL intensity in the database; exporter log: {log_path}")
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as resp:
                exposition = resp.read().decode()
        finally:
            prom.stop()
            proc.terminate()
            proc.wait(timeout=20)
    (stored,) = stored_intensity(adapter.dsn, hour)
    assert stored[:4] == ("electricity_maps", "NL", False, NL_G_PER_KWH)
    assert set(fake.em_headers) == {"em-secret"}
    assert "em-secret" not in log_path.read_text()  # the token is never logged
    assert f'zone="NL"}} {NL_G_PER_KWH} ' in exposition

    month = hour.replace(day=1)
    next_month = (month + timedelta(days=32)).replace(day=1)
    iso = "%Y-%m-%dT%H:%M:%SZ"
    row = usage(hour.strftime(iso), (hour + timedelta(hours=1)).strftime(iso), "0.096", "1", "Hours", ResourceId=VM,
                ResourceName="VM-Live", SkuMeter="D2s v3", ChargeDescription="D2s v3 hours", SkuPriceDetails="",
                BillingPeriodStart=month.strftime(iso), BillingPeriodEnd=next_month.strftime(iso))
    load_file(adapter.dsn, write_focus(tmp_path / "bill.csv", [row]), mode="strict")
    with psycopg.connect(adapter.dsn) as conn:
        result = conn.execute(
            "SELECT kind, instance_type, hours, hours_utilization_measured, emissions_g, intensity_method "
            "FROM finops.carbon_row_emissions(%s, %s)", (hour, hour + timedelta(hours=1))).fetchall()
    assert len(result) == 1
    kind, instance_type, hours, measured, grams, method = result[0]
    assert (kind, instance_type, hours, measured, method) == ("instance", "d2s v3", 1, 0, "live:electricity_maps")
    assert grams == pytest.approx(hand_computed(), rel=1e-12)
    assert json.dumps(grams)  # a plain number
