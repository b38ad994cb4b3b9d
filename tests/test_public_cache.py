import pytest
from django.contrib.auth.models import User

from municipalities.models import Municipality
from tests.support import public_cache  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_anonymous_readers_share_one_render_and_staff_see_it_fresh(client, public_cache, django_assert_num_queries):
    first = client.get("/gemeenten/73001/")
    assert "max-age=60" in first["Cache-Control"]
    Municipality.objects.filter(code="73001").update(name="Alken (gewijzigd)")
    with django_assert_num_queries(0):
        again = client.get("/gemeenten/73001/")
    assert again.content == first.content
    client.force_login(User.objects.create_superuser("beheerder", password="x"))
    assert "Alken (gewijzigd)" in client.get("/gemeenten/73001/").content.decode()


def test_no_public_cache_by_default(client, settings):
    assert settings.PUBLIC_CACHE_SECONDS == 0
    client.get("/gemeenten/73001/")
    Municipality.objects.filter(code="73001").update(name="Alken (gewijzigd)")
    assert "Alken (gewijzigd)" in client.get("/gemeenten/73001/").content.decode()
