from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from exporters.carbon.config import CarbonConfig, load_config
from tests.exporters.azure.fakeazure import Tls, make_tls, start_fake
from tests.exporters.carbon.fakeapis import FakeCarbonApis

NOW = 1714565100.0  # 2024-05-01T12:05:00Z


class FakeTime:
    """Wall and monotonic clocks the test moves; `sleep` advances both and records the wait (nothing waits)."""

    def __init__(self, wall: float = NOW) -> None:
        self.wall = wall
        self.mono = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        self.wall += seconds
        self.mono += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def tls(tmp_path: Path) -> Tls:
    return make_tls(tmp_path)


@pytest.fixture
def fake(fake_time: FakeTime) -> FakeCarbonApis:
    return FakeCarbonApis(fake_time.clock)


@pytest.fixture
async def base_url(fake: FakeCarbonApis, tls: Tls) -> AsyncIterator[str]:
    runner, url = await start_fake(fake, tls)
    try:
        yield url
    finally:
        await runner.cleanup()


@pytest.fixture
def make_config(base_url: str, tls: Tls, tmp_path: Path) -> Callable[..., CarbonConfig]:
    em_token = tmp_path / "em-token"
    em_token.write_text("em-secret\n")
    wt_password = tmp_path / "wt-password"
    wt_password.write_text("wt-pass\n")

    def make(file_values: dict[str, Any] | None = None, *, uk: bool = False, em: bool = False, wt: bool = False,
             **flags: Any) -> CarbonConfig:
        values: dict[str, Any] = {
            "web_listen_address": "127.0.0.1:0",
            "carbon_ca_file": str(tls.ca_file),
            "carbon_uk_url": base_url + "/uk",
            "carbon_electricity_maps_url": base_url + "/em/v3",
            "carbon_watttime_url": base_url + "/wt",
            "carbon_retries": "2",
        }
        if uk:
            values["carbon_uk_enabled"] = "true"
        if em:
            values["carbon_electricity_maps_token_file"] = str(em_token)
            values["carbon_electricity_maps_zones"] = "DE,FR"
            values["carbon_electricity_maps_requests_per_second"] = "1000"
        if wt:
            values["carbon_watttime_username"] = "alice"
            values["carbon_watttime_password_file"] = str(wt_password)
            values["carbon_watttime_regions"] = "CAISO_NORTH"
            values["carbon_watttime_requests_per_second"] = "1000"
        values.update(flags)
        return load_config(flags=values, file_values=file_values, environ={})

    return make
