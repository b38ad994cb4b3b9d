from django.urls import path, re_path

from . import question_views, views

app_name = "initiatives"
urlpatterns = [
    path("bijlage/", views.annex_page, name="annex"),
    path("bijlage.xlsx", views.annex_download, name="annex_xlsx"),
    path("initiatieven/", views.initiative_list, name="list"),
    path("initiatieven.csv", views.initiative_list, {"fmt": "csv"}, name="list_csv"),
    path("initiatieven.json", views.initiative_list, {"fmt": "json"}, name="list_json"),
    path("vragen/", question_views.question_list, name="questions"),
    re_path(r"^vragen/(?P<number>.+)-(?P<date>\d{4}-\d{2}-\d{2})/$", question_views.question_detail, name="question"),
    re_path(
        r"^vragen/(?P<number>.+)-(?P<date>\d{4}-\d{2}-\d{2})/bijlage\.xlsx$",
        question_views.question_annex,
        name="question_annex",
    ),
]
