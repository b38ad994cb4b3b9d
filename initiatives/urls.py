from django.urls import path

from . import views

app_name = "initiatives"
urlpatterns = [
    path("bijlage/", views.annex_page, name="annex"),
    path("bijlage.xlsx", views.annex_download, name="annex_xlsx"),
]
