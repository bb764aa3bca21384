"""Scale check: the Azure exporter against the local fake Azure (HTTPS) with N VMs x 6 metrics.

    .venv/bin/python bench/azure_scale.py --vms 1000 --polls 3

Prints Azure calls per poll (token, ARM, metrics), poll duration, samples, /metrics render time and size,
and peak Python memory (tracemalloc) and max RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exporters.azure.app import build
from exporters.azure.config import load_config
from exporters.base import render_metrics
from tests.exporters.azure.fakeazure import FakeAzure, FakeResource, make_tls, start_fake


async def main(vms: int, polls: int, subscriptions: int, regions: int, trace: bool) -> None:
    folder = Path(tempfile.mkdtemp(prefix="azure-scale-"))
    tls = make_tls(folder)
    fake = FakeAzure(page_size=1000)  # ARM pages hold up to 1,000 resources
    fake.resources = [
        FakeResource(f"sub-{i % subscriptions}", f"rg-{i % 10}", f"vm{i:05d}", region=f"region{i % regions}")
        for i in range(vms)
    ]
    runner, base = await start_fake(fake, tls)
    secret = folder / "secret"
    secret.write_text("s")
    config = load_config(
        flags={
            "azure_tenant_id": "t",
            "azure_client_id": "c",
            "azure_client_secret_file": str(secret),
            "azure_authority_host": base,
            "azure_arm_endpoint": base,
            "azure_metrics_endpoint": base + "/metrics/{region}",
            "azure_ca_file": str(tls.ca_file),
            "azure_subscription_ids": ",".join(f"sub-{i}" for i in range(subscriptions)),
            "azure_requests_per_second": "20",
        },
        environ={},
    )
    exporter = build(config, start_pollers=False)
    if trace:
        tracemalloc.start()
    try:
        for n in range(1, polls + 1):
            before = len(fake.calls)
            started = time.perf_counter()
            ok = await exporter.poller.poll_once()
            duration = time.perf_counter() - started
            calls = fake.calls[before:]
            kinds = {k: sum(1 for c in calls if c[0] == k) for k in ("token", "arm", "metrics")}
            t0 = time.perf_counter()
            body, _ = render_metrics(exporter.registry, "")
            render = time.perf_counter() - t0
            print(
                f"poll {n}: ok={ok} calls={kinds} duration={duration:.2f}s "
                f"samples={len(exporter.poller.snapshot.samples)} render={render * 1000:.0f}ms body={len(body)}B"
            )
        peak = tracemalloc.get_traced_memory()[1] if trace else 0
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        heap = f" peak_python_heap={peak / 1e6:.1f}MB" if trace else ""
        print(f"vms={vms} metrics/vm=6{heap} max_rss={rss_mb:.0f}MB (fake server in the same process)")
    finally:
        tracemalloc.stop()
        await exporter.poller.stop()
        from exporters.azure.source import SdkClients

        assert isinstance(exporter.source._lister, SdkClients)
        await exporter.source._lister.close()
        await runner.cleanup()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--vms", type=int, default=1000)
    parser.add_argument("--polls", type=int, default=3)
    parser.add_argument("--subscriptions", type=int, default=2)
    parser.add_argument("--regions", type=int, default=2)
    parser.add_argument("--tracemalloc", action="store_true", help="measure peak Python heap (slows polls ~5x)")
    args = parser.parse_args()
    asyncio.run(main(args.vms, args.polls, args.subscriptions, args.regions, args.tracemalloc))
