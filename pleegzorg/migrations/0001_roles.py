"""The three roles, as Django groups: viewer, editor (optionally bound to provinces), administrator."""

from django.db import migrations

from pleegzorg.roles import grant


def create_roles(apps, schema_editor):
    grant(
        apps,
        viewable={
            "municipalities": ["province", "municipality", "statusevent", "keyfigure", "fostercareform", "editorprovince"],
            "initiatives": ["category", "initiative"],
        },
        editable={"municipalities": ["municipality", "statusevent"], "initiatives": ["initiative"]},
        administered={"auth": ["user", "group"]},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("municipalities", "0002_register"),
        ("initiatives", "0002_categories"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
