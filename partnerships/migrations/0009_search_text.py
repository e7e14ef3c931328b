"""Agreements keep the text searches find them by (``search_text``, partnerships/search.py).

The column holds the agreement's searched texts folded (number, title, notes, the command's code and name,
the partner unit's code, names and other spellings), written by triggers; on PostgreSQL a trigram index
(``pg_trgm``) answers a search's ``LIKE '%word%'``. The index lives outside Django's model state, as the other
PostgreSQL-only indexes do (events 0003): it is a no-op elsewhere.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from dnqp.core import sqlite_triggers
from partnerships import search

KEEP_TRIGGERS = sqlite_triggers.kept_around("partnerships_agreement")
INDEXES = [("agreement_search_trgm", "partnerships_agreement")]


def install(apps, schema_editor):
    connection = schema_editor.connection
    search.rebuild(connection, search.SOURCES)
    search.install(connection, search.SOURCES)
    if connection.vendor == "postgresql":
        for name, table in INDEXES:
            schema_editor.execute(f'CREATE INDEX "{name}" ON "{table}" USING gin (search_text gin_trgm_ops)')
            # A finer sample of the texts: the planner then knows a rare word from a common one (with the default
            # it took "kratie", in 320 of 300,000 delegations, for one in a hundred, and walked the date index).
            schema_editor.execute(f'ALTER TABLE "{table}" ALTER COLUMN search_text SET STATISTICS 1000')
            schema_editor.execute(f'ANALYZE "{table}"')


def uninstall(apps, schema_editor):
    connection = schema_editor.connection
    search.uninstall(connection, search.SOURCES)
    if connection.vendor == "postgresql":
        for name, _table in INDEXES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
        schema_editor.execute("DROP FUNCTION IF EXISTS public.dnqp_fold(text)")


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0008_person")]

    operations = [
        TrigramExtension(),
        KEEP_TRIGGERS[0],
        migrations.AddField(
            model_name="agreement",
            name="search_text",
            field=models.TextField(default="", editable=False, verbose_name="search text"),
        ),
        KEEP_TRIGGERS[1],
        migrations.RunPython(install, uninstall, elidable=False),
    ]
