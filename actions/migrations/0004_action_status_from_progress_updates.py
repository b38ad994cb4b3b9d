"""An action's status is its latest progress update; timing phrases get a kind.

Before the stored status goes, a status other than the default "planned" (one an officer set) is
kept as a progress update dated on the day of its last recorded change, its source saying that it
was entered without one. "planned" was only ever the default, never evidence, so it is dropped:
those actions are *unknown* until a progress update says more. Every timing text is then read
again (actions/timing.py: kind, period, condition; "medio" and "eind" now name one day).
"""

import datetime

from django.db import migrations, models

from actions import timing

FORMER_STATUS_SOURCE = "Status ingevoerd in de beheeromgeving vóór migratie 0004, zonder bron"


def keep_set_statuses_as_updates(apps, schema_editor):
    Action = apps.get_model("actions", "Action")
    HistoricalAction = apps.get_model("actions", "HistoricalAction")
    ProgressUpdate = apps.get_model("actions", "ProgressUpdate")
    for action in Action.objects.exclude(status="planned"):
        last = HistoricalAction.objects.filter(id=action.pk).order_by("-history_date").first()
        day = last.history_date.date() if last else datetime.date.today()
        ProgressUpdate.objects.create(
            action=action, date=day, status=action.status, source=FORMER_STATUS_SOURCE,
            note="Overgenomen uit het vroegere statusveld van de actie.",
        )


def read_timing_again(apps, schema_editor):
    Action = apps.get_model("actions", "Action")
    for action in Action.objects.exclude(timing_text=""):
        read = timing.parse_timing(action.timing_text, timing.WHEN)
        Action.objects.filter(pk=action.pk).update(
            timing_kind=read.kind if read else "",
            period_start=read.start if read else None,
            period_end=read.end if read else None,
            timing_condition=read.condition if read else "",
            timing_unparsed=read is None,
        )


class Migration(migrations.Migration):

    dependencies = [
        ('actions', '0003_optimistic_locking_everywhere'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='progressupdate',
            options={'ordering': ['-date', '-pk'], 'verbose_name': 'progress update', 'verbose_name_plural': 'progress updates'},
        ),
        # Schema changes to progress updates come before any is inserted (PostgreSQL refuses to
        # alter a table with pending trigger events in the same transaction).
        migrations.AddConstraint(
            model_name='progressupdate',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['', 'planned', 'ongoing', 'delayed', 'done', 'dropped'])), name='progress_update_status_reported'),
        ),
        migrations.RunPython(keep_set_statuses_as_updates, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name='action',
            name='action_status_known',
        ),
        migrations.RemoveField(
            model_name='action',
            name='status',
        ),
        migrations.RemoveField(
            model_name='historicalaction',
            name='status',
        ),
        migrations.AddField(
            model_name='action',
            name='timing_condition',
            field=models.CharField(blank=True, editable=False, max_length=300, verbose_name='condition of the timing'),
        ),
        migrations.AddField(
            model_name='action',
            name='timing_kind',
            field=models.CharField(blank=True, choices=[('window', 'window'), ('deadline', 'deadline'), ('ongoing', 'continuing'), ('conditional', 'conditional')], editable=False, max_length=12, verbose_name='kind of timing'),
        ),
        migrations.AddField(
            model_name='historicalaction',
            name='timing_condition',
            field=models.CharField(blank=True, editable=False, max_length=300, verbose_name='condition of the timing'),
        ),
        migrations.AddField(
            model_name='historicalaction',
            name='timing_kind',
            field=models.CharField(blank=True, choices=[('window', 'window'), ('deadline', 'deadline'), ('ongoing', 'continuing'), ('conditional', 'conditional')], editable=False, max_length=12, verbose_name='kind of timing'),
        ),
        migrations.AlterField(
            model_name='action',
            name='progress_override',
            field=models.PositiveSmallIntegerField(blank=True, help_text='Leave empty to use the default of the status given by the latest progress update (planned 0, delayed 25, ongoing 50, done 100); not used while the status is unknown.', null=True, verbose_name='progress (%)'),
        ),
        migrations.AlterField(
            model_name='historicalaction',
            name='progress_override',
            field=models.PositiveSmallIntegerField(blank=True, help_text='Leave empty to use the default of the status given by the latest progress update (planned 0, delayed 25, ongoing 50, done 100); not used while the status is unknown.', null=True, verbose_name='progress (%)'),
        ),
        migrations.AddConstraint(
            model_name='action',
            constraint=models.CheckConstraint(condition=models.Q(('timing_kind__in', ['', 'window', 'deadline', 'ongoing', 'conditional'])), name='action_timing_kind_known'),
        ),
        migrations.RunPython(read_timing_again, migrations.RunPython.noop),
    ]
