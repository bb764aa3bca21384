"""Real services for the benchmarks that drive an adapter: a throwaway PostgreSQL+TimescaleDB cluster
(scripts/pg.sh) and an adapter process, both removed on exit (FINOPS_BENCH_KEEP=1 keeps the folder and logs)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from finops.db import migrate
from tests.services import free_port

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def migrated_cluster(prefix: str) -> Iterator[tuple[str, Path]]:
    """(DSN of a migrated database, working folder) of a cluster started for this run."""
    base = Path(tempfile.mkdtemp(prefix=prefix))
    base.chmod(0o755)  # the server runs as "postgres" and must reach its folder
    pg = subprocess.run(["bash", str(ROOT / "scripts/pg.sh"), "start", str(base / "pg"), str(free_port())],
                        check=True, capture_output=True, text=True)
    try:
        dsn = pg.stdout.strip().splitlines()[-1]
        migrate(dsn)
        yield dsn, base
    finally:
        subprocess.run(["bash", str(ROOT / "scripts/pg.sh"), "stop", str(base / "pg")], check=False)
        if not os.environ.get("FINOPS_BENCH_KEEP"):
            shutil.rmtree(base, ignore_errors=True)


@contextmanager
def adapter_process(dsn: str, workdir: Path, *flags: str) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """`finops adapter` on a free port, ready (its /readyz answers) when yielded: (process, port)."""
    port = free_port()
    with (workdir / "adapter.log").open("wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "finops", "adapter", f"--web.listen-address=127.0.0.1:{port}",
                                 "--db.migrate=false", f"--db.url={dsn}", *flags], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"the adapter did not start: see {workdir / 'adapter.log'}") from None
                time.sleep(0.2)
        yield proc, port
    finally:
        proc.terminate()
        proc.wait(timeout=60)
