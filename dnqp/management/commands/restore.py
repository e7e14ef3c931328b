"""``manage.py restore PATH``: load a file made by ``manage.py backup`` into an empty, migrated database.

It refuses a database that already holds users or records (a restore never merges into live data) and
one whose migrations are not all applied. The load is one transaction: it either completes or leaves
the database as it was. On PostgreSQL the id sequences are moved past the restored ids.
"""

import bz2
import functools
import gzip
import lzma
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, router, transaction
from django.db.migrations.executor import MigrationExecutor

from dnqp.core.cache import invalidate
from events import search as records_search
from events import summary as reports_summary
from partnerships.models import rebuild_command_scopes

# Rows that migrate itself creates (content types, permissions, the role groups) do not make a database
# "not empty"; anything else does.
# Derived from the records (events/summary.py), rebuilt after loading: rows left at zero by deletes don't count.
DERIVED = {"events.summary", "events.meetingsummary", "events.contactsummary", "partnerships.commandscope"}
CREATED_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission", "auth.group", "sessions.session"}
CACHE_STATE = {"dnqp.figuresstamp"}  # written by the figures cache while the cache is down (dnqp/core/cache.py)
BATCH = 2_000  # rows per INSERT
OPENERS = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}


@functools.cache
def stamps_itself(model) -> bool:
    """Whether ``model`` has a field Django dates itself on insert (``auto_now``/``auto_now_add``): ``bulk_create``
    would write today's date over the stored one, the ordinary raw save keeps it (the export log, attachments)."""
    return any(
        getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        for field in model._meta.concrete_fields
    )


def load_rows(source: Path, connection) -> int:
    """The rows of ``source`` into the database, ``BATCH`` rows of a table per INSERT; how many. What ``loaddata``
    does one row at a time (2.3 million rows of a national database: more than 45 minutes): the same file, the
    same ids, foreign keys checked once at the end (SQLite) or at the commit (PostgreSQL), the id sequences
    moved past the loaded ids. Rows with many-to-many links of their own (users' and groups' roles and
    permissions), references to rows further on, or a date Django stamps itself (:func:`stamps_itself`) go
    through the ordinary save, as ``loaddata`` does."""
    opener = OPENERS.get(source.suffix, open)
    loaded, models = 0, set()
    batch: list = []
    later = []

    def flush():
        nonlocal batch
        if batch:
            type(batch[0]).objects.using(connection.alias).bulk_create(batch)
            batch = []

    with opener(source, "rt", encoding="utf-8") as stream, connection.constraint_checks_disabled():
        rows = serializers.deserialize("json", stream, using=connection.alias, handle_forward_references=True)
        for row in rows:
            obj = row.object
            if not router.allow_migrate_model(connection.alias, obj.__class__):
                continue
            models.add(obj.__class__)
            loaded += 1
            if row.m2m_data or row.deferred_fields or obj.pk is None or stamps_itself(obj.__class__):
                flush()
                row.save(using=connection.alias)
                if row.deferred_fields:
                    later.append(row)
                continue
            if batch and (type(batch[0]) is not type(obj) or len(batch) >= BATCH):
                flush()
            batch.append(obj)
        flush()
        for row in later:
            row.save_deferred_fields(using=connection.alias)
    connection.check_constraints(table_names=[model._meta.db_table for model in models])
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    return loaded


def non_empty_tables() -> list[str]:
    found = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in CREATED_BY_MIGRATE | DERIVED | CACHE_STATE or model._meta.proxy or not model._meta.managed:
            continue
        if model._default_manager.using(DEFAULT_DB_ALIAS).exists():
            found.append(label)
    return found


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database (run `migrate` first)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file (.json or .json.gz).")

    def handle(self, *args, path, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"No backup file at {source}.")
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database is not migrated: run `python manage.py migrate` first.")
        busy = non_empty_tables()
        if busy:
            raise CommandError(
                "The database is not empty (it holds "
                + ", ".join(busy[:5])
                + (", …" if len(busy) > 5 else "")
                + "). Restore only into a new database: create it, run `manage.py migrate`, then restore."
            )
        # The reports' summary is derived data, not in the backup: its triggers off for the load, recomputed
        # once from the records as the block ends (events/summary.py). So are the records' search texts
        # (partnerships/search.py): worked out once, not record by record and link by link.
        connection = connections[DEFAULT_DB_ALIAS]
        try:
            with transaction.atomic(), reports_summary.suspended(connection), records_search.suspended(connection):
                load_rows(source.resolve(), connection)
                rebuild_command_scopes()  # derived too: which commands count under which
        except (DeserializationError, IntegrityError, ValueError, OSError, EOFError) as error:
            # Nothing was written (one transaction): say what is wrong with the file instead of a traceback.
            raise CommandError(f"The backup file {source} cannot be restored (nothing was written): {error}") from error
        invalidate()  # every cached figure
        User = get_user_model()
        counts = {
            "users": User.objects.count(),
            **{
                model._meta.verbose_name_plural: model.objects.count()
                for model in (
                    apps.get_model("partnerships", "Command"),
                    apps.get_model("partnerships", "PartnerUnit"),
                    apps.get_model("partnerships", "Agreement"),
                    apps.get_model("events", "Delegation"),
                    apps.get_model("events", "Activity"),
                    apps.get_model("events", "Expenditure"),
                )
            },
        }
        summary = "; ".join(f"{name}: {count}" for name, count in counts.items())
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Restored {source}: {summary}."))
