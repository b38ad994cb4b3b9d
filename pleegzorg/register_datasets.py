"""Open datasets of the register's reference lists: forms of foster care, provinces, written questions.

Each `*_rows(request)` returns the rows of one list as its public page shows them, as dicts keyed
by the field names declared below, in a constant number of queries.
"""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.dates import file_day
from initiatives.models import ParliamentaryQuestion
from initiatives.question_views import archived_annex_url
from municipalities.models import FosterCareForm, Municipality, Province
from municipalities.statistics import counts_by_province

from .dataset_declaration import BOOLEAN, COMPUTED, DATE, DATETIME, INTEGER, SOURCE_OF_ROW, TEXT, URL, Dataset, Field


def foster_care_form_rows(request):
    """The forms of foster care in the page's order (one query)."""
    return [
        {"naam": form.name, "groep": form.group, "groep_label": str(form.get_group_display()),
         "rechtstreeks_toegankelijk": form.directly_accessible, "duur": form.duration,
         "beschrijving": form.description, "domicilie": form.domicile, "volgorde": form.order, "bron": form.source}
        for form in FosterCareForm.objects.order_by("order", "name")
    ]


def province_rows(request):
    """Every province and region with its municipalities on `?datum=` (today by default), and for
    Flanders and Brussels the register's counts that day; Dutch provinces have no register: their
    counts are empty, never 0. Four queries."""
    day = file_day(request)
    register = {row.province.pk: row for row in counts_by_province(day)[:-1]}
    active = dict(Municipality.objects.active_on(day).order_by().values("province")
                  .annotate(n=Count("pk")).values_list("province", "n"))
    rows = []
    for province in Province.objects.order_by("country", "kind", "name"):
        counts = register.get(province.pk)
        rows.append({
            "code": province.iso_code, "naam": province.name, "land": province.country, "soort": province.kind,
            "nis_code": province.official_code or None, "peildatum": day,
            "gemeenten": active.get(province.pk, 0),
            "geregistreerd": counts.registered if counts else None,
            "kandidaat": counts.candidates if counts else None,
            "niet_geregistreerd": counts.not_registered if counts else None,
            "onbekend": counts.unknown if counts else None,
            "url": request.build_absolute_uri(province.get_absolute_url()),
        })
    return rows


def question_rows(request):
    """Every written question as the list page shows it, newest first; for an answered one the
    SHA-256 and address of the annex archived on answering (one query, the annex bytes left out)."""
    questions = ParliamentaryQuestion.objects.defer("annex").annotate(part_count=Count("parts")).order_by("-date", "number")
    return [
        {"nummer": q.number, "datum": q.date, "vraagsteller": q.asker, "minister": q.minister, "onderwerp": q.subject,
         "peildatum": q.reference_date, "wijzigingen_sinds": q.since, "status": q.state,
         "beantwoord_op": q.answered_at, "deelvragen": q.part_count,
         "bijlage_sha256": q.annex_sha256 if q.is_answered else None,
         "bijlage_url": request.build_absolute_uri(archived_annex_url(q)) if q.is_answered else None,
         "bron": q.source, "url": request.build_absolute_uri(q.get_absolute_url())}
        for q in questions
    ]


DATASETS = [
    Dataset(
        slug="pleegzorgvormen",
        title=_("Forms of foster care"),
        description=_("The forms of foster care in Flanders, with their group, access and duration, as the source describes them."),
        source=SOURCE_OF_ROW,
        page="municipalities:foster_care_forms", rows=foster_care_form_rows,
        models=("municipalities.FosterCareForm",), spatial=("BEL",),
        keywords=("pleegzorg", "pleegzorgvormen", "jeugdhulp"),
        fields=[
            Field("naam", TEXT, _("name")),
            Field("groep", TEXT, _("supporting, perspective_seeking, perspective_offering or treatment")),
            Field("groep_label", TEXT, _("the group in Dutch")),
            Field("rechtstreeks_toegankelijk", BOOLEAN, _("directly accessible youth care (RTJ) or not (NRTJ)")),
            Field("duur", TEXT, _("duration as the source gives it")), Field("beschrijving", TEXT, _("description")),
            Field("domicilie", TEXT, _("where the child is domiciled")),
            Field("volgorde", INTEGER, _("position on the page")), Field("bron", TEXT, _("source")),
        ],
    ),
    Dataset(
        slug="provincies",
        title=_("Provinces with their counts on a day"),
        description=_("The provinces of Flanders, Brussels and the Netherlands with their number of municipalities on "
                      "a day and, for Flanders and Brussels, how many of them the register counts per status."),
        source=_("Statbel and CBS (provinces); the register of pleegzorggemeenten (counts)"),
        page="home", rows=province_rows, filters="datum",
        models=("municipalities.Province", "municipalities.Municipality", "municipalities.StatusEvent"),
        temporal=("municipalities.StatusEvent.date",), spatial=("BEL", "NLD"),
        keywords=("pleegzorg", "provincies", "pleegzorggemeente"),
        fields=[
            Field("code", TEXT, _("ISO 3166-2")), Field("naam", TEXT, _("name")), Field("land", TEXT, _("BE or NL")),
            Field("soort", TEXT, _("province or region (Brussels)")),
            Field("nis_code", TEXT, _("NIS code in Belgium; empty in the Netherlands")),
            Field("peildatum", DATE, _("the day the counts apply to"), COMPUTED),
            Field("gemeenten", INTEGER, _("municipalities active that day"), COMPUTED),
            Field("geregistreerd", INTEGER, _("registered pleegzorggemeenten that day; empty where there is no register"), COMPUTED),
            Field("kandidaat", INTEGER, _("candidates that day; empty where there is no register"), COMPUTED),
            Field("niet_geregistreerd", INTEGER, _("known not to be registered (stopped or none) that day; empty where there is no register"), COMPUTED),
            Field("onbekend", INTEGER, _("status unknown that day (never read as “no”); empty where there is no register"), COMPUTED),
            Field("url", URL, _("the province's page"), COMPUTED),
        ],
    ),
    Dataset(
        slug="vragen",
        title=_("Written questions"),
        description=_("The written questions of the Flemish Parliament on pleegzorggemeenten, with the SHA-256 and "
                      "address of the annex archived when each was answered."),
        source=_("the parliamentary documents (bron); the annex as archived by this site"),
        page="initiatives:questions", rows=question_rows,
        models=("initiatives.ParliamentaryQuestion",),
        temporal=("initiatives.ParliamentaryQuestion.date",), spatial=("BEL",),
        keywords=("pleegzorg", "schriftelijke vragen", "Vlaams Parlement"),
        fields=[
            Field("nummer", TEXT, _("number of the question")), Field("datum", DATE, _("date of the question")),
            Field("vraagsteller", TEXT, _("asked by")), Field("minister", TEXT, _("minister")),
            Field("onderwerp", TEXT, _("subject")),
            Field("peildatum", DATE, _("the annex shows the register as it was on this day")),
            Field("wijzigingen_sinds", DATE, _("the annex lists what changed since this day (may be empty)")),
            Field("status", TEXT, _("draft or answered")),
            Field("beantwoord_op", DATETIME, _("when the question was marked answered and its annex archived"), COMPUTED),
            Field("deelvragen", INTEGER, _("number of transcribed sub-questions"), COMPUTED),
            Field("bijlage_sha256", TEXT, _("SHA-256 of the archived annex (hexadecimal); empty for a draft"), COMPUTED),
            Field("bijlage_url", URL, _("the archived annex (.xlsx), served only while its bytes match the SHA-256; empty for a draft"), COMPUTED),
            Field("bron", TEXT, _("the parliamentary document")),
            Field("url", URL, _("the question's page"), COMPUTED),
        ],
    ),
]
