"""The countries a border command borders: border meetings are owed only to partner units of those countries
(docs/REPORTS.md, "Border-meetings report"; docs/DECISIONS.md). Empty on every command until filled in, which
keeps the rule as before.

SQLite adds a constraint by rebuilding the table, which drops the table's triggers and refuses the rename
while another table's trigger names the table (the command lifetime's, partnerships/lifetime.py): every trigger that
names the table is kept and dropped before, and created again after (nothing to do on PostgreSQL).
"""

from django.db import migrations, models

from dnqp.core import sqlite_triggers

TABLE = "partnerships_command"

CHOICES = [
    ("KH", "Cambodia"),
    ("LA", "Lao People's Democratic Republic"),
    ("CN", "China"),
    ("KH,LA", "Cambodia and Lao People's Democratic Republic"),
    ("CN,LA", "China and Lao People's Democratic Republic"),
]


def field():
    return models.CharField(
        blank=True,
        choices=CHOICES,
        default="",
        help_text=(
            "The countries the command's area borders. Border meetings are owed only to partner units of these "
            "countries; left empty on a command on the border, to partner units of any country."
        ),
        max_length=20,
        verbose_name="borders",
    )


KEEP_TRIGGERS = sqlite_triggers.kept_around(TABLE)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0005_country_currency_choices"),
    ]

    operations = [
        # Reversed, the constraints are dropped last: the triggers are saved before and created again after.
        KEEP_TRIGGERS[0],
        migrations.AddField(model_name="command", name="border_countries", field=field()),
        migrations.AddField(model_name="historicalcommand", name="border_countries", field=field()),
        migrations.AddConstraint(
            model_name="command",
            constraint=models.CheckConstraint(
                condition=models.Q(("border_countries__in", ["", "KH", "LA", "CN", "KH,LA", "CN,LA"])),
                name="partnerships_command_border_countries_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="command",
            constraint=models.CheckConstraint(
                condition=models.Q(("border_countries", ""), ("is_border", True), _connector="OR"),
                name="partnerships_command_border_countries_on_border",
            ),
        ),
        KEEP_TRIGGERS[1],
    ]
