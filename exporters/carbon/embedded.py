"""The embedded table as a source: every cloud region's yearly grid intensity, with nothing to sign up for.

One series per region, `zone="<provider>/<region id>"`, `estimated="true"` (a yearly average standing in for
the current hour), `emission_factor_type` as the row's dataset states it. The samples carry no timestamp: the
value describes a year, not an instant, and a January-1st timestamp would be refused by Prometheus; the year it
is for is the one the region table resolves for today (`reports.carbon.table`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from types import MappingProxyType

from exporters.carbon.config import TableConfig
from exporters.carbon.source import CarbonSnapshot, actual, sort_samples
from reports.carbon.table import RegionTable, region_table

NAME = "embedded_table"


class EmbeddedTableSource:
    name = NAME

    def __init__(self, config: TableConfig, table: RegionTable | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.table = table or region_table()
        self.regions = list(config.regions) or self.table.regions()
        self._clock = clock

    async def fetch(self) -> CarbonSnapshot:
        year = datetime.fromtimestamp(self._clock(), UTC).year
        samples = []
        names = {}
        for provider, region in self.regions:
            row = self.table.resolve(provider, region, year)
            if row is None:  # config validation only admits listed regions
                continue
            zone = f"{provider}/{region}"
            samples.append(actual(NAME, zone, row.g_per_kwh, None, signal="average", factor=row.emission_factor_type,
                                  estimated=True))
            names[zone] = f"{row.location} ({row.basis} {row.year}: {row.source})"
        up = MappingProxyType(dict.fromkeys(names, True))
        return CarbonSnapshot(NAME, sort_samples(samples), up, MappingProxyType({}), MappingProxyType(names))
