from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("gemeenten/<str:code>/", views.municipality_detail, name="municipality"),
    path("", include("municipalities.urls")),
    path("", include("initiatives.urls")),
    path("", include("actions.urls")),
    path("admin/", admin.site.urls),
]
