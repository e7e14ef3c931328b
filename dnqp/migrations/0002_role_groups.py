"""The four roles (docs/SECURITY.md "Roles") as Django groups with their model permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RECORDS = ["agreement", "delegation", "activity", "expenditure", "delegationpartner", "activitypartner"]

GROUPS = {
    # name: {(app_label, model): actions}
    "Quản trị": "__all__",
    "Cán bộ nhập liệu": {
        **{("partnerships", "agreement"): "view add change delete"},
        **{("events", m): "view add change delete" for m in RECORDS[1:]},
        ("partnerships", "partnerunit"): "view add change delete",
        ("partnerships", "command"): "view",
        ("dnqp", "attachment"): "view add change delete",
    },
    "Chỉ huy": {
        **{("partnerships", m): "view" for m in ["command", "partnerunit", "agreement"]},
        **{("events", m): "view" for m in RECORDS[1:]},
        ("dnqp", "attachment"): "view",
    },
    "Chuyên viên tổng hợp": {
        **{("partnerships", m): "view" for m in ["command", "partnerunit", "agreement"]},
        **{("events", m): "view" for m in RECORDS[1:]},
        ("dnqp", "attachment"): "view",
    },
}
ADMIN_APPS = ["partnerships", "events", "dnqp", "auth", "authtoken", "axes"]


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, spec in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        if spec == "__all__":
            perms = Permission.objects.filter(content_type__app_label__in=ADMIN_APPS)
        else:
            codenames = []
            for (app_label, model), actions in spec.items():
                codenames += [(app_label, f"{action}_{model}") for action in actions.split()]
            perms = [Permission.objects.get(content_type__app_label=a, codename=c) for a, c in codenames]
        group.permissions.set(perms)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dnqp", "0001_initial"),
        ("events", "0001_initial"),
        ("partnerships", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("axes", "0009_add_session_hash"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
