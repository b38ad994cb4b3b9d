import logging

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import SafeAdmin, SafeInline
from core.admin_scopes import ScopedInline
from core.downloads import xlsx_response
from municipalities.admin import MunicipalityAdmin, ProvinceScopedAdmin
from municipalities.models import Municipality

from . import annex
from .annex.admin_views import import_view
from .models import Category, Initiative, ParliamentaryQuestion, QuestionPart
from .models.questions import AnnexMismatch

logger = logging.getLogger(__name__)


@admin.register(Category)
class CategoryAdmin(SafeAdmin):
    list_display = ["name", "description", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Initiative)
class InitiativeAdmin(ProvinceScopedAdmin, SafeAdmin):
    scope_paths = ("municipality__province",)
    list_display = ["title", "municipality", "category", "start_date", "timing_text", "is_structural", "is_published"]
    list_filter = ["is_published", "is_structural", "category", "municipality__province"]
    list_select_related = ["municipality", "category"]
    search_fields = ["title", "description", "municipality__name", "municipality__code"]
    autocomplete_fields = ["municipality"]
    change_list_template = "admin/initiatives/initiative_change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(lambda request: import_view(request, self.admin_site))
        return [path("import/", view, name="initiatives_initiative_import"), *super().get_urls()]


class InitiativeInline(ScopedInline, SafeInline, admin.StackedInline):
    model = Initiative
    fields = [
        ("title", "category"),
        "description",
        ("start_date", "end_date", "timing_text"),
        ("is_structural", "is_published"),
        "source",
        "version",
    ]
    extra = 0


# Initiatives depend on municipalities, not the other way round: this app adds its inline to
# the municipality admin.
admin.site.unregister(Municipality)


@admin.register(Municipality)
class MunicipalityWithInitiativesAdmin(MunicipalityAdmin):
    inlines: list[type[admin.options.InlineModelAdmin]] = [*MunicipalityAdmin.inlines, InitiativeInline]


class QuestionPartInline(SafeInline, admin.StackedInline):
    """The sub-questions with their answers; frozen with the question once it is answered."""

    model = QuestionPart
    fields = ["number", "question_text", "answer_text", "version"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return (obj is None or not obj.is_answered) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return (obj is None or not obj.is_answered) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.is_answered) and super().has_delete_permission(request, obj)


@admin.register(ParliamentaryQuestion)
class ParliamentaryQuestionAdmin(SafeAdmin):
    inlines = [QuestionPartInline]
    list_display = ["__str__", "asker", "minister", "reference_date", "state", "archived_annex"]
    list_filter = ["state", "minister"]
    search_fields = ["number", "asker", "minister", "subject"]
    readonly_fields = ["answered_at", "annex_sha256", "archived_annex"]
    actions = ["mark_answered"]
    change_form_template = "admin/initiatives/parliamentaryquestion/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_answered:
            return [f.name for f in obj._meta.fields if f.name != "annex"] + ["archived_annex"]
        return super().get_readonly_fields(request, obj)

    def has_change_permission(self, request, obj=None):
        """What was sent to parliament is frozen: an answered question is shown, never saved."""
        return (obj is None or not obj.is_answered) and super().has_change_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        question = self.get_object(request, object_id)
        if question is not None and question.is_answered:
            if request.method not in ("GET", "HEAD"):
                messages.error(request, gettext("This question has been answered; its archive can no longer change."))
                return HttpResponseRedirect(request.path)
            messages.info(request, gettext(
                "This question has been answered and its annex archived: it can be read, not changed."))
        return super().change_view(request, object_id, form_url, extra_context)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.is_answered) and super().has_delete_permission(request, obj)

    def get_urls(self):
        return [
            path("<int:pk>/bijlage.xlsx", self.admin_site.admin_view(self.download), name="initiatives_question_annex"),
            path("<int:pk>/concept-bijlage.xlsx", self.admin_site.admin_view(self.draft_annex),
                 name="initiatives_question_draft_annex"),
            *super().get_urls(),
        ]

    def draft_annex(self, request, pk):
        """A draft question's annex as it would be archived now: the register on the question's own
        reference date (and `since`), under its heading. Staff who may view questions only (province-bound
        editors included); 404 for an answered question, whose annex is the archived file."""
        question = get_object_or_404(self.get_queryset(request), pk=pk, state=ParliamentaryQuestion.State.DRAFT)
        if not self.has_view_permission(request, question):
            raise PermissionDenied
        data = annex.collect(question.reference_date, since=question.since, question=question)
        return xlsx_response(annex.build_workbook(data), f"concept-{annex.annex_filename(question.reference_date)}")

    def download(self, request, pk):
        question = get_object_or_404(self.get_queryset(request), pk=pk, state=ParliamentaryQuestion.State.ANSWERED)
        if not self.has_view_permission(request, question):
            raise PermissionDenied
        try:
            data = question.verified_annex()
        except AnnexMismatch as error:
            logger.error("Archived annex not served: %s", error)
            context = {**self.admin_site.each_context(request), "question": question, "title": str(question)}
            return render(request, "initiatives/annex_mismatch.html", context, status=409)
        return xlsx_response(data, annex.annex_filename(question.reference_date))

    @admin.display(description=_("archived annex"))
    def archived_annex(self, obj):
        if not obj.is_answered:
            return "—"
        url = reverse("admin:initiatives_question_annex", args=[obj.pk])
        return format_html('<a href="{}">{}</a> <small>SHA-256 {}</small>', url, gettext("download"), obj.annex_sha256[:12])

    def has_answer_permission(self, request):
        """Marking a question answered sends its annex to parliament: the Beheerder's (pleegzorg.roles)."""
        return request.user.has_perm("initiatives.answer_parliamentaryquestion")

    @admin.action(description=_("Mark as answered and archive the annex as it is now"), permissions=["answer"])
    def mark_answered(self, request, queryset):
        """All selected questions are archived, or none (SafeAdmin runs actions in one transaction)."""
        answered = []
        for question in queryset:
            try:
                annex.answer_question(question)
            except ValidationError as error:
                raise ValidationError(f"{question}: {' '.join(error.messages)}") from None
            answered.append(str(question))
        self.message_user(request, gettext("Annex archived for: %(questions)s.") % {"questions": "; ".join(answered)})
