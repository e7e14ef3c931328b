"""``manage.py rebuild_search_text``: work out every record's search text again (partnerships/search.py)."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from events import search


class Command(BaseCommand):
    help = (
        "Work out again the search text of every agreement, delegation, activity and support line (what the "
        "lists', the admin's and the API's searches read). Database triggers keep it on every write; run this "
        "after loading rows with the triggers switched off (e.g. session_replication_role = replica)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        connection = connections[database]
        with transaction.atomic(using=database):
            search.reinstall(connection)
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Every row was rewritten: clear the dead rows and refresh the statistics (events migration 0016).
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM (ANALYZE) {', '.join(source.table for source in search.EVERY_SOURCE)}")
        self.stdout.write(self.style.SUCCESS("Search texts worked out again."))
