"""After migrations partnerships 0009 and events 0015 wrote every record's search text: ``VACUUM (ANALYZE)`` the
four tables (PostgreSQL; a no-op elsewhere).

Writing a column of every row leaves as many dead rows and clears the pages' visibility: until a vacuum, the
reports' index-only scans read the table again (the dashboard at national scale took three times as long). A
vacuum cannot run in a transaction, hence this migration of its own, not atomic, which only vacuums (it may be
run again safely).
"""

from django.db import migrations

TABLES = ("partnerships_agreement", "events_delegation", "events_activity", "events_expenditure")


def vacuum(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql" or schema_editor.connection.in_atomic_block:
        return  # in a transaction (a test database's set-up inside one): autovacuum will do it
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(TABLES)}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("events", "0015_search_text")]

    operations = [migrations.RunPython(vacuum, migrations.RunPython.noop, elidable=False)]
