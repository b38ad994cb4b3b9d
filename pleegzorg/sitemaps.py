"""sitemap.xml: every public page, including each municipality, province, plan, organisation and question.

One query per section (plus Django's count for paging), whatever the size of the register.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from actions.models import Organisation, Plan
from initiatives.models import ParliamentaryQuestion
from municipalities.models import Municipality, Province

# The pages that are not about one object, by URL name.
STATIC_PAGES = [
    "home",
    "municipalities",
    "municipalities:map",
    "municipalities:key_figures",
    "municipalities:foster_care_forms",
    "initiatives:list",
    "initiatives:annex",
    "initiatives:questions",
    "actions:plans",
    "open_data",
    "site:about",
    "site:accessibility",
    "site:privacy",
    "site:colophon",
    "site:contact",
]


class StaticSitemap(Sitemap):
    def items(self):
        return STATIC_PAGES

    def location(self, item):
        return reverse(item)


class MunicipalitySitemap(Sitemap):
    def items(self):
        return Municipality.objects.only("code").order_by("code")


class ProvinceSitemap(Sitemap):
    def items(self):
        return Province.objects.only("iso_code").order_by("iso_code")


class PlanSitemap(Sitemap):
    def items(self):
        return Plan.objects.only("slug").order_by("slug")


class OrganisationSitemap(Sitemap):
    def items(self):
        return Organisation.objects.only("slug").order_by("slug")


class QuestionSitemap(Sitemap):
    def items(self):
        return ParliamentaryQuestion.objects.only("number", "date").order_by("date", "number")


SITEMAPS = {
    "pages": StaticSitemap,
    "municipalities": MunicipalitySitemap,
    "provinces": ProvinceSitemap,
    "plans": PlanSitemap,
    "organisations": OrganisationSitemap,
    "questions": QuestionSitemap,
}
