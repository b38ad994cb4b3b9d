"""URLs of the site's own pages: about, accessibility, privacy, colophon, the municipality search."""

from django.urls import path

from . import about, search

app_name = "site"
urlpatterns = [
    path("over/", about.about, name="about"),
    path("toegankelijkheid/", about.accessibility, name="accessibility"),
    path("privacy/", about.privacy, name="privacy"),
    path("colofon/", about.colophon, name="colophon"),
    path("contact/", about.contact, name="contact"),
    path("zoeken/", search.municipality_search, name="search"),
]
