import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_admin_lists_municipalities_with_search_and_filters(admin_client, django_assert_max_num_queries):
    url = reverse("admin:municipalities_municipality_changelist")
    with django_assert_max_num_queries(8):
        response = admin_client.get(url, {"q": "Hasselt"})
    assert response.status_code == 200
    assert sorted(m.code for m in response.context["cl"].result_list) == ["71022", "71072"]
    response = admin_client.get(url, {"province__id__exact": response.context["cl"].result_list[0].province_id})
    # Limburg: the 42 municipalities of 2019-2024 plus the 4 formed by the 2025 mergers.
    assert response.context["cl"].result_count == 42 + 4


def test_admin_lists_provinces(admin_client):
    response = admin_client.get(reverse("admin:municipalities_province_changelist"), {"country__exact": "BE"})
    assert response.context["cl"].result_count == 6


def test_admin_change_form_opens(admin_client):
    from municipalities.models import Municipality

    pk = Municipality.objects.get(code="11007").pk
    response = admin_client.get(reverse("admin:municipalities_municipality_change", args=[pk]))
    assert response.status_code == 200
