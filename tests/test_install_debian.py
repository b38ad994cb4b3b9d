"""scripts/install-debian.sh, behind `make browser` and `make office`: quiet when the programs are
there, apt-get when one is missing (here a stand-in apt-get first on PATH that logs its calls and
"installs" by creating the program), a clear message when that did not help."""

import os
import subprocess

import pytest

from tests.support import REPO_ROOT

SCRIPT = REPO_ROOT / "scripts" / "install-debian.sh"
FAKE_APT_GET = """#!/bin/sh
echo "$DEBIAN_FRONTEND apt-get $*" >> "{folder}/apt.log"
if [ "$1" = install ]; then printf '#!/bin/sh\\n' > "{folder}/installed-tool"; chmod +x "{folder}/installed-tool"; fi
"""


def run(*args, folder):
    env = dict(os.environ, PATH=f"{folder}:{os.environ['PATH']}", CI="true")
    return subprocess.run(["bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture
def apt_folder(tmp_path):
    apt_get = tmp_path / "apt-get"
    apt_get.write_text(FAKE_APT_GET.format(folder=tmp_path))
    apt_get.chmod(0o755)
    return tmp_path


def apt_calls(folder):
    log = folder / "apt.log"
    return log.read_text().splitlines() if log.exists() else []


def test_a_missing_program_is_installed_without_recommends_by_root(apt_folder):
    result = run("/bin/sh", "installed-tool", "--", "some-package", folder=apt_folder)
    if os.geteuid() != 0:  # apt-get needs root: the script says how, and installs nothing
        assert result.returncode == 1 and apt_calls(apt_folder) == []
        assert "run as root: apt-get install --no-install-recommends some-package" in result.stderr
        return
    assert result.returncode == 0, result.stderr
    assert apt_calls(apt_folder) == [
        "noninteractive apt-get update -qq",
        "noninteractive apt-get install -y -qq --no-install-recommends some-package",
    ]


def test_nothing_happens_when_every_program_is_there(apt_folder):
    result = run("/bin/sh", "apt-get", "--", "some-package", folder=apt_folder)
    assert (result.returncode, result.stdout, result.stderr, apt_calls(apt_folder)) == (0, "", "", [])


def test_a_program_still_missing_is_an_error_that_names_it(apt_folder):
    result = run("/nonexistent/tool", "--", "some-package", folder=apt_folder)
    assert result.returncode == 1
    assert "install-debian: " in result.stderr and "/nonexistent/tool" in result.stderr
    assert "some-package" in result.stderr


@pytest.mark.parametrize("args", [[], ["/bin/sh"], ["/bin/sh", "--"], ["--", "some-package"]])
def test_programs_and_packages_are_both_required(apt_folder, args):
    result = run(*args, folder=apt_folder)
    assert result.returncode == 2 and "usage:" in result.stderr and apt_calls(apt_folder) == []
