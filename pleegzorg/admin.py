"""Third-party admins (auth's groups, django-axes' logs) get the same bounded search as ours.

They are registered before this module is imported (their apps come first in INSTALLED_APPS);
each is registered again as a subclass with core.admin_search.BoundedSearchAdmin in front.
tests/test_bad_input.py checks every registered admin.
"""

from django.contrib import admin

from core.admin_search import BoundedSearchAdmin

for model, model_admin in list(admin.site._registry.items()):
    if not isinstance(model_admin, BoundedSearchAdmin):
        admin.site.unregister(model)
        admin.site.register(model, type(f"Bounded{type(model_admin).__name__}", (BoundedSearchAdmin, type(model_admin)), {}))
