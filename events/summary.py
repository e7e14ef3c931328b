"""The reports' summaries, kept by the database itself: :class:`events.models.Summary`,
:class:`events.models.MeetingSummary` and :class:`events.models.ContactSummary`.

``events_summary``: per command and year, the totals of the records of the command's whole subtree (the
command and every command under it through parent links: the rows of ``partnerships_commandscope`` that are not
``merged``), in the columns the reports group by. A report's row for a sub-command is that sub-command's
summary; the scope's own records are its summary less its children's. A region's or the whole country's
figures thus read a few hundred rows instead of hundreds of thousands of records. What counts is the reports'
rule (docs/REPORTS.md): delegations and activities that are not cancelled (completed and planned apart), by
start date; support by date. Besides the rows of the whole year (``month`` 0), completed delegations have a row
per month (the dashboard's monthly chart).

``events_meetingsummary``: per command, partner unit, year and month, the border meetings held (activities of
the kind ``border_meeting``, not cancelled, per partner unit taking part): what the border-meetings report reads
instead of joining a year's meetings to their partner units.

``events_contactsummary``: per command, partner unit, day and source (delegation or activity), the completed
delegations and activities of that command listing that partner unit that started that day: what the reminders
read for "twinned pairs with nothing done together in 12 months" (one index probe per pair) instead of joining
each pair's events to their partner links.

All three are kept by triggers (PostgreSQL and SQLite), in the writing transaction, so they are right after any
write, ``QuerySet.update()``, ``bulk_create()`` and raw SQL included, and rolled back with it:

- on ``events_delegation``, ``events_activity`` and ``events_expenditure``: a record's contribution is added to
  the rows of every command its command counts under when it is inserted, taken away when it is deleted, and
  both when an update changes a column that counts;
- on ``partnerships_commandscope``: when a command comes to count under another (a new command, a move in the
  tree), the records of the first are added to the second's rows; when it stops counting, taken away
  (``partnerships.models.rebuild_command_scopes`` writes only the pairs that changed);
- on ``events_activity`` and ``events_activitypartner`` for the meetings (and on those and ``events_delegation``,
  ``events_delegationpartner`` for the contacts): an event counts once per partner unit linked to it, whichever
  of the two rows is written first.

:func:`rebuild` recomputes all three from the records and the table of scopes; :func:`suspended` switches the
triggers off for a bulk load (``seed_scale``, ``restore``: row by row, a national load would cost minutes) and
recomputes the summaries once at its end.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

TABLE = "events_summary"
MEETINGS = "events_meetingsummary"
SCOPES = "partnerships_commandscope"
# The grouping columns ("" where a source has no such column) and the sums, in the table's order.
DIMENSIONS = ("direction", "status", "purpose", "category", "funding_source")
MEASURES = ("n", "members", "vnd", "remains_found", "remains_repatriated")
KEY = ("command_id", "source", "month", "year", *DIMENSIONS)
MEETING_KEY = ("year", "command_id", "partner_unit_id", "month")
CONTACTS = "events_contactsummary"
CONTACT_KEY = ("command_id", "partner_unit_id", "start_date", "source")
# The summaries by name, for the migrations that came before one of them existed (``install(kinds=…)``).
SUBTREE, MEETINGS_KIND, CONTACTS_KIND = "subtree", "meetings", "contacts"
ALL_KINDS = (SUBTREE, MEETINGS_KIND, CONTACTS_KIND)


@dataclass(frozen=True)
class Part:
    """One row a record adds to, for each command its command counts under. ``{r}`` stands for the record."""

    source: str  # the ``source`` column: delegation, activity, support
    table: str
    date: str  # the column that decides the year (and the month)
    counted: str  # SQL: whether the record adds to this row
    monthly: bool  # a row per month (else ``month`` 0: the whole year)
    dimensions: dict[str, str]
    measures: dict[str, str]


_COMPLETED_SEARCH = "{r}.status = 'completed' AND {r}.kind = 'remains_search'"

PARTS = (
    Part(
        "delegation",
        "events_delegation",
        "start_date",
        "{r}.status <> 'cancelled'",
        False,
        {"direction": "{r}.direction", "status": "{r}.status", "purpose": "{r}.purpose"},
        {"n": "1", "members": "{r}.member_count"},
    ),
    Part(
        "delegation",
        "events_delegation",
        "start_date",
        "{r}.status = 'completed'",
        True,
        {"direction": "{r}.direction", "status": "{r}.status"},
        {"n": "1", "members": "{r}.member_count"},
    ),
    Part(
        "activity",
        "events_activity",
        "start_date",
        "{r}.status <> 'cancelled'",
        False,
        {"status": "{r}.status"},
        {
            "n": "1",
            "remains_found": f"CASE WHEN {_COMPLETED_SEARCH} THEN COALESCE({{r}}.remains_found, 0) ELSE 0 END",
            "remains_repatriated": f"CASE WHEN {_COMPLETED_SEARCH} THEN COALESCE({{r}}.remains_repatriated, 0) "
            "ELSE 0 END",
        },
    ),
    Part(
        "support",
        "events_expenditure",
        "date",
        "TRUE",  # every support line counts
        False,
        {"category": "{r}.category", "funding_source": "{r}.funding_source"},
        {"n": "1", "vnd": "{r}.amount_vnd"},
    ),
)

# Per record table: the columns its contribution depends on. An update that changes none of them (a note, a
# leader's name, the edit counter — Django's save() writes every column) leaves the summary alone.
COUNTED_COLUMNS = {
    "events_delegation": ("command_id", "start_date", "status", "direction", "purpose", "member_count"),
    "events_activity": ("command_id", "start_date", "status", "kind", "remains_found", "remains_repatriated"),
    "events_expenditure": ("command_id", "date", "category", "funding_source", "amount_vnd"),
    SCOPES: ("ancestor_id", "command_id", "merged"),
}
MEETING = "{a}.kind = 'border_meeting' AND {a}.status <> 'cancelled'"
CONTACT = "{a}.status = 'completed'"
# Per summary by partner unit: the columns of an event its rows depend on (of a link: the event and the unit).
PAIR_EVENT_COLUMNS = {
    "meetings": ("command_id", "start_date", "status", "kind"),
    "contacts": ("command_id", "start_date", "status"),
}
# (event table, its partner links, the links' column naming the event, the ``source`` of its contacts)
CONTACT_SOURCES = (
    ("events_delegation", "events_delegationpartner", "delegation_id", "delegation"),
    ("events_activity", "events_activitypartner", "activity_id", "activity"),
)
TRIGGER = "events_summary"  # the prefix of the triggers' (and PostgreSQL functions') names


def _year(vendor: str, column: str) -> str:
    if vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS integer)"
    return f"CAST(strftime('%Y', {column}) AS integer)"


def _month(vendor: str, column: str) -> str:
    if vendor == "postgresql":
        return f"CAST(EXTRACT(MONTH FROM {column}) AS integer)"
    return f"CAST(strftime('%m', {column}) AS integer)"


def _upsert(table: str, key: tuple[str, ...], measures: tuple[str, ...]) -> tuple[str, str]:
    """``INSERT INTO table (...)`` and the ``ON CONFLICT`` clause adding the measures to an existing row."""
    insert = f"INSERT INTO {table} ({', '.join(key + measures)}) "
    on_conflict = f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET " + ", ".join(
        f"{m} = {table}.{m} + excluded.{m}" for m in measures
    )
    return insert, on_conflict


_INSERT, _UPSERT = _upsert(TABLE, KEY, MEASURES)
_MEETING_INSERT, _MEETING_UPSERT = _upsert(MEETINGS, MEETING_KEY, ("n",))
_CONTACT_INSERT, _CONTACT_UPSERT = _upsert(CONTACTS, CONTACT_KEY, ("n",))  # the rebuild's


# --- the summary per subtree ------------------------------------------------------------------------
def _values(vendor: str, part: Part, r: str, sign: str = "", total: bool = False) -> list[str]:
    """The key (after the command) and the sums of ``part`` for the record alias ``r``."""
    date = f"{r}.{part.date}"
    values = [f"'{part.source}'", _month(vendor, date) if part.monthly else "0", _year(vendor, date)]
    values += [part.dimensions[d].format(r=r) if d in part.dimensions else "''" for d in DIMENSIONS]
    for m in MEASURES:
        expression = part.measures[m].format(r=r) if m in part.measures else "0"
        values.append(f"{sign}SUM({expression})" if total else f"{sign}({expression})")
    return values


def _group_by(vendor: str, part: Part, r: str) -> str:
    date = f"{r}.{part.date}"
    columns = ([_month(vendor, date)] if part.monthly else []) + [_year(vendor, date)]
    return ", ".join(columns + [part.dimensions[d].format(r=r) for d in DIMENSIONS if d in part.dimensions])


def _record_sql(vendor: str, part: Part, r: str, sign: str) -> str:
    """Add (``sign`` "") or take away ("-") the record ``r``'s contribution in every command it counts under."""
    values = ", ".join(["s.ancestor_id", *_values(vendor, part, r, sign)])
    where = f"s.command_id = {r}.command_id AND NOT s.merged AND {part.counted.format(r=r)}"
    return f"{_INSERT}SELECT {values} FROM {SCOPES} s WHERE {where}{_UPSERT}"


def _pair_sql(vendor: str, part: Part, p: str, sign: str) -> str:
    """Add or take away the records of the pair ``p``'s command in the rows of its ancestor (``merged`` pairs
    never count: a report's rows are subtrees)."""
    values = ", ".join([f"{p}.ancestor_id", *_values(vendor, part, "r", sign, total=True)])
    where = f"NOT {p}.merged AND r.command_id = {p}.command_id AND {part.counted.format(r='r')}"
    group_by = _group_by(vendor, part, "r")
    return f"{_INSERT}SELECT {values} FROM {part.table} r WHERE {where} GROUP BY {group_by}{_UPSERT}"


# --- per command, partner unit and date: the border meetings, the contacts ---------------------------------
def _pair_rows_sql(table: str, key: tuple[str, ...], values: list[str], sql_from: str, sign: str) -> list[str]:
    """Add (``sign`` "") or take away ("-") one per event and partner link of ``sql_from`` (a SQL ``FROM … WHERE …``
    over the event ``a`` and the link ``l``) in ``table``, ``values`` the SQL of its ``key`` columns; a row left
    at zero goes (a row means something was done)."""
    insert, upsert = _upsert(table, key, ("n",))
    statements = [f"{insert}SELECT {', '.join(values)}, {sign}1 {sql_from}{upsert}"]
    if sign:
        key_in = f"({', '.join(key)}) IN (SELECT {', '.join(values)} {sql_from})"
        statements.append(f"DELETE FROM {table} WHERE n = 0 AND {key_in}")
    return statements


def _from_event(link: str, fk: str, r: str, condition: str) -> str:
    """The links of the written event row ``r`` (the event's own columns from ``r``, as ``a``)."""
    row = f"(SELECT {r}.command_id AS command_id, {r}.start_date AS start_date) a"
    return f"FROM {link} l, {row} WHERE l.{fk} = {r}.id AND {condition.format(a=r)}"


def _from_link(event: str, fk: str, r: str, condition: str) -> str:
    """The event of the written link row ``r`` (as ``l``)."""
    return (
        f"FROM {event} a, (SELECT {r}.partner_unit_id AS partner_unit_id) l WHERE a.id = {r}.{fk} "
        f"AND {condition.format(a='a')}"
    )


def _meeting_values(vendor: str) -> list[str]:  # in MEETING_KEY's order
    return [_year(vendor, "a.start_date"), "a.command_id", "l.partner_unit_id", _month(vendor, "a.start_date")]


def _contact_values(source: str) -> list[str]:  # in CONTACT_KEY's order
    return ["a.command_id", "l.partner_unit_id", "a.start_date", f"'{source}'"]


# --- triggers ------------------------------------------------------------------------------------------
def _changed(columns: tuple[str, ...], pg: bool) -> str:
    op = " IS DISTINCT FROM " if pg else " IS NOT "
    return "(" + " OR ".join(f"OLD.{c}{op}NEW.{c}" for c in columns) + ")"


def _triggers(vendor: str, name: str, table: str, old: list[str], new: list[str], changed: str, truncate: str):
    """Row triggers on ``table`` running ``old`` (the OLD row's part taken away) and ``new`` (the NEW row's added);
    an update only when ``changed``. On PostgreSQL also a TRUNCATE trigger running ``truncate``."""
    if vendor != "postgresql":  # SQLite: one trigger per event
        return [f"DROP TRIGGER IF EXISTS {name}_{event}" for event in ("insert", "delete", "update")] + [
            f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN {'; '.join(new)}; END",
            f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN {'; '.join(old)}; END",
            f"CREATE TRIGGER {name}_update AFTER UPDATE ON {table} WHEN {changed} BEGIN {'; '.join(old + new)}; END",
        ]
    return [
        f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND NOT {changed} THEN
                RETURN NULL;
            END IF;
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                {"; ".join(old)};
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                {"; ".join(new)};
            END IF;
            RETURN NULL;
        END $$""",
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()",
        # TRUNCATE sends no row triggers.
        f"""CREATE OR REPLACE FUNCTION {name}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {truncate};
            RETURN NULL;
        END $$""",
        f"DROP TRIGGER IF EXISTS {name}_truncate ON {table}",
        f"CREATE TRIGGER {name}_truncate AFTER TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}_truncate()",
    ]


def _trigger_specs(vendor: str, kinds=ALL_KINDS) -> list[tuple[str, str, list[str], list[str], str, str]]:
    """``(name, table, old, new, changed, truncate)`` of every trigger of the summaries ``kinds``."""
    pg = vendor == "postgresql"
    specs = []
    if SUBTREE in kinds:
        for table in ("events_delegation", "events_activity", "events_expenditure"):
            parts = [part for part in PARTS if part.table == table]
            old = [_record_sql(vendor, part, "OLD", "-") for part in parts]
            new = [_record_sql(vendor, part, "NEW", "") for part in parts]
            truncate = f"DELETE FROM {TABLE} WHERE source = '{parts[0].source}'"  # no record left to count
            name = f"{TRIGGER}_{table.removeprefix('events_')}"
            specs.append((name, table, old, new, COUNTED_COLUMNS[table], truncate))
        old = [_pair_sql(vendor, part, "OLD", "-") for part in PARTS]
        new = [_pair_sql(vendor, part, "NEW", "") for part in PARTS]
        specs.append((f"{TRIGGER}_scope", SCOPES, old, new, COUNTED_COLUMNS[SCOPES], f"DELETE FROM {TABLE}"))
    # (kind, summary table, its key, the SQL of its key, what counts, the event and link tables, columns watched)
    pair_summaries = []
    if MEETINGS_KIND in kinds:
        event, link, fk = "events_activity", "events_activitypartner", "activity_id"
        values, truncate = _meeting_values(vendor), f"DELETE FROM {MEETINGS}"
        pair_summaries.append(("meetings", MEETINGS, MEETING_KEY, values, MEETING, event, link, fk, truncate))
    if CONTACTS_KIND in kinds:
        for event, link, fk, source in CONTACT_SOURCES:
            truncate = f"DELETE FROM {CONTACTS} WHERE source = '{source}'"  # no event of that kind left
            values = _contact_values(source)
            pair_summaries.append(("contacts", CONTACTS, CONTACT_KEY, values, CONTACT, event, link, fk, truncate))
    for prefix, table, key, values, condition, event, link, fk, truncate in pair_summaries:
        # A trigger on the events (the event row with its links) and one on the links (the link row with its event).
        watched = {event: PAIR_EVENT_COLUMNS[prefix], link: (fk, "partner_unit_id")}
        for written in (event, link):
            old, new = (
                _pair_rows_sql(
                    table,
                    key,
                    values,
                    _from_event(link, fk, r, condition) if written == event else _from_link(event, fk, r, condition),
                    sign,
                )
                for r, sign in (("OLD", "-"), ("NEW", ""))
            )
            name = f"{TRIGGER}_{prefix}_{written.removeprefix('events_')}"
            specs.append((name, written, old, new, watched[written], truncate))
    return [
        (name, table, old, new, _changed(columns, pg), truncate) for name, table, old, new, columns, truncate in specs
    ]


def install_sql(vendor: str, kinds=ALL_KINDS) -> list[str]:
    """Statements creating the triggers (idempotent)."""
    return [sql for spec in _trigger_specs(vendor, kinds) for sql in _triggers(vendor, *spec)]


def uninstall_sql(vendor: str, kinds=ALL_KINDS) -> list[str]:
    statements = []
    for name, table, *_rest in _trigger_specs(vendor, kinds):
        if vendor == "postgresql":
            statements += [
                f"DROP TRIGGER IF EXISTS {name} ON {table}",
                f"DROP TRIGGER IF EXISTS {name}_truncate ON {table}",
                f"DROP FUNCTION IF EXISTS {name}()",
                f"DROP FUNCTION IF EXISTS {name}_truncate()",
            ]
        else:
            statements += [f"DROP TRIGGER IF EXISTS {name}_{event}" for event in ("insert", "delete", "update")]
    return statements


# The unique keys the triggers' ON CONFLICT needs (the models' UniqueConstraints, same names and columns).
CONSTRAINTS = {
    SUBTREE: (TABLE, "summary_key", KEY),
    MEETINGS_KIND: (MEETINGS, "meetingsummary_key", MEETING_KEY),
    CONTACTS_KIND: (CONTACTS, "contactsummary_key", CONTACT_KEY),
}


def rebuild_sql(vendor: str, kinds=ALL_KINDS) -> list[str]:
    """Statements recomputing the summaries ``kinds`` from the records and the table of scopes. On PostgreSQL the tables
    are emptied with TRUNCATE and their unique keys built again after the rows are in: deleting and inserting
    the same keys in one transaction makes every insert check the deleted rows (a national rebuild took four
    times as long). The rows go in in the order of the key, so that a command's rows share pages (a report
    reads a few hundred rows, from a handful of pages instead of one page each)."""
    tables = {SUBTREE: TABLE, MEETINGS_KIND: MEETINGS, CONTACTS_KIND: CONTACTS}
    constraints = [CONSTRAINTS[kind] for kind in kinds]
    if vendor == "postgresql":
        # Memory to group and sort a national rebuild without spilling to disk (for this transaction only).
        statements = ["SET LOCAL work_mem = '64MB'", f"TRUNCATE {', '.join(tables[kind] for kind in kinds)}"]
        statements += [f"ALTER TABLE {table} DROP CONSTRAINT {name}" for table, name, _key in constraints]
    else:
        statements = [f"DELETE FROM {tables[kind]}" for kind in kinds]
    if SUBTREE in kinds:
        for part in PARTS:
            values = ", ".join(["s.ancestor_id", *_values(vendor, part, "r", total=True)])
            key = f"s.ancestor_id, {_group_by(vendor, part, 'r')}"
            statements.append(
                f"{_INSERT}SELECT {values} FROM {part.table} r "
                f"JOIN {SCOPES} s ON s.command_id = r.command_id AND NOT s.merged "
                f"WHERE {part.counted.format(r='r')} GROUP BY {key} ORDER BY {key}"
            )
    if MEETINGS_KIND in kinds:
        key = f"{_year(vendor, 'a.start_date')}, a.command_id, l.partner_unit_id, {_month(vendor, 'a.start_date')}"
        statements.append(
            f"{_MEETING_INSERT}SELECT {key}, COUNT(*) "
            f"FROM events_activity a JOIN events_activitypartner l ON l.activity_id = a.id "
            f"WHERE {MEETING.format(a='a')} GROUP BY {key} ORDER BY {key}"
        )
    if CONTACTS_KIND in kinds:
        for event, link, fk, source in CONTACT_SOURCES:
            key = "a.command_id, l.partner_unit_id, a.start_date"
            statements.append(
                f"{_CONTACT_INSERT}SELECT {key}, '{source}', COUNT(*) "
                f"FROM {event} a JOIN {link} l ON l.{fk} = a.id WHERE {CONTACT.format(a='a')} "
                f"GROUP BY {key} ORDER BY {key}"
            )
    if vendor == "postgresql":
        statements += [
            f"ALTER TABLE {table} ADD CONSTRAINT {name} UNIQUE ({', '.join(key)})" for table, name, key in constraints
        ]
    return statements


def install(connection, kinds=ALL_KINDS) -> None:
    """Create the triggers of the summaries ``kinds`` (default all; a migration passes those that exist at its
    point of the history)."""
    with connection.cursor() as cursor:
        for sql in install_sql(connection.vendor, kinds):
            cursor.execute(sql)


def uninstall(connection, kinds=ALL_KINDS) -> None:
    with connection.cursor() as cursor:
        for sql in uninstall_sql(connection.vendor, kinds):
            cursor.execute(sql)


def rebuild(connection, kinds=ALL_KINDS) -> None:
    """Recompute the summaries ``kinds`` (default all) from the records (in the caller's transaction, if any). The
    table of scopes (``partnerships.models.rebuild_command_scopes``) must be rebuilt first when it is stale too."""
    with connection.cursor() as cursor:
        for sql in rebuild_sql(connection.vendor, kinds):
            cursor.execute(sql)


@contextlib.contextmanager
def suspended(connection):
    """The triggers off while records and the table of scopes are written in bulk, then on again and the summaries
    recomputed once, in the caller's transaction (a failure rolls all of it back). The table of scopes must be
    right (``partnerships.models.rebuild_command_scopes``) when the block ends."""
    if not connection.in_atomic_block:
        raise RuntimeError("summary.suspended() needs a transaction: the triggers must never stay off")
    uninstall(connection)
    yield
    install(connection)
    rebuild(connection)


# --- many records written at once ---------------------------------------------------------------------
RECORD_TABLES = ("events_delegation", "events_activity", "events_expenditure")


def _records_sql(vendor: str, part: Part, ids: list[int], sign: str) -> str:
    """Add (``sign`` "") or take away ("-") the contributions of the records ``ids`` of ``part.table``: one
    grouped statement for all of them, the sums the row trigger would have added one record at a time."""
    values = ", ".join(["s.ancestor_id", *_values(vendor, part, "r", sign, total=True)])
    id_list = ", ".join(str(int(pk)) for pk in ids)  # integers from the database: nothing to quote
    return (
        f"{_INSERT}SELECT {values} FROM {part.table} r "
        f"JOIN {SCOPES} s ON s.command_id = r.command_id AND NOT s.merged "
        f"WHERE r.id IN ({id_list}) AND {part.counted.format(r='r')} "
        f"GROUP BY s.ancestor_id, {_group_by(vendor, part, 'r')}{_UPSERT}"
    )


class BulkWrite:
    """The summary's part of a bulk write to one record table: see :func:`bulk_write`."""

    def __init__(self, connection, table: str, *, trigger_off: bool = True):
        self.connection = connection
        self.parts = [part for part in PARTS if part.table == table] if trigger_off else []  # else the trigger adds

    def _run(self, ids, sign: str) -> None:
        ids = [pk for pk in ids if pk is not None]
        if not ids or not self.parts:
            return
        with self.connection.cursor() as cursor:
            for part in self.parts:
                cursor.execute(_records_sql(self.connection.vendor, part, ids, sign))

    def take_away(self, ids) -> None:
        """Before the records ``ids`` are updated (or deleted): their stored contributions out."""
        self._run(ids, "-")

    def add(self, ids) -> None:
        """Once the records ``ids`` are inserted or updated: their contributions in."""
        self._run(ids, "")


def _may_alter(connection, table: str) -> bool:
    """Whether the database user owns ``table`` (may switch its triggers): always on SQLite."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = %s::regclass", [table])
        row = cursor.fetchone()
    return bool(row and row[0])


@contextlib.contextmanager
def bulk_write(connection, table: str):
    """The row trigger keeping the summary off while many records of ``table`` are written, in the caller's
    transaction; the caller names the records to the :class:`BulkWrite` it is given (``take_away`` before an
    update, ``add`` after an insert or update), and their sums go in a few grouped statements at once.

    Why: every record of a big import adds to the same few summary rows (its command's and every ancestor's,
    for the same year and category); row by row, each of those rows is rewritten once per record in one
    transaction, and each rewrite costs more than the one before (10,000 support lines: minutes). Grouped,
    each row is rewritten once per batch.

    The trigger is switched off inside the transaction (``ALTER TABLE … DISABLE TRIGGER`` on PostgreSQL, which
    holds off other writes to ``table``, not reads, until the transaction ends; dropped and recreated on
    SQLite), so other connections never see it off. Must run in an atomic block that an exception rolls back
    (the switch is rolled back with the writes). Other tables' triggers (the border meetings') stay on. A
    database user who does not own the table may not switch its trigger: the trigger then adds up, row by row.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("summary.bulk_write() needs a transaction: the trigger must never stay off")
    if table not in RECORD_TABLES or not _may_alter(connection, table):
        yield BulkWrite(connection, table, trigger_off=False)
        return
    writes = BulkWrite(connection, table)
    name = f"{TRIGGER}_{table.removeprefix('events_')}"
    spec = next(spec for spec in _trigger_specs(connection.vendor) if spec[0] == name)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A table with checks still pending cannot be altered: the foreign keys (deferred to the commit by
            # default) are checked now, and at each statement until the trigger is on again.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {name}")
        else:
            for event in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}_{event}")
    yield writes  # no finally: on an exception the caller's rollback restores the trigger with the writes
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {name}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys: checked at the commit again
        else:
            for sql in _triggers(connection.vendor, *spec):
                cursor.execute(sql)
