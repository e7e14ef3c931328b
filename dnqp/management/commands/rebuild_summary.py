"""``manage.py rebuild_summary``: recompute the per-year summary from the records (events/summary.py)."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from dnqp.core.cache import invalidate
from events import summary
from events.models import YearSummary


class Command(BaseCommand):
    help = (
        "Recompute the per-year summary (events_yearsummary) from the delegations, activities and support "
        "lines. Database triggers keep it exact on every write; run this after loading rows with the "
        "triggers switched off (e.g. session_replication_role = replica) or after editing the summary by hand."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        connection = connections[database]
        with transaction.atomic(using=database):
            summary.install(connection)  # the triggers too, in case they were dropped
            summary.rebuild(connection)
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Every row was rewritten: mark the pages all-visible again (index-only scans) and refresh the
            # planner's statistics, as seed_scale does after a load.
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(YearSummary._meta.db_table)}")
        invalidate()
        rows = YearSummary.objects.using(database).count()
        self.stdout.write(self.style.SUCCESS(f"Per-year summary rebuilt: {rows:,} rows."))
