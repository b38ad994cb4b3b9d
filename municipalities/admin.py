from django.contrib import admin

from .models import Municipality, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "iso_code", "country", "kind", "official_code"]
    list_filter = ["country", "kind"]
    search_fields = ["name", "iso_code", "official_code"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "province", "valid_from", "valid_until", "successor"]
    list_filter = ["province__country", "province"]
    list_select_related = ["province", "successor"]
    search_fields = ["name", "name_fr", "code"]
    autocomplete_fields = ["successor"]
