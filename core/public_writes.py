"""Every committed write to public data starts a new generation of the public pages (core.caching).

The hook sits where no write can pass it by: the database connection. `install(connection)`
(connected to `connection_created` in core.apps, so every connection of every process has it)
adds an execute wrapper that sees each SQL statement Django sends: the ORM's saves and deletes,
QuerySet.update() and .delete(), bulk_create and bulk_update, the loaders' and the import's
writes, raw SQL. Model signals would miss QuerySet.update(), the bulk operations and raw SQL.

A statement is a write to public data when it is an INSERT, UPDATE, DELETE, REPLACE or TRUNCATE
on a table of the apps in settings.PUBLIC_DATA_APPS: their models, historical models and
many-to-many tables, read from the app registry (`public_tables()`). A write whose table cannot
be read from the statement counts as public: when in doubt, bump. Reads never bump.

After the statement succeeds, one bump is scheduled with `transaction.on_commit`: once per
transaction however many statements it sends, never for a transaction that rolls back (Django
drops the callbacks of a rolled-back transaction or savepoint), and at once in autocommit mode.
"""

import re
from functools import cache

from django.apps import apps
from django.conf import settings
from django.db import transaction

from .caching import bump_generation

# The verb, then the table, as Django writes them: INSERT [OR IGNORE|REPLACE] INTO "t", REPLACE INTO "t",
# UPDATE "t", DELETE FROM "t", TRUNCATE [TABLE] "t", ... (a flush of the test database on PostgreSQL).
WRITE = re.compile(
    r"""\s*(?P<verb>INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE)
        (?:\s+TABLE)?(?:\s+ONLY)?\s+(?P<table>"[^"]+"|`[^`]+`|[\w.]+)?""",
    re.IGNORECASE | re.VERBOSE,
)


@cache
def public_tables():
    """The database tables (a frozenset of lower-case names) of every model of settings.PUBLIC_DATA_APPS,
    with their historical models and many-to-many tables. Raises LookupError for an unknown app label."""
    return frozenset(
        model._meta.db_table.lower()
        for label in settings.PUBLIC_DATA_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    )


def writes_public_data(sql):
    """True when the SQL statement `sql` (a str) writes to a public table; also for a write whose table it does
    not name plainly, and for every TRUNCATE (Django's flush names many tables in one)."""
    match = WRITE.match(sql)
    if match is None:
        return False
    if match["table"] is None or match["verb"].upper() == "TRUNCATE":
        return True
    return match["table"].strip('"`').rsplit(".", 1)[-1].lower() in public_tables()


class Bump:
    """The on-commit callback of one transaction; `done` once it ran (a test may run callbacks early)."""

    def __init__(self):
        self.done = False

    def __call__(self):
        self.done = True
        bump_generation()


def schedule_bump(connection):
    """One bump when the current transaction of `connection` commits (at once in autocommit mode), unless one
    is already waiting in this transaction (an enclosing savepoint's callback still counts; a rolled-back one
    is gone from run_on_commit)."""
    if connection.in_atomic_block:
        if any(isinstance(callback, Bump) and not callback.done for _, callback, _ in connection.run_on_commit):
            return
    elif not connection.get_autocommit():  # manual transactions (set_autocommit(False)): no on_commit there
        bump_generation()
        return
    transaction.on_commit(Bump(), using=connection.alias, robust=True)


def watch(execute, sql, params, many, context):
    """The execute wrapper: run the statement, then schedule a bump when it wrote public data."""
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and writes_public_data(sql):
        schedule_bump(context["connection"])
    return result


def install(connection, **kwargs):
    """Add the wrapper to `connection` (a DatabaseWrapper) once; the `connection_created` receiver."""
    if watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch)
