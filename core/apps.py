from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Pleegzorg Tracker"

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from . import changesets  # noqa: F401  (connects the audit trail's change sets)
        from .caching import bump_after_migrate
        from .links import name_links
        from .permissions import use_dutch_labels
        from .public_writes import install

        connection_created.connect(install, dispatch_uid="core.public_writes")  # every write moves the cache on
        post_migrate.connect(bump_after_migrate, sender=self, dispatch_uid="core.caching")  # so does a deployment
        name_links()
        use_dutch_labels()
