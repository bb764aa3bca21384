"""Start-up failures of the real `finops` commands: one line naming the setting and the cause, a non-zero exit,
no traceback, no secret. Each test runs the command as a subprocess, as a user or an init system would."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
import trustme

from tests.kernel.servers import SERVERS, Server
from tests.services import PostgresCluster, free_port, http_ready, wait_until

DB_PASSWORD = "pw-Secret-4711"  # a throwaway role of the test cluster
URL_PASSWORD = "url-Secret-0815"


def finops(*args: str, timeout: float = 90) -> tuple[int, list[str]]:
    """Runs `finops ARGS` to its end; returns the exit status and stderr's lines."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINOPS_")}
    done = subprocess.run(
        [sys.executable, "-m", "finops", *args], capture_output=True, text=True, timeout=timeout, env=env, check=False
    )
    return done.returncode, done.stderr.splitlines()


def assert_one_line(status: int, lines: list[str], *fragments: str, exit_status: int | None = None) -> str:
    """The failure is one `finops:` line (log records of the run aside) holding every fragment, no traceback."""
    text = "\n".join(lines)
    assert status != 0, text
    if exit_status is not None:
        assert status == exit_status, text
    assert "Traceback" not in text, text
    messages = [line for line in lines if not line.startswith("ts=")]  # logfmt records are the log, not the error
    assert len(messages) == 1, text
    assert messages[0].startswith("finops: "), text
    for fragment in fragments:
        assert fragment in messages[0], text
    for secret in (DB_PASSWORD, URL_PASSWORD):
        assert secret not in text
    return messages[0]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_an_unreachable_database_fails_after_the_connect_timeout(workers: str) -> None:
    url = f"postgresql://postgres:{URL_PASSWORD}@127.0.0.1:{free_port()}/finops"
    started = time.monotonic()
    status, lines = finops("adapter", "--db.url", url, "--db.connect-timeout", "2s", "--web.workers", workers,
                           "--web.listen-address", f"127.0.0.1:{free_port()}")
    line = assert_one_line(status, lines, "--db.url", "database not reachable within --db.connect-timeout 2s",
                           "Connection refused", exit_status=1)
    assert "postgres@127.0.0.1" in line or "user=postgres" in line
    assert time.monotonic() - started >= 2  # it retried for the whole timeout, not once


@pytest.fixture
def password_role(pg_cluster: PostgresCluster) -> Iterator[str]:
    """A role that must give its password (scram), in a cluster that otherwise trusts local connections."""
    role = "finops_pw_test"
    with psycopg.connect(pg_cluster.dsn("postgres"), autocommit=True) as conn:
        conn.execute(f"DROP ROLE IF EXISTS {role}")
        conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{DB_PASSWORD}'")
        row = conn.execute("SHOW hba_file").fetchone()
        assert row is not None
        hba = Path(row[0])
        before = hba.read_text()
        hba.write_text(f"host all {role} 127.0.0.1/32 scram-sha-256\n" + before)
        conn.execute("SELECT pg_reload_conf()")
    try:
        yield role
    finally:
        with psycopg.connect(pg_cluster.dsn("postgres"), autocommit=True) as conn:
            hba.write_text(before)
            conn.execute("SELECT pg_reload_conf()")
            conn.execute(f"DROP ROLE IF EXISTS {role}")


def test_a_wrong_database_password_fails_at_once_naming_the_password_file(
    pg_cluster: PostgresCluster, password_role: str, tmp_path: Path
) -> None:
    wrong = tmp_path / "db-password"
    wrong.write_text("not-the-password\n")
    url = f"postgresql://{password_role}@127.0.0.1:{pg_cluster.port}/finops"
    right = tmp_path / "right"
    right.write_text(DB_PASSWORD + "\n")
    wait_until(lambda: _can_connect(url, DB_PASSWORD), timeout=10, what="the scram rule to apply")
    started = time.monotonic()
    status, lines = finops("adapter", "--db.url", url, "--db.password-file", str(wrong), "--db.connect-timeout", "60s")
    assert_one_line(status, lines, "--db.password-file", "password authentication failed", exit_status=1)
    assert "not-the-password" not in "\n".join(lines)
    assert time.monotonic() - started < 60  # refused for good: no retrying for the whole timeout


def _can_connect(url: str, password: str) -> bool:
    with psycopg.connect(url, password=password):
        return True


def test_an_unknown_database_fails_at_once_naming_the_url(pg_cluster: PostgresCluster) -> None:
    url = f"postgresql://postgres@127.0.0.1:{pg_cluster.port}/no_such_database"
    status, lines = finops("db", "migrate", "--db.url", url, "--db.connect-timeout", "60s")
    assert_one_line(status, lines, "--db.url", 'database "no_such_database" does not exist', exit_status=1)


@contextmanager
def relay_started_later(target_port: int, ready: Callable[[], bool]) -> Iterator[int]:
    """A TCP relay to `target_port` that starts listening only once `ready()` holds: a database that is not up
    yet when the adapter starts (a container starting beside it), however slowly the adapter itself starts."""
    port = free_port()
    stop = threading.Event()

    def pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                sock.close()

    def serve() -> None:
        while not ready():
            if stop.wait(0.1):
                return
        with socket.create_server(("127.0.0.1", port)) as server:
            server.settimeout(0.2)
            while not stop.is_set():
                try:
                    client, _ = server.accept()
                except TimeoutError:
                    continue
                upstream = socket.create_connection(("127.0.0.1", target_port))
                for a, b in ((client, upstream), (upstream, client)):
                    threading.Thread(target=pump, args=(a, b), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        stop.set()
        thread.join(timeout=5)


def test_the_adapter_waits_for_a_database_that_comes_up_late(
    pg_cluster: PostgresCluster, empty_db: str, tmp_path: Path
) -> None:
    dbname = empty_db.rsplit("/", 1)[1]
    port = free_port()
    log = tmp_path / "adapter.log"
    log.touch()
    retrying = "database not reachable yet, retrying for up to 1m"
    with relay_started_later(pg_cluster.port, lambda: retrying in log.read_text()) as db_port, \
            log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "finops", "adapter", f"--web.listen-address=127.0.0.1:{port}",
             f"--db.url=postgresql://postgres@127.0.0.1:{db_port}/{dbname}", "--db.connect-timeout=60s"],
            stdout=out, stderr=subprocess.STDOUT,
        )
        try:
            wait_until(lambda: http_ready(proc, log, f"http://127.0.0.1:{port}/readyz", "adapter"), timeout=90,
                       what="the adapter to come up once the database does")
            assert retrying in log.read_text()
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def _tls_files(tmp_path: Path) -> tuple[Path, Path]:
    issued = trustme.CA().issue_cert("localhost")
    cert, key = tmp_path / "tls.crt", tmp_path / "tls.key"
    issued.cert_chain_pems[0].write_to_path(str(cert))
    issued.private_key_pem.write_to_path(str(key))
    return cert, key


@pytest.mark.parametrize("server", SERVERS, ids=lambda s: s.name)
def test_tls_and_secret_file_problems_are_one_line_each(server: Server, tmp_path: Path) -> None:
    cert, key = _tls_files(tmp_path)
    other_key = tmp_path / "other.key"
    trustme.CA().issue_cert("x").private_key_pem.write_to_path(str(other_key))
    cases: list[tuple[list[str], tuple[str, ...]]] = [
        (["--web.tls.cert-file", str(tmp_path / "missing.crt"), "--web.tls.key-file", str(key)],
         ("flag --web.tls.cert-file", "missing.crt", "No such file or directory")),
        (["--web.tls.cert-file", str(key), "--web.tls.key-file", str(key)],  # a key where the certificate belongs
         ("flag --web.tls.cert-file", "not a PEM certificate")),
        (["--web.tls.cert-file", str(cert), "--web.tls.key-file", str(other_key)],
         ("--web.tls.cert-file", "--web.tls.key-file", "cannot load the certificate and its key")),
        (["--web.auth.username", "u", "--web.auth.password-file", str(tmp_path)],  # a directory: unreadable
         ("flag --web.auth.password-file", "cannot read secret file", "Is a directory")),
        (["--web.auth.username", "u"],  # half an auth configuration: an open server before issue 8
         ("flag --web.auth.username", "--web.auth.password-file")),
    ]
    for flags, fragments in cases:
        db = ["--db.url", f"postgresql://u:{URL_PASSWORD}@127.0.0.1:1/x"] if server.name == "adapter" else []
        status, lines = finops(*server.argv(tmp_path), *flags, *db)
        assert_one_line(status, lines, *fragments, exit_status=2)


@pytest.mark.parametrize("server", SERVERS[1:], ids=lambda s: s.name)
def test_a_listen_address_in_use_is_one_line(server: Server, tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        status, lines = finops(*server.argv(tmp_path), "--web.listen-address", f"127.0.0.1:{port}")
    assert_one_line(status, lines, f"--web.listen-address 127.0.0.1:{port}", "cannot listen",
                    "ddress already in use", exit_status=1)


def test_a_server_starts_with_complete_tls_and_auth(tmp_path: Path) -> None:
    """The checks above do not refuse a good configuration: the FOCUS exporter serves HTTPS with basic auth."""
    cert, key = _tls_files(tmp_path)
    password = tmp_path / "pw"
    password.write_text("pw\n")
    (tmp_path / "bill.csv").write_text("BilledCost\n")
    port = free_port()
    log = tmp_path / "exporter.log"
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "finops", *SERVERS[1].argv(tmp_path), f"--web.listen-address=127.0.0.1:{port}",
             f"--web.tls.cert-file={cert}", f"--web.tls.key-file={key}", "--web.auth.username=u",
             f"--web.auth.password-file={password}"],
            stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        wait_until(lambda: _https_status(proc, log, port) == 401, timeout=60, what="the exporter to answer 401")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _https_status(proc: subprocess.Popen[bytes], log: Path, port: int) -> int:
    if proc.poll() is not None:
        pytest.fail(f"exporter exited: {log.read_text()[-3000:]}")
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with urllib.request.urlopen(f"https://127.0.0.1:{port}/healthz", timeout=2, context=context) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        exc.close()
        return int(exc.code)
