"""The admin speaks Dutch, all of it (issue 14): every admin page, opened as a Beheerder, has no English.

The pages are found from the admin's registry and URL patterns, so a model or a custom view added
later is covered without a new test: for every registered ModelAdmin its changelist, add form,
change form (one instance), history list, one history version, delete confirmation and the bulk
delete confirmation; the index and every app index; every custom view of a ModelAdmin that takes
no object or takes the instance's primary key (HTML answers only; downloads are workbooks).
Models a Beheerder may not open (django-axes' logs) are opened as a superuser.

A page fails when its visible text (tags, scripts and styles stripped; button values, titles and
placeholders kept) contains a tell-tale English word, or a msgid of Django's own admin and auth
catalogues that has a Dutch translation but stands there untranslated. Proper nouns in the data
(Pleegzorg Tracker, NIS, CBS, ...) are never tell-tales: the words are matched whole and
case-sensitively.
"""

import datetime
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.test_admin_safety import one_instance, user_with_role

pytestmark = pytest.mark.django_db

# Words that are English and not Dutch, matched whole and case-sensitively in the visible text.
TELL_TALES = [
    "Add",
    "Change",
    "Choose",
    "Chosen",
    "Available",
    "Delete",
    "Deleted",
    "History",
    "Save",
    "Select",
    "selected",
    "Search",
    "Home",
    "Action",
    "Actions",
    "Go",
    "Yes",
    "No",
    "Unknown",
    "None",
    "Remove",
    "Clear",
    "View",
    "Show",
    "Hide",
    "Today",
    "Now",
    "Date",
    "Time",
    "Log out",
    "Logout",
    "Password",
    "Username",
    "Groups",
    "Permissions",
    "Can add",
    "Can change",
    "Can delete",
    "Can view",
    "historical",
    "Historical",
    "object (",
    "records",
    "attempt",
    "attempts",
    "Access",
    "Failures",
    "failures",
    "User agent",
    "Path",
    "Attempt",
    "IP Address",
    "Submitted",
    "Get data",
    "Post data",
    "Login",
    "Logged",
    "Created",
    "Changed",
    "Reason",
    "Comment",
    "entries",
    "entry",
    "and",
    "the",
    "with",
    "this",
    "These",
    "Are you sure",
    "Summary",
    "Objects",
    "All",
    "Enter",
    "Staff status",
    "Superuser status",
    "Active",
    "First name",
    "Last name",
    "Email",
    "Personal info",
    "Important dates",
    "last login",
    "date joined",
    # App labels shown where a verbose name belongs, and django-axes' own words.
    "Actions",
    "Municipalities",
    "Initiatives",
    "Core",
    "Auth",
    "Axes",
    "Attempted",
    "Log for",
    "Failed",
]
# Tell-tales that are also ordinary words in the data or in Dutch itself are not listed (Filter, Status, ...).

DJANGO_CATALOGUES = [
    Path(django.__file__).parent / "contrib" / app / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    for app in ("admin", "auth")
]


def _untranslated_phrases():
    """Literal fragments (three words or more) of Django's admin/auth msgids whose Dutch differs."""
    phrases = set()
    for catalogue in DJANGO_CATALOGUES:
        for entry in polib.pofile(str(catalogue)):
            if not entry.msgstr or entry.msgstr == entry.msgid or entry.obsolete:
                continue
            for fragment in re.split(r"%\(\w+\)\w|%\w|\{\w*\}|[.:;?!“”\"']", entry.msgid):
                fragment = " ".join(fragment.split())
                if len(fragment.split()) >= 3:
                    phrases.add(fragment)
    return sorted(phrases)


UNTRANSLATED = _untranslated_phrases()
TELL_TALE = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(word) + (r"(?![\w-])" if word[-1].isalnum() else "") for word in TELL_TALES)
    + ")"
)


class _VisibleText(HTMLParser):
    """What a reader sees or hears of the interface: text outside script/style, and button values,
    titles, placeholders; not the contents of a textarea, which is data a source gave (the national
    plan quotes English method names such as "Families First" in running text)."""

    SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template", "textarea"):
            self.hidden += 1
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset"):
            self.parts.append(attrs.get("value") or "")
        self.parts.extend(attrs[name] or "" for name in self.SHOWN_ATTRIBUTES if name in attrs)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "textarea"):
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html):
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(" ".join(part.split()) for part in parser.parts if part.strip())


def english_in(html):
    """Every tell-tale word and untranslated Django msgid fragment in the page's visible text."""
    text = visible_text(html)
    found = []
    for line in dict.fromkeys(text.splitlines()):
        found += [f"{match.group(0)!r} in {line[:120]!r}" for match in TELL_TALE.finditer(line)]
    found += [f"untranslated {phrase!r}" for phrase in UNTRANSLATED if phrase in text]
    return found


# --- the pages ---------------------------------------------------------------------------------


@pytest.fixture
def beheerder():
    return user_with_role("Beheerder")


@pytest.fixture
def superuser_client():
    client = Client()
    client.force_login(User.objects.create_superuser("opperbeheerder", "beheer@example.org", "x"))
    return client


def registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


REGISTERED = registered()


def _instance(model):
    if model is User:
        return User.objects.create_user("jansen", first_name="Jan", last_name="Jansen", is_staff=True)
    if model._meta.app_label == "axes":
        return _axes_instance(model)
    instance = one_instance(model)
    if hasattr(model, "history"):
        instance.save()  # a version in the audit trail, with no change reason
    return instance


def _axes_instance(model):
    fields = {"ip_address": "192.0.2.1", "username": "iemand", "user_agent": "Firefox", "path_info": "/admin/login/"}
    names = {f.name for f in model._meta.fields}
    if "attempt_time" in names:
        fields["attempt_time"] = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    if "failures_since_start" in names:
        fields.update(failures_since_start=2, get_data="", post_data="")
    if "logout_time" in names:
        fields["logout_time"] = None
    if "locked_out" in names:
        fields["locked_out"] = True
    return model.objects.create(**{k: v for k, v in fields.items() if k in names})


STANDARD_PAGES = {"changelist", "add", "change", "history", "delete", "bulk delete", "version"}


def pages_of(model, model_admin, instance):
    """(name, url, method, data) of every admin page about `model`."""
    opts = model._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}"
    pages = [
        ("changelist", reverse(f"{prefix}_changelist"), "get", None),
        ("add", reverse(f"{prefix}_add"), "get", None),
        ("change", reverse(f"{prefix}_change", args=[instance.pk]), "get", None),
        ("history", reverse(f"{prefix}_history", args=[instance.pk]), "get", None),
        ("delete", reverse(f"{prefix}_delete", args=[instance.pk]), "get", None),
        (
            "bulk delete",
            reverse(f"{prefix}_changelist"),
            "post",
            {"action": "delete_selected", "_selected_action": [instance.pk], "index": "0"},
        ),
    ]
    if hasattr(model, "history"):
        version = instance.history.latest().history_id
        pages.append(("version", reverse(f"{prefix}_simple_history", args=[instance.pk, version]), "get", None))
    standard = {
        f"{opts.app_label}_{opts.model_name}_{suffix}"
        for suffix in ("changelist", "add", "change", "history", "delete", "simple_history", "autocomplete")
    }
    for pattern in model_admin.get_urls():
        name = getattr(pattern, "name", None)
        if not name or name in standard:
            continue
        for args in ([], [instance.pk]):
            try:
                pages.append((name, reverse(f"admin:{name}", args=args), "get", None))
                break
            except NoReverseMatch:
                continue
    return pages


def _client_for(model, beheerder, superuser_client):
    response = beheerder.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    return beheerder if response.status_code == 200 else superuser_client


@pytest.mark.parametrize("model, model_admin", REGISTERED, ids=[m._meta.label for m, _ in REGISTERED])
def test_every_admin_page_is_dutch(model, model_admin, beheerder, superuser_client):
    client = _client_for(model, beheerder, superuser_client)
    instance = _instance(model)
    problems, opened = [], 0
    for name, url, method, data in pages_of(model, model_admin, instance):
        response = client.post(url, data) if method == "post" else client.get(url)
        if response.status_code == 403 or "html" not in response.get("Content-Type", ""):
            continue  # not this role's page (adding a log entry), or a download
        if response.status_code == 404 and name not in STANDARD_PAGES:
            continue  # a custom view for another kind of instance (the archived annex of an answered question)
        assert response.status_code == 200, (name, url, response.status_code)
        opened += 1
        problems += [f"{name} {url}: {problem}" for problem in english_in(response.content.decode())]
    assert opened >= 3, model
    assert not problems, "\n".join(problems)


def test_the_index_pages_and_the_own_password_page_are_dutch(beheerder, superuser_client):
    apps = {model._meta.app_label for model, _ in REGISTERED}
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    urls += [reverse("admin:app_list", args=[app]) for app in sorted(apps)]
    problems = []
    for client in (beheerder, superuser_client):
        for url in urls:
            response = client.get(url)
            if response.status_code == 404:  # an app the Beheerder has no model of
                continue
            assert response.status_code == 200, url
            problems += [f"{url}: {problem}" for problem in english_in(response.content.decode())]
    assert not problems, "\n".join(problems)


def test_the_login_page_is_dutch():
    response = Client().get(reverse("admin:login"))
    assert response.status_code == 200
    assert english_in(response.content.decode()) == []


ADMIN_SCRIPTS = Path(django.__file__).parent / "contrib" / "admin" / "static" / "admin" / "js"
SCRIPT_MESSAGE = re.compile(r"\b(n?gettext|pgettext)\(\s*'((?:[^'\\]|\\.)*)'(?:\s*,\s*'((?:[^'\\]|\\.)*)')?")


def script_messages():
    """The catalogue keys of every text the admin's own scripts translate (msgctxt\x04msgid for pgettext)."""
    keys = set()
    for script in ADMIN_SCRIPTS.glob("*.js"):
        for function, first, second in SCRIPT_MESSAGE.findall(script.read_text()):
            keys.add(f"{first}\x04{second}" if function == "pgettext" else first)
    return {key.replace("\\'", "'") for key in keys}


def test_the_texts_drawn_by_javascript_are_dutch(beheerder):
    """The group and permission pickers ("Kies groepen"), the action bar and the calendar are drawn by
    the admin's scripts from its JavaScript catalogue: every text they translate is served in Dutch."""
    response = beheerder.get(reverse("admin:jsi18n"))
    assert response.status_code == 200
    served = json.loads(re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S).group(1))
    wanted = script_messages()
    assert len(wanted) > 50
    assert sorted(wanted - served.keys()) == []
    assert served["Choose all %s"] == "Alle %s kiezen"


def test_the_site_is_called_pleegzorg_tracker_beheer(beheerder):
    html = beheerder.get(reverse("admin:index")).content.decode()
    assert "Pleegzorg Tracker – beheer" in visible_text(html)
    assert "<title>Overzicht | Pleegzorg Tracker – beheer</title>" in html


def test_the_checks_catch_what_leaked_before():
    """The checks themselves: each leak the issue names is caught; Dutch and proper nouns are not."""
    for leak in (
        "<p>Can add action</p>",
        "<td>Gemeenten | historical gemeente</td>",
        "<a>MapShape object (251)</a>",
        "<td>None</td>",
        '<input type="submit" value="Save">',
        "<h1>Select gemeente to change</h1>",
        "<th>Access attempts</th>",
        "<label>IP Address:</label>",
        "<a>Actions</a>",
        '<img alt="Search">',
        "<p>Choose groepen by selecting them</p>",
        "<p>Attempted Access: 2025</p>",
        "<p>Are you sure you want to delete</p>",
    ):
        assert english_in(leak), leak
    assert english_in("<p>You may edit it again below.</p>")  # an untranslated msgid of Django's catalogue
    assert not english_in("<h1>Pleegzorg Tracker – beheer</h1><p>NIS-code 73001, CBS-code GM0363, BE-VLI</p>")
    assert not english_in("<script>var x = 'Choose all';</script><p>Gemeenten</p><p>Wijzigen</p>")


def test_every_model_has_a_name_of_its_own():
    """No "MapShape object (251)": every model, join rows included, names its rows itself."""
    from django.apps import apps
    from django.db import models

    nameless = [
        model._meta.label
        for model in apps.get_models(include_auto_created=True)
        if model.__str__ is models.Model.__str__
    ]
    assert nameless == ["axes.AccessAttemptExpiration"]  # shown only inside an access attempt, by its date


def test_the_change_link_reads_wijzigen(beheerder):
    html = beheerder.get(reverse("admin:index")).content.decode()
    assert ">Wijzigen<" in html and ">Wijziging<" not in html


def test_a_message_about_a_het_word_says_het(beheerder):
    from initiatives.models import Initiative
    from tests.admin_forms import form_data

    initiative = one_instance(Initiative)
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    response = beheerder.post(url, form_data(beheerder.get(url)), follow=True)
    said = [visible_text(str(message)) for message in response.context["messages"]]
    assert said == ["Het initiatief ‘\nAlken: Receptie\n’ is met succes gewijzigd."]


def test_articles_follow_the_noun():
    from core.articles import with_article

    assert with_article("De kerncijfer ‘X’ is met succes verwijderd.", "kerncijfer") == (
        "Het kerncijfer ‘X’ is met succes verwijderd."
    )
    assert with_article("De plan ‘P’ is met succes toegevoegd. U kunt hieronder nog een plan toevoegen.", "plan") == (
        "Het plan ‘P’ is met succes toegevoegd. U kunt hieronder nog een plan toevoegen."
    )
    assert with_article("De gemeente ‘Alken’ is met succes gewijzigd.", "gemeente") == (
        "De gemeente ‘Alken’ is met succes gewijzigd."
    )


def test_login_protection_counts_and_cleans_up_in_dutch(beheerder):
    from axes.models import AccessAttempt

    attempt = _axes_instance(AccessAttempt)  # 2 failures of the 5 allowed
    AccessAttempt.objects.filter(pk=attempt.pk).update(  # attempt_time is auto_now_add: made long expired here
        attempt_time=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    )
    url = reverse("admin:axes_accessattempt_changelist")
    assert "nog 3 pogingen" in visible_text(beheerder.get(url).content.decode())
    response = beheerder.post(
        url,
        {
            "action": "cleanup_expired_attempts",
            "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["1 verlopen inlogpoging opgeruimd."]
    assert not AccessAttempt.objects.filter(pk=attempt.pk).exists()
