"""The remote-write adapter: Prometheus remote write in, TimescaleDB out, remote read back."""
