"""Selector planning: RE2 semantics on label sets, and SQL conditions that never lose a match."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finops.errors import BadInputError
from remote_write_adapter.matchers import InvalidRegexError, compile_regex, literal_prefix, plan
from remote_write_adapter.protocol import Matcher


def selects(matchers: list[Matcher], labels: dict[str, str]) -> bool:
    selection = plan(matchers)
    return not selection.empty and all(p(labels) for p in selection.predicates)


@pytest.mark.parametrize(("regex", "value", "expected"), [
    ("a.b", "a\nb", False),  # `.` does not match a newline (PostgreSQL's did)
    ("(?s)a.b", "a\nb", True),
    ("\\s", "\v", False),  # \s is [\t\n\f\r ] in RE2 (PostgreSQL's matched \v)
    ("(?i)ABC", "abc", True),
    ("\\Qa.b\\E", "a.b", True),
    ("\\Qa.b\\E", "axb", False),
    ("\\x{41}", "A", True),
    ("\\p{Greek}+", "αβγ", True),
    ("a|b", "ab", False),  # fully anchored
    ("foo", "foo\n", False),  # $ is the end of the text
    ("[^a]", "\n", True),  # a negated class matches a newline
])
def test_regexes_have_re2_semantics_fully_anchored(regex: str, value: str, expected: bool) -> None:
    assert selects([Matcher("=~", "l", regex)], {"l": value}) is expected
    assert selects([Matcher("!~", "l", regex)], {"l": value}) is not expected


def test_a_matcher_matching_the_empty_string_selects_series_without_the_label() -> None:
    assert selects([Matcher("=~", "missing", "a|")], {"other": "x"})
    assert not selects([Matcher("=~", "missing", "a+")], {"other": "x"})
    assert selects([Matcher("!~", "missing", "a+")], {"other": "x"})
    assert not selects([Matcher("!~", "missing", ".*")], {"other": "x"})


def test_a_regex_go_cannot_compile_is_refused_as_prometheus_refuses_it() -> None:
    with pytest.raises(InvalidRegexError, match="error parsing regexp"):
        plan([Matcher("=~", "l", "a(b")])
    for regex in ("x{2,1}", "*", "\\p{Foo}", "\\C", "a\\C"):
        with pytest.raises(InvalidRegexError):
            compile_regex(regex)
    assert compile_regex("\\\\C").search("\\C")  # an escaped backslash, then a C


def test_nul_in_a_matcher_never_reaches_sql() -> None:
    assert plan([Matcher("=", "l", "a\x00b")]).empty
    assert not plan([Matcher("!=", "l", "a\x00b")]).empty
    assert plan([Matcher("!=", "l", "a\x00b")]).params == []
    assert plan([Matcher("=", "l\x00", "x")]).empty  # a label never present reads as ""
    assert not plan([Matcher("=", "l\x00", "")]).empty
    regex = plan([Matcher("=~", "l", "a\x00.*")])
    assert all("\x00" not in str(p) for p in regex.params)
    assert regex.predicates[0]({"l": "a\x00z"}) and not regex.predicates[0]({"l": "az"})
    name = plan([Matcher("=~", "__name__", "ab\x00c.*")])
    assert name.params == ["ab%"]


@pytest.mark.parametrize(("regex", "prefix"), [
    ("load_metric_1.*", "load_metric_1"),
    ("load_metric_1", "load_metric_1"),
    ("abc?", "ab"),
    ("abc*", "ab"),
    ("ab{2}", "a"),
    ("a|b", ""),
    ("(?i)abc", ""),
    ("\\.x.*", ".x"),
    ("\\d+", ""),
    ("node_(cpu|mem)", "node_"),
    ("x(a|b)|y", ""),
])
def test_literal_prefix_is_a_necessary_condition(regex: str, prefix: str) -> None:
    assert literal_prefix(regex) == prefix


@given(st.from_regex(r"[a-z_.\\|()*+?{}0-9\[\]]{0,12}", fullmatch=True), st.text("ab_.x1", max_size=10))
def test_every_full_match_starts_with_the_literal_prefix(regex: str, value: str) -> None:
    try:
        program = compile_regex(regex)
    except BadInputError:
        return
    if program.search(value) is not None:
        assert value.startswith(literal_prefix(regex))


def test_sql_conditions_escape_like_wildcards() -> None:
    selection = plan([Matcher("=~", "__name__", "a_b%c.*")])
    assert selection.params == ["a\\_b\\%c%"]
