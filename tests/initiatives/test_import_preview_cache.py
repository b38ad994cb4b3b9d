"""The import preview's pages reuse the plan of the upload (admin_views: kept in Django's cache by
token) instead of reading and comparing the parked file again, as long as the register is as it
was: the pages show exactly what a fresh read shows, and a register changed between pages is seen
on the next page, as before."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.annex import layout
from initiatives.annex.admin_views import PAGE_SIZE, _plan_key

from .conftest import DAY, add_event, append_row, export, open_workbook, save, token_of, upload

pytestmark = pytest.mark.django_db
PAGE_QUERIES = 8  # session, user, the register's four tables (the plan's fingerprint now), and slack
CHANGED_REGISTER = "Het register is gewijzigd sinds u het bestand opliet"


def with_many_rows():
    """The register's annex plus PAGE_SIZE + 30 candidates the register lacks: two pages, one new row."""
    book = open_workbook(export(DAY(2023, 12, 31)))
    for index in range(PAGE_SIZE + 30):  # unknown NIS codes: errors, listed first
        append_row(book, layout.CANDIDATES, province="Limburg", municipality=f"Nergens {index}",
                   nis_code=f"9{index:04d}", applied=datetime.datetime(2023, 1, 1))
    append_row(book, layout.CANDIDATES, province="Antwerpen", municipality="Antwerpen", nis_code="11002",
               applied=datetime.datetime(2023, 6, 1))
    return save(book)


def page(client, location, number, django_assert_max_num_queries=None):
    if django_assert_max_num_queries is None:
        response = client.get(f"{location}&pagina={number}")
    else:
        with django_assert_max_num_queries(PAGE_QUERIES):
            response = client.get(f"{location}&pagina={number}")
    assert response.status_code == 200
    return response


def shown(response):
    """The page as the officer sees it (without the form's CSRF token, which differs per response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def test_paging_reuses_the_plan_and_shows_what_a_fresh_read_shows(admin_client, register, django_assert_max_num_queries):
    uploaded = upload(admin_client, with_many_rows())
    location, token = uploaded["Location"], token_of(uploaded)
    assert cache.get(_plan_key(token)) is not None  # kept by the upload, which read the file once
    first = page(admin_client, location, 1, django_assert_max_num_queries)
    second = page(admin_client, location, 2, django_assert_max_num_queries)
    assert "pagina 2 van 2" in shown(second) and "1 nieuw" in shown(second)
    cache.delete(_plan_key(token))  # as another process, or after the cache dropped it: read again
    with CaptureQueriesContext(connection) as reading:
        fresh = page(admin_client, location, 2)
    assert len(reading.captured_queries) > PAGE_QUERIES  # so the bound above does tell a re-read apart
    assert shown(fresh) == shown(second)
    assert shown(page(admin_client, location, 1)) == shown(first)
    assert CHANGED_REGISTER not in shown(first) + shown(second)


def test_a_register_changed_between_pages_is_seen_on_the_next_page(admin_client, register):
    uploaded = upload(admin_client, with_many_rows())
    location = uploaded["Location"]
    assert "1 nieuw" in shown(page(admin_client, location, 1))
    add_event("11002", "candidate", DAY(2023, 6, 1))  # another officer records the file's new row
    second = shown(page(admin_client, location, 2))
    assert CHANGED_REGISTER in second and "1 nieuw" not in second
    again = shown(page(admin_client, location, 2))  # the new plan is kept in turn
    assert CHANGED_REGISTER not in again and "1 nieuw" not in again


def test_a_kept_plan_is_not_shown_to_another_session(admin_client, client, register, django_user_model):
    uploaded = upload(admin_client, with_many_rows())
    other = django_user_model.objects.create_superuser("ander", "ander@example.invalid", "x")
    client.force_login(other)
    response = client.get(uploaded["Location"])
    assert response.status_code == 302  # back to the upload form: the token is not this session's
    assert "pagina" not in client.get(response["Location"]).content.decode()


def test_confirming_reads_the_file_again_and_forgets_the_kept_plan(admin_client, register):
    uploaded = upload(admin_client, with_many_rows())
    token = token_of(uploaded)
    refused = admin_client.post(uploaded["Location"].split("?")[0], {"token": token})
    assert refused.status_code == 302  # the file has errors: nothing written, a new preview
    assert cache.get(_plan_key(token)) is None
