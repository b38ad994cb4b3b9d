from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("open-data/", views.open_data, name="open_data"),
    path("gemeenten/", views.municipality_list, name="municipalities"),
    path("gemeenten.csv", views.municipality_list, {"fmt": "csv"}, name="municipalities_csv"),
    path("gemeenten.json", views.municipality_list, {"fmt": "json"}, name="municipalities_json"),
    path("gemeenten/<str:code>/", views.municipality_detail, name="municipality"),
    path("", include("municipalities.urls")),
    path("", include("initiatives.urls")),
    path("", include("actions.urls")),
    path("admin/", admin.site.urls),
]
