"""Once created the roles with code imported from the project; now empty.

The roles are declared in pleegzorg/roles.py and applied after every `migrate` (pleegzorg.apps):
a data migration that imports live code breaks as soon as that code changes. The migration stays,
empty, so that databases that applied it keep a consistent history.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("municipalities", "0002_register"),
        ("initiatives", "0002_categories"),
    ]
    operations = []
