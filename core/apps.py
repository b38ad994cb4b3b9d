from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Pleegzorg Tracker"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import changesets  # noqa: F401  (connects the audit trail's change sets)
        from .public_writes import install

        connection_created.connect(install, dispatch_uid="core.public_writes")
        from .links import name_links
        from .permissions import use_dutch_labels

        name_links()
        use_dutch_labels()
