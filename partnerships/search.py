"""The text a record is found by (``search_text``), kept by the database itself.

A list's, the admin's or the API's search (``q``) finds a record when every word of the query, folded
(:func:`dnqp.core.text.fold`: lower case, Vietnamese accents off, Khmer and Lao script as it is), is part of
one of the record's searched texts (docs/DECISIONS.md, "What a search covers"):

- the record's own fields (:class:`Source` ``own``: an agreement's number, title and notes, …);
- its command's code and name;
- the code, name, name in the original script and other spellings (``aliases``) of its partner unit, or of
  each of its partner units (delegations and activities).

Each record holds these texts folded, one per line, in its ``search_text`` column; a search is one
``LIKE '%word%'`` per word on that column, which a trigram index answers on PostgreSQL (``pg_trgm``;
migrations ``partnerships 0009`` and ``events 0015``). A word never spans two lines (a word holds no
whitespace), so it matches exactly where it matched one of the fields before.

The column is written by triggers (PostgreSQL and SQLite), in the writing transaction, whatever writes (the
ORM, ``QuerySet.update()``, ``bulk_create()``, raw SQL):

- on the record's table: on every insert and update, the text is worked out again from the row, its command
  and its partner units;
- on the table linking a delegation or an activity to its partner units: a link added, changed or removed
  works out the record's text again;
- on commands and on partner units: a change of a searched name (code, name, name in the original script,
  other spellings) works out again the text of every record that names the command or the unit.

Folding is :func:`dnqp.core.text.fold` on both databases: SQLite calls it (registered on each connection by
``dnqp.core.text``); PostgreSQL has its SQL twin ``dnqp_fold`` (created here), which gives the same text for
every character but one (Greek capital sigma at the end of a word, which Python lower-cases to ``ς``). A bulk
load switches the triggers off (:func:`suspended`, like the reports' summary) and works out every text once.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

COLUMN = "search_text"
COMMANDS = "partnerships_command"
UNITS = "partnerships_partnerunit"
COMMAND_NAMES = ("code", "name")
UNIT_NAMES = ("code", "name", "name_original")  # and each of ``aliases``
PREFIX = "dnqp_search"  # of the triggers' (and PostgreSQL functions') names

# The SQL twin of dnqp.core.text.fold: Đ and đ as D and d, decomposed, Latin combining accents (U+0300 to
# U+036F) removed, composed again, lower case. IMMUTABLE: it depends on its argument only.
FOLD_FUNCTION = r"""CREATE OR REPLACE FUNCTION public.dnqp_fold(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT lower(normalize(regexp_replace(normalize(translate(value, 'Đđ', 'Dd'), NFD),
                                                '[\u0300-\u036f]+', '', 'g'), NFC)) $$"""


@dataclass(frozen=True)
class Source:
    """A table of records that searches find, and where its searched texts are."""

    name: str  # in the triggers' names
    table: str
    own: tuple[str, ...]  # the record's own searched columns
    unit: str = ""  # the column naming its one partner unit, if any
    links: str = ""  # or the table linking it to its partner units
    link_column: str = ""  # that table's column naming the record


AGREEMENT = Source("agreement", "partnerships_agreement", ("reference", "title", "notes"), unit="partner_unit_id")
SOURCES = (AGREEMENT,)


# --- the text --------------------------------------------------------------------------------------
def _newline(vendor: str) -> str:
    return "chr(10)" if vendor == "postgresql" else "char(10)"


def _lines(vendor: str, parts: list[str]) -> str:
    """SQL joining ``parts`` (expressions, NULL read as empty), one per line."""
    return f" || {_newline(vendor)} || ".join(f"COALESCE({part}, '')" for part in parts)


def _aliases(vendor: str, unit: str) -> str:
    """SQL: the unit's other spellings, one per line (an ``aliases`` that is not a list counts as none)."""
    if vendor == "postgresql":
        return (
            f"(SELECT string_agg(a.value, chr(10) ORDER BY a.n) FROM jsonb_array_elements_text("
            f"CASE WHEN jsonb_typeof({unit}.aliases) = 'array' THEN {unit}.aliases END) WITH ORDINALITY a(value, n))"
        )
    return (
        f"(SELECT group_concat(a.value, char(10)) FROM json_each("
        f"CASE WHEN json_type({unit}.aliases) = 'array' THEN {unit}.aliases END) a)"
    )


def _folded(vendor: str, columns: list[str]) -> str:
    function = "public.dnqp_fold" if vendor == "postgresql" else "dnqp_fold"
    return f"{function}({_lines(vendor, columns)})"


def _own_text(vendor: str, source: Source, r: str) -> str:
    return _folded(vendor, [f"{r}.{column}" for column in source.own])


def _command_text(vendor: str, c: str) -> str:
    return _folded(vendor, [f"{c}.{column}" for column in COMMAND_NAMES])


def _unit_text(vendor: str, u: str) -> str:
    return _folded(vendor, [f"{u}.{column}" for column in UNIT_NAMES] + [_aliases(vendor, u)])


def text_sql(vendor: str, source: Source, r: str) -> str:
    """SQL: the search text of the record ``r`` (``NEW`` in a trigger, the table's name in an update): its own
    texts, its command's, its partner units' (in the order of their ids), each part folded, one per line."""
    parts = [
        _own_text(vendor, source, r),
        f"(SELECT {_command_text(vendor, 'c')} FROM {COMMANDS} c WHERE c.id = {r}.command_id)",
    ]
    if source.unit:
        parts.append(f"(SELECT {_unit_text(vendor, 'u')} FROM {UNITS} u WHERE u.id = {r}.{source.unit})")
    elif vendor == "postgresql":
        parts.append(
            f"(SELECT string_agg({_unit_text(vendor, 'u')}, chr(10) ORDER BY u.id) FROM {source.links} x "
            f"JOIN {UNITS} u ON u.id = x.partner_unit_id WHERE x.{source.link_column} = {r}.id)"
        )
    else:
        parts.append(
            f"(SELECT group_concat(t, char(10)) FROM (SELECT {_unit_text(vendor, 'u')} AS t FROM {source.links} x "
            f"JOIN {UNITS} u ON u.id = x.partner_unit_id WHERE x.{source.link_column} = {r}.id ORDER BY u.id))"
        )
    return _lines(vendor, parts)


# --- the triggers ----------------------------------------------------------------------------------
def _changed(columns: tuple[str, ...], pg: bool) -> str:
    op = " IS DISTINCT FROM " if pg else " IS NOT "
    return " OR ".join(f"OLD.{column}{op}NEW.{column}" for column in columns)


def _touch(source: Source, where: str) -> str:
    """SQL: update the records ``where`` says without changing them: their own trigger works their text out again."""
    return f"UPDATE {source.table} SET {COLUMN} = {COLUMN} WHERE {where}"


def _naming_unit(source: Source, unit_id: str) -> str:
    if source.unit:
        return f"{source.unit} = {unit_id}"
    return f"id IN (SELECT {source.link_column} FROM {source.links} WHERE partner_unit_id = {unit_id})"


def _pg_function(name: str, body: str) -> str:
    return f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n{body}\nEND $$"


def _pg_install(source: Source) -> list[str]:
    name = f"{PREFIX}_{source.name}"
    unit_names = (*UNIT_NAMES, "aliases")
    statements = [
        _pg_function(name, f"NEW.{COLUMN} := {text_sql('postgresql', source, 'NEW')};\nRETURN NEW;"),
        f"DROP TRIGGER IF EXISTS {name} ON {source.table}",
        f"CREATE TRIGGER {name} BEFORE INSERT OR UPDATE ON {source.table} FOR EACH ROW EXECUTE FUNCTION {name}()",
        _pg_function(f"{name}_command", f"{_touch(source, 'command_id = NEW.id')};\nRETURN NULL;"),
        f"DROP TRIGGER IF EXISTS {name}_command ON {COMMANDS}",
        f"CREATE TRIGGER {name}_command AFTER UPDATE OF {', '.join(COMMAND_NAMES)} ON {COMMANDS} FOR EACH ROW "
        f"WHEN ({_changed(COMMAND_NAMES, True)}) EXECUTE FUNCTION {name}_command()",
        _pg_function(f"{name}_unit", f"{_touch(source, _naming_unit(source, 'NEW.id'))};\nRETURN NULL;"),
        f"DROP TRIGGER IF EXISTS {name}_unit ON {UNITS}",
        f"CREATE TRIGGER {name}_unit AFTER UPDATE OF {', '.join(unit_names)} ON {UNITS} FOR EACH ROW "
        f"WHEN ({_changed(unit_names, True)}) EXECUTE FUNCTION {name}_unit()",
    ]
    if source.links:
        record = source.link_column
        statements += [
            _pg_function(
                f"{name}_link",
                f"IF TG_OP <> 'DELETE' THEN\n{_touch(source, f'id = NEW.{record}')};\nEND IF;\n"
                f"IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.{record} <> NEW.{record}) THEN\n"
                f"{_touch(source, f'id = OLD.{record}')};\nEND IF;\nRETURN NULL;",
            ),
            f"DROP TRIGGER IF EXISTS {name}_link ON {source.links}",
            f"CREATE TRIGGER {name}_link AFTER INSERT OR UPDATE OR DELETE ON {source.links} FOR EACH ROW "
            f"EXECUTE FUNCTION {name}_link()",
        ]
    return statements


def _sqlite_names(source: Source) -> list[str]:
    name = f"{PREFIX}_{source.name}"
    names = [f"{name}_insert", f"{name}_update", f"{name}_command", f"{name}_unit"]
    if source.links:
        names += [f"{name}_link_insert", f"{name}_link_update", f"{name}_link_delete"]
    return names


def _sqlite_install(source: Source) -> list[str]:
    """SQLite cannot change the row being written: its trigger updates it once written (recursive triggers
    being off, as Django leaves them, that update does not fire the trigger again)."""
    name = f"{PREFIX}_{source.name}"
    own = f"UPDATE {source.table} SET {COLUMN} = {text_sql('sqlite', source, 'NEW')} WHERE id = NEW.id"
    unit_names = (*UNIT_NAMES, "aliases")
    statements = [f"DROP TRIGGER IF EXISTS {trigger}" for trigger in _sqlite_names(source)]
    statements += [
        # An insert is followed by an update of the new row, whose trigger works the text out.
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {source.table} BEGIN {_touch(source, 'id = NEW.id')}; END",
        f"CREATE TRIGGER {name}_update AFTER UPDATE ON {source.table} BEGIN {own}; END",
        f"CREATE TRIGGER {name}_command AFTER UPDATE OF {', '.join(COMMAND_NAMES)} ON {COMMANDS} "
        f"WHEN {_changed(COMMAND_NAMES, False)} BEGIN {_touch(source, 'command_id = NEW.id')}; END",
        f"CREATE TRIGGER {name}_unit AFTER UPDATE OF {', '.join(unit_names)} ON {UNITS} "
        f"WHEN {_changed(unit_names, False)} BEGIN {_touch(source, _naming_unit(source, 'NEW.id'))}; END",
    ]
    if source.links:
        record = source.link_column
        statements += [
            f"CREATE TRIGGER {name}_link_insert AFTER INSERT ON {source.links} "
            f"BEGIN {_touch(source, f'id = NEW.{record}')}; END",
            f"CREATE TRIGGER {name}_link_delete AFTER DELETE ON {source.links} "
            f"BEGIN {_touch(source, f'id = OLD.{record}')}; END",
            f"CREATE TRIGGER {name}_link_update AFTER UPDATE ON {source.links} "
            f"BEGIN {_touch(source, f'id IN (OLD.{record}, NEW.{record})')}; END",
        ]
    return statements


def install_sql(vendor: str, sources=SOURCES) -> list[str]:
    """Statements creating the triggers of ``sources`` (idempotent; PostgreSQL: and ``dnqp_fold``)."""
    if vendor == "postgresql":
        return [FOLD_FUNCTION] + [sql for source in sources for sql in _pg_install(source)]
    return [sql for source in sources for sql in _sqlite_install(source)]


def uninstall_sql(vendor: str, sources=SOURCES) -> list[str]:
    statements = []
    for source in sources:
        name = f"{PREFIX}_{source.name}"
        if vendor == "postgresql":
            tables = [("", source.table), ("_command", COMMANDS), ("_unit", UNITS)]
            tables += [("_link", source.links)] if source.links else []
            for suffix, table in tables:
                statements += [
                    f"DROP TRIGGER IF EXISTS {name}{suffix} ON {table}",
                    f"DROP FUNCTION IF EXISTS {name}{suffix}()",
                ]
        else:
            statements += [f"DROP TRIGGER IF EXISTS {trigger}" for trigger in _sqlite_names(source)]
    return statements


def rebuild_sql(vendor: str, sources=SOURCES) -> list[str]:
    """Statements working out every record's text again (one update per table).

    The same text as the triggers'; on PostgreSQL each command's and unit's part is folded once and joined to
    the records (a national load: seconds, where folding it again for each record took minutes).
    """
    if vendor != "postgresql":
        return [f"UPDATE {s.table} SET {COLUMN} = {text_sql(vendor, s, s.table)}" for s in sources]
    commands = f"(SELECT c.id, {_command_text(vendor, 'c')} AS t FROM {COMMANDS} c)"
    units = f"(SELECT u.id, {_unit_text(vendor, 'u')} AS t FROM {UNITS} u)"
    statements = []
    for source in sources:
        if source.unit:
            joined = f"LEFT JOIN {units} u ON u.id = r.{source.unit}"
        else:
            joined = (
                f"LEFT JOIN (SELECT x.{source.link_column} AS id, string_agg(u.t, chr(10) ORDER BY u.id) AS t "
                f"FROM {source.links} x JOIN {units} u ON u.id = x.partner_unit_id GROUP BY x.{source.link_column}) u "
                f"ON u.id = r.id"
            )
        text = _lines(vendor, [_own_text(vendor, source, "r"), "c.t", "u.t"])
        statements.append(
            f"UPDATE {source.table} SET {COLUMN} = s.t FROM (SELECT r.id, {text} AS t FROM {source.table} r "
            f"LEFT JOIN {commands} c ON c.id = r.command_id {joined}) s WHERE {source.table}.id = s.id"
        )
    return statements


def _execute(connection, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(connection, sources=SOURCES) -> None:
    _execute(connection, install_sql(connection.vendor, sources))


def uninstall(connection, sources=SOURCES) -> None:
    _execute(connection, uninstall_sql(connection.vendor, sources))


def rebuild(connection, sources=SOURCES) -> None:
    """Every record's text worked out again (in the caller's transaction, if any). PostgreSQL: needs
    ``dnqp_fold`` (:func:`install` creates it)."""
    if connection.vendor == "postgresql":
        _execute(connection, [FOLD_FUNCTION])
    _execute(connection, rebuild_sql(connection.vendor, sources))


@contextlib.contextmanager
def suspended(connection, sources=SOURCES):
    """The triggers of ``sources`` off while records are written in bulk, then every text worked out once and the
    triggers on again, in the caller's transaction (a failure rolls all of it back)."""
    if not connection.in_atomic_block:
        raise RuntimeError("search.suspended() needs a transaction: the triggers must never stay off")
    uninstall(connection, sources)
    yield
    rebuild(connection, sources)
    install(connection, sources)
