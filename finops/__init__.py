"""Shared kernel of Composable FinOps for Prometheus: errors, configuration, logging, HTTP auth and the CLI root.

It imports nothing else of the project, so every other package may depend on it.
"""

from __future__ import annotations

__version__ = "0.1.0"
