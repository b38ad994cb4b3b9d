"""django-axes under a Dutch name: its section in the admin reads "Aanmeldbeveiliging", not "Axes"."""

from axes import apps as axes_apps  # the module, not its class: a class here would configure this app
from django.utils.translation import gettext_lazy as _


class LoginProtectionConfig(axes_apps.AppConfig):
    default = False  # not the configuration of the pleegzorg app itself
    verbose_name = _("Login protection")
