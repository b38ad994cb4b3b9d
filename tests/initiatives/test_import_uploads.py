"""Uploads parked between preview and confirmation: a private folder, private files, a short life."""

import datetime
import os
import stat
import time

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from initiatives.annex import uploads as import_uploads
from municipalities.models import StatusEvent

from .conftest import DAY, IMPORT_URL, export, token_of, upload
from .conftest import confirm as post_confirmation

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "var" / "imports"
    return settings.IMPORT_UPLOAD_DIR


def parked(client, content):
    """Upload `content`; the token of the upload it parked (the preview's `?token=`)."""
    token = token_of(upload(client, content))
    assert token
    return token


def confirm(client, token):
    return post_confirmation(client, token, follow=True)


def preview_url(token):
    return f"{reverse(IMPORT_URL)}?token={token}"


def mode(path):
    return stat.S_IMODE(os.lstat(path).st_mode)


def age(path, seconds):
    then = time.time() - seconds
    os.utime(path, (then, then))


def brugge_removed():
    """An annex with Brugge's event, and a register without it: confirming writes one event."""
    content = export(DAY(2023, 12, 31))
    StatusEvent.objects.filter(municipality__code="31005").delete()
    return content


def brugge_imported():
    return StatusEvent.objects.filter(municipality__code="31005").exists()


def test_the_folder_is_created_0700_and_the_upload_0600_under_a_random_token(admin_client, register, folder):
    token = parked(admin_client, brugge_removed())
    assert len(token) == 32 and int(token, 16) >= 0
    assert mode(folder) == 0o700 and mode(folder / f"{token}.xlsx") == 0o600
    assert (folder / f"{token}.xlsx").read_bytes()[:2] == b"PK"
    assert parked(admin_client, export(DAY(2023, 12, 31))) != token
    assert admin_client.get(preview_url(token)).status_code == 200  # the preview leaves it parked
    assert (folder / f"{token}.xlsx").exists()


@pytest.mark.parametrize("make_unsafe", [
    lambda folder, elsewhere: (os.makedirs(elsewhere, mode=0o700), os.symlink(elsewhere, folder)),
    lambda folder, elsewhere: (os.makedirs(folder, mode=0o700), os.chmod(folder, 0o777)),
    lambda folder, elsewhere: (os.makedirs(folder, mode=0o700), os.chmod(folder, 0o750)),
    lambda folder, elsewhere: (os.makedirs(folder.parent, exist_ok=True), folder.write_bytes(b"")),
])
def test_an_unsafe_folder_is_refused_and_nothing_is_written_there(admin_client, register, folder, tmp_path, make_unsafe):
    elsewhere = tmp_path / "elsewhere"
    folder.parent.mkdir(parents=True, exist_ok=True)
    make_unsafe(folder, elsewhere)
    response = upload(admin_client, brugge_removed())
    assert response.status_code == 200 and token_of(response) is None
    assert response.context.get("token") is None
    assert "niet veilig bewaard" in response.content.decode()
    assert not any(path.is_file() and path.name.endswith(".xlsx") for path in tmp_path.rglob("*"))


def test_a_folder_of_another_user_is_refused(register, folder, monkeypatch):
    os.makedirs(folder, mode=0o700)
    monkeypatch.setattr(import_uploads.os, "getuid", lambda: os.stat(folder).st_uid + 1)
    with pytest.raises(import_uploads.UnsafeFolder):
        import_uploads.park(b"PK")
    assert list(folder.iterdir()) == []


def test_an_expired_upload_is_refused_and_removed(admin_client, register, folder, settings):
    token = parked(admin_client, brugge_removed())
    age(folder / f"{token}.xlsx", settings.IMPORT_UPLOAD_TTL.total_seconds() + 60)
    response = confirm(admin_client, token)
    assert "Deze import is verlopen: laad het bestand opnieuw op." in response.content.decode()
    assert not (folder / f"{token}.xlsx").exists()
    assert not brugge_imported()


def test_a_fresh_upload_removes_expired_leftovers_and_keeps_the_rest(admin_client, register, folder, settings):
    content = brugge_removed()
    old = parked(admin_client, content)
    recent = parked(admin_client, content)
    age(folder / f"{old}.xlsx", settings.IMPORT_UPLOAD_TTL.total_seconds() + 60)
    (folder / "notes.txt").write_text("not ours to remove")
    upload(admin_client, content)
    assert not (folder / f"{old}.xlsx").exists()
    assert (folder / f"{recent}.xlsx").exists() and (folder / "notes.txt").exists()


def test_the_ttl_is_a_setting(admin_client, register, folder, settings):
    settings.IMPORT_UPLOAD_TTL = datetime.timedelta(seconds=30)
    token = parked(admin_client, brugge_removed())
    age(folder / f"{token}.xlsx", 31)
    assert "Deze import is verlopen" in confirm(admin_client, token).content.decode()


def test_another_session_cannot_confirm_someone_elses_upload(admin_client, register, folder):
    token = parked(admin_client, brugge_removed())
    other = Client()
    other.force_login(User.objects.create_superuser("tweede", "tweede@example.org", "x"))
    response = confirm(other, token)
    assert "verlopen of al uitgevoerd" in response.content.decode()
    assert "verlopen of al uitgevoerd" in other.get(preview_url(token), follow=True).content.decode()
    assert not brugge_imported()
    assert (folder / f"{token}.xlsx").exists()  # still the owner's to confirm
    confirm(admin_client, token)
    assert brugge_imported()
    assert not (folder / f"{token}.xlsx").exists()


@pytest.mark.parametrize("token", ["../../etc/passwd", "", "A" * 32, "0" * 31, "0" * 32 + "/x"])
def test_a_token_that_is_not_ours_is_refused(admin_client, register, folder, token):
    response = confirm(admin_client, token)
    assert response.status_code == 200
    assert "verlopen of al uitgevoerd" in response.content.decode()
    with pytest.raises(import_uploads.Missing):
        import_uploads.take(token)


def test_take_does_not_follow_a_symbolic_link_in_the_folder(register, folder, tmp_path):
    os.makedirs(folder, mode=0o700)
    secret = tmp_path / "secret.xlsx"
    secret.write_bytes(b"geheim")
    token = "0" * 32
    os.symlink(secret, folder / f"{token}.xlsx")
    with pytest.raises(import_uploads.Missing):
        import_uploads.take(token)
    assert secret.read_bytes() == b"geheim"
