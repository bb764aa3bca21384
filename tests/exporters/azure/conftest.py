from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from exporters.azure.config import AzureConfig, load_config
from tests.exporters.azure.fakeazure import FakeAzure, FakeResource, Tls, make_tls, start_fake

NOW = 1714564830.0  # 2024-05-01T12:00:30Z
LATEST = 1714564740.0  # 11:59:00, the newest grain that ended before NOW


class Mono:
    """A monotonic clock the test moves by hand (discovery refresh, throttling pauses, staleness)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def tls(tmp_path: Path) -> Tls:
    return make_tls(tmp_path)


@pytest.fixture
def fake() -> FakeAzure:
    f = FakeAzure(page_size=1)
    f.resources = [
        FakeResource("sub-a", "RG-One", "vm1"),
        FakeResource("sub-a", "RG-One", "vm2"),
        FakeResource("sub-b", "rg-two", "vm3", region="northeurope"),
    ]
    return f


@pytest.fixture
async def base_url(fake: FakeAzure, tls: Tls) -> AsyncIterator[str]:
    runner, url = await start_fake(fake, tls)
    try:
        yield url
    finally:
        await runner.cleanup()


@pytest.fixture
def make_config(base_url: str, tls: Tls, tmp_path: Path) -> Callable[..., AzureConfig]:
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")

    def make(file_values: dict[str, Any] | None = None, **flags: Any) -> AzureConfig:
        values: dict[str, Any] = {
            "web_listen_address": "127.0.0.1:0",
            "azure_tenant_id": "tenant-1",
            "azure_client_id": "app-1",
            "azure_client_secret_file": str(secret),
            "azure_authority_host": base_url,
            "azure_arm_endpoint": base_url,
            "azure_metrics_endpoint": base_url + "/metrics/{region}",
            "azure_ca_file": str(tls.ca_file),
            "azure_subscription_ids": "sub-a,sub-b",
            "azure_requests_per_second": "1000",
            "azure_retry_total": "3",
            "azure_retry_backoff_max": "1s",
        }
        values.update(flags)
        return load_config(flags=values, file_values=file_values, environ={})

    return make
