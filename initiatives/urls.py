from django.urls import path

from . import views

app_name = "initiatives"
urlpatterns = [
    path("bijlage/", views.annex_page, name="annex"),
    path("bijlage.xlsx", views.annex_download, name="annex_xlsx"),
    path("initiatieven/", views.initiative_list, name="list"),
    path("initiatieven.csv", views.initiative_list, {"fmt": "csv"}, name="list_csv"),
    path("initiatieven.json", views.initiative_list, {"fmt": "json"}, name="list_json"),
]
