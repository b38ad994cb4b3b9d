from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from municipalities.admin import MunicipalityAdmin, ProvinceScopedAdmin
from municipalities.models import Municipality

from .models import Category, Initiative


@admin.register(Category)
class CategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "description", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Initiative)
class InitiativeAdmin(ProvinceScopedAdmin, SimpleHistoryAdmin):
    province_path = "municipality__province"
    list_display = ["title", "municipality", "category", "start_date", "timing_text", "is_structural", "is_published"]
    list_filter = ["is_published", "is_structural", "category", "municipality__province"]
    list_select_related = ["municipality", "category"]
    search_fields = ["title", "description", "municipality__name", "municipality__code"]
    autocomplete_fields = ["municipality"]


class InitiativeInline(ProvinceScopedAdmin, admin.StackedInline):
    model = Initiative
    province_path = "municipality__province"
    fields = [
        ("title", "category"),
        "description",
        ("start_date", "end_date", "timing_text"),
        ("is_structural", "is_published"),
        "source",
    ]
    extra = 0


# Initiatives depend on municipalities, not the other way round: this app adds its inline to
# the municipality admin.
admin.site.unregister(Municipality)


@admin.register(Municipality)
class MunicipalityWithInitiativesAdmin(MunicipalityAdmin):
    inlines = [*MunicipalityAdmin.inlines, InitiativeInline]
