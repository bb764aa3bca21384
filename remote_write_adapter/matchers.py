"""Prometheus label-matcher semantics, exactly: what a remote-read selector selects is what PromQL computes on.

Prometheus compiles a regex matcher as the Go (RE2) expression `^(?:value)$`; PostgreSQL regexes are not RE2
(`(?i)`, `\\Q…\\E`, `\\p{…}` fail, `.` matches a newline, `\\s` matches `\\v`). So regexes are matched here,
with RE2 itself, on the label values of candidate series; SQL only narrows the candidates with conditions that
are necessary for a match (equality, a metric-name prefix every match must start with). A matcher that matches
the empty string also matches series without the label. Label values never contain NUL here (the adapter
rejects such series), so a NUL in an equality matcher needs no database round trip.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import re2
from psycopg import sql

from finops.errors import BadInputError
from remote_write_adapter.protocol import Matcher

_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # an invalid regex is the client's error, answered with 400, not logged by RE2
_RE2_OPTIONS.max_mem = 64 << 20  # Go's regexp has no memory budget; RE2's default (8 MiB) refuses big alternations
_META = set("\\.+*?()|[]{}^$")


class InvalidRegexError(BadInputError):
    """A regex matcher Go's regexp (Prometheus) cannot compile. Prometheus' remote-read server answers it with 500
    and `error parsing regexp: …`, and so does the adapter (a client sees the same failure either way)."""


def _has_byte_escape(regex: str) -> bool:
    """`\\C` (any byte) is RE2-only: Go rejects it as an invalid escape."""
    escaped = False
    for ch in regex:
        if escaped:
            if ch == "C":
                return True
            escaped = False
        elif ch == "\\":
            escaped = True
    return False


def compile_regex(value: str) -> Any:
    """The RE2 program Prometheus compiles for a regex matcher; InvalidRegexError where Go's regexp fails."""
    if _has_byte_escape(value):
        raise InvalidRegexError("error parsing regexp: invalid escape sequence: `\\C`")
    try:
        return re2.compile(f"^(?:{value})$", _RE2_OPTIONS)
    except re2.error as exc:
        message = exc.args[0].decode(errors="replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise InvalidRegexError(f"error parsing regexp: {message}") from None


def literal_prefix(regex: str) -> str:
    """A prefix every string fully matching `regex` starts with ('' when none can be proven): literal characters
    up to the first metacharacter, minus the last one if a quantifier follows it; nothing for top-level
    alternations or leading flags."""
    depth = 0
    escaped = False
    in_class = False
    for ch in regex:  # any top-level alternation: no common prefix can be proven cheaply
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return ""
    prefix: list[str] = []
    i = 0
    while i < len(regex):
        ch = regex[i]
        if ch == "\\":
            nxt = regex[i + 1 : i + 2]
            if not nxt or nxt.isalnum() or not nxt.isascii():
                break  # \d, \pN, \Q, \x{…}: a class or a special form
            prefix.append(nxt)
            i += 2
            continue
        if ch in _META:
            if ch in "*?{" and prefix:
                prefix.pop()  # the last literal is optional or repeated
            break
        prefix.append(ch)
        i += 1
    return "".join(prefix)


@dataclass
class Selection:
    """A selector split into SQL (over finops.series `s`) and the label-set predicates SQL does not apply exactly;
    with no predicates, the SQL selects exactly the series the selector does."""

    where: sql.Composable
    params: list[Any]
    predicates: list[Callable[[Mapping[str, str]], bool]] = field(default_factory=list)
    empty: bool = False  # provably selects nothing


def _regex_predicate(name: str, program: Any, negate: bool) -> Callable[[Mapping[str, str]], bool]:
    memo: dict[str, bool] = {}
    fullmatch = program.search  # anchored by ^(?:…)$

    def predicate(labels: Mapping[str, str]) -> bool:
        value = labels.get(name, "")
        hit = memo.get(value)
        if hit is None:
            hit = memo[value] = fullmatch(value) is not None
        return hit is not negate

    return predicate


#: equality matchers translated to SQL at most; the rest are checked on the label sets (no parameter limits)
_SQL_EQUALITIES = 8


def _equality_predicate(name: str, value: str, negate: bool) -> Callable[[Mapping[str, str]], bool]:
    def predicate(labels: Mapping[str, str]) -> bool:
        return (labels.get(name, "") == value) is not negate

    return predicate


def plan(matchers: Sequence[Matcher]) -> Selection:
    """Splits a selector: SQL selects by metric name (equality, or a regex's literal prefix) and a few label
    equalities, which it applies exactly; every other matcher is a predicate checked on the candidates' label
    sets (RE2 for regexes). Raises BadInputError for a selector Prometheus would refuse."""
    if not matchers:
        raise BadInputError("remote read: a query needs at least one matcher")
    clauses: list[sql.Composable] = []
    params: list[Any] = []
    selection = Selection(sql.SQL("true"), params)
    equalities = 0
    for m in matchers:
        if m.type not in ("=", "!=", "=~", "!~"):
            raise BadInputError(f"remote read: unknown matcher type {m.type!r}")
        if m.type in ("=", "!="):
            if "\x00" in m.name:
                # no stored label name holds a NUL: the label is absent, so the matcher is constant on ""
                if (m.value == "") is not (m.type == "="):
                    selection.empty = True
                continue
            if "\x00" in m.value:
                if m.type == "=":
                    selection.empty = True  # no stored label value holds a NUL
                continue  # `!=` a value no series has: always true
            if m.type == "=" and m.name == "__name__":
                if not m.value:
                    selection.empty = True  # every series has a name
                clauses.append(sql.SQL("s.metric_name = %s"))
                params.append(m.value)
                continue  # exact in SQL
            if m.type == "=" and m.value and equalities < _SQL_EQUALITIES:
                equalities += 1
                clauses.append(sql.SQL("s.labels @> jsonb_build_object(%s::text, %s::text)"))
                params += [m.name, m.value]
                continue  # exact in SQL (stored labels are never empty)
            selection.predicates.append(_equality_predicate(m.name, m.value, m.type == "!="))
            continue
        program = compile_regex(m.value)
        negate = m.type == "!~"
        if "\x00" in m.name:
            if (program.search("") is not None) is negate:
                selection.empty = True
            continue
        if m.name == "__name__" and not negate:
            prefix = literal_prefix(m.value).split("\x00", 1)[0]  # PostgreSQL text holds no NUL
            if prefix:
                # a C-collation LIKE prefix can use series_metric_name_c_idx, whatever the database collation
                clauses.append(sql.SQL('s.metric_name COLLATE "C" LIKE %s'))
                params.append(prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        selection.predicates.append(_regex_predicate(m.name, program, negate))
    if clauses:
        selection.where = sql.SQL(" AND ").join(clauses)
    return selection
