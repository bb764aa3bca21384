"""Fixtures for end-to-end tests: the adapter as users run it (`finops adapter` in its own process) and real
Prometheus servers scraping real targets."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from finops.db import migrate
from tests.services import PrometheusServer, free_port, http_ready, wait_until


class AdapterProcess:
    def __init__(self, dsn: str, workdir: Path, extra: list[str] | None = None) -> None:
        self.dsn = dsn
        self.port = free_port()
        self.log_path = workdir / f"adapter-{self.port}.log"
        self.extra = extra or []
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {**os.environ, "FINOPS_DB_URL": self.dsn}
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "finops", "adapter", f"--web.listen-address=127.0.0.1:{self.port}", *self.extra],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
            )
        wait_until(self._ready, timeout=60, what="adapter ready")

    def _ready(self) -> bool:
        return http_ready(self.proc, self.log_path, f"{self.url}/healthz", "adapter")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class StaticTarget:
    """A real scrape target: a plain HTTP server serving a metrics file we can change or take away."""

    def __init__(self, workdir: Path, text: str) -> None:
        self.dir = workdir / f"target-{free_port()}"
        self.dir.mkdir()
        (self.dir / "metrics").write_text(text)
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1"],
            cwd=self.dir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(
            lambda: urllib.request.urlopen(f"http://{self.address}/metrics", timeout=1).status == 200,
            timeout=20,
            what="static target",
        )

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


def prometheus_config(
    targets: dict[str, list[str]],
    adapter_url: str | None = None,
    remote_read_url: str | None = None,
    interval: str = "1s",
) -> str:
    config: dict[str, Any] = {
        "global": {"scrape_interval": interval, "evaluation_interval": interval},
        "scrape_configs": [{"job_name": job, "static_configs": [{"targets": addrs}]} for job, addrs in targets.items()],
    }
    if adapter_url:
        config["remote_write"] = [
            {
                "url": f"{adapter_url}/api/v1/write",
                "metadata_config": {"send": True, "send_interval": "5s"},
                "queue_config": {
                    "batch_send_deadline": "1s",
                    "max_samples_per_send": 2000,
                    "min_backoff": "50ms",
                    "max_backoff": "1s",
                    "max_shards": 4,
                },
            }
        ]
    if remote_read_url:
        config["remote_read"] = [{"url": f"{remote_read_url}/api/v1/read", "read_recent": True}]
    return json.dumps(config)


def prom_query(prom: PrometheusServer, query: str, at: float) -> list[dict[str, Any]]:
    params = urllib.parse.urlencode({"query": query, "time": f"{at:.3f}"})
    with urllib.request.urlopen(f"{prom.url}/api/v1/query?{params}", timeout=30) as resp:
        body = json.load(resp)
    assert body["status"] == "success", body
    result: list[dict[str, Any]] = body["data"]["result"]
    return result


@pytest.fixture
def migrated_db(empty_db: str) -> str:
    migrate(empty_db)
    return empty_db


@pytest.fixture
def adapter(migrated_db: str, tmp_path: Path) -> Iterator[AdapterProcess]:
    proc = AdapterProcess(migrated_db, tmp_path)
    proc.start()
    try:
        yield proc
    finally:
        proc.stop()
