"""An answered question's archive is immutable below the model too (PostgreSQL).

ParliamentaryQuestion.save() and delete() already refuse to change an answered question; this
trigger refuses it for every other way in: a queryset update() or delete(), raw SQL, a script. It
fires on UPDATE and DELETE of a row whose state was 'answered' and aborts the statement. (TRUNCATE
and ALTER TABLE fire no row trigger.) SQLite has no such trigger here: there the model guard is
the only one.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION initiatives_answered_question_is_immutable() RETURNS trigger AS $$
BEGIN
    IF OLD.state = 'answered' THEN
        RAISE EXCEPTION USING
            MESSAGE = 'Parliamentary question ' || OLD.id || ' has been answered: its archived annex '
                      || 'can no longer change nor be deleted (' || TG_OP || ' refused).',
            ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER answered_question_is_immutable
    BEFORE UPDATE OR DELETE ON initiatives_parliamentaryquestion
    FOR EACH ROW EXECUTE FUNCTION initiatives_answered_question_is_immutable();
"""

DROP = """
DROP TRIGGER IF EXISTS answered_question_is_immutable ON initiatives_parliamentaryquestion;
DROP FUNCTION IF EXISTS initiatives_answered_question_is_immutable();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0006_optimistic_locking_everywhere"),
    ]

    operations = [
        migrations.RunPython(create_trigger, drop_trigger, elidable=False),
    ]
