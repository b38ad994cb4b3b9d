"""The categories and question 26 were created by data migrations, which leave no audit trail:
give each row that has none its first historical record, so that the trail knows every row."""

from django.db import migrations
from django.utils import timezone

MODELS = ["Category", "ParliamentaryQuestion", "QuestionPart"]


def record_untracked_rows(apps, schema_editor):
    now = timezone.now()
    for name in MODELS:
        model = apps.get_model("initiatives", name)
        history = apps.get_model("initiatives", f"Historical{name}")
        kept = {field.attname for field in history._meta.fields}
        known = history.objects.values("id")
        history.objects.bulk_create([
            history(history_date=now, history_type="+", history_change_reason="Aangemaakt door een migratie",
                    **{f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields if f.attname in kept})
            for row in model.objects.exclude(pk__in=known)
        ])


class Migration(migrations.Migration):

    dependencies = [("initiatives", "0011_history_change_set")]

    operations = [migrations.RunPython(record_untracked_rows, migrations.RunPython.noop)]
