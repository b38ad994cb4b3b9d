"""Uploaded annexes parked between the import preview and its confirmation: private, once, briefly.

They wait in settings.IMPORT_UPLOAD_DIR. That folder is created with mode 0700 when missing, and
must then be a real folder (not a symbolic link) of this process's user that no one else may read,
write or enter; otherwise nothing is parked (UnsafeFolder). Each upload gets a new file named by a
random token, created exclusively (O_EXCL, O_NOFOLLOW, mode 0600); `peek` reads it for the
preview's pages, `take` reads it once more and removes it. A file older than settings.IMPORT_UPLOAD_TTL has expired: `take` refuses and removes it, and
every `park` removes the expired ones left behind.
"""

import logging
import os
import re
import secrets
import stat
import time

from django.conf import settings

logger = logging.getLogger(__name__)
TOKEN = re.compile(r"[0-9a-f]{32}")
FILENAME = re.compile(r"[0-9a-f]{32}\.xlsx")


class UnsafeFolder(Exception):
    """The upload folder is missing, shared or a link; the details are logged, not shown."""


class Missing(Exception):
    """No parked upload under this token: never parked, already taken, or removed."""


class Expired(Exception):
    """The parked upload was older than IMPORT_UPLOAD_TTL; it has been removed."""


def is_token(value):
    return isinstance(value, str) and TOKEN.fullmatch(value) is not None


def park(content):
    """Keep `content` (bytes) and return its token (32 hex digits). Raises UnsafeFolder."""
    folder = _open_folder()
    try:
        _remove_expired(folder)
        token = secrets.token_hex(16)
        name = f"{token}.xlsx"
        handle = os.open(name, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600, dir_fd=folder)
        try:
            with os.fdopen(handle, "wb") as target:
                target.write(content)
        except BaseException:
            os.unlink(name, dir_fd=folder)
            raise
        return token
    finally:
        os.close(folder)


def peek(token):
    """The bytes parked under `token`, leaving them parked (the preview's later pages). Raises
    Missing, Expired (and removes the file) or UnsafeFolder."""
    return _read(token, remove=False)


def take(token):
    """The bytes parked under `token`, removing them. Raises Missing, Expired or UnsafeFolder."""
    return _read(token, remove=True)


def _read(token, remove):
    if not is_token(token):
        raise Missing(token)
    folder = _open_folder()
    try:
        name = f"{token}.xlsx"
        try:
            handle = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
        except OSError:
            raise Missing(token) from None
        with os.fdopen(handle, "rb") as source:
            info = os.fstat(source.fileno())
            usable = stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid()
            expired = _expired(info)
            content = source.read() if usable and not expired else None
        if remove or expired or not usable:
            try:
                os.unlink(name, dir_fd=folder)  # of two confirms at once (a double click), one wins
            except FileNotFoundError:
                raise Missing(token) from None
        if not usable:
            raise Missing(token)
        if expired:
            raise Expired(token)
        return content
    finally:
        os.close(folder)


def _open_folder():
    """A descriptor of the upload folder, once it is known to be private; raises UnsafeFolder."""
    path = os.fspath(settings.IMPORT_UPLOAD_DIR)
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        seen = os.lstat(path)
    except OSError as error:
        logger.error("Import upload folder %s cannot be created: %s", path, error)
        raise UnsafeFolder(path) from None
    _check(path, seen)
    try:
        folder = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError as error:
        logger.error("Import upload folder %s cannot be opened: %s", path, error)
        raise UnsafeFolder(path) from None
    opened = os.fstat(folder)
    if (opened.st_dev, opened.st_ino) != (seen.st_dev, seen.st_ino):
        os.close(folder)
        logger.error("Import upload folder %s was replaced while being opened", path)
        raise UnsafeFolder(path)
    return folder


def _check(path, info):
    if stat.S_ISLNK(info.st_mode):
        problem = "is a symbolic link"
    elif not stat.S_ISDIR(info.st_mode):
        problem = "is not a directory"
    elif info.st_uid != os.getuid():
        problem = f"belongs to uid {info.st_uid}, not {os.getuid()}"
    elif info.st_mode & 0o077:
        problem = f"has mode {stat.S_IMODE(info.st_mode):04o}; it must be 0700"
    else:
        return
    logger.error("Import upload folder %s %s: nothing is parked there", path, problem)
    raise UnsafeFolder(path)


def _expired(info):
    return time.time() - info.st_mtime > settings.IMPORT_UPLOAD_TTL.total_seconds()


def _remove_expired(folder):
    with os.scandir(folder) as entries:
        for entry in entries:
            if not FILENAME.fullmatch(entry.name):
                continue
            try:
                if _expired(entry.stat(follow_symlinks=False)):
                    os.unlink(entry.name, dir_fd=folder)
            except FileNotFoundError:  # taken meanwhile by another request
                pass
