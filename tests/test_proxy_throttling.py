"""Login throttling keys on an address the client cannot choose, with and without BEHIND_PROXY.

An attacker who rotates X-Forwarded-For must neither escape the lockout nor lock out someone else.
django-axes asks AXES_CLIENT_IP_CALLABLE (core.client_ip) for the address at each request, and
that reads settings.BEHIND_PROXY then, so the `settings` fixture switches it here; the settings
module's reading of the BEHIND_PROXY environment variable is checked in a separate process.
"""

import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import reverse

from core.client_ip import client_ip_address
from tests.support import REPO_ROOT

pytestmark = pytest.mark.django_db

PASSWORD = "juist-wachtwoord-123"
PROXY = "10.0.0.1"  # the trusted reverse proxy: REMOTE_ADDR of every request behind it
ATTACKER = "203.0.113.66"
VICTIM = "198.51.100.7"
SPOOFED = [VICTIM, "192.0.2.1", "192.0.2.2", "10.9.9.9", "2001:db8::1", "garbage", "192.0.2.3"]


@pytest.fixture
def accounts(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; not what is tested
    User.objects.create_superuser("beheerder", password=PASSWORD)


def attempt(remote_addr, forwarded, password, username="beheerder"):
    """One login from a fresh client; X-Forwarded-For as it reaches the app (None: no header)."""
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    client = Client(**headers)
    response = client.post(reverse("admin:login"), {"username": username, "password": password})
    logged_in = "_auth_user_id" in client.session
    assert logged_in == (response.status_code == 302), response.status_code
    return response.status_code


def through_proxy(client_address, sent_by_client=None):
    """The header after the proxy appended the address it saw to what the client sent."""
    return f"{sent_by_client}, {client_address}" if sent_by_client else client_address


def test_without_proxy_the_address_is_remote_addr_and_the_header_is_ignored(settings):
    settings.BEHIND_PROXY = False
    request = RequestFactory().get("/", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=VICTIM)
    assert client_ip_address(request) == ATTACKER


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        (ATTACKER, ATTACKER),
        (f"{VICTIM}, {ATTACKER}", ATTACKER),
        (f"{VICTIM},{VICTIM} ,  {ATTACKER} ", ATTACKER),
        (f"{VICTIM}, 10.1.2.3", "10.1.2.3"),  # a private right-most address still wins over a public spoof
        ("2001:DB8:0:0::7", "2001:db8::7"),
        (f"{VICTIM}, garbage", PROXY),  # not through the proxy as configured: the proxy's own address
        ("", PROXY),
        (None, PROXY),
    ],
)
def test_behind_the_proxy_the_address_is_the_right_most_forwarded_one(settings, forwarded, expected):
    settings.BEHIND_PROXY = True
    extra = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    assert client_ip_address(RequestFactory().get("/", REMOTE_ADDR=PROXY, **extra)) == expected


def test_without_proxy_a_rotating_header_neither_locks_out_another_nor_escapes(settings, accounts):
    settings.BEHIND_PROXY = False
    for spoofed in SPOOFED[:5]:
        assert attempt(ATTACKER, spoofed, "fout") in (200, 429)  # the 5th failure locks
    for spoofed in SPOOFED[5:]:
        assert attempt(ATTACKER, spoofed, PASSWORD) == 429  # locked, even with the right password
    assert attempt(ATTACKER, None, PASSWORD) == 429
    assert attempt(VICTIM, None, PASSWORD) == 302  # the victim's own address was never counted
    assert attempt(VICTIM, ATTACKER, PASSWORD) == 302


def test_behind_the_proxy_a_rotating_header_neither_locks_out_another_nor_escapes(settings, accounts):
    settings.BEHIND_PROXY = True
    for spoofed in SPOOFED[:5]:
        assert attempt(PROXY, through_proxy(ATTACKER, spoofed), "fout") in (200, 429)
    for spoofed in SPOOFED[5:] + ["198.51.100.99, 198.51.100.98"]:
        assert attempt(PROXY, through_proxy(ATTACKER, spoofed), PASSWORD) == 429
    assert attempt(PROXY, through_proxy(ATTACKER), PASSWORD) == 429
    # The victim, through the same proxy (so with the same REMOTE_ADDR), logs in.
    assert attempt(PROXY, through_proxy(VICTIM), PASSWORD) == 302
    assert attempt(PROXY, through_proxy(VICTIM, ATTACKER), PASSWORD) == 302


def test_behind_the_proxy_the_proxy_address_is_not_the_key(settings, accounts):
    """Were axes keyed on REMOTE_ADDR behind the proxy, one attacker would lock out everybody."""
    settings.BEHIND_PROXY = True
    for _ in range(5):
        attempt(PROXY, through_proxy(ATTACKER), "fout")
    assert attempt(PROXY, through_proxy(VICTIM), PASSWORD) == 302


@pytest.mark.parametrize(("value", "expected"), [(None, "False"), ("1", "True"), ("false", "False")])
def test_the_behind_proxy_environment_variable_sets_the_setting(value, expected):
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.BEHIND_PROXY, s.AXES_CLIENT_IP_CALLABLE)"
    )
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "pleegzorg.settings"}
    if value is not None:
        env["BEHIND_PROXY"] = value
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.split() == [expected, "core.client_ip.client_ip_address"], result.stderr
