"""Keeps the FOCUS cost table in step with the column model through new, additive migrations.

Databases apply each numbered migration once, so a column the model gains (a new FOCUS version) must arrive in a
new migration; rewriting one that databases already applied would never reach them. This module reads every
migration in order, works out the FOCUS tables they define together (finops.focus_costs, its history twin and
the finops.focus view), and compares them with focus/columns.py:

    python -m focus.sqlgen            # nothing when up to date; else the text of the NEW migration
    python -m focus.sqlgen --check    # exit 1 when the migrations lack a model column (the test suite's check)

A developer reviews the printed migration and commits it under the next free number (the name is suggested on
stderr). Only additions are generated: a column whose type changed, or that a migration dropped, needs a
migration written by hand, and is reported as such. (0003_focus_costs.sql was written by an earlier form of this
module that regenerated that file; it is applied history now and stays as it is.)

The reading understands the statements our migrations use for these tables: CREATE TABLE (with LIKE), ALTER
TABLE ADD/DROP/RENAME COLUMN and ALTER COLUMN ... TYPE, CREATE OR REPLACE VIEW. tests/sql checks the result
against the catalog of a migrated database, so a statement it misreads cannot go unnoticed.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from finops.db import SQL_DIR, migrations
from focus.columns import Column, all_columns

TABLE = "finops.focus_costs"
HISTORY = "finops.focus_costs_history"
VIEW = "finops.focus"
MIGRATIONS = SQL_DIR / "migrations"

_COMMENT = re.compile(r"--[^\n]*")
_CREATE_TABLE = re.compile(r"\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([\w.]+)\s*\(", re.I)
_ALTER_TABLE = re.compile(r"\bALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?([\w.]+)\s+", re.I)
_CREATE_VIEW = re.compile(r"\bCREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+([\w.]+)\s+AS\s+SELECT\s+", re.I)
_ALTER_TYPE = re.compile(r"(?:COLUMN\s+)?(\S+)\s+(?:SET\s+DATA\s+)?TYPE\s+(.+?)(?:\s+USING\b.*)?$", re.I | re.S)
_CONSTRAINT_WORDS = ("constraint", "primary", "unique", "check", "foreign", "exclude")
_COLUMN_OPTIONS = re.compile(
    r"\s+(?:NOT\s+NULL|NULL|DEFAULT|GENERATED|PRIMARY|UNIQUE|CHECK|REFERENCES|COLLATE|CONSTRAINT)\b.*", re.I | re.S
)
#: The spellings the catalog (and our migrations) use for the model's types.
_TYPE_ALIASES = {"timestamp with time zone": "timestamptz", "character varying": "varchar", "int8": "bigint"}


@dataclass
class Schema:
    """The FOCUS tables and view as the migrations define them together: columns (name -> type) in creation
    order, and the view's select list."""

    tables: dict[str, dict[str, str]] = field(default_factory=dict)
    view_items: list[str] = field(default_factory=list)
    dropped: dict[str, set[str]] = field(default_factory=dict)


def _split_top_level(text: str) -> list[str]:
    """Splits on commas outside parentheses and quotes."""
    parts, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def _closing(text: str, opening: int) -> int:
    """Index of the parenthesis closing the one at `opening`."""
    depth = 0
    for i in range(opening, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError("unbalanced parentheses")


def _name(token: str) -> str:
    return token.strip('"')


def _column(definition: str) -> tuple[str, str]:
    name, _, rest = definition.strip().partition(" ")
    data_type = _COLUMN_OPTIONS.sub("", rest.strip()).strip().lower()
    return _name(name), _TYPE_ALIASES.get(data_type, data_type)


def _create_table(schema: Schema, table: str, body: str) -> None:
    columns = schema.tables.setdefault(table, {})
    for item in _split_top_level(body):
        first = item.split(None, 1)[0].lower()
        if first == "like":
            source = item.split()[1]
            columns.update(schema.tables.get(source, {}))
        elif first not in _CONSTRAINT_WORDS:
            name, data_type = _column(item)
            columns.setdefault(name, data_type)


def _alter_table(schema: Schema, table: str, actions: str) -> None:
    columns = schema.tables.setdefault(table, {})
    for action in _split_top_level(actions):
        words = action.split()
        verb = words[0].lower()
        rest = action.split(None, 1)[1] if len(words) > 1 else ""
        if verb == "add" and words[1].lower() not in _CONSTRAINT_WORDS:
            rest = re.sub(r"^(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?", "", rest, flags=re.I)
            name, data_type = _column(rest)
            columns.setdefault(name, data_type)
        elif verb == "drop" and words[1].lower() not in _CONSTRAINT_WORDS:
            rest = re.sub(r"^(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?", "", rest, flags=re.I)
            name = _name(rest.split()[0])
            columns.pop(name, None)
            schema.dropped.setdefault(table, set()).add(name)
        elif verb == "rename" and words[1].lower() == "column":
            old, new = _name(words[2]), _name(words[4])
            columns[new] = columns.pop(old)
        elif verb == "alter":
            match = _ALTER_TYPE.match(rest)
            if match:
                columns[_name(match.group(1))] = _column(f"x {match.group(2)}")[1]


def read_schema(directory: Path = MIGRATIONS) -> Schema:
    """The FOCUS tables and view after every migration in `directory`, in order."""
    schema = Schema()
    for migration in migrations(directory):
        text = _COMMENT.sub("", migration.path.read_text(encoding="utf-8"))
        for match in _CREATE_TABLE.finditer(text):
            opening = match.end() - 1
            _create_table(schema, match.group(1), text[opening + 1 : _closing(text, opening)])
        for match in _ALTER_TABLE.finditer(text):
            end = text.index(";", match.end())
            _alter_table(schema, match.group(1), text[match.end() : end])
        for match in _CREATE_VIEW.finditer(text):
            if match.group(1) == VIEW:
                select = text[match.end() : text.index(";", match.end())]
                items = re.split(r"\bFROM\s+" + re.escape(TABLE) + r"\b", select, flags=re.I)[0]
                schema.view_items = _split_top_level(items)
    return schema


@dataclass(frozen=True)
class Drift:
    """What the migrations lack against the model, per table; `unfixable` needs a hand-written migration."""

    missing: dict[str, list[Column]]
    view_missing: list[Column]
    unfixable: list[str]

    @property
    def up_to_date(self) -> bool:
        return not self.unfixable and not self.view_missing and not any(self.missing.values())


def drift(schema: Schema, columns: Sequence[Column] | None = None) -> Drift:
    model = list(all_columns() if columns is None else columns)
    missing: dict[str, list[Column]] = {}
    unfixable: list[str] = []
    for table in (TABLE, HISTORY):
        have = schema.tables.get(table)
        if have is None:
            unfixable.append(f"{table} is not created by any migration")
            continue
        missing[table] = []
        for col in model:
            if col.sql_name not in have:
                if col.sql_name in schema.dropped.get(table, set()):
                    unfixable.append(f"{table}.{col.sql_name} was dropped by a migration; restore it by hand")
                missing[table].append(col)
            elif have[col.sql_name] != col.sql_type:
                unfixable.append(
                    f"{table}.{col.sql_name} is {have[col.sql_name]} in the migrations, {col.sql_type} in the model:"
                    " a type change is not additive, write that migration by hand"
                )
    exposed = {_view_alias(item) for item in schema.view_items}
    view_missing = [col for col in model if col.name not in exposed]
    return Drift(missing, view_missing, unfixable)


def _view_alias(item: str) -> str:
    match = re.search(r"\bAS\s+(\"[^\"]+\"|\w+)\s*$", item, re.I)
    return _name(match.group(1)) if match else _name(item.rsplit(".", maxsplit=1)[-1])


def render_migration(schema: Schema, found: Drift) -> str:
    """The text of a new migration adding what `found` lists: columns to both tables, then the view again with
    the new columns at its end (CREATE OR REPLACE VIEW may only append columns)."""
    parts = [
        "-- GENERATED by `python -m focus.sqlgen` from focus/columns.py: the FOCUS columns the earlier migrations\n"
        "-- lack. Additive only: new nullable columns, and the view with them at its end.\n"
    ]
    for table, cols in found.missing.items():
        if cols:
            adds = ",\n".join(f"    ADD COLUMN IF NOT EXISTS {c.sql_name} {c.sql_type}" for c in cols)
            parts.append(f"ALTER TABLE {table}\n{adds};\n")
    if found.view_missing:
        items = [*schema.view_items, *(f'{c.sql_name} AS "{c.name}"' for c in found.view_missing)]
        select = ",\n".join(f"    {item}" for item in items)
        parts.append(f"CREATE OR REPLACE VIEW {VIEW} AS\nSELECT\n{select}\nFROM {TABLE};\n")
    return "\n".join(parts)


def next_migration_name(directory: Path = MIGRATIONS, topic: str = "focus_columns") -> str:
    numbers = [m.version for m in migrations(directory)]
    return f"{max(numbers, default=0) + 1:04d}_{topic}.sql"


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m focus.sqlgen", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the migrations lag the column model")
    parser.add_argument("--migrations", type=Path, default=MIGRATIONS, help="the migrations folder")
    args = parser.parse_args(None if argv is None else list(argv))
    schema = read_schema(args.migrations)
    found = drift(schema)
    for problem in found.unfixable:
        sys.stderr.write(f"focus.sqlgen: {problem}\n")
    if found.up_to_date:
        sys.stderr.write("focus.sqlgen: the migrations define every column of the model\n")
        return 0
    if not found.unfixable:
        sys.stdout.write(render_migration(schema, found))
        sys.stderr.write(
            f"focus.sqlgen: review the migration above and commit it as "
            f"{args.migrations / next_migration_name(args.migrations)}\n"
        )
    return 1 if args.check or found.unfixable else 0


if __name__ == "__main__":
    sys.exit(main())
