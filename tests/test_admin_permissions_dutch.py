"""Permissions reach the admin's user and group screens in Dutch (core.permissions), as a Beheerder sees them.

(a) the user form: its permission widget (user_permissions) and group widget, and the user list's
    filter by group; (b) the group form's permission widget; (c) searching: the widgets' filter box
    (django/contrib/admin/static/admin/js/SelectBox.js `filter`: an option stays when its text,
    in lower case, contains every word typed) and the group list's search. The options come in the
    order of their Dutch names, as the admin's index orders apps and models; Django would order
    them by the English app labels and model names ("Gemeenten" after "Initiatieven").
"""

import re
from html import unescape

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from pleegzorg import roles
from tests.test_admin_dutch import english_in
from tests.test_admin_safety import user_with_role

pytestmark = pytest.mark.django_db
RIGHTS = ("toevoegen", "wijzigen", "verwijderen", "bekijken")


@pytest.fixture
def beheerder():
    return user_with_role("Beheerder")


@pytest.fixture
def superuser(client):
    """Only a superuser grants loose permissions (a Beheerder sees no such widget: tests/test_roles.py)."""
    client.force_login(User.objects.create_superuser("opperbeheerder", "beheer@example.org", "x"))
    return client


def options(html, name):
    """The texts of the options of the <select name=`name`>, in page order (chosen ones included)."""
    select = re.search(rf'<select[^>]*\bname="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no <select name={name}>"
    return [unescape(text) for text in re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))]


def chosen(html, name):
    select = re.search(rf'<select[^>]*\bname="{name}"[^>]*>(.*?)</select>', html, re.S)
    return [unescape(text) for text in re.findall(r"<option[^>]*\bselected\b[^>]*>([^<]*)</option>", select.group(1))]


def filter_box(texts, typed):
    """What SelectBox.filter leaves of `texts` for the search `typed`."""
    words = typed.lower().split()
    return [text for text in texts if all(word in text.lower() for word in words)]


def assert_dutch_permission_options(texts):
    assert len(texts) == Permission.objects.count() > 200
    assert [f"{text}: {problem}" for text in texts for problem in english_in(f"<p>{text}</p>")] == []
    assert "Gemeenten | gemeente | Mag gemeente wijzigen" in texts
    assert "Initiatieven | versie van initiatief | Mag versie van initiatief bekijken" in texts
    own = {str(p) for p in Permission.objects.filter(codename__in=[n.split(".")[1] for n in roles.EXTRA_RIGHTS])}
    assert all(text.count(" | ") == 2 and text.split(" | ")[2].startswith("Mag ") and (text.endswith(RIGHTS) or text in own)
               for text in texts), [t for t in texts if not t.endswith(RIGHTS)]
    apps_and_models = [[part.casefold() for part in text.split(" | ")[:2]] for text in texts]
    assert apps_and_models == sorted(apps_and_models)
    # within one model Django's order of the rights stays: add, change, delete, view
    gemeente = [text.split(" | ")[2] for text in texts if text.startswith("Gemeenten | gemeente |") and text not in own]
    assert gemeente == ["Mag gemeente toevoegen", "Mag gemeente wijzigen", "Mag gemeente verwijderen",
                        "Mag gemeente bekijken"]


def test_the_user_form_offers_groups_and_permissions_in_dutch(superuser, django_assert_max_num_queries):
    user = User.objects.create_user("jansen", is_staff=True)
    user.groups.add(Group.objects.get(name="Redacteur"))
    user.user_permissions.add(Permission.objects.get(codename="change_municipality"))
    with django_assert_max_num_queries(15):
        response = superuser.get(reverse("admin:auth_user_change", args=[user.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert_dutch_permission_options(options(html, "user_permissions"))
    assert chosen(html, "user_permissions") == ["Gemeenten | gemeente | Mag gemeente wijzigen"]
    assert options(html, "groups") == ["Beheerder", "Lezer", "Planredacteur", "Redacteur"]
    assert chosen(html, "groups") == ["Redacteur"]


def test_the_user_list_filters_by_dutch_group_names(beheerder):
    User.objects.create_user("jansen", is_staff=True).groups.add(Group.objects.get(name="Lezer"))
    url = reverse("admin:auth_user_changelist")
    html = beheerder.get(url).content.decode()
    sidebar = html.split('id="changelist-filter"')[1]
    assert all(f">{name}</a>" in sidebar for name in ("Beheerder", "Lezer", "Planredacteur", "Redacteur"))
    assert english_in(sidebar) == []
    listed = beheerder.get(url, {"groups__id__exact": Group.objects.get(name="Lezer").pk}).context["cl"].result_list
    assert [user.username for user in listed] == ["jansen"]


def test_the_group_form_shows_a_roles_permissions_in_dutch(beheerder, django_assert_max_num_queries):
    """A role's permissions are pleegzorg/roles.py's: shown read-only, by their Dutch names."""
    redacteur = Group.objects.get(name="Redacteur")
    with django_assert_max_num_queries(15):
        response = beheerder.get(reverse("admin:auth_group_change", args=[redacteur.pk]))
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert 'name="permissions"' not in html
    assert all(str(permission) in html for permission in redacteur.permissions.all())
    assert "Gemeenten | statusgebeurtenis | Mag statusgebeurtenis toevoegen" in html
    assert english_in(response.content.decode()) == []


def test_the_permission_filter_box_finds_dutch_words_and_no_english(superuser):
    html = superuser.get(reverse("admin:auth_user_add")).content.decode()
    texts = options(html, "user_permissions") if 'name="user_permissions"' in html else options(
        superuser.get(reverse("admin:auth_user_change", args=[User.objects.first().pk])).content.decode(),
        "user_permissions")
    found = filter_box(texts, "gemeente WIJZIGEN")
    assert "Gemeenten | gemeente | Mag gemeente wijzigen" in found
    assert found and all("wijzigen" in text for text in found)
    assert len(filter_box(texts, "toevoegen")) == Permission.objects.filter(codename__startswith="add_").count()
    assert filter_box(texts, "can change") == filter_box(texts, "municipality") == []


def test_the_group_list_searches_dutch_group_names(beheerder):
    url = reverse("admin:auth_group_changelist")
    response = beheerder.get(url, {"q": "redac"})
    assert [group.name for group in response.context["cl"].result_list] == ["Planredacteur", "Redacteur"]
    assert english_in(response.content.decode()) == []
    assert list(beheerder.get(url, {"q": "Can add"}).context["cl"].result_list) == []
