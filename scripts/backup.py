"""Back up or restore the database that DATABASE_URL names (SQLite by default).

    python scripts/backup.py backup [--output FILE]
    python scripts/backup.py restore FILE

PostgreSQL: pg_dump in its custom format, restored with pg_restore --clean in one transaction.
SQLite: the online backup API, a consistent copy even while the app runs, both ways.
Backups go to backups/ (git-ignored) unless --output says otherwise.
"""

import argparse
import datetime
import glob
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import dj_database_url

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = f"sqlite:///{ROOT / 'db.sqlite3'}"


def postgres_tool(name):
    """pg_dump/pg_restore from PATH, else from Debian's versioned folders (newest first)."""
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        sys.exit(f"{name} ontbreekt: installeer postgresql-client.")
    return found


def libpq_url(url):
    """pg_dump wants postgresql:// (dj-database-url also accepts postgres://)."""
    return "postgresql://" + url.split("://", 1)[1]


def sqlite_copy(source, target):
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def backup(url, output):
    config = dj_database_url.parse(url)
    output.parent.mkdir(parents=True, exist_ok=True)
    if config["ENGINE"].endswith("postgresql"):
        subprocess.run(
            [postgres_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={output}", libpq_url(url)], check=True
        )
    else:
        if not Path(config["NAME"]).is_file():
            sys.exit(f"Geen database gevonden: {config['NAME']}")
        sqlite_copy(config["NAME"], str(output))
    print(output)


def restore(url, source):
    if not source.is_file():
        sys.exit(f"Geen back-up gevonden: {source}")
    config = dj_database_url.parse(url)
    if config["ENGINE"].endswith("postgresql"):
        subprocess.run(
            [
                postgres_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={libpq_url(url)}",
                str(source),
            ],
            check=True,
        )
    else:
        sqlite_copy(str(source), config["NAME"])
    print(f"Teruggezet uit {source}")
    # Django did not see these writes: the public pages must not be served from before the restore.
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "clear_public_cache"], cwd=ROOT, check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup")
    make.add_argument("--output", type=Path)
    back = commands.add_parser("restore")
    back.add_argument("file", type=Path)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if args.command == "backup":
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        extension = "dump" if url.startswith("postgres") else "sqlite3"
        backup(url, args.output or ROOT / "backups" / f"pleegzorg-{stamp}.{extension}")
    else:
        restore(url, args.file)


if __name__ == "__main__":
    main()
