"""``manage.py backup PATH``: the whole database in one JSON file (``.json`` or ``.json.gz``).

Everything that is not rebuilt by ``migrate``: units, records and their partner links, the change
history, users with their roles, profiles and API tokens, attachments' metadata, the export log and the
admin log. Content types, permissions and sessions are left out: ``migrate`` creates the first two
(records point to them by natural key, so their ids do not matter) and sessions are throwaway.
Record ids are kept, so spreadsheets exported before the backup still match after a restore.

The files of the attachments live in ``MEDIA_ROOT`` and are copied separately (docs/OPERATIONS.md).
"""

import os
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

# events.summary, events.meetingsummary, events.contactsummary and partnerships.commandscope: derived from the records
# (events/summary.py, partnerships.models.rebuild_command_scopes); restore rebuilds them.
EXCLUDE = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "events.summary",
    "events.meetingsummary",
    "events.contactsummary",
    "partnerships.commandscope",
]
EXCLUDE.append("dnqp.figuresstamp")  # the figures cache's state while the cache was down (dnqp/core/cache.py)
SUFFIXES = (".json", ".json.gz", ".json.bz2", ".json.xz")


class Command(BaseCommand):
    help = "Dump the whole database to PATH (.json or .json.gz), for `manage.py restore` into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("path", help="File to write, e.g. dnqp-2026-11-23.json.gz (compressed by its suffix).")

    def handle(self, *args, path, **options):
        target = Path(path)
        if not target.name.endswith(SUFFIXES):
            raise CommandError(f"The file name must end with one of {', '.join(SUFFIXES)}: {path}")
        if not target.parent.is_dir():
            raise CommandError(f"The folder {target.parent} does not exist.")
        suffix = "".join(target.suffixes[-2:]) if target.name.endswith(SUFFIXES[1:]) else ".json"
        fd, partial = tempfile.mkstemp(prefix=".backup-", suffix=suffix, dir=target.parent)
        os.close(fd)
        try:
            outermost = not connection.in_atomic_block
            with transaction.atomic():
                if connection.vendor == "postgresql" and outermost:
                    # One snapshot for every table: a dump taken while people work is still consistent.
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                call_command(
                    "dumpdata",
                    natural_foreign=True,
                    natural_primary=True,
                    exclude=EXCLUDE,
                    output=partial,
                    verbosity=0,
                )
            os.replace(partial, target)  # never a half-written backup under the real name
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        size = target.stat().st_size
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Backup written to {target} ({size:,} bytes)."))
