from django.urls import path

from . import views

app_name = "municipalities"
urlpatterns = [
    path("gemeenten/", views.municipality_list, name="list"),
    path("gemeenten/<str:code>/", views.municipality_detail, name="detail"),
    path("provincies/<str:iso_code>/", views.province_detail, name="province"),
]
