"""The public cache on a shared Redis (core/caching.py, core/cache_backends.py): several servers, one truth.

Real Redis servers (tests/redis_server.py), nothing mocked: two gunicorn servers sharing one Redis
and one database; Django's test client as readers and as an officer in the admin; a Redis that is
stopped (connection refused) or hangs (SIGSTOP: it keeps its data, as behind a network cut).
"""

import logging
import time

import pytest
from django.contrib.auth.models import User
from django.test import Client

from core import cache_backends, caching
from municipalities.models import Municipality
from pleegzorg.settings import redis_caches
from tests.admin_forms import form_data
from tests.redis_server import RedisServer
from tests.test_database_down import Server

pytestmark = pytest.mark.django_db

PAGE = "/gemeenten/73001/"


def cached_pages(redis_server):
    return redis_server.client().keys("pleegzorg:*public.page.*")


def test_two_servers_on_one_redis_show_an_admin_edit_at_once(database_copy, server_env, redis_server):
    redis_server.client().flushdb()
    database_copy.add_superuser("beheerder", "juist-wachtwoord-123")
    env = server_env(
        database_copy.url,
        CACHE_URL=redis_server.url,
        PUBLIC_CACHE_SECONDS="3600",
        CONN_MAX_AGE="0" if database_copy.vendor == "sqlite" else "60",
    )
    officer, reader = Server(env), Server(env)
    try:
        hidden = officer.form("/admin/login/")
        login = officer.request(
            "POST",
            "/admin/login/?next=/admin/",
            {**hidden, "username": "beheerder", "password": "juist-wachtwoord-123"},
        )
        assert login.status == 302, login.text[:500]
        warm = officer.request("GET", "/initiatieven/", cookies=False)  # cached by one server...
        assert warm.status == 200 and "Zalen" in warm.text
        assert cached_pages(redis_server)
        # ... served by the other from Redis: a change behind Django's back (no bump) does not show.
        database_copy.query("UPDATE initiatives_category SET name = 'Zalen (buiten Django om)' WHERE slug = 'zalen'")
        assert reader.request("GET", "/initiatieven/", cookies=False).text == warm.text

        hidden = officer.form("/admin/initiatives/category/add/")
        added = officer.request(
            "POST",
            "/admin/initiatives/category/add/",
            {**hidden, "name": "Tijdens de proef", "slug": "tijdens-de-proef", "order": "5"},
        )
        assert added.status == 302, added.text[:1000]
        fresh = reader.request("GET", "/initiatieven/", cookies=False)
        assert "Tijdens de proef" in fresh.text and "Zalen (buiten Django om)" in fresh.text
    finally:
        officer.stop()
        reader.stop()
    assert "Traceback" not in officer.log.read_text() + reader.log.read_text()


def test_readers_share_one_render_in_redis_until_an_officer_saves(
    redis_cache, django_assert_num_queries, django_capture_on_commit_callbacks
):
    first = Client().get(PAGE)
    assert first.status_code == 200 and "max-age=0" in first["Cache-Control"]
    assert cached_pages(redis_cache)
    with django_assert_num_queries(0):
        second = Client().get(PAGE)  # another reader: from Redis, no query
    assert second.content == first.content

    officer = Client()
    officer.force_login(User.objects.create_superuser("beheerder", password="x"))
    alken = Municipality.objects.get(code="73001")
    data = form_data(officer.get(f"/admin/municipalities/municipality/{alken.pk}/change/"))
    data["name"] = "Alken (gewijzigd)"
    with django_capture_on_commit_callbacks(execute=True):  # the admin's transaction commits
        saved = officer.post(f"/admin/municipalities/municipality/{alken.pk}/change/", data)
    assert saved.status_code == 302, saved.content.decode()[:2000]

    assert "Alken (gewijzigd)" in Client().get(PAGE).content.decode()
    with django_assert_num_queries(0):
        assert "Alken (gewijzigd)" in Client().get(PAGE).content.decode()


@pytest.fixture
def own_redis(settings, tmp_path, monkeypatch):
    """A private Redis this test may stop or freeze, as the public cache."""
    server = RedisServer(tmp_path)
    settings.CACHES = redis_caches(server.url)
    settings.PUBLIC_CACHE_SECONDS = 3600
    monkeypatch.setattr(caching, "_pending_bump", False)
    cache_backends.reset_warning_interval()
    yield server
    server.stop()


def warnings_of(caplog, text):
    return [
        r
        for r in caplog.records
        if r.name == "pleegzorg.cache" and r.levelno == logging.WARNING and text in r.getMessage()
    ]


def test_without_redis_pages_render_uncached_with_one_warning_and_the_bump_waits(
    own_redis, client, caplog, django_capture_on_commit_callbacks
):
    assert client.get(PAGE).status_code == 200
    own_redis.stop()
    with caplog.at_level(logging.WARNING, logger="pleegzorg.cache"):
        for _ in range(3):
            response = client.get(PAGE)
            assert response.status_code == 200 and "Alken" in response.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            Municipality.objects.filter(code="73001").update(name="Alken (gewijzigd)")
        assert "Alken (gewijzigd)" in client.get(PAGE).content.decode()  # rendered, not cached
    assert len(warnings_of(caplog, "does not answer")) == 1  # not once per request
    assert len(warnings_of(caplog, "did not take a change")) == 1
    assert caching._pending_bump

    own_redis.start()  # empty, on the same port
    with caplog.at_level(logging.WARNING, logger="pleegzorg.cache"):
        assert "Alken (gewijzigd)" in client.get(PAGE).content.decode()
    assert warnings_of(caplog, "answers again") and not caching._pending_bump
    assert cached_pages(own_redis)


def test_a_hung_redis_costs_a_request_little_and_leaves_no_stale_page_behind(
    own_redis, client, django_capture_on_commit_callbacks
):
    first = client.get(PAGE)
    generation = own_redis.client().get("pleegzorg:1:" + caching.GENERATION_KEY)
    own_redis.pause()  # it keeps the old generation and its pages
    try:
        with django_capture_on_commit_callbacks(execute=True):
            Municipality.objects.filter(code="73001").update(name="Alken (gewijzigd)")
        started = time.monotonic()
        during = client.get(PAGE)
        assert time.monotonic() - started < 5  # a few calls of at most 0.25 s each, not a stalled request
        assert during.status_code == 200 and "Alken (gewijzigd)" in during.content.decode()
    finally:
        own_redis.resume()
    after = client.get(PAGE)
    assert after.content != first.content and "Alken (gewijzigd)" in after.content.decode()
    assert own_redis.client().get("pleegzorg:1:" + caching.GENERATION_KEY) != generation
