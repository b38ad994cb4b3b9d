"""A clearly synthetic register in a separate, temporary database, for the benchmarks.

Import this module before anything from Django: it points DATABASE_URL at a temporary SQLite file
(or at BENCH_DATABASE_URL, e.g. a PostgreSQL database made for the purpose) and sets Django up.
"""

import datetime
import io
import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="pleegzorg-bench-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{WORKDIR}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pleegzorg.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Keep one connection for the whole run, so that the query log of a request survives.
os.environ.setdefault("CONN_MAX_AGE", "600")
# Files parked by the admin's import preview go to the temporary folder too, never into the work tree.
os.environ.setdefault("IMPORT_UPLOAD_DIR", f"{WORKDIR}/imports")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from initiatives.models import Category, Initiative  # noqa: E402
from municipalities.models import Municipality, Province, StatusEvent  # noqa: E402

DAY = datetime.date(2024, 6, 30)
# No space at either end: the import reads text stripped, so such a space would make every row "changed".
DESCRIPTION = " ".join(["Synthetische beschrijving van een lokaal initiatief voor pleeggezinnen."] * 2)


LOADERS = ("load_reference_data", "load_plans", "load_boundaries")


def prepare(loaders=LOADERS):
    """Migrate the benchmark database and run `loaders`: by default the real reference data, plans
    and boundaries, as `make run` loads them."""
    print(f"Synthetic register in {os.environ['DATABASE_URL'].split('@')[-1]}.")
    call_command("migrate", verbosity=0)
    for command in loaders:
        call_command(command, verbosity=0, stdout=io.StringIO())


def build_register(scale):
    """319 real municipalities (+ synthetic ones for scale > 1), statuses and ~1,500 initiatives per 1x."""
    with override_settings(SIMPLE_HISTORY_ENABLED=False):  # the previous register leaves no audit trail
        StatusEvent.objects.all().delete()
        Initiative.objects.all().delete()
        Municipality.objects.filter(name__startswith="Synthetische gemeente").delete()
    provinces = list(Province.objects.filter(country="BE"))
    Municipality.objects.bulk_create(
        Municipality(code=f"{50000 + n}", name=f"Synthetische gemeente {n:05d}", province=provinces[n % len(provinces)])
        for n in range(319 * (scale - 1))
    )
    municipalities = list(Municipality.objects.flemish_register().active_on(DAY))
    rng = random.Random(scale)
    events = []
    for municipality in municipalities:
        roll = rng.random()
        if roll < 0.75:
            start = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randrange(1500))
            events.append(StatusEvent(municipality=municipality, kind="candidate", date=start, source="synthetisch"))
            if roll < 0.65:
                appointed = start + datetime.timedelta(days=rng.randrange(1, 200))
                events.append(StatusEvent(municipality=municipality, kind="registered", date=appointed, source="synthetisch"))
    StatusEvent.objects.bulk_create(events)
    add_initiatives(1500 * scale, municipalities, rng)
    return len(municipalities)


def add_initiatives(count, municipalities=None, rng=None, started_by=None):
    """`count` synthetic initiatives for random `municipalities` (default: those active on DAY).

    By default like a real register: ~95% published, start dates from 2020 to 2025 (so some after
    DAY). With `started_by` (a date) every one is published and started by then, so that each
    lands on sheet c of the annex for that date.
    """
    municipalities = municipalities or list(Municipality.objects.flemish_register().active_on(DAY))
    rng = rng or random.Random(count)
    categories = list(Category.objects.all())
    first = Initiative.objects.filter(source="synthetisch").count()
    days = (started_by - datetime.date(2020, 1, 1)).days + 1 if started_by else 1900
    Initiative.objects.bulk_create(
        Initiative(
            municipality=rng.choice(municipalities),
            title=f"Synthetisch initiatief {n}",
            description=DESCRIPTION,
            category=rng.choice(categories),
            start_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randrange(days)),
            is_structural=rng.random() < 0.4,
            is_published=started_by is not None or rng.random() < 0.95,
            source="synthetisch",
        )
        for n in range(first, first + count)
    )
