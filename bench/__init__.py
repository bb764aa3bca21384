"""Benchmarks: each prints a ratio against a baseline measured in the same run (see bench/__main__.py)."""
