"""``manage.py rebuild_summary``: recompute the reports' summary from the records (events/summary.py)."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from dnqp.core.cache import invalidate
from events import summary
from events.models import Summary
from partnerships.models import CommandScope, rebuild_command_scopes


class Command(BaseCommand):
    help = (
        "Recompute the reports' summaries (events_summary, events_meetingsummary, events_contactsummary) from the "
        "delegations, activities and support lines, and the table of which commands count under which. Database "
        "triggers keep them exact on every write; "
        "run this after loading rows with the triggers switched off (e.g. session_replication_role = replica) "
        "or after editing the summary by hand."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        connection = connections[database]
        with transaction.atomic(using=database):
            summary.install(connection)  # the triggers too, in case they were dropped
            rebuild_command_scopes(using=database)
            summary.rebuild(connection)
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Every row was rewritten: refresh the planner's statistics and clear the dead rows, as seed_scale
            # does after a load.
            with connection.cursor() as cursor:
                for model in (Summary, CommandScope):
                    cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")
        invalidate()
        rows = Summary.objects.using(database).count()
        self.stdout.write(self.style.SUCCESS(f"Reports' summary rebuilt: {rows:,} rows."))
