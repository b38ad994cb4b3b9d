from django.urls import path

from . import views

app_name = "municipalities"
urlpatterns = [
    path("gemeenten/", views.municipality_list, name="list"),
    path("provincies/<str:iso_code>/", views.province_detail, name="province"),
    path("pleegzorgvormen/", views.foster_care_forms, name="foster_care_forms"),
]
