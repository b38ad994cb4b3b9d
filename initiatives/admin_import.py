"""The admin's import screen: upload, a per-row preview, then confirm. Nothing is written before."""

import tempfile
import uuid
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _, gettext_lazy

from municipalities.models.scopes import editable_province_ids
from core.versioning import ConcurrentUpdate

from . import importing

UPLOADS = Path(tempfile.gettempdir()) / "pleegzorg-imports"
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
        content = form.cleaned_data["file"].read()
        try:
            plan = importing.read(content, form.cleaned_data["file"].name, editable_province_ids(request.user))
        except importing.AnnexFileError as error:
            form.add_error("file", str(error))
        else:
            token = None
            if not plan.errors:
                token = _keep(request, content, form.cleaned_data["file"].name)
            return render(request, "admin/initiatives/import_preview.html", {**context, "plan": plan, "token": token})
    return render(request, "admin/initiatives/import_upload.html", {**context, "form": form})


def _keep(request, content, name):
    """Park the upload until the user confirms; only this session can apply it."""
    UPLOADS.mkdir(mode=0o700, exist_ok=True)
    token = uuid.uuid4().hex
    (UPLOADS / f"{token}.xlsx").write_bytes(content)
    request.session[f"import-{token}"] = name
    return token


def _confirm(request, context):
    token = request.POST["token"]
    name = request.session.pop(f"import-{token}", None) if token.isalnum() else None
    path = UPLOADS / f"{token}.xlsx"
    if name is None or not path.is_file():
        messages.error(request, _("This import has expired or was already applied; upload the file again."))
        return redirect("admin:initiatives_initiative_import")
    content = path.read_bytes()
    path.unlink()
    try:
        plan = importing.read(content, name, editable_province_ids(request.user))
    except importing.AnnexFileError as error:
        messages.error(request, str(error))
        return redirect("admin:initiatives_initiative_import")
    if plan.errors:
        # The register changed since the preview: show the new verdict, write nothing.
        return render(request, "admin/initiatives/import_preview.html", {**context, "plan": plan, "token": None})
    try:
        written = importing.apply(plan)
    except ConcurrentUpdate:
        messages.error(request, _("The register changed while you were importing: nothing was imported. Upload the file again."))
        return redirect("admin:initiatives_initiative_import")
    messages.success(request, _("Imported %(count)d new or changed rows from %(file)s.") % {"count": written, "file": name})
    return redirect("admin:initiatives_initiative_changelist")
