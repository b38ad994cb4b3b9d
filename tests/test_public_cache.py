import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from municipalities.models import Municipality

pytestmark = pytest.mark.django_db


def test_anonymous_readers_share_one_render_until_an_edit_and_staff_see_it_fresh(
    client, public_cache, django_assert_num_queries, django_capture_on_commit_callbacks
):
    first = client.get("/gemeenten/73001/")
    assert "max-age=0" in first["Cache-Control"]  # browsers ask again; the server answers from its cache
    with django_assert_num_queries(0):
        again = client.get("/gemeenten/73001/")
    assert again.content == first.content
    with django_capture_on_commit_callbacks(execute=True):  # the edit commits
        Municipality.objects.filter(code="73001").update(name="Alken (gewijzigd)")
    assert "Alken (gewijzigd)" in client.get("/gemeenten/73001/").content.decode()


def test_an_uncommitted_edit_is_not_shown_to_anonymous_readers_but_staff_see_it(client, public_cache):
    first = client.get("/gemeenten/73001/")
    Municipality.objects.filter(code="73001").update(name="Alken (gewijzigd)")  # the test's transaction stays open
    assert client.get("/gemeenten/73001/").content == first.content
    client.force_login(User.objects.create_superuser("beheerder", password="x"))
    assert "Alken (gewijzigd)" in client.get("/gemeenten/73001/").content.decode()


def test_no_public_cache_by_default(client, settings):
    assert settings.PUBLIC_CACHE_SECONDS == 0
    client.get("/gemeenten/73001/")
    Municipality.objects.filter(code="73001").update(name="Alken (gewijzigd)")
    assert "Alken (gewijzigd)" in client.get("/gemeenten/73001/").content.decode()


def test_a_view_that_sets_its_own_max_age_keeps_it_for_browsers_within_the_cache_bound(client, public_cache):
    response = client.get("/gemeenten.csv")  # the data files ask for 600 s (municipalities/opendata.py)
    assert "max-age=60" in response["Cache-Control"].split(", ")  # PUBLIC_CACHE_SECONDS = 60 here
    assert client.get("/gemeenten.csv").content == response.content


def test_a_new_release_or_a_new_day_is_never_served_an_older_page(
    client, public_cache, settings, django_assert_num_queries
):
    client.get("/gemeenten/73001/")
    with django_assert_num_queries(0):
        client.get("/gemeenten/73001/")  # served from the cache
    settings.RELEASE = "a-new-release"
    with CaptureQueriesContext(connection) as rendered:
        client.get("/gemeenten/73001/")
    assert len(rendered) > 0  # rendered again for the new release


def test_the_outage_notice_has_its_place_in_every_page():
    from pathlib import Path

    from core.caching import MAIN

    assert MAIN in (Path(__file__).resolve().parent.parent / "templates" / "base.html").read_text()


def test_a_write_django_did_not_see_is_followed_by_clear_public_cache(public_cache):
    import io

    from django.core.management import call_command

    from core.caching import current_generation

    before = current_generation()
    out = io.StringIO()
    call_command("clear_public_cache", stdout=out)
    assert current_generation() != before and "vernieuwd" in out.getvalue()
