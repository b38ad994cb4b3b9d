"""The project's own app: the roles are applied after every `migrate`; django-axes gets a Dutch name."""

from axes import apps as axes_apps  # the module, not its class: a class here would configure this app
from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PleegzorgConfig(AppConfig):
    default = True
    name = "pleegzorg"
    verbose_name = _("Pleegzorg Tracker")

    def ready(self):
        from .roles import apply_after_migrate

        post_migrate.connect(apply_after_migrate, dispatch_uid="pleegzorg_roles")


class LoginProtectionConfig(axes_apps.AppConfig):
    """django-axes under a Dutch name: its section in the admin reads "Aanmeldbeveiliging", not "Axes"."""

    default = False  # not the configuration of the pleegzorg app itself
    verbose_name = _("Login protection")
