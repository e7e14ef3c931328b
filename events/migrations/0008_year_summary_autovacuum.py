"""Vacuum the per-year summary often (PostgreSQL): every counted write updates one of its rows, and the
dashboard's trend reads it by index-only scans, which need the pages marked all-visible."""

from django.db import migrations


def tune(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE events_yearsummary SET (autovacuum_vacuum_scale_factor = 0.02, "
            "autovacuum_analyze_scale_factor = 0.05)"
        )


def untune(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE events_yearsummary RESET (autovacuum_vacuum_scale_factor, autovacuum_analyze_scale_factor)"
        )


class Migration(migrations.Migration):
    dependencies = [("events", "0007_year_summary_changed_columns_only")]

    operations = [migrations.RunPython(tune, untune, elidable=False)]
