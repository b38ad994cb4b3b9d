"""Browser tests: a real Chromium against a real server, as a person would use the site.

The server runs in a subprocess on its own, freshly loaded database (a temp SQLite file, or a
new database on the PostgreSQL server of DATABASE_URL). pytest-django's live_server is not
used: its transactional flush would empty the database the rest of the suite shares.
"""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support import REPO_ROOT, create_database, manage, server_environment

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT_DIR = REPO_ROOT / "artifacts" / "screenshots"
SERVER_LOG = REPO_ROOT / "artifacts" / "browser-server.log"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
START_TIMEOUT = 60
ADMIN_USERNAME = "beheerder"
# What `make run` does before it serves the site (keep in step with the Makefile).
SETUP_COMMANDS = [
    ["migrate", "--noinput"],
    ["load_reference_data"],
    ["load_plans"],
    ["load_boundaries"],
]


@dataclass
class Site:
    """The running server: its base URL and the superuser's credentials."""

    url: str
    username: str
    password: str
    log_path: Path  # the server's output, kept after the run
    env: dict  # the server's environment, to run manage.py against its database

    def manage(self, *args):
        """Run `manage.py <args>` on the site's database (e.g. to give a test its own user)."""
        manage(self.env, *args)


# --- the server --------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(url, process, log_path):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The server exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"The server did not answer /healthz within {START_TIMEOUT} s:\n{log_path.read_text()[-3000:]}")


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def site():
    """A server with what `make run` loads plus a superuser, on a database of its own."""
    password = secrets.token_urlsafe(18)
    database = create_database()
    process = None
    SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
    try:
        env = server_environment(database.url, password)
        for command in SETUP_COMMANDS:
            manage(env, *command)
        manage(env, "createsuperuser", "--noinput", "--username", ADMIN_USERNAME, "--email", "beheerder@example.org")
        port = free_port()
        with SERVER_LOG.open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
                cwd=REPO_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}"
        wait_until_healthy(url, process, SERVER_LOG)
        yield Site(url=url, username=ADMIN_USERNAME, password=password, log_path=SERVER_LOG, env=env)
    finally:
        if process is not None:
            stop(process)
        database.drop()


# --- the browser -------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser():
    """Headless Debian Chromium, shared by the tests of this folder.

    Package scope, not session: while Playwright's sync API is active its event loop counts as
    running, and Django would refuse ORM calls (SynchronousOnlyOperation) in the tests that run
    after this folder.
    """
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, site):
    """A fresh browser context per test: no cookies or storage carried over."""
    context = browser.new_context(locale="nl-BE", accept_downloads=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def console_errors(page):
    """What the page reports as errors: script errors, CSP refusals, failed loads (not the favicon)."""
    errors = []

    def record(message):
        url = message.location.get("url", "")
        if message.type == "error" and not url.endswith("/favicon.ico"):
            errors.append(f"{message.text} [{url}]")

    page.on("console", record)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    return errors


# --- helpers for the tests ---------------------------------------------------------------


def axe_violations(page):
    """axe-core's WCAG 2.1 A/AA violations on the current page (list of axe result dicts).

    axe is injected with page.evaluate (DevTools), which the site's Content-Security-Policy does
    not block, so the policy stays in force for the page itself.
    """
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response["violations"]


def describe_violations(violations):
    """One readable block per violation: rule id, impact, help, failing elements."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            summary = " ".join(line.strip() for line in node.get("failureSummary", "").splitlines()[1:])
            lines.append(f"    {json.dumps(node['target'])} {node['html'][:160]}")
            lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_no_axe_violations(page, what):
    """Fail with a readable list when axe-core finds WCAG 2.1 A/AA violations."""
    violations = axe_violations(page)
    if violations:
        pytest.fail(f"axe-core WCAG 2.1 A/AA violations on {what}:\n{describe_violations(violations)}")


def save_screenshot(page, name):
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
