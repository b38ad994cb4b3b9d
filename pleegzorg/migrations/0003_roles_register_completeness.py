"""Everyone in the admin may read the register's completeness; only administrators record it."""

from django.db import migrations

from pleegzorg.roles import grant


def extend_roles(apps, schema_editor):
    grant(
        apps,
        viewable={"municipalities": ["registercompleteness"]},
        editable={},
        administered={"municipalities": ["registercompleteness"]},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("pleegzorg", "0002_roles_questions_and_plans"),
        ("municipalities", "0008_register_completeness"),
    ]
    operations = [migrations.RunPython(extend_roles, migrations.RunPython.noop)]
