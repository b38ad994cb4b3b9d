"""Security: CSP, login throttling, CSRF, production headers, the audit trail, and no personal data."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from municipalities.models import StatusEvent

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
PUBLIC_PAGES = [
    "/",
    "/gemeenten/",
    "/gemeenten/73001/",
    "/provincies/BE-VLI/",
    "/kaart/",
    "/initiatieven/",
    "/cijfers/",
    "/plannen/",
    "/plannen/actieplan-pleegzorg-2017-2018/",
    "/bijlage/",
    "/open-data/",
    "/pleegzorgvormen/",
    "/organisaties/nvp/",
    "/vragen/",
    "/vragen/26-2023-10-05/",
]


def test_content_security_policy_allows_no_inline_script_and_no_other_host(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_inline_script_nor_style(client, path):
    html = client.get(path).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html and "<style" not in html
    # Nothing the page loads or posts to goes over plain HTTP; a link a source document gives may (it is the
    # source's own address, followed only when a reader chooses to).
    assert not re.search(r'\b(?:src|action|srcset)="http://|<link\b[^>]*href="http://', html)
    assert not re.search(r'href="http://(?![^"]*"[^>]*rel="(?:external|nofollow))', html)


def test_admin_login_is_throttled_after_repeated_failures(client):
    User.objects.create_superuser("beheerder", password="juist-wachtwoord-123")
    login = reverse("admin:login")
    for _ in range(5):
        response = client.post(login, {"username": "beheerder", "password": "fout"})
        assert response.status_code in (200, 429)
    blocked = client.post(login, {"username": "beheerder", "password": "juist-wachtwoord-123"})
    assert blocked.status_code == 429
    assert "Te veel mislukte aanmeldingen" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_correct_login_still_works_below_the_limit(client):
    User.objects.create_superuser("beheerder", password="juist-wachtwoord-123")
    client.post(reverse("admin:login"), {"username": "beheerder", "password": "fout"})
    response = client.post(reverse("admin:login"), {"username": "beheerder", "password": "juist-wachtwoord-123"})
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_csrf_is_enforced_on_the_admin(db):
    client = Client(enforce_csrf_checks=True)
    User.objects.create_superuser("beheerder", password="juist-wachtwoord-123")
    response = client.post(reverse("admin:login"), {"username": "beheerder", "password": "juist-wachtwoord-123"})
    assert response.status_code == 403


def test_production_mode_has_secure_cookies_hsts_and_referrer_policy():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_REFERRER_POLICY, s.DEBUG)"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "pleegzorg.settings",
        "DJANGO_ENV": "production",
        "SECRET_KEY": "x" * 30 + "-a-long-random-production-secret-for-tests",
        "ALLOWED_HOSTS": "example.org",
    }
    output = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert output.stdout.split() == ["True", "True", "31536000", "same-origin", "False"], output.stderr


def test_the_audit_trail_is_not_editable_in_the_admin(admin_client):
    registered = {model.__name__ for model in admin.site._registry}
    assert not any(name.startswith("Historical") for name in registered)
    event = StatusEvent.objects.get(municipality__code="73001")
    event.note = "gewijzigd"
    event.save()
    record = event.history.earliest()
    url = reverse("admin:municipalities_statusevent_simple_history", args=[event.pk, record.history_id])
    page = admin_client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    admin_client.post(url, {"note": "", "source": record.source, "kind": record.kind, "date": record.date})
    assert StatusEvent.objects.get(pk=event.pk).note == "gewijzigd"


# Every field of every model of this project. Adding one is a conscious decision: the register holds
# no personal data about foster children or foster families, only municipalities, organisations,
# plans and aggregate figures. Users and their province bindings are staff accounts, not citizens.
ALLOWED_FIELDS = {
    "municipalities.Province": {"id", "version", "iso_code", "country", "name", "kind", "official_code"},
    "municipalities.Municipality": {
        "id",
        "version",
        "code",
        "name",
        "name_fr",
        "province",
        "valid_from",
        "valid_until",
        "successor",
    },
    "municipalities.StatusEvent": {
        "id",
        "version",
        "municipality",
        "kind",
        "date",
        "date_is_upper_bound",
        "note",
        "source",
    },
    "municipalities.KeyFigure": {
        "id",
        "version",
        "label",
        "value",
        "unit",
        "date",
        "date_label",
        "area",
        "country",
        "province",
        "series",
        "source",
        "note",
        "register_status",
    },
    "municipalities.FosterCareForm": {
        "id",
        "version",
        "name",
        "group",
        "directly_accessible",
        "duration",
        "description",
        "domicile",
        "order",
        "source",
    },
    "municipalities.FosterCareTopic": {"id", "version", "slug", "title", "text", "order", "source"},
    "municipalities.FosterCareService": {
        "id",
        "version",
        "slug",
        "name",
        "provinces",
        "order",
        "source",
        "quote",
        "note",
    },
    "municipalities.EditorProvince": {"id", "user", "province"},
    "actions.PlanEditor": {"id", "user", "plan"},
    "municipalities.RegisterCompleteness": {
        "id",
        "version",
        "province",
        "complete_from",
        "complete_until",
        "source",
        "quote",
    },
    "municipalities.MapLayer": {"id", "name", "view_box", "source", "built_at"},
    "municipalities.MapShape": {"id", "layer", "municipality", "path"},
    "initiatives.Category": {"id", "version", "name", "slug", "description", "order", "source", "source_quote"},
    "initiatives.QuestionPart": {"id", "version", "question", "number", "question_text", "answer_text"},
    "initiatives.Initiative": {
        "id",
        "version",
        "municipality",
        "title",
        "description",
        "category",
        "start_date",
        "end_date",
        "timing_text",
        "is_structural",
        "is_published",
        "source",
    },
    "initiatives.ParliamentaryQuestion": {
        "id",
        "version",
        "number",
        "date",
        "asker",
        "minister",
        "subject",
        "reference_date",
        "since",
        "state",
        "note",
        "source",
        "answered_at",
        "annex",
        "annex_sha256",
    },
    "actions.Organisation": {"id", "version", "short_name", "name", "slug", "kind", "municipality"},
    "actions.Plan": {
        "id",
        "version",
        "slug",
        "title",
        "kind",
        "authors",
        "partners",
        "involvement_text",
        "municipality",
        "period_text",
        "start_date",
        "end_date",
        "budget",
        "budget_note",
        "status",
        "summary",
        "risks",
        "opportunities",
        "out_of_scope",
        "success_criteria",
        "positive_effects",
        "principles",
        "dependencies",
        "preconditions",
        "communication",
        "source",
    },
    "actions.Line": {"id", "version", "plan", "number", "title", "challenge"},
    "actions.Action": {
        "id",
        "version",
        "line",
        "number",
        "position",
        "title",
        "description",
        "responsible",
        "result",
        "timing_text",
        "timing_kind",
        "timing_condition",
        "period_start",
        "period_end",
        "timing_unparsed",
        "progress_override",
        "example_municipalities",
        "quote",
        "inference_note",
    },
    "actions.PlanAuthor": {"id", "version", "plan", "organisation", "position"},
    "actions.Responsibility": {"id", "version", "action", "organisation", "position"},
    "actions.Reference": {
        "id",
        "version",
        "plan",
        "kind",
        "position",
        "title",
        "url",
        "date",
        "text",
        "municipalities",
    },
    "actions.Target": {
        "id",
        "version",
        "plan",
        "line",
        "action",
        "indicator",
        "unit",
        "direction",
        "baseline_value",
        "baseline_date",
        "baseline_text",
        "target_value",
        "target_date",
        "target_text",
        "indicative",
    },
    "actions.ProgressUpdate": {
        "id",
        "version",
        "action",
        "target",
        "date",
        "status",
        "measured_value",
        "note",
        "source",
    },
    "core.SeedRecord": {"id", "seed", "key", "content_type", "object_id", "values", "seeded_at"},
    # One import, bulk action or command run: its label, the staff account or command, the file's SHA-256.
    "core.ChangeSet": {"id", "label", "kind", "user", "command", "sha256", "created"},
    "actions.Adoption": {
        "id",
        "version",
        "recommendation",
        "municipality",
        "kind",
        "scope_note",
        "adopted",
        "where",
        "date",
        "evidence_title",
        "evidence_url",
        "quote",
    },
}
# The audit trail: when, who (a staff account), why, and the change set it belongs to.
HISTORY_FIELDS = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
    "history_change_set",
}


def test_no_personal_data_in_the_schema():
    found = {}
    for app in ("core", "municipalities", "initiatives", "actions"):
        for model in apps.get_app_config(app).get_models():
            fields = {f.name for f in model._meta.get_fields() if f.concrete or (f.many_to_many and not f.auto_created)}
            if model.__name__.startswith("Historical") and "_" in model.__name__:
                # The history of a many-to-many relation: only links between recorded objects.
                assert all(f.is_relation or f.primary_key or f.name == "id" for f in model._meta.concrete_fields), (
                    model.__name__
                )
                continue
            if model.__name__.startswith("Historical"):
                original = f"{app}.{model.__name__.removeprefix('Historical')}"
                assert fields - HISTORY_FIELDS <= ALLOWED_FIELDS[original], model.__name__
                continue
            found[f"{app}.{model.__name__}"] = fields
    assert found == ALLOWED_FIELDS
