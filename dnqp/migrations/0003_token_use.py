"""API tokens' last use (dnqp.models.TokenUse): a row for every existing token, and the administrators'
permissions on it (the administrator group holds every permission of the admin's apps, migration 0002)."""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

ADMIN_GROUP = "Quản trị"


def add_rows_and_permissions(apps, schema_editor):
    Token = apps.get_model("authtoken", "Token")
    TokenUse = apps.get_model("dnqp", "TokenUse")
    TokenUse.objects.bulk_create([TokenUse(token_id=key) for key in Token.objects.values_list("key", flat=True)])
    app_config = apps.get_app_config("dnqp")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=ADMIN_GROUP).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="dnqp", content_type__model="tokenuse")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("dnqp", "0002_role_groups"),
    ]

    operations = [
        migrations.CreateModel(
            name="TokenUse",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("last_used_at", models.DateTimeField(blank=True, null=True, verbose_name="last used")),
                (
                    "token",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="use",
                        to="authtoken.token",
                        verbose_name="token",
                    ),
                ),
            ],
            options={
                "verbose_name": "API token",
                "verbose_name_plural": "API tokens",
                "ordering": ["token__user__username"],
            },
        ),
        migrations.RunPython(add_rows_and_permissions, migrations.RunPython.noop),
    ]
