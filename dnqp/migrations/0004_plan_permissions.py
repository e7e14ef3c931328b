"""The role groups' rights on annual plans and their targets (events 0012 made the models after the groups of
migration 0002): data-entry staff write them, commanders and analysts read them, administrators do all."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["annualplan", "plantarget"]
GROUPS = {
    "Quản trị": "view add change delete",
    "Cán bộ nhập liệu": "view add change delete",
    "Chỉ huy": "view",
    "Chuyên viên tổng hợp": "view",
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("events")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in GROUPS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            codenames = [f"{action}_{model}" for action in actions.split() for model in MODELS]
            group.permissions.add(*Permission.objects.filter(content_type__app_label="events", codename__in=codenames))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*Permission.objects.filter(content_type__model__in=MODELS))


class Migration(migrations.Migration):
    dependencies = [
        ("dnqp", "0003_token_use"),
        ("events", "0012_revision2_plans_remains_approvals"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
