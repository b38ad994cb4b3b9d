from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from . import about, dataset_views, views
from .sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/catalogus.jsonld", dataset_views.catalogue_jsonld, name="open_data_catalogue"),
    re_path(r"^open-data/(?P<slug>[a-z]+)\.(?P<fmt>csv|json)$", dataset_views.dataset_file, name="dataset_file"),
    path("gemeenten/", views.municipality_list, name="municipalities"),
    path("gemeenten.csv", views.municipality_list, {"fmt": "csv"}, name="municipalities_csv"),
    path("gemeenten.json", views.municipality_list, {"fmt": "json"}, name="municipalities_json"),
    path("gemeenten/<str:code>/", views.municipality_detail, name="municipality"),
    path("", include("municipalities.urls")),
    path("", include("initiatives.urls")),
    path("", include("actions.urls")),
    path("", include("pleegzorg.site_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", about.robots_txt, name="robots"),
    path("favicon.ico", about.favicon),
    path("admin/", admin.site.urls),
]

handler400 = views.bad_request
