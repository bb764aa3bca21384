"""The carbon dashboard's PromQL panels name metrics the carbon exporter really exposes (the deploy tests run its
SQL panels against the schema and parse its PromQL with promtool)."""

from __future__ import annotations

import json
import re

from prometheus_client import CollectorRegistry

from exporters.base import Poller, PollerCollector
from exporters.carbon.app import SELF_PREFIX
from exporters.carbon.collector import CarbonCollector
from exporters.carbon.source import CarbonSnapshot, Stats
from tests.services import ROOT

DASHBOARD = ROOT / "deploy" / "grafana" / "dashboards" / "finops-carbon.json"


async def _fetch() -> CarbonSnapshot:
    return CarbonSnapshot("x")


def test_promql_panels_name_carbon_metrics_that_exist() -> None:
    registry = CollectorRegistry()
    registry.register(CarbonCollector(lambda: [], Stats()))
    registry.register(PollerCollector(SELF_PREFIX, [Poller("x", _fetch, initial=CarbonSnapshot(), interval=60)]))
    names = set()
    for family in registry.collect():
        names.add(family.name)
        if family.type == "counter":
            names.add(family.name + "_total")
    exprs = [t["expr"] for p in json.loads(DASHBOARD.read_text())["panels"] for t in p.get("targets", [])
             if "expr" in t]
    used = {n for e in exprs for n in re.findall(r"\b(carbon_[a-z_]+)\b", e)}
    assert used, "the dashboard has carbon PromQL panels"
    assert used <= names, used - names
