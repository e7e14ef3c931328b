"""A command's records lie within its lifetime: the database's own copy of the rule.

A dissolved command (``valid_until``, its last day) signs nothing and takes part in nothing afterwards: an
agreement signed, a delegation or activity started, or support given after that day belongs to its
successor. The models' ``clean()`` refuses such a record with a message naming the successor (every write
path calls it); these triggers refuse it in the database too, for writes that skip the forms (raw SQL,
``QuerySet.update()``, a race with the dissolution itself), and refuse a dissolution date earlier than a
record already there. An update that leaves the dates and the command alone (a note) passes, so a record
entered before the rule existed can still be corrected. The refusal is a constraint error
(IntegrityError), which the write paths turn into the form's message
(:func:`dnqp.core.versioning.refusal_error`). A migration that makes SQLite rebuild one of these tables keeps
the triggers with :func:`dnqp.core.sqlite_triggers.kept_around`.
"""

from __future__ import annotations

COMMANDS = "partnerships_command"
MESSAGE = "dnqp_command_dissolved: a record is dated after the last day of its command"

# table, date column
DATED = [
    ("partnerships_agreement", "signed_on"),
    ("events_delegation", "start_date"),
    ("events_activity", "start_date"),
    ("events_expenditure", "date"),
]


def _later_than(day: str) -> str:
    """SQL true when the command ``NEW.id`` has a record dated after ``day``."""
    return " OR ".join(
        f"EXISTS (SELECT 1 FROM {table} WHERE command_id = NEW.id AND {column} > {day})" for table, column in DATED
    )


def install_sql(vendor: str) -> list[str]:
    """Statements creating the triggers (idempotent)."""
    statements = []
    if vendor == "postgresql":
        for table, column in DATED:
            function = f"dnqp_lifetime_{table}"
            statements += [
                f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF (TG_OP = 'INSERT' OR NEW.{column} IS DISTINCT FROM OLD.{column}
                            OR NEW.command_id IS DISTINCT FROM OLD.command_id)
                        AND NEW.{column} > (SELECT valid_until FROM {COMMANDS} WHERE id = NEW.command_id) THEN
                        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                END $$""",
                f"DROP TRIGGER IF EXISTS {function} ON {table}",
                f"CREATE TRIGGER {function} BEFORE INSERT OR UPDATE OF command_id, {column} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {function}()",
            ]
        statements += [
            f"""CREATE OR REPLACE FUNCTION dnqp_lifetime_command() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.valid_until IS DISTINCT FROM OLD.valid_until AND NEW.valid_until IS NOT NULL
                    AND ({_later_than("NEW.valid_until")}) THEN
                    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
                END IF;
                RETURN NEW;
            END $$""",
            f"DROP TRIGGER IF EXISTS dnqp_lifetime_command ON {COMMANDS}",
            f"CREATE TRIGGER dnqp_lifetime_command BEFORE UPDATE OF valid_until ON {COMMANDS} "
            f"FOR EACH ROW EXECUTE FUNCTION dnqp_lifetime_command()",
        ]
        return statements
    # SQLite: RAISE(ABORT) is a constraint error, as CHECK's is.
    for table, column in DATED:
        trigger = f"dnqp_lifetime_{table}"
        when = f"NEW.{column} > (SELECT valid_until FROM {COMMANDS} WHERE id = NEW.command_id)"
        statements += [
            f"DROP TRIGGER IF EXISTS {trigger}_insert",
            f"DROP TRIGGER IF EXISTS {trigger}_update",
            f"CREATE TRIGGER {trigger}_insert BEFORE INSERT ON {table} WHEN {when} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
            f"CREATE TRIGGER {trigger}_update BEFORE UPDATE OF command_id, {column} ON {table} "
            f"WHEN (NEW.{column} IS NOT OLD.{column} OR NEW.command_id IS NOT OLD.command_id) AND {when} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
        ]
    statements += [
        "DROP TRIGGER IF EXISTS dnqp_lifetime_command",
        f"CREATE TRIGGER dnqp_lifetime_command BEFORE UPDATE OF valid_until ON {COMMANDS} "
        f"WHEN NEW.valid_until IS NOT OLD.valid_until AND NEW.valid_until IS NOT NULL "
        f"AND ({_later_than('NEW.valid_until')}) "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    ]
    return statements


def uninstall_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        statements = []
        for table, _column in DATED:
            function = f"dnqp_lifetime_{table}"
            statements += [f"DROP TRIGGER IF EXISTS {function} ON {table}", f"DROP FUNCTION IF EXISTS {function}()"]
        return statements + [
            f"DROP TRIGGER IF EXISTS dnqp_lifetime_command ON {COMMANDS}",
            "DROP FUNCTION IF EXISTS dnqp_lifetime_command()",
        ]
    statements = []
    for table, _column in DATED:
        statements += [
            f"DROP TRIGGER IF EXISTS dnqp_lifetime_{table}_insert",
            f"DROP TRIGGER IF EXISTS dnqp_lifetime_{table}_update",
        ]
    return statements + ["DROP TRIGGER IF EXISTS dnqp_lifetime_command"]


def install(connection) -> None:
    with connection.cursor() as cursor:
        for sql in install_sql(connection.vendor):
            cursor.execute(sql)
