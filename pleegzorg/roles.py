"""Granting permissions to the three roles; used by data migrations with the historical apps."""

from django.contrib.auth.management import create_permissions

VIEWER, EDITOR, ADMINISTRATOR = "Lezer", "Redacteur", "Beheerder"
EVERYTHING = ("view", "add", "change", "delete")


def grant(apps, viewable, editable, administered=()):
    """`viewable`, `editable`: {app_label: [model names]}; administrators get everything on both."""
    # Permissions are normally created after all migrations; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(models, actions):
        return [
            Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
            for app_label, names in models.items()
            for model in names
            for action in actions
        ]

    roles = {
        VIEWER: permissions(viewable, ["view"]),
        EDITOR: permissions(viewable, ["view"]) + permissions(editable, ["add", "change", "delete"]),
        ADMINISTRATOR: permissions(viewable, EVERYTHING) + permissions(dict(administered), EVERYTHING),
    }
    for name, granted in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*granted)
