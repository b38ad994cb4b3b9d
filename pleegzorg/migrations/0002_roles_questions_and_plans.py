"""The roles also cover parliamentary questions and the Dutch action plans."""

from django.db import migrations

from pleegzorg.roles import grant


def extend_roles(apps, schema_editor):
    grant(
        apps,
        viewable={
            "initiatives": ["parliamentaryquestion"],
            "actions": ["organisation", "plan", "line", "action", "target", "progressupdate", "adoption"],
        },
        editable={
            "initiatives": ["parliamentaryquestion"],
            "actions": ["organisation", "plan", "line", "action", "target", "progressupdate", "adoption"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("pleegzorg", "0001_roles"),
        ("initiatives", "0004_question_26"),
        ("actions", "0001_initial"),
    ]
    operations = [migrations.RunPython(extend_roles, migrations.RunPython.noop)]
