"""Every server of the project, as the tests of shared behaviour see it: its settings list, a way to load its
configuration from flags alone, and the `finops` command line that starts it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml

from exporters.azure.config import load_config as load_azure
from exporters.azure.config import settings as azure_settings
from exporters.carbon.config import load_config as load_carbon
from exporters.carbon.config import settings as carbon_settings
from exporters.focus_cost.config import WEB_SETTINGS as FOCUS_SETTINGS
from exporters.focus_cost.config import load_config as load_focus
from exporters.forecast.app import EXPORTER_SETTINGS as FORECAST_SETTINGS
from exporters.forecast.app import load_exporter_config as load_forecast
from exporters.recommendations.config import SETTINGS as RECOMMENDATIONS_SETTINGS
from exporters.recommendations.config import load_config as load_recommendations
from finops.config import Setting
from finops.db import DB_SETTINGS
from finops.web import WebConfig
from remote_write_adapter.config import SETTINGS as ADAPTER_SETTINGS
from remote_write_adapter.config import AdapterConfig


class ServerConfig(Protocol):
    """What every server's configuration has: the web settings the shared behaviour is about."""

    @property
    def web(self) -> WebConfig: ...


@dataclass(frozen=True)
class Server:
    name: str
    settings: Sequence[Setting]
    #: loads the configuration from `flags` (click parameter names), with no environment, in `tmp_path`
    load: Callable[[Path, dict[str, Any]], ServerConfig]
    #: the `finops …` arguments that start it (without the flags of a test)
    argv: Callable[[Path], list[str]]


def _focus_file(tmp_path: Path) -> Path:
    path = tmp_path / "focus-exporter.yml"
    path.write_text(yaml.safe_dump({"sources": [{"name": "bill", "path": str(tmp_path / "bill.csv")}]}))
    return path


SERVERS = (
    Server(
        "adapter",
        ADAPTER_SETTINGS,
        lambda _tmp, flags: AdapterConfig.load(flags=flags, environ={}),
        lambda _tmp: ["adapter"],
    ),
    Server(
        "focus-cost",
        FOCUS_SETTINGS,
        lambda tmp, flags: load_focus(str(_focus_file(tmp)), flags=flags, environ={}),
        lambda tmp: ["exporter", "focus-cost", "--config.file", str(_focus_file(tmp))],
    ),
    Server(
        "azure",
        azure_settings(),
        lambda _tmp, flags: load_azure(flags={"azure_subscription_ids": "sub-a", **flags}, environ={}),
        lambda _tmp: ["exporter", "azure", "--azure.subscription-ids", "sub-a"],
    ),
    Server(
        "carbon",
        carbon_settings(),
        lambda _tmp, flags: load_carbon(flags=flags, environ={}),
        lambda _tmp: ["exporter", "carbon"],
    ),
    Server(
        "forecast",
        [*DB_SETTINGS, *FORECAST_SETTINGS],
        lambda _tmp, flags: load_forecast(None, flags=flags, environ={}),
        lambda _tmp: ["exporter", "forecast"],
    ),
    Server(
        "recommendations",
        RECOMMENDATIONS_SETTINGS,
        lambda _tmp, flags: load_recommendations(None, flags=flags, environ={}),
        lambda _tmp: ["exporter", "recommendations"],
    ),
)
