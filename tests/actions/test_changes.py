"""The public "Wijzigingen" page of a plan: what changed, in words and with values, read from the audit trail."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from actions.changes import PUBLIC_FIELDS, PUBLISHED, plan_history
from actions.models import (
    Action,
    Line,
    Organisation,
    Plan,
    PlanAuthor,
    ProgressUpdate,
    Reference,
    Responsibility,
    Target,
)
from municipalities.models import Municipality

pytestmark = pytest.mark.django_db
NATIONAL = "actieplan-pleegzorg-2017-2018"
MAX_QUERIES = 14  # the plan, eight histories, three of many-to-many relations, organisations' and municipalities' names


def page(client, slug=NATIONAL):
    response = client.get(reverse("actions:plan_changes", args=[slug]))
    assert response.status_code == 200
    return response


def text_of(response):
    """The page as a reader sees it: tags dropped, entities read, white space folded."""
    html = re.sub(r"<br>|</?(li|p|h\d)[^>]*>", " ", response.content.decode())
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html)))


def national():
    return Plan.objects.get(slug=NATIONAL)


def test_the_initial_load_is_one_published_entry_with_what_it_published(client):
    plan = national()
    response = page(client)
    changes = response.context["history"].changes
    assert [change.kind for change in changes] == [PUBLISHED]
    lines = Line.objects.filter(plan=plan).count()
    actions = Action.objects.filter(line__plan=plan).count()
    targets = Target.objects.of_plan(plan).count()
    updates = ProgressUpdate.objects.filter(action__line__plan=plan).count()
    assert (lines, actions, targets, updates) == (4, 19, 7, 6)
    day = timezone_day(Plan.history.get(id=plan.pk, history_type="+").history_date)
    authors = PlanAuthor.objects.filter(plan=plan).count()
    partners = plan.partners.count()
    responsible = Responsibility.objects.filter(action__line__plan=plan).count()
    assert authors and responsible
    published = (f"gepubliceerd op {day}: 1 plan, 4 lijnen, 19 acties, 7 doelen, 6 voortgangsmeldingen, "
                 f"{authors} auteurs, " + (f"{partners} partners, " if partners else "")
                 + f"{responsible} verantwoordelijkheden")
    assert published in text_of(response)


def timezone_day(moment):
    from django.utils import timezone
    return timezone.localtime(moment).strftime("%d/%m/%Y")


def test_the_seeded_status_history_is_a_timeline_with_status_date_note_and_source(client):
    response = page(client)
    progress = response.context["history"].progress
    assert len(progress) == 6 and all(item.status == "lopend" for item in progress)
    assert progress == sorted(progress, key=lambda item: item.date, reverse=True)
    html = response.content.decode()
    assert '<time datetime="2015-09-01">01/09/2015</time>: <strong>lopend</strong>' in html
    assert f'href="/plannen/{NATIONAL}/#actie-' in html


def test_a_change_states_each_field_with_its_old_and_new_display_value(client):
    plan = national()
    old_title, old_end = plan.title, plan.end_date
    plan.title = "Actieplan Pleegzorg 2017-2019"
    plan.end_date = datetime.date(2019, 12, 31)
    plan.status = "delayed"
    plan.budget = Decimal("1250000.50")
    plan.municipality = Municipality.objects.get(code="GM0014")
    plan.slug = NATIONAL  # unchanged: it is the address
    plan.save()
    target = Target.objects.of_plan(plan).order_by("pk").first()
    target.indicative = not target.indicative
    target.save()
    response = page(client)
    changed = response.context["history"].changes[0]
    assert changed.kind == "changed" and changed.model_label == "doel"
    text = text_of(response)
    old_indicative, new_indicative = ("nee", "ja") if target.indicative else ("ja", "nee")
    assert f"indicatief: {old_indicative} → {new_indicative}" in text
    assert f"titel: {old_title} → Actieplan Pleegzorg 2017-2019" in text
    assert f"einddatum: {old_end.strftime('%d/%m/%Y') if old_end else '(leeg)'} → 31/12/2019" in text
    assert "status: (leeg) → vertraagd" in text
    assert "budget (EUR): (leeg) → 1.250.000,50" in text
    assert "gemeente: (leeg) → Groningen" in text
    assert "gewijzigd: status" not in text  # the old wording, without the values


def test_a_progress_update_shows_status_date_note_and_source_and_a_link_when_the_source_is_one(client):
    action = Action.objects.get(line__plan__slug=NATIONAL, number="3.5")
    ProgressUpdate.objects.create(action=action, date=datetime.date(2017, 11, 10), status="done",
                                  source="https://www.pleegzorg.nl/jaarverslag-2017", note="Gehouden in Utrecht.")
    response = page(client)
    history = response.context["history"]
    added = history.changes[0]
    assert (added.kind, added.model_label, added.progress.status) == ("added", "voortgangsmelding", "afgerond")
    assert history.progress[0].date == datetime.date(2017, 11, 10)
    html = response.content.decode()
    assert html.count('<a href="https://www.pleegzorg.nl/jaarverslag-2017"') == 2  # timeline and change log
    text = text_of(response)
    assert f"10/11/2017: afgerond — 3.5 {action.title} Gehouden in Utrecht. Bron: https://www.pleegzorg.nl/jaarverslag-2017" in text


def test_removed_things_say_what_was_removed(client):
    update = ProgressUpdate.objects.filter(action__line__plan__slug=NATIONAL).order_by("date", "pk").first()
    label = f"{update.action.number} {update.action.title}"
    update.delete()
    action = Action.objects.get(line__plan__slug=NATIONAL, number="3.5")
    action_label = f"3.5 {action.title}"
    action.delete()
    response = page(client)
    removed = [change for change in response.context["history"].changes if change.kind == "removed"]
    assert {change.model_label for change in removed} == {"actie", "voortgangsmelding"}
    text = text_of(response)
    assert f"Actie verwijderd: {action_label}" in text
    assert f"Voortgangsmelding verwijderd: {update.date:%d/%m/%Y}: lopend — {label}" in text
    timeline = response.context["history"].progress
    assert [item.removed_on is not None for item in timeline].count(True) == 1
    assert "verwijderd op" in text


def test_internal_fields_never_show(client):
    """Every field outside the allow-list (and the trail's own columns) is changed: nothing shows."""
    user = get_user_model().objects.create_user("geheime-gebruiker")
    plan = national()
    line = Line.objects.filter(plan=plan).first()
    action = Action.objects.filter(line=line).first()
    target = Target.objects.of_plan(plan).first()
    update = ProgressUpdate.objects.filter(action__line__plan=plan).first()
    changed = []
    # The last author and responsible organisation: a position past the end keeps the order as it was.
    author = PlanAuthor.objects.filter(plan=plan).order_by("position", "pk").last()
    responsibility = Responsibility.objects.filter(action__line__plan=plan).order_by("action", "position", "pk").last()
    reference = Reference.objects.create(plan=plan, kind="link", title="Een verwijzing", position=1)
    for instance in (plan, line, action, target, update, author, responsibility, reference):
        model = type(instance)
        internal = [f for f in model._meta.concrete_fields
                    if f.name not in PUBLIC_FIELDS[model] and not f.primary_key and f.name != "version"
                    # moving a line, an author, a responsibility or a reference takes it off this plan
                    and not (model in (Line, PlanAuthor, Reference) and f.name == "plan")
                    and not (model is Responsibility and f.name == "action")]
        for model_field in internal:
            setattr(instance, model_field.attname, internal_value(model_field, instance))
            changed.append(f"{model.__name__}.{model_field.name}")
        instance._change_reason = "geheime-reden"
        instance._history_user = user
        # Straight to the versioned save: Action.save would derive its timing fields again.
        super(model, instance).save()
    assert {"Plan.slug", "Action.position", "Action.period_end", "Action.timing_unparsed",
            "Action.timing_condition", "PlanAuthor.position", "Responsibility.position",
            "Reference.position"} <= set(changed)
    response = page(client, plan.slug)
    # The reference's addition is the only thing to say (reference.delete() would say it was removed).
    assert [change.kind for change in response.context["history"].changes] == ["added", PUBLISHED]
    text = text_of(response)
    for secret in ("geheim", "03/02/2001", "77", "versie:", "slug:", "positie:", "volgorde"):
        assert secret not in text


def internal_value(model_field, instance):
    if model_field.get_internal_type() == "BooleanField":
        return not getattr(instance, model_field.attname)
    if model_field.get_internal_type() == "DateField":
        return datetime.date(2001, 2, 3)
    if model_field.get_internal_type().endswith("IntegerField"):
        return 77
    if model_field.choices:
        return next(value for value, _ in model_field.choices if value and value != getattr(instance, model_field.attname))
    return f"geheim-{model_field.name}"


def test_the_page_takes_the_same_queries_for_many_changes_as_for_few(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        page(client)
    plan = national()
    plan.municipality = Municipality.objects.get(code="GM0014")
    plan.save()
    for action in Action.objects.filter(line__plan=plan):
        action.title += " (herzien)"
        action.save()
        ProgressUpdate.objects.create(action=action, date=datetime.date(2018, 1, 2), status="ongoing", source="test")
    organisations = list(Organisation.objects.exclude(authorships__plan=plan).exclude(partner_plans=plan)
                         .exclude(responsibilities__action=action).order_by("pk")[:3])
    municipalities = list(Municipality.objects.filter(province__country="NL").exclude(cited_in_actions=action)
                          .order_by("pk")[:3])
    assert len(organisations) == len(municipalities) == 3
    for organisation in organisations:
        PlanAuthor.objects.create(plan=plan, organisation=organisation, position=50)
        plan.partners.add(organisation)
        Responsibility.objects.create(action=action, organisation=organisation, position=50)
    for position, municipality in enumerate(municipalities):
        action.example_municipalities.add(municipality)
        reference = Reference.objects.create(plan=plan, kind="example_practice", title=f"Praktijk {position}")
        reference.municipalities.add(municipality)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = page(client)
    # Each relation is one change; a reference's municipality is a change of the reference after its addition.
    assert len(response.context["history"].changes) == 1 + 1 + 19 * 2 + 3 * 3 + 3 * 3


def test_the_history_of_a_plan_nobody_changed_after_loading_has_no_change_but_the_publication():
    assert [change.kind for change in plan_history(Plan.objects.get(slug="nvp-gemeenteraadsverkiezingen-2026")).changes] \
        == [PUBLISHED]


def officer():
    return get_user_model().objects.create_user("beleidsmedewerker")


def relation_change(response):
    """The newest change, as (what it belongs to, [its relation lines], [its field lines])."""
    change = response.context["history"].changes[0]
    assert change.kind == "changed"
    return (f"{change.model_label} {change.object_label}", [f"{r.label}: {r.name}" for r in change.relations],
            [f"{f.label}: {f.old} → {f.new}" for f in change.fields])


def new_organisation(short_name):
    return Organisation.objects.create(short_name=short_name, name=f"Organisatie {short_name}", slug=short_name.lower())


def test_an_organisation_made_responsible_or_no_longer_is_a_change_of_its_action(client):
    action = Action.objects.get(line__plan__slug=NATIONAL, number="3.5")
    responsibility = Responsibility(action=action, organisation=new_organisation("PZN"), position=99)
    responsibility._history_user = officer()
    responsibility.save()
    response = page(client)
    assert relation_change(response) == (f"actie 3.5 {action.title}", ["verantwoordelijke toegevoegd: PZN"], [])
    assert f"Actie gewijzigd: 3.5 {action.title} verantwoordelijke toegevoegd: PZN" in text_of(response)
    responsibility.delete()
    assert relation_change(page(client))[1] == ["verantwoordelijke verwijderd: PZN"]


def test_an_author_added_reordered_and_removed(client):
    plan = national()
    authors = [a.organisation.short_name for a in PlanAuthor.objects.filter(plan=plan).order_by("position", "pk")]
    assert len(authors) >= 2
    author = PlanAuthor.objects.create(plan=plan, organisation=new_organisation("PZN"), position=99)
    assert relation_change(page(client)) == (f"plan {plan.title}", ["auteur toegevoegd: PZN"], [])
    author.position = 0
    author.save()
    order = ", ".join(authors)
    assert relation_change(page(client))[2] == [f"volgorde van de auteurs: {order}, PZN → PZN, {order}"]
    author.delete()
    assert relation_change(page(client))[1] == ["auteur verwijderd: PZN"]


def test_a_partner_added_and_removed_is_a_change_of_the_plan(client):
    plan = national()
    partner = new_organisation("PZN")
    plan.partners.add(partner)
    assert relation_change(page(client)) == (f"plan {plan.title}", ["partner toegevoegd: PZN"], [])
    plan.partners.remove(partner)
    assert relation_change(page(client))[1] == ["partner verwijderd: PZN"]


def test_an_example_municipality_cited_and_no_longer_cited(client):
    action = Action.objects.get(line__plan__slug=NATIONAL, number="3.5")
    groningen = Municipality.objects.get(code="GM0014")
    action.example_municipalities.add(groningen)
    response = page(client)
    assert relation_change(response) == (f"actie 3.5 {action.title}", ["voorbeeldgemeente toegevoegd: Groningen"], [])
    action.example_municipalities.remove(groningen)
    assert relation_change(page(client))[1] == ["voorbeeldgemeente verwijderd: Groningen"]


def test_a_reference_added_changed_and_removed_with_its_public_fields_only(client):
    plan = national()
    reference = Reference.objects.create(plan=plan, kind="example_practice", title="Pleegzorg in de wijk", position=4)
    response = page(client)
    added = response.context["history"].changes[0]
    assert (added.kind, added.model_label, added.object_label) == ("added", "verwijzing", "Pleegzorg in de wijk")
    reference.municipalities.add(Municipality.objects.get(code="GM0014"))
    assert relation_change(page(client)) == ("verwijzing Pleegzorg in de wijk", ["gemeente toegevoegd: Groningen"], [])
    reference.url = "https://www.pleegzorg.nl/wijk"
    reference.date = datetime.date(2018, 3, 1)
    reference.position = 7
    reference.save()
    name, relations, fields = relation_change(page(client))
    assert relations == [] and fields == ["link: (leeg) → https://www.pleegzorg.nl/wijk", "datum: (leeg) → 01/03/2018"]
    reference.delete()
    response = page(client)
    removed = response.context["history"].changes[0]
    assert (removed.kind, removed.object_label) == ("removed", "Pleegzorg in de wijk")
    assert "Verwijzing verwijderd: Pleegzorg in de wijk" in text_of(response)


def test_what_goes_with_a_removed_action_is_not_listed_apart(client):
    action = Action.objects.get(line__plan__slug=NATIONAL, number="3.5")
    assert action.responsibilities.exists()
    action.delete()
    changes = page(client).context["history"].changes
    assert [(change.kind, change.model_label) for change in changes[:1]] == [("removed", "actie")]
    assert not any(change.relations for change in changes)
