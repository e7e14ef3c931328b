"""Delegations, activities and support lines keep the text searches find them by (``search_text``).

As agreements do (partnerships 0009, partnerships/search.py): the record's own searched texts, its command's
code and name and its partner units' codes, names and other spellings, folded, written by triggers (events/
search.py); on PostgreSQL a trigram index per table answers a search's ``LIKE '%word%'`` (a no-op elsewhere).
"""

from django.db import migrations, models

from dnqp.core import sqlite_triggers
from events import search

TABLES = ("events_delegation", "events_activity", "events_expenditure")
KEEP_TRIGGERS = sqlite_triggers.kept_around(*TABLES)
INDEXES = [(f"{table.removeprefix('events_')}_search_trgm", table) for table in TABLES]


def install(apps, schema_editor):
    connection = schema_editor.connection
    search.rebuild(connection, search.SOURCES)
    search.install(connection)
    if connection.vendor == "postgresql":
        for name, table in INDEXES:
            schema_editor.execute(f'CREATE INDEX "{name}" ON "{table}" USING gin (search_text gin_trgm_ops)')
            # A finer sample of the texts: the planner then knows a rare word from a common one (with the default
            # it took "kratie", in 320 of 300,000 delegations, for one in a hundred, and walked the date index).
            schema_editor.execute(f'ALTER TABLE "{table}" ALTER COLUMN search_text SET STATISTICS 1000')
            schema_editor.execute(f'ANALYZE "{table}"')


def uninstall(apps, schema_editor):
    search.uninstall(schema_editor.connection)
    if schema_editor.connection.vendor == "postgresql":
        for name, _table in INDEXES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def field():
    return models.TextField(default="", editable=False, verbose_name="search text")


class Migration(migrations.Migration):
    dependencies = [("events", "0014_summary_per_subtree"), ("partnerships", "0009_search_text")]

    operations = [
        KEEP_TRIGGERS[0],
        migrations.AddField(model_name="delegation", name="search_text", field=field()),
        migrations.AddField(model_name="activity", name="search_text", field=field()),
        migrations.AddField(model_name="expenditure", name="search_text", field=field()),
        KEEP_TRIGGERS[1],
        migrations.RunPython(install, uninstall, elidable=False),
    ]
