"""The roles, declared in one place, and applied to Django's groups after every `migrate`.

Four roles, as the organisation works:

- *Lezer* reads the admin.
- *Redacteur* records status events and initiatives, only in the provinces granted to them
  (municipalities.EditorProvince; none granted: they edit nothing in the register).
- *Planredacteur* edits the Dutch plans, their lines, actions, targets, progress updates, examples
  and adoptions; optionally bound to particular plans (actions.PlanEditor; none: every plan).
- *Beheerder* manages the reference data (municipalities' names, codes, validity and successors,
  provinces, map shapes), register completeness, users and roles, parliamentary questions, and
  marks a question answered.

`MODEL_RIGHTS` and `EXTRA_RIGHTS` are the whole truth: `apply_roles()` makes every group hold
exactly these permissions (nothing more), after every `migrate` (pleegzorg.apps), idempotently. No
data migration imports this module, so changing the table never breaks an old migration.
tests/test_roles.py checks every role against the table, page by page.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import transaction

VIEWER, EDITOR, PLAN_EDITOR, ADMINISTRATOR = "Lezer", "Redacteur", "Planredacteur", "Beheerder"
ROLES = (VIEWER, EDITOR, PLAN_EDITOR, ADMINISTRATOR)

NONE = ()
READ = ("view",)
WRITE = ("view", "add", "change", "delete")

# What each role may do with each model: (Lezer, Redacteur, Planredacteur, Beheerder).
MODEL_RIGHTS = {
    # Reference data: read-only for all but the Beheerder.
    "municipalities.province": (READ, READ, READ, WRITE),
    # A Redacteur "changes" a municipality only to record its events and initiatives (the inlines);
    # its names, codes, validity and successor need municipalities.change_reference_data.
    "municipalities.municipality": (READ, ("view", "change"), READ, WRITE),
    "municipalities.maplayer": (READ, READ, READ, WRITE),
    "municipalities.mapshape": (READ, READ, READ, WRITE),
    "municipalities.keyfigure": (READ, READ, READ, WRITE),
    "municipalities.fostercareform": (READ, READ, READ, WRITE),
    "municipalities.fostercaretopic": (READ, READ, READ, WRITE),
    "municipalities.fostercareservice": (READ, READ, READ, WRITE),
    "municipalities.registercompleteness": (READ, READ, READ, WRITE),
    # The register.
    "municipalities.statusevent": (READ, WRITE, READ, WRITE),
    "initiatives.initiative": (READ, WRITE, READ, WRITE),
    "initiatives.category": (READ, READ, READ, WRITE),
    # Parliament.
    "initiatives.parliamentaryquestion": (READ, READ, READ, WRITE),
    "initiatives.questionpart": (READ, READ, READ, WRITE),
    # The Dutch plans. Organisations are shared by all plans: a Planredacteur adds and corrects
    # them, but deleting one is the Beheerder's.
    "actions.organisation": (READ, READ, ("view", "add", "change"), WRITE),
    "actions.plan": (READ, READ, WRITE, WRITE),
    "actions.planauthor": (READ, READ, WRITE, WRITE),
    "actions.line": (READ, READ, WRITE, WRITE),
    "actions.action": (READ, READ, WRITE, WRITE),
    "actions.responsibility": (READ, READ, WRITE, WRITE),
    "actions.target": (READ, READ, WRITE, WRITE),
    "actions.progressupdate": (READ, READ, WRITE, WRITE),
    "actions.adoption": (READ, READ, WRITE, WRITE),
    "actions.reference": (READ, READ, WRITE, WRITE),
    # Users, roles and who may edit where.
    "auth.user": (NONE, NONE, NONE, WRITE),
    "auth.group": (NONE, NONE, NONE, WRITE),
    "municipalities.editorprovince": (NONE, NONE, NONE, WRITE),
    "actions.planeditor": (NONE, NONE, NONE, WRITE),
    # Login protection (django-axes): the Beheerder reads the logs and lifts a lockout.
    "axes.accessattempt": (NONE, NONE, NONE, ("view", "delete")),
    "axes.accessfailurelog": (NONE, NONE, NONE, ("view", "delete")),
    "axes.accesslog": (NONE, NONE, NONE, ("view", "delete")),
    "axes.accessattemptexpiration": (NONE, NONE, NONE, NONE),
    # Written by the system only.
    "auth.permission": (NONE, NONE, NONE, NONE),
    "core.seedrecord": (NONE, NONE, NONE, NONE),
    "core.changeset": (NONE, NONE, NONE, NONE),
}

# Permissions beyond the four of a model: "app_label.codename" -> the roles that hold it.
EXTRA_RIGHTS = {
    "municipalities.change_reference_data": (ADMINISTRATOR,),
    "municipalities.change_every_province": (ADMINISTRATOR,),
    "initiatives.answer_parliamentaryquestion": (ADMINISTRATOR,),
}


def rights_of(role):
    """{"app_label.codename", ...}: every permission the table gives `role` (one of ROLES)."""
    column = ROLES.index(role)
    granted = {
        f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
        for label, rights in MODEL_RIGHTS.items()
        for action in rights[column]
    }
    return granted | {name for name, roles in EXTRA_RIGHTS.items() if role in roles}


def apply_roles(using="default", apps=global_apps, verbosity=0):
    """Make each role's group hold exactly `rights_of(role)`: creates missing groups, adds and
    removes permissions. Idempotent. Raises LookupError naming a permission the table lists but
    the database lacks (a model renamed without updating the table)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_config in global_apps.get_app_configs():  # as post_migrate would, for every app now
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    known = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    with transaction.atomic(using=using):
        for role in ROLES:
            wanted = rights_of(role)
            missing = wanted - known.keys()
            if missing:
                raise LookupError(f"Role {role}: no such permission: {', '.join(sorted(missing))}")
            group, created = Group.objects.using(using).get_or_create(name=role)
            group.permissions.set([known[name] for name in wanted])
            if verbosity >= 2:
                print(f"  Role {role}: {len(wanted)} permissions{' (new)' if created else ''}")


def apply_after_migrate(sender, app_config=None, using="default", apps=global_apps, verbosity=1, **kwargs):
    """post_migrate receiver (pleegzorg.apps): `migrate` (and `flush`) send the signal once per app
    with models; the roles are applied once, at the last of them."""
    with_models = [config for config in global_apps.get_app_configs() if config.models_module is not None]
    if app_config is not None and app_config.label == with_models[-1].label:
        apply_roles(using=using, apps=apps, verbosity=verbosity)
