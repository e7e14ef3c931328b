"""Keeping the database's triggers across a migration that makes SQLite rebuild a table.

SQLite changes a table (a column, a constraint) by creating a new one, copying the rows, dropping the old one
and renaming the new. The old table's triggers go with it, and a trigger of another table that names it
(``partnerships/lifetime.py``) makes the rename fail. Put the two operations of :func:`kept_around` around such
operations: the first drops every trigger on or naming the tables, the second creates them again as they
were. Other databases change tables in place: nothing is done there.
"""

from __future__ import annotations

from django.db import migrations


def _triggers(connection, tables) -> list[tuple[str, str]]:
    """``(name, sql)`` of the triggers on ``tables`` or naming them."""
    condition = " OR ".join("tbl_name = %s OR sql LIKE %s" for _table in tables)
    params = [value for table in tables for value in (table, f"%{table}%")]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND ({condition})", params)
        return list(cursor.fetchall())


def kept_around(*tables: str) -> tuple[migrations.RunPython, migrations.RunPython]:
    """``(before, after)``: the operations to put before and after those that rebuild ``tables`` (reversible)."""
    saved: list[tuple[str, str]] = []

    def save(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        saved[:] = _triggers(schema_editor.connection, tables)
        with schema_editor.connection.cursor() as cursor:
            for name, _sql in saved:
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')

    def restore(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        present = {name for name, _sql in _triggers(schema_editor.connection, tables)}
        with schema_editor.connection.cursor() as cursor:
            for name, sql in saved:
                if name not in present:
                    cursor.execute(sql)

    return (
        migrations.RunPython(save, restore, elidable=False),
        migrations.RunPython(restore, save, elidable=False),
    )
