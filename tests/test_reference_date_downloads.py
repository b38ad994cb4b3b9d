"""The reader's `?datum=` reaches the files and pages that answer for a day beyond the status pages:
a plan's Excel workbook, the annex form, and the merged-away municipality's own page from the search note."""

import lxml.html
import pytest

pytestmark = pytest.mark.django_db
DAY = "2023-10-05"


def hrefs(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return [a.get("href") for a in lxml.html.fromstring(response.content).xpath("//a[@href]")]


def test_a_plans_excel_link_keeps_the_day(client):
    links = hrefs(client, f"/plannen/actieplan-pleegzorg-2017-2018/?datum={DAY}")
    assert f"/plannen/actieplan-pleegzorg-2017-2018.xlsx?datum={DAY}" in links
    assert "/plannen/actieplan-pleegzorg-2017-2018.xlsx" in hrefs(client, "/plannen/actieplan-pleegzorg-2017-2018/")


def test_the_search_notes_link_to_the_old_municipality_keeps_the_day(client):
    links = hrefs(client, f"/gemeenten/71072/?via=73040&datum={DAY}")
    assert f"/gemeenten/73040/?datum={DAY}" in links


def test_the_annex_form_starts_at_the_readers_day_and_links_to_it_keep_the_day(client):
    response = client.get("/bijlage/", {"datum": DAY})
    field = lxml.html.fromstring(response.content).xpath("//input[@name='datum']")[0]
    assert field.get("value") == DAY
    assert f"/bijlage/?datum={DAY}" in hrefs(client, f"/?datum={DAY}")


def test_the_annex_form_starts_today_without_a_valid_day(client):
    from django.utils import timezone

    for query in ({}, {"datum": "abc"}):
        field = lxml.html.fromstring(client.get("/bijlage/", query).content).xpath("//input[@name='datum']")[0]
        assert field.get("value") == timezone.localdate().isoformat()
