"""Once created the roles with code imported from the project; now empty.

The roles are declared in pleegzorg/roles.py and applied after every `migrate` (pleegzorg.apps):
a data migration that imports live code breaks as soon as that code changes. The migration stays,
empty, so that databases that applied it keep a consistent history.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pleegzorg", "0001_roles"),
        ("initiatives", "0004_question_26"),
        ("actions", "0001_initial"),
    ]
    operations = []
