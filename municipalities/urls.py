from django.urls import path

from . import views

app_name = "municipalities"
urlpatterns = [
    path("provincies/<str:iso_code>/", views.province_detail, name="province"),
    path("pleegzorgvormen/", views.foster_care_forms, name="foster_care_forms"),
    path("cijfers/", views.key_figures, name="key_figures"),
    path("cijfers.csv", views.key_figures, {"fmt": "csv"}, name="key_figures_csv"),
    path("cijfers.json", views.key_figures, {"fmt": "json"}, name="key_figures_json"),
    path("kaart/", views.map_page, name="map"),
]
