"""One signed document, one record: the same document number signed the same day between the same command and
partner unit cannot be recorded twice (it would count twice in every report).

A database that already holds such twins cannot take the rule: the migration stops before it, naming them, so
that an administrator keeps one of each (docs/OPERATIONS.md, "Upgrading").
"""

from django.db import migrations, models
from django.db.models import Count, Q


def refuse_twins(apps, schema_editor):
    Agreement = apps.get_model("partnerships", "Agreement")
    twins = (
        Agreement.objects.using(schema_editor.connection.alias)
        .exclude(reference="")
        .filter(signed_on__isnull=False)
        .values("command__code", "partner_unit__code", "reference", "signed_on")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("command__code", "reference")
    )
    found = [
        f"{t['command__code']}–{t['partner_unit__code']} {t['reference']} ({t['signed_on']}): {t['n']}" for t in twins
    ]
    if found:
        raise RuntimeError(
            "Agreements recorded more than once (same command, partner unit, document number and signing day); "
            "keep one of each in the admin, then migrate again:\n" + "\n".join(found)
        )


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0010_agreement_report_index")]

    operations = [
        migrations.RunPython(refuse_twins, migrations.RunPython.noop, elidable=False),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.UniqueConstraint(
                condition=~Q(reference="") & Q(signed_on__isnull=False),
                fields=("command", "partner_unit", "reference", "signed_on"),
                name="partnerships_agreement_one_record_per_document",
                violation_error_message=(
                    "This agreement is already recorded: the same document number, signed on the same day, between "
                    "the same command and partner unit."
                ),
            ),
        ),
    ]
