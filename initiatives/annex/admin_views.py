"""The admin's import screens: upload, a paginated preview, then confirm. Nothing is written before.

POST upload: the file is checked; a readable file is parked (annex.uploads) under a token, and the
session keeps, next to that token, the file's name, the officer's options and the plan's
fingerprint; the browser is sent on to the preview (GET, so that its pages and filter are links).
The preview lists the changes, errors first, PAGE_SIZE at a time. Its pages reuse the plan kept in
Django's cache under the token, as long as the plan's fingerprint, recomputed against the register
as it stands now (importing.current_fingerprint), is still the plan's: otherwise (the register
changed, the cache lost it, another process serves the page, a new day) the page re-reads the
parked file, as the first preview did. Confirming takes the file, re-reads it, and writes only
when the fingerprint is still the one the officer saw; otherwise nothing is written and the new
preview is shown.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.text import SafeCharField
from core.versioning import ConcurrentUpdate
from municipalities.models.scopes import editable_province_ids

from . import importing, uploads
from .plan import LABELS, ORDER, Options

REQUIRED_PERMISSIONS = ["municipalities.add_statusevent", "municipalities.change_statusevent",
                        "municipalities.delete_statusevent", "initiatives.add_initiative",
                        "initiatives.change_initiative"]
PAGE_SIZE = 100
URL_NAME = "admin:initiatives_initiative_import"


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Workbook in the annex layout (.xlsx)"))
    source = SafeCharField(
        label=gettext_lazy("Source of the data"), max_length=250,
        help_text=gettext_lazy("What the imported dates rest on, e.g. “Pleegzorg Vlaanderen, lijst van 1/10/2026”. "
                               "Every date the import writes cites it."),
    )
    drafts = forms.BooleanField(
        label=gettext_lazy("Keep new initiatives as drafts"), required=False,
        help_text=gettext_lazy("They are then not published until someone publishes them in the admin."),
    )
    remove_missing = forms.BooleanField(
        label=gettext_lazy("Remove what the file lacks"), required=False,
        help_text=gettext_lazy("Without this, rows that are in the register but not in the file are only reported. "
                               "With it, their dates are deleted and their initiatives unpublished; the preview "
                               "lists each removal first."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_FILE_SIZE:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload

    def options(self):
        data = self.cleaned_data
        return Options(source=data["source"], drafts=data["drafts"], remove_missing=data["remove_missing"])


def import_view(request, admin_site):
    """GET: the upload form, or with ?token= the preview. POST with a file: check and park it.
    POST with a token: apply."""
    if not request.user.has_perms(REQUIRED_PERMISSIONS):
        raise PermissionDenied
    context = {**admin_site.each_context(request), "title": _("Import a register from an annex")}
    if editable_province_ids(request.user) == frozenset():
        messages.error(request, _("No province has been granted to you, so you cannot import into the register. "
                                  "Ask a Beheerder to grant you your provinces."))
        return redirect(reverse("admin:initiatives_initiative_changelist"))
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)
    if request.method == "GET" and "token" in request.GET:
        return _preview(request, context, request.GET["token"])
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        options = form.options()
        try:
            plan = importing.read(content, upload.name, editable_province_ids(request.user), options)
        except importing.AnnexFileError as error:
            form.add_error("file", str(error))
        else:
            try:
                token = uploads.park(content)
            except uploads.UnsafeFolder:
                messages.error(request, _(
                    "The file cannot be kept safely until you confirm (the folder for imports is not private): "
                    "nothing was written. Ask the administrator to check IMPORT_UPLOAD_DIR."))
            else:
                _remember(request, token, upload.name, options, plan)
                _keep_plan(token, plan)
                return redirect(f"{reverse(URL_NAME)}?token={token}")
    return render(request, "admin/initiatives/import_upload.html", {**context, "form": form})


def _remember(request, token, name, options, plan):
    request.session[f"import-{token}"] = {
        "name": name, "fingerprint": plan.fingerprint,
        "options": {"source": options.source, "drafts": options.drafts, "remove_missing": options.remove_missing},
    }


def _parked(request, token, remove):
    """(what the session kept for `token`, the parked bytes), or (None, a redirect to the upload
    form with the reason) when the token is not this session's, or the upload expired or is gone.
    `remove`: take the upload (to apply it) rather than peek at it (for a page of the preview)."""
    kept = request.session.get(f"import-{token}") if uploads.is_token(token) else None
    if not isinstance(kept, dict):
        return None, _back(request, _("This import has expired or was already applied; upload the file again."))
    try:
        return kept, (uploads.take(token) if remove else uploads.peek(token))
    except uploads.Expired:
        return None, _back(request, _("This import has expired: upload the file again."))
    except uploads.Missing:
        return None, _back(request, _("This import has expired or was already applied; upload the file again."))
    except uploads.UnsafeFolder:
        return None, _back(request, _("The folder for imports is not private: nothing was written. Ask the "
                                      "administrator to check IMPORT_UPLOAD_DIR."))


def _preview(request, context, token):
    """One page of the plan of the parked file, errors first; `alleen=wijzigingen` hides the rest."""
    kept, content = _parked(request, token, remove=False)
    if kept is None:
        return content
    scope, options = editable_province_ids(request.user), Options(**kept["options"])
    plan = _kept_plan(token, content, scope, options)
    if plan is None:
        try:
            plan = importing.read(content, kept["name"], scope, options)
        except importing.AnnexFileError as error:
            return _back(request, str(error))
        _keep_plan(token, plan)
    if plan.fingerprint != kept["fingerprint"]:
        messages.warning(request, _("The register has changed since you uploaded the file: this is the preview as it "
                                    "stands now."))
        kept["fingerprint"] = plan.fingerprint
        request.session[f"import-{token}"] = kept
    only_changes = request.GET.get("alleen") == "wijzigingen"
    page = Paginator(plan.ordered(only_changes), PAGE_SIZE).get_page(request.GET.get("pagina"))
    summary = [(LABELS[action], count) for action, count in plan.summary.items() if count]
    return render(request, "admin/initiatives/import_preview.html", {
        **context, "plan": plan, "page": page, "token": token, "only_changes": only_changes,
        "summary": summary, "name": kept["name"], "options": kept["options"], "kinds": ORDER,
        "can_apply": not plan.errors and bool(plan.writes),
    })


def _plan_key(token):
    return f"annex-import-plan-{token}"


def _keep_plan(token, plan):
    """Keep `plan` for the preview's next pages of the upload `token`, as long as the upload itself."""
    cache.set(_plan_key(token), (timezone.localdate(), plan), settings.IMPORT_UPLOAD_TTL.total_seconds())


def _kept_plan(token, content, scope, options):
    """The plan kept for `token` when reading the parked `content` again (for an editor of the
    provinces `scope`, with `options`) would give it unchanged: same day, same fingerprint against
    the register as it stands now; else None."""
    kept = cache.get(_plan_key(token))
    if kept is None:
        return None
    day, plan = kept
    if day != timezone.localdate() or importing.current_fingerprint(content, scope, options, plan) != plan.fingerprint:
        return None
    return plan


def _confirm(request):
    token = request.POST["token"]
    kept, content = _parked(request, token, remove=True)
    if kept is None:
        return content
    request.session.pop(f"import-{token}", None)
    cache.delete(_plan_key(token))  # confirming always reads the file again
    name, options, scope = kept["name"], Options(**kept["options"]), editable_province_ids(request.user)
    try:
        plan = importing.read(content, name, scope, options)
    except importing.AnnexFileError as error:
        return _back(request, str(error))
    problem = None
    if plan.fingerprint != kept["fingerprint"]:
        problem = _("The register has changed since the preview: nothing was written. Check the new preview and "
                    "confirm again.")
    else:
        try:
            written = importing.apply(plan)
        except (ConcurrentUpdate, ValidationError, ValueError) as error:
            problem = " ".join(error.messages) if isinstance(error, ValidationError) else _(
                "The register changed while you were importing: nothing was imported. Check the new preview.")
    if problem is not None:
        messages.error(request, problem)
        return _park_again(request, content, name, options, scope)
    messages.success(request, ngettext("Imported %(count)d row from %(file)s.", "Imported %(count)d rows from %(file)s.",
                                       written) % {"count": written, "file": name})
    return redirect("admin:initiatives_initiative_changelist")


def _park_again(request, content, name, options, scope):
    """After a refused confirmation: a new preview of the same file, as the register now stands."""
    try:
        plan = importing.read(content, name, scope, options)
        token = uploads.park(content)
    except importing.AnnexFileError as error:
        return _back(request, str(error))
    except uploads.UnsafeFolder:
        return _back(request, _("The folder for imports is not private: nothing was written. Ask the administrator "
                                "to check IMPORT_UPLOAD_DIR."))
    _remember(request, token, name, options, plan)
    _keep_plan(token, plan)
    return redirect(f"{reverse(URL_NAME)}?token={token}")


def _back(request, message):
    messages.error(request, message)
    return redirect(URL_NAME)
