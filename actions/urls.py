from django.urls import path

from . import views

app_name = "actions"
urlpatterns = [
    path("plannen/", views.plan_list, name="plans"),
    path("plannen.csv", views.action_data, {"fmt": "csv"}, name="actions_csv"),
    path("plannen.json", views.action_data, {"fmt": "json"}, name="actions_json"),
    path("plannen/<slug:slug>/", views.plan_detail, name="plan"),
    path("plannen/<slug:slug>/wijzigingen/", views.plan_changes_page, name="plan_changes"),
    path("plannen/<slug:slug>/aanbevelingen/<str:number>/", views.recommendation_detail, name="recommendation"),
    path("plannen/<slug:slug>.xlsx", views.plan_xlsx, name="plan_xlsx"),
    path("organisaties/<slug:slug>/", views.organisation_detail, name="organisation"),
]
