"""Rules of the code base that a reader would otherwise have to trust: checked on the source itself.

- One named rule for "is on the Flemish register" (municipalities.models.areas.REGISTER_COUNTRY, read as
  Province/Municipality.on_flemish_register and the querysets' flemish_register()): no other module
  and no template compares a country with Belgium or spells "BE"/"NL" as a country.
- Apps depend one way: core ← municipalities ← initiatives, actions; the project package may use all.
- No import cycle between the modules of municipalities.models.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["core", "municipalities", "initiatives", "actions", "pleegzorg"]
SOURCES = sorted(path for app in APPS for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts)
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))

# A country compared with Belgium or the Netherlands by its code, or a filter on a province's country.
COUNTRY_CHECK = re.compile(
    r"""country\s*(==|!=|=)\s*(Country\.BELGIUM|["'](BE|NL)["'])|province__country\s*=|\.country\s*(==|!=)"""
)
# Where the rule itself lives, and the loader that reads the countries' own code lists.
RULE_HOMES = {"municipalities/models/areas.py", "municipalities/reference.py"}


def relative(path):
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("path", [p for p in SOURCES + TEMPLATES if relative(p) not in RULE_HOMES], ids=relative)
def test_the_flemish_register_rule_is_named_not_spelled_out(path):
    found = [
        (number, line.strip())
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if COUNTRY_CHECK.search(line) and "Country.NETHERLANDS" not in line
    ]
    assert not found, f"use on_flemish_register / flemish_register() (municipalities.models.areas): {found}"


def test_the_rule_check_finds_what_it_looks_for():
    for spelled in (
        'if municipality.province.country == "BE":',
        "Province.objects.filter(country=Country.BELGIUM)",
        "{% if municipality.province.country == 'BE' %}",
        'queryset.filter(province__country="BE")',
        'if plan.municipality.province.country != "NL":',
    ):
        assert COUNTRY_CHECK.search(spelled), spelled


def imports_of(path):
    """The top-level project packages and sibling modules `path` imports (at any depth of the file)."""
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                package = path.relative_to(ROOT).with_suffix("").parts[: -node.level]
                base = ".".join(package + ((node.module,) if node.module else ()))
                names |= {base} | {f"{base}.{alias.name}" for alias in node.names}
            elif node.module:
                names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return names


# Which app may import which (issue 12's "apps depend one way").
MAY_USE = {
    "core": set(),
    "municipalities": {"core"},
    "initiatives": {"core", "municipalities"},
    "actions": {"core", "municipalities"},
    "pleegzorg": set(APPS),
}


@pytest.mark.parametrize("path", SOURCES, ids=relative)
def test_apps_depend_one_way(path):
    app = relative(path).split("/")[0]
    used = {name.split(".")[0] for name in imports_of(path)} & set(APPS)
    assert used - {app} <= MAY_USE[app], f"{relative(path)} imports {sorted(used - {app} - MAY_USE[app])}"


def test_the_models_of_municipalities_import_no_cycle():
    folder = ROOT / "municipalities" / "models"
    modules = {path.stem for path in folder.glob("*.py") if path.stem != "__init__"}
    graph = {
        name: {
            imported.split(".")[2]
            for imported in imports_of(folder / f"{name}.py")
            if imported.startswith("municipalities.models.") and imported.split(".")[2] in modules
        }
        for name in modules
    }

    def reaches(start, goal, seen=()):
        return any(step == goal or (step not in seen and reaches(step, goal, (*seen, step))) for step in graph[start])

    assert not [name for name in modules if reaches(name, name)], graph


def test_one_status_badge():
    """A municipality's status badge is drawn by {% status_badge %} (municipalities/templatetags/register.py),
    an action's by actions/status.html: no template draws one itself."""
    drawn = [relative(path) for path in TEMPLATES if 'class="status status-' in path.read_text()]
    assert drawn == ["templates/actions/status.html"]


def calls_in(function):
    """The names of what `function` (an ast.FunctionDef) calls: "render", "opendata.respond", "Paginator"."""
    return {ast.unparse(node.func) for node in ast.walk(function) if isinstance(node, ast.Call)}


@pytest.mark.parametrize("path", [p for p in SOURCES if relative(p) != "core/listing.py"], ids=relative)
def test_a_list_page_and_its_files_are_one_helper(path):
    """A view that serves a list both as a page and as open-data files does so through
    core.listing.list_or_file: no function renders a page and writes a file, or pages a public list itself."""
    for function in ast.walk(ast.parse(path.read_text())):
        if isinstance(function, ast.FunctionDef):
            calls = calls_in(function)
            assert not {"render", "opendata.respond"} <= calls, f"{relative(path)}: {function.name}"
            assert "Paginator" not in calls or "admin" in relative(path), f"{relative(path)}: {function.name}"


@pytest.mark.parametrize("path", [p for p in SOURCES if relative(p).startswith("actions/")], ids=relative)
def test_the_dutch_plans_take_only_the_municipalities_themselves_from_the_register_app(path):
    """Plumbing (dates, open data, downloads, the public cache) lives in core; from municipalities, the
    plans need the Municipality and its Country only."""
    used = {name for name in imports_of(path) if name.split(".")[0] == "municipalities"}
    assert all(name.startswith("municipalities.models") for name in used), sorted(used)
