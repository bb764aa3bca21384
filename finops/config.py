"""Layered configuration: flags > `FINOPS_*` environment > YAML file > defaults, resolved once at start-up.

Components declare their settings as `Setting`s, each numeric or duration setting with its valid range and
settings that only make sense together with the settings they need; `resolve` validates them all and reports
every problem at once. Only this module reads the environment. Secrets are read from files and masked in `repr`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from finops.errors import ConfigError
from finops.logging import redact


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
    except UnicodeDecodeError as exc:
        raise ConfigError([f"secret file {path} is not UTF-8 text"]) from exc


def secret_file(value: object) -> str:
    """Setting parser for a secret file path: the file must be readable and not empty, so a wrong mount fails
    the start with the other problems instead of serving with an empty credential. The path is kept (the
    secret is read by its user, which may read it again later); the content is never shown."""
    path = scalar_text(value)
    if not path:  # an empty value unsets a file given by a lower layer
        return path
    secret = read_secret_file(path)
    if not secret.value:
        raise ConfigError([f"secret file {path} is empty"])
    return path


def readable_file(value: object) -> str:
    """Setting parser for a file read after start-up (certificates, CA bundles): it must exist and be readable."""
    path = scalar_text(value)
    if not path:  # an empty value unsets a file given by a lower layer
        return path
    try:
        with open(path, "rb") as handle:
            handle.read(1)
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror}") from exc
    return path


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
    raw = scalar_text(text).strip()  # a YAML mapping or list is a clear error, not an AttributeError
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


def format_duration(seconds: float) -> str:
    """The Prometheus spelling of a duration (`90` -> `1m30s`), for help texts and messages."""
    if seconds == 0:
        return "0s"
    if seconds < 1:
        return f"{seconds * 1000:g}ms"
    parts, rest = [], seconds
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if rest >= size:
            count = int(rest // size)
            parts.append(f"{count}{unit}")
            rest -= count * size
    if rest or not parts:
        parts.append(f"{rest:g}s")
    return "".join(parts)


def scalar_text(value: Any) -> str:
    """The `str` setting parser: a YAML mapping or list where one value belongs is an error, not its repr."""
    if isinstance(value, dict | list):
        raise ValueError(f"expected a single value, got a {'mapping' if isinstance(value, dict) else 'list'}")
    return str(value)


_PARSERS: dict[type, Callable[[Any], Any]] = {
    str: scalar_text,
    int: lambda v: v if isinstance(v, int) and not isinstance(v, bool) else int(str(v), 10),
    float: float,
    bool: lambda v: v if isinstance(v, bool) else _parse_bool(str(v)),
}


@dataclass(frozen=True)
class Bounds:
    """The valid range of a numeric or duration setting: checked by `resolve`, shown in `--help` and the README.

    `low` is inclusive unless `low_open` (durations and rates that must be positive: `greater_than(0)`)."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False

    def contains(self, value: float) -> bool:
        if self.low is not None and (value <= self.low if self.low_open else value < self.low):
            return False
        return self.high is None or value <= self.high

    def describe(self, duration: bool = False) -> str:
        def show(number: float) -> str:
            return format_duration(number) if duration else f"{number:g}"

        if self.low is not None and self.high is not None:
            return f"{'>' if self.low_open else '>='} {show(self.low)} and <= {show(self.high)}"
        if self.low is not None:
            return f"{'>' if self.low_open else '>='} {show(self.low)}"
        return f"<= {show(self.high)}" if self.high is not None else "any"


def at_least(low: float, high: float | None = None) -> Bounds:
    return Bounds(low, high)


def greater_than(low: float, high: float | None = None) -> Bounds:
    return Bounds(low, high, low_open=True)


@dataclass(frozen=True)
class Setting:
    """One configuration key: `web.listen_address` is the flag `--web.listen-address`, the env var
    `FINOPS_WEB_LISTEN_ADDRESS` and the YAML path `web: {listen_address: …}`.

    `bounds` is the valid range of a numeric or duration value; `requires` names settings that must be set
    too when this one is (basic auth needs a user name and a password file)."""

    key: str
    type: type | Callable[[Any], Any]
    default: Any
    help: str
    secret: bool = False
    bounds: Bounds | None = None
    requires: tuple[str, ...] = ()

    @property
    def flag(self) -> str:
        return "--" + self.key.replace("_", "-")

    @property
    def env(self) -> str:
        return "FINOPS_" + self.key.replace(".", "_").replace("-", "_").upper()

    @property
    def param(self) -> str:
        return self.key.replace(".", "_").replace("-", "_")

    @property
    def is_duration(self) -> bool:
        return self.type is parse_duration

    @property
    def is_numeric(self) -> bool:
        return self.is_duration or self.type in (int, float)

    @property
    def valid(self) -> str:
        """The valid range as the help text and the README show it (empty when any value of the type goes)."""
        return self.bounds.describe(self.is_duration) if self.bounds else ""

    def parse(self, raw: Any) -> Any:
        parser = _PARSERS.get(self.type, self.type) if isinstance(self.type, type) else self.type
        value = parser(raw)
        if isinstance(value, float) and not math.isfinite(value):  # YAML's .nan/.inf, "nan" for a float
            raise ValueError("must be a finite number")
        if self.bounds is not None and value is not None and not self.bounds.contains(value):
            raise ValueError(f"must be {self.valid}")
        return value

    def describe_default(self) -> str:
        if self.default is None or self.default == ():
            return "unset"
        if self.is_duration:
            return format_duration(parse_duration(self.default))
        if isinstance(self.default, tuple | list):
            return ",".join(map(str, self.default))
        if isinstance(self.default, bool):
            return str(self.default).lower()
        return str(self.default)

    def help_text(self) -> str:
        """`--help` text: what it does, then its default, valid range and environment variable."""
        facts = [f"default: {self.describe_default()}"]
        if self.bounds:
            facts.append(f"valid: {self.valid}")
        facts.append(f"env: {self.env}")
        return f"{self.help} [{'; '.join(facts)}]"


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
    origins: dict[str, str] = {}
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
            origins[setting.key] = origin
            continue
        try:
            resolved[setting.key] = setting.parse(raw)
        except ConfigError as exc:  # the parser read a file and names it
            problems.extend(f"{origin}: {problem}" for problem in exc.problems)
        except (TypeError, ValueError) as exc:
            shown = "***" if setting.secret else redact(repr(raw))  # a URL may carry a password
            problems.append(f"{origin}: invalid value {shown}: {exc}")
        else:
            origins[setting.key] = origin
    by_key = {s.key: s for s in settings}
    for setting in settings:
        if not _is_set(resolved.get(setting.key)):
            continue
        for needed in setting.requires:
            if not _is_set(resolved.get(needed)) and needed in origins:  # a bad value is already reported
                problems.append(f"{origins[setting.key]}: needs {by_key[needed].flag} as well (set both or neither)")
    if problems:
        raise ConfigError(problems, source=source)
    return resolved


def _is_set(value: object) -> bool:
    return value is not None and value != ""
