"""The planner samples every support line's search text (PostgreSQL; a no-op elsewhere).

With a statistics target of 1,000 (events 0015) ``ANALYZE`` samples 300,000 rows: the whole of the delegations
and activities at national scale, a third of a million support lines. From a third, a rare word's share is a
matter of luck: "kratie" (794 of 1,000,000 lines) came out as 100, 1,001 or 3,003 lines from one ``ANALYZE``
to the next, and at 3,003 the planner walked the date index through 49,000 lines instead of reading the 794
from the trigram index (133 ms instead of 4 ms for the list's page). With 10,000 the sample holds up to
3,000,000 rows: the estimate no longer changes between analyses (700 for "kratie"); planning such a search
takes about 2 ms longer (docs/PERFORMANCE.md, "Search").
"""

from django.db import migrations


def set_target(target):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE events_expenditure ALTER COLUMN search_text SET STATISTICS {target}")
            schema_editor.execute("ANALYZE events_expenditure")

    return run


class Migration(migrations.Migration):
    dependencies = [("events", "0017_contact_summary")]

    operations = [migrations.RunPython(set_target(10_000), set_target(1_000), elidable=False)]
