"""Layered configuration: flags > `FINOPS_*` environment > YAML file > defaults, resolved once at start-up.

Components declare their settings as `Setting`s; `resolve` validates them all and reports every problem at
once. Only this module reads the environment. Secrets are read from files and masked in `repr`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from finops.errors import ConfigError


@dataclass(frozen=True)
class Secret:
    """A credential that never shows in logs, reprs or tracebacks."""

    value: str

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__


def read_secret_file(path: str | os.PathLike[str]) -> Secret:
    """Reads a secret from a file (Kubernetes secret volumes), trimming the trailing newline editors add."""
    try:
        return Secret(Path(path).read_text(encoding="utf-8").strip())
    except OSError as exc:
        raise ConfigError([f"cannot read secret file {path}: {exc.strerror}"]) from exc


def _parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"not a boolean: {text!r}")


def parse_duration(text: str | int | float) -> float:
    """Parses Prometheus-style durations (`90s`, `5m`, `1h30m`, `7d`) into seconds."""
    if isinstance(text, int | float):
        if text < 0:
            raise ValueError("duration must not be negative")
        return float(text)
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}
    raw = text.strip()
    if not raw:
        raise ValueError("empty duration")
    total, number = 0.0, ""
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch.isdigit() or ch == ".":
            number += ch
            i += 1
            continue
        unit = raw[i : i + 2] if raw[i : i + 2] == "ms" else ch
        if unit not in units or not number:
            raise ValueError(f"not a duration: {text!r} (use e.g. 30s, 5m, 1h, 7d)")
        total += float(number) * units[unit]
        number = ""
        i += len(unit)
    if number:
        if total == 0:
            return float(number)
        raise ValueError(f"not a duration: {text!r}")
    return total


def _scalar_text(value: Any) -> str:
    if isinstance(value, dict | list):
        raise ValueError(f"expected a single value, got a {'mapping' if isinstance(value, dict) else 'list'}")
    return str(value)


_PARSERS: dict[type, Callable[[Any], Any]] = {
    str: _scalar_text,
    int: lambda v: v if isinstance(v, int) and not isinstance(v, bool) else int(str(v), 10),
    float: float,
    bool: lambda v: v if isinstance(v, bool) else _parse_bool(str(v)),
}


@dataclass(frozen=True)
class Setting:
    """One configuration key: `web.listen_address` is the flag `--web.listen-address`, the env var
    `FINOPS_WEB_LISTEN_ADDRESS` and the YAML path `web: {listen_address: …}`."""

    key: str
    type: type | Callable[[Any], Any]
    default: Any
    help: str
    secret: bool = False

    @property
    def flag(self) -> str:
        return "--" + self.key.replace("_", "-")

    @property
    def env(self) -> str:
        return "FINOPS_" + self.key.replace(".", "_").replace("-", "_").upper()

    @property
    def param(self) -> str:
        return self.key.replace(".", "_").replace("-", "_")

    def parse(self, raw: Any) -> Any:
        parser = _PARSERS.get(self.type, self.type) if isinstance(self.type, type) else self.type
        return parser(raw)


def load_yaml_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Reads a YAML mapping, turning every way it can be wrong into one ConfigError naming the file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([f"cannot read {path}: {exc}"], source=str(path)) from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError([f"not valid YAML: {exc}"], source=str(path)) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError([f"top level must be a mapping, got {type(data).__name__}"], source=str(path))
    return data


def _lookup(tree: Mapping[str, Any], dotted: str) -> tuple[bool, Any]:
    node: Any = tree
    for part in dotted.split("."):
        if not isinstance(node, Mapping):
            return False, None
        if part in node:
            node = node[part]
        elif part.replace("_", "-") in node:
            node = node[part.replace("_", "-")]
        else:
            return False, None
    return True, node


def _known_paths(tree: Mapping[str, Any], prefix: str = "") -> list[str]:
    paths = []
    for key, value in tree.items():
        path = f"{prefix}{str(key).replace('-', '_')}"
        if isinstance(value, Mapping):
            paths.extend(_known_paths(value, path + "."))
        else:
            paths.append(path)
    return paths


def resolve(
    settings: Sequence[Setting],
    flags: Mapping[str, Any] | None = None,
    file_values: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    source: str = "configuration",
    allow_unknown_file_keys: Sequence[str] = (),
) -> dict[str, Any]:
    """Returns `{key: value}` for every setting; raises one ConfigError listing every bad value."""
    environ = os.environ if environ is None else environ
    flags = flags or {}
    file_values = file_values or {}
    problems: list[str] = []
    known = {s.key for s in settings}
    sections = {k.rsplit(".", i)[0] for k in known for i in range(1, k.count(".") + 1)}
    for path in _known_paths(file_values):
        if path in sections:
            problems.append(f"{source}: {path!r} must be a mapping of settings, not a single value")
        elif path not in known and not any(path.startswith(p) for p in allow_unknown_file_keys):
            problems.append(f"{source}: unknown key {path!r}")
    resolved: dict[str, Any] = {}
    for setting in settings:
        origin, raw = "default", setting.default
        found, value = _lookup(file_values, setting.key)
        if found:
            origin, raw = f"{source}: {setting.key}", value
        if setting.env in environ:
            origin, raw = f"environment {setting.env}", environ[setting.env]
        if flags.get(setting.param) is not None:
            origin, raw = f"flag {setting.flag}", flags[setting.param]
        if raw is None:
            resolved[setting.key] = None
            continue
        try:
            resolved[setting.key] = setting.parse(raw)
        except (TypeError, ValueError, ConfigError) as exc:
            shown = "***" if setting.secret else repr(raw)
            problems.append(f"{origin}: invalid value {shown}: {exc}")
    if problems:
        raise ConfigError(problems, source=source)
    return resolved
