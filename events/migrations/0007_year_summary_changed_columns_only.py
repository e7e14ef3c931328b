"""The per-year summary's triggers skip updates that change no counted column (events/summary.py)."""

from django.db import migrations

from events.migrations import _year_summary as summary


def reinstall(apps, schema_editor):
    summary.install(schema_editor.connection)  # CREATE OR REPLACE / DROP and CREATE: idempotent


class Migration(migrations.Migration):
    dependencies = [("events", "0006_start_date_indexes")]

    operations = [migrations.RunPython(reinstall, migrations.RunPython.noop, elidable=False)]
