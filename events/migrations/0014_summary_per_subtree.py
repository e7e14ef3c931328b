"""The reports' summary per command subtree (events/summary.py) replaces the per-year summary per command.

The per-year summary (``events_yearsummary``) held, per command, only what the dashboard's trend needed; a
region's or the whole country's report still read every record. The new summary holds, per command and year,
the totals of its whole subtree in the columns the reports group by, kept by triggers on the records and on the
table of scopes: a report reads the rows of its scope and its sub-commands. The border meetings held per
command, partner unit and month are kept the same way (``MeetingSummary``, for the border-meetings report), and
the trips whose report is still owed (the dashboard's reminders) an index of their own.
"""

import django.db.models.deletion
from django.db import migrations, models

from events import summary
from events.migrations import _year_summary


def drop_year_summary_triggers(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for sql in _year_summary.uninstall_sql(schema_editor.connection.vendor):
            cursor.execute(sql)


def restore_year_summary(apps, schema_editor):
    # Backwards: the table is back (DeleteModel reversed): its triggers, its rows and its covering index.
    _year_summary.install(schema_editor.connection)
    _year_summary.rebuild(schema_editor.connection)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX yearsummary_covering ON events_yearsummary (command_id, year, metric) "
            "INCLUDE (n, members, vnd)"
        )
        schema_editor.execute(
            "ALTER TABLE events_yearsummary SET (autovacuum_vacuum_scale_factor = 0.02, "
            "autovacuum_analyze_scale_factor = 0.05)"
        )


def forget_year_summary_type(apps, schema_editor):
    # Its content type and permissions outlive the model (a data migration may have made them while it existed):
    # gone with it, or a role group would keep rights on a model that a restored database no longer knows.
    apps.get_model("contenttypes", "ContentType").objects.filter(app_label="events", model="yearsummary").delete()


def install_summary(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Every counted write updates a few of their rows: vacuum and analyse them often. Room on each page of the
        # summary for a row's new version (its sums are not indexed): it stays beside the command's other rows.
        for table in ("events_summary", "events_meetingsummary"):
            schema_editor.execute(
                f"ALTER TABLE {table} SET (autovacuum_vacuum_scale_factor = 0.02, "
                "autovacuum_analyze_scale_factor = 0.05)"
            )
        schema_editor.execute("ALTER TABLE events_summary SET (fillfactor = 90)")
    # The summaries of this point of the history (the contacts came with 0017).
    summary.install(schema_editor.connection, kinds=(summary.SUBTREE, summary.MEETINGS_KIND))
    summary.rebuild(schema_editor.connection, kinds=(summary.SUBTREE, summary.MEETINGS_KIND))


def uninstall_summary(apps, schema_editor):
    summary.uninstall(schema_editor.connection, kinds=(summary.SUBTREE, summary.MEETINGS_KIND))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0013_delegation_people"),
        ("partnerships", "0004_command_scopes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(drop_year_summary_triggers, restore_year_summary, elidable=False),
        migrations.DeleteModel(name="YearSummary"),
        migrations.RunPython(forget_year_summary_type, migrations.RunPython.noop, elidable=False),
        migrations.CreateModel(
            name="Summary",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("source", models.CharField(max_length=10, verbose_name="records")),
                ("month", models.PositiveSmallIntegerField(default=0, verbose_name="month")),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("direction", models.CharField(blank=True, default="", max_length=10, verbose_name="direction")),
                ("status", models.CharField(blank=True, default="", max_length=10, verbose_name="status")),
                ("purpose", models.CharField(blank=True, default="", max_length=20, verbose_name="purpose")),
                ("category", models.CharField(blank=True, default="", max_length=20, verbose_name="category")),
                (
                    "funding_source",
                    models.CharField(blank=True, default="", max_length=20, verbose_name="funding source"),
                ),
                ("n", models.BigIntegerField(default=0)),
                ("members", models.BigIntegerField(default=0)),
                ("vnd", models.BigIntegerField(default=0)),
                ("remains_found", models.BigIntegerField(default=0)),
                ("remains_repatriated", models.BigIntegerField(default=0)),
                (
                    "command",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.command",
                        verbose_name="command",
                    ),
                ),
            ],
            options={
                "verbose_name": "summary row",
                "verbose_name_plural": "summary rows",
                "constraints": [
                    models.UniqueConstraint(
                        fields=(
                            "command",
                            "source",
                            "month",
                            "year",
                            "direction",
                            "status",
                            "purpose",
                            "category",
                            "funding_source",
                        ),
                        name="summary_key",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="MeetingSummary",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("month", models.PositiveSmallIntegerField(verbose_name="month")),
                ("n", models.BigIntegerField(default=0)),
                (
                    "command",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.command",
                        verbose_name="command",
                    ),
                ),
                (
                    "partner_unit",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.partnerunit",
                        verbose_name="partner unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "border meetings of a month",
                "verbose_name_plural": "border meetings per month",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("year", "command", "partner_unit", "month"), name="meetingsummary_key"
                    )
                ],
            },
        ),
        migrations.RunPython(install_summary, uninstall_summary, elidable=False),
        migrations.AddIndex(
            model_name="delegation",
            index=models.Index(
                condition=models.Q(
                    ("direction", "outbound"),
                    ("report_due_on__isnull", False),
                    ("reported_on__isnull", True),
                    ("status", "completed"),
                ),
                fields=["report_due_on", "id"],
                name="delegation_report_owed",
            ),
        ),
    ]
