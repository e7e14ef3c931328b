from django.db import migrations

from partnerships import lifetime


def install(apps, schema_editor):
    # A command's records lie within its lifetime (partnerships/lifetime.py): refused by triggers.
    lifetime.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for sql in lifetime.uninstall_sql(schema_editor.connection.vendor):
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0009_expenditure_vnd_exact_on_sqlite"),
        ("partnerships", "0004_command_scopes"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
