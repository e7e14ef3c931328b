"""The per-year summary's triggers as migration 0012 last installed them (table ``events_yearsummary``).

Frozen here for migrations 0005 to 0012, which install them: migration 0014 replaced the table by the reports'
summary per subtree (``events/summary.py``), and a migration must run the code of its own time.
"""

from __future__ import annotations

TABLE = "events_yearsummary"

# metric, table, date column, condition for counting, metric expression, n, members, vnd
SOURCES = [
    ("delegations", "events_delegation", "start_date", "{r}.status = 'completed'", "'delegations_' || {r}.direction",
     "1", "{r}.member_count", "0"),
    ("activities", "events_activity", "start_date", "{r}.status = 'completed'", "'activities'", "1", "0", "0"),
    ("support", "events_expenditure", "date", "TRUE", "'expenditure_vnd'", "1", "0", "{r}.amount_vnd"),
]  # fmt: skip


# The columns a source's contribution depends on: an update that changes none of them (a note, a leader's
# name, the edit counter — Django's save() writes every column) leaves the summary alone.
COUNTED_COLUMNS = {
    "delegations": ("command_id", "start_date", "status", "direction", "member_count"),
    "activities": ("command_id", "start_date", "status"),
    "support": ("command_id", "date", "amount_vnd"),
}


def _changed(name: str) -> str:
    """SQL true when an UPDATE changed a column that counts (PostgreSQL and SQLite: ``IS NOT``)."""
    return "(" + " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in COUNTED_COLUMNS[name]) + ")"


def _year(vendor: str, column: str) -> str:
    if vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS integer)"
    return f"CAST(strftime('%Y', {column}) AS integer)"


def _upsert(vendor: str, r: str, source, sign: str) -> str:
    """INSERT … ON CONFLICT adding ``sign`` × the contribution of the row alias ``r`` (NEW or OLD)."""
    _name, _table, date, _cond, metric, n, members, vnd = source
    values = ", ".join(
        [
            f"{r}.command_id",
            _year(vendor, f"{r}.{date}"),
            metric.format(r=r),
            f"{sign}{n}",
            f"{sign}({members.format(r=r)})",
            f"{sign}({vnd.format(r=r)})",
        ]
    )
    return (
        f"INSERT INTO {TABLE} (command_id, year, metric, n, members, vnd) VALUES ({values}) "
        f"ON CONFLICT (command_id, year, metric) DO UPDATE SET n = {TABLE}.n + excluded.n, "
        f"members = {TABLE}.members + excluded.members, vnd = {TABLE}.vnd + excluded.vnd"
    )


def install_sql(vendor: str) -> list[str]:
    """Statements creating the triggers (idempotent)."""
    statements = []
    for source in SOURCES:
        name, table, _date, cond, *_rest = source
        if vendor == "postgresql":
            function = f"dnqp_summary_{name}"
            statements += [
                f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' AND NOT {_changed(name).replace(" IS NOT ", " IS DISTINCT FROM ")} THEN
                        RETURN NULL;
                    END IF;
                    IF TG_OP IN ('UPDATE', 'DELETE') AND {cond.format(r="OLD")} THEN
                        {_upsert(vendor, "OLD", source, "-")};
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') AND {cond.format(r="NEW")} THEN
                        {_upsert(vendor, "NEW", source, "")};
                    END IF;
                    RETURN NULL;
                END $$""",
                f"DROP TRIGGER IF EXISTS {function} ON {table}",
                f"CREATE TRIGGER {function} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {function}()",
                # TRUNCATE sends no row triggers: recompute this source's rows (none are left).
                f"""CREATE OR REPLACE FUNCTION {function}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    DELETE FROM {TABLE} WHERE metric LIKE '{name if name != "support" else "expenditure"}%';
                    RETURN NULL;
                END $$""",
                f"DROP TRIGGER IF EXISTS {function}_truncate ON {table}",
                f"CREATE TRIGGER {function}_truncate AFTER TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {function}_truncate()",
            ]
        else:  # SQLite: one trigger per event; WHEN holds the counting rule
            trigger = f"dnqp_summary_{name}"
            statements += [
                f"DROP TRIGGER IF EXISTS {trigger}_insert",
                f"DROP TRIGGER IF EXISTS {trigger}_delete",
                f"DROP TRIGGER IF EXISTS {trigger}_update_old",
                f"DROP TRIGGER IF EXISTS {trigger}_update_new",
                f"CREATE TRIGGER {trigger}_insert AFTER INSERT ON {table} WHEN {cond.format(r='NEW')} "
                f"BEGIN {_upsert(vendor, 'NEW', source, '')}; END",
                f"CREATE TRIGGER {trigger}_delete AFTER DELETE ON {table} WHEN {cond.format(r='OLD')} "
                f"BEGIN {_upsert(vendor, 'OLD', source, '-')}; END",
                f"CREATE TRIGGER {trigger}_update_old AFTER UPDATE ON {table} "
                f"WHEN {cond.format(r='OLD')} AND {_changed(name)} "
                f"BEGIN {_upsert(vendor, 'OLD', source, '-')}; END",
                f"CREATE TRIGGER {trigger}_update_new AFTER UPDATE ON {table} "
                f"WHEN {cond.format(r='NEW')} AND {_changed(name)} "
                f"BEGIN {_upsert(vendor, 'NEW', source, '')}; END",
            ]
    return statements


def uninstall_sql(vendor: str) -> list[str]:
    statements = []
    for name, table, *_rest in SOURCES:
        if vendor == "postgresql":
            function = f"dnqp_summary_{name}"
            statements += [
                f"DROP TRIGGER IF EXISTS {function} ON {table}",
                f"DROP TRIGGER IF EXISTS {function}_truncate ON {table}",
                f"DROP FUNCTION IF EXISTS {function}()",
                f"DROP FUNCTION IF EXISTS {function}_truncate()",
            ]
        else:
            statements += [
                f"DROP TRIGGER IF EXISTS dnqp_summary_{name}_{event}"
                for event in ("insert", "delete", "update_old", "update_new")
            ]
    return statements


def rebuild_sql(vendor: str) -> list[str]:
    """Statements recomputing the whole summary from the records."""
    statements = [f"DELETE FROM {TABLE}"]
    for _name, table, date, cond, metric, n, members, vnd in SOURCES:
        r = "r"
        year = _year(vendor, f"{r}.{date}")
        statements.append(
            f"INSERT INTO {TABLE} (command_id, year, metric, n, members, vnd) "
            f"SELECT {r}.command_id, {year}, {metric.format(r=r)}, SUM({n}), SUM({members.format(r=r)}), "
            f"SUM({vnd.format(r=r)}) FROM {table} {r} WHERE {cond.format(r=r)} "
            "GROUP BY 1, 2, 3"
        )
    return statements


def install(connection) -> None:
    with connection.cursor() as cursor:
        for sql in install_sql(connection.vendor):
            cursor.execute(sql)


def rebuild(connection) -> None:
    """Recompute the summary from the records (in the caller's transaction, if any)."""
    with connection.cursor() as cursor:
        for sql in rebuild_sql(connection.vendor):
            cursor.execute(sql)
