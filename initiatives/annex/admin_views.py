"""The admin's import screen: upload, a per-row preview, then confirm. Nothing is written before.

The confirmation applies exactly what the preview showed: the preview keeps, in the session next
to the token of the parked upload (initiatives.annex.uploads), the plan's fingerprint of the file
and of the register it was compared against. Confirming re-reads the file; if the fingerprint
differs (someone changed the register meanwhile), nothing is written and a fresh preview with a
new token is shown instead.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _, gettext_lazy

from core.versioning import ConcurrentUpdate
from municipalities.models.scopes import editable_province_ids

from . import importing, uploads as import_uploads

REQUIRED_PERMISSIONS = ["municipalities.add_statusevent", "municipalities.change_statusevent", "initiatives.add_initiative", "initiatives.change_initiative"]


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Workbook in the annex layout (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_FILE_SIZE:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


def import_view(request, admin_site):
    """GET: the upload form. POST with a file: the preview. POST with a token: apply."""
    if not request.user.has_perms(REQUIRED_PERMISSIONS):
        raise PermissionDenied
    context = {**admin_site.each_context(request), "title": _("Import a register from an annex")}
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, context)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            plan = importing.read(content, upload.name, editable_province_ids(request.user))
        except importing.AnnexFileError as error:
            form.add_error("file", str(error))
        else:
            return _preview(request, context, plan, content, upload.name)
    return render(request, "admin/initiatives/import_upload.html", {**context, "form": form})


def _preview(request, context, plan, content, name):
    """The row-by-row preview; an error-free plan is parked with a token to confirm it."""
    token = None
    if not plan.errors:
        try:
            token = import_uploads.park(content)
        except import_uploads.UnsafeFolder:
            messages.error(request, _(
                "The file cannot be kept safely until you confirm (the folder for imports is not private): "
                "nothing was written. Ask the administrator to check IMPORT_UPLOAD_DIR."))
        else:
            request.session[f"import-{token}"] = {"name": name, "fingerprint": plan.fingerprint}
    return render(request, "admin/initiatives/import_preview.html", {**context, "plan": plan, "token": token})


def _confirm(request, context):
    token = request.POST["token"]
    kept = request.session.pop(f"import-{token}", None) if import_uploads.is_token(token) else None
    if not isinstance(kept, dict):
        return _back(request, _("This import has expired or was already applied; upload the file again."))
    try:
        content = import_uploads.take(token)
    except import_uploads.Expired:
        return _back(request, _("This import has expired: upload the file again."))
    except import_uploads.Missing:
        return _back(request, _("This import has expired or was already applied; upload the file again."))
    except import_uploads.UnsafeFolder:
        return _back(request, _("The folder for imports is not private: nothing was written. Ask the administrator to check IMPORT_UPLOAD_DIR."))
    name, scope = kept["name"], editable_province_ids(request.user)
    try:
        plan = importing.read(content, name, scope)
    except importing.AnnexFileError as error:
        return _back(request, str(error))
    if plan.fingerprint != kept["fingerprint"]:
        messages.warning(request, _(
            "The register has changed since the preview: nothing was written. Check the new preview and confirm again."))
        return _preview(request, context, plan, content, name)
    try:
        written = importing.apply(plan)
    except (ConcurrentUpdate, ValidationError) as error:
        reason = " ".join(error.messages) if isinstance(error, ValidationError) else _(
            "The register changed while you were importing: nothing was imported. Upload the file again.")
        messages.error(request, reason)
        try:
            plan = importing.read(content, name, scope)
        except importing.AnnexFileError as problem:
            return _back(request, str(problem))
        return _preview(request, context, plan, content, name)
    messages.success(request, _("Imported %(count)d new or changed rows from %(file)s.") % {"count": written, "file": name})
    return redirect("admin:initiatives_initiative_changelist")


def _back(request, message):
    messages.error(request, message)
    return redirect("admin:initiatives_initiative_import")
