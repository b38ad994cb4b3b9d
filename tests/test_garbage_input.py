"""Every public URL, fed garbage query parameters, answers 200, 400 or 404: never a 500."""

import pytest

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/",
    "/gemeenten/",
    "/gemeenten.csv",
    "/gemeenten.json",
    "/gemeenten/73001/",
    "/gemeenten/GM0420/",
    "/provincies/BE-VLI/",
    "/kaart/",
    "/initiatieven/",
    "/initiatieven.csv",
    "/initiatieven.json",
    "/cijfers/",
    "/cijfers.csv",
    "/cijfers.json",
    "/plannen/",
    "/plannen.csv",
    "/plannen.json",
    "/plannen/actieplan-pleegzorg-2017-2018/",
    "/plannen/actieplan-pleegzorg-2017-2018.xlsx",
    "/plannen/actieplan-pleegzorg-2017-2018/wijzigingen/",
    "/plannen/nvp-gemeenteraadsverkiezingen-2026/aanbevelingen/1.1/",
    "/organisaties/nvp/",
    "/bijlage/",
    "/bijlage.xlsx",
    "/open-data/",
    "/pleegzorgvormen/",
    "/healthz",
    "/vragen/",
    "/vragen/26-2023-10-05/",
]
NAMES = [
    "datum",
    "sinds",
    "vraag",
    "page",
    "q",
    "country",
    "province",
    "status",
    "initiatieven",
    "sorteer",
    "plan",
    "organisation",
    "year",
    "category",
    "format",
]
GARBAGE = [
    "2023-02-30",
    "9999-99-99",
    "-1",
    "0",
    "99999999999999999999",
    "1e400",
    "' OR 1=1 --",
    '"; DROP TABLE x; --',
    "<script>alert(1)</script>",
    "%00",
    "\u0000",
    "\ud7ff\ufeff\u202e",
    "ß" * 5000,
    "../../etc/passwd",
    "[]",
    "{}",
    "NaN",
    "None",
    "true",
]
BAD_PATHS = [
    "/gemeenten/99999/",
    "/gemeenten/' or 1=1/",
    "/provincies/XX/",
    "/plannen/bestaat-niet/",
    "/plannen/actieplan-pleegzorg-2017-2018/aanbevelingen/1.1/",
    "/organisaties/%00/",
    "/plannen/bestaat-niet.xlsx",
    "/plannen/nvp-gemeenteraadsverkiezingen-2026/aanbevelingen/99/",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_garbage_parameters_never_cause_a_server_error(client, url):
    for value in GARBAGE:
        response = client.get(url, {name: value for name in NAMES})
        assert response.status_code in (200, 400, 404), (url, value, response.status_code)
        if response.status_code == 400:
            assert '<html lang="nl">' in response.content.decode()


@pytest.mark.parametrize("path", BAD_PATHS)
def test_unknown_objects_are_404_with_a_dutch_page(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_repeated_and_huge_parameters(client):
    assert client.get("/gemeenten/?" + "&".join(f"q=x{i}" for i in range(500))).status_code == 200
    assert client.get("/gemeenten/", {"page": "9" * 400}).status_code == 200
