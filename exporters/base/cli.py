"""Command-line pieces every exporter's commands share."""

from __future__ import annotations

import click


def parse_label_options(values: tuple[str, ...]) -> dict[str, str]:
    """`--label name=value` (repeatable), as the backfill commands take extra labels; the last of a name wins."""
    labels: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"expected name=value, got {item!r}", param_hint="--label")
        labels[name] = value
    return labels
