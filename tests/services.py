"""Real services for the tests: a throwaway PostgreSQL+TimescaleDB cluster and real Prometheus processes.

They fail loudly when the binaries are missing: CI must install them (scripts/bootstrap.sh), never skip.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import psycopg
import pytest

ROOT = Path(__file__).resolve().parent.parent
PG_SH = ROOT / "scripts" / "pg.sh"
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until(condition: Callable[[], T | None], timeout: float = 30.0, interval: float = 0.1, what: str = "") -> T:
    """Polls `condition` until it returns a truthy value; fails the test with `what` after `timeout`. The value
    is returned, never None (so a `fetchone()` polled for needs no check)."""
    deadline = time.monotonic() + timeout
    last_exc: BaseException | None = None
    while time.monotonic() < deadline:
        try:
            result = condition()
            if result:
                return result
        except Exception as exc:
            last_exc = exc
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout}s waiting for {what or condition}: last error {last_exc!r}")


def http_ready(proc: subprocess.Popen[bytes] | None, log_path: Path, url: str, what: str) -> bool:
    """A `wait_until` probe for a service we started: fails the test with the end of its log if the process
    exited, else whether GET `url` answers 200 (connection errors reach `wait_until` as its last error)."""
    assert proc is not None
    if proc.poll() is not None:
        pytest.fail(f"{what} exited: {log_path.read_text()[-3000:]}")
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return bool(resp.status == 200)
    except urllib.error.HTTPError as exc:  # not ready yet (e.g. 503); close it, or it warns when collected
        exc.close()
        return False


def require_binary(name: str) -> str:
    path = shutil.which(name) or (f"/usr/lib/postgresql/15/bin/{name}" if name in {"initdb", "pg_ctl"} else None)
    if not path or not os.path.exists(path):
        pytest.fail(f"{name} is not installed: run scripts/bootstrap.sh (tests never skip a missing service)")
    return path


class PostgresCluster:
    """A PostgreSQL cluster in a temp folder, started and stopped with the project's own scripts/pg.sh."""

    def __init__(self, data_dir: Path, port: int) -> None:
        self.data_dir = data_dir
        self.port = port

    def dsn(self, dbname: str = "finops") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    @contextmanager
    def database(self) -> Iterator[str]:
        """A fresh, empty database (no migrations applied), dropped on exit; yields its DSN."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            yield self.dsn(name)
        finally:
            with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def start(self) -> None:
        require_binary("initdb")
        done = subprocess.run(
            ["bash", str(PG_SH), "start", str(self.data_dir), str(self.port)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode != 0:
            pytest.fail(f"scripts/pg.sh start failed: {done.stderr}")

    def stop(self) -> None:
        subprocess.run(["bash", str(PG_SH), "stop", str(self.data_dir)], check=False, capture_output=True, timeout=120)


def prometheus3() -> str:
    """Prometheus 3 (its remote-read client asks for STREAMED_XOR_CHUNKS), unpacked by scripts/bootstrap.sh."""
    path = ROOT / "var" / "prometheus3" / "prometheus"
    if not path.is_file():
        pytest.fail(f"{path} is missing: run scripts/bootstrap.sh (tests never skip a missing service)")
    return str(path)


#: Whether the running test may start Prometheus: set by tests/conftest.py before each test's fixtures, true only
#: for tests marked `slow` (so `pytest -m "not slow"` never starts one); None outside pytest (the benchmarks).
prometheus_allowed: bool | None = None


class PrometheusServer:
    """A real Prometheus process with a generated config and its own TSDB folder."""

    def __init__(self, workdir: Path, config_text: str, extra_args: list[str] | None = None,
                 binary: str | None = None) -> None:
        self.binary = binary
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.config_path = workdir / "prometheus.yml"
        self.config_path.write_text(config_text)
        self.extra_args = extra_args or []
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = workdir / "prometheus.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        if prometheus_allowed is False:
            pytest.fail("this test starts Prometheus: mark it @pytest.mark.slow (pytest -m 'not slow' leaves it out)")
        binary = self.binary or require_binary("prometheus")
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                [
                    binary,
                    f"--config.file={self.config_path}",
                    f"--storage.tsdb.path={self.workdir / 'data'}",
                    f"--web.listen-address=127.0.0.1:{self.port}",
                    "--web.enable-lifecycle",
                    *self.extra_args,
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until(self._ready, timeout=60, what="prometheus ready")

    def _ready(self) -> bool:
        return http_ready(self.proc, self.log_path, f"{self.url}/-/ready", "prometheus")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
