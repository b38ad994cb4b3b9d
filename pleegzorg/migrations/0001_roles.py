"""The three roles, as Django groups: viewer, editor (optionally bound to provinces), administrator."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEWER, EDITOR, ADMINISTRATOR = "Lezer", "Redacteur", "Beheerder"
MODELS = {
    "municipalities": ["province", "municipality", "statusevent", "keyfigure", "fostercareform", "editorprovince"],
    "initiatives": ["category", "initiative"],
}
EDITABLE = {"municipalities": ["municipality", "statusevent"], "initiatives": ["initiative"]}


def permission_codes(apps_models, actions):
    for app_label, models in apps_models.items():
        for model in models:
            for action in actions:
                yield app_label, f"{action}_{model}"


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(codes):
        found = []
        for app_label, codename in codes:
            found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        return found

    everything = ["view", "add", "change", "delete"]
    roles = {
        VIEWER: permissions(permission_codes(MODELS, ["view"])),
        EDITOR: permissions(permission_codes(MODELS, ["view"]))
        + permissions(permission_codes(EDITABLE, ["add", "change", "delete"])),
        ADMINISTRATOR: permissions(permission_codes(MODELS, everything))
        + permissions(permission_codes({"auth": ["user", "group"]}, everything)),
    }
    for name, perms in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("municipalities", "0002_register"),
        ("initiatives", "0002_categories"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
