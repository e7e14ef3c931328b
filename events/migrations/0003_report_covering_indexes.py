"""Covering indexes for the reports (PostgreSQL only; a no-op elsewhere).

The yearly report and the dashboard group support, delegations and activities per command over a date
range. With records entered out of date order, every matching row sits on a different heap page; with
the grouped and summed columns INCLUDEd in the index, PostgreSQL answers from the index alone
(index-only scan). The indexes keep the names and key columns the models declare, so Django's state is
unchanged; only INCLUDE columns are added (docs/PERFORMANCE.md).
"""

from django.db import migrations

# name, table, key columns, included columns
INDEXES = [
    ("expenditure_command_date", "events_expenditure", "command_id, date", "category, amount_vnd"),
    ("expenditure_date_id", "events_expenditure", "date, id", "command_id, category, amount_vnd"),
    # ``id``: the reports count ids (COUNT("id")), which the index must hold for an index-only scan.
    ("delegation_command_start", "events_delegation", "command_id, start_date", "direction, member_count, status, id"),
    ("activity_command_start", "events_activity", "command_id, start_date", "status, id"),
]


def covering(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, keys, include in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
        schema_editor.execute(f'CREATE INDEX "{name}" ON "{table}" ({keys}) INCLUDE ({include})')


def plain(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, keys, _include in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
        schema_editor.execute(f'CREATE INDEX "{name}" ON "{table}" ({keys})')


class Migration(migrations.Migration):
    dependencies = [("events", "0002_expenditure_currency_not_null")]

    operations = [migrations.RunPython(covering, plain, elidable=False)]
