"""Backup and restore of the portal's PostgreSQL database (``make backup`` / ``make restore``).

    python -m bench.backup dump [FILE]            # pg_dump -Fc of DATABASE_URL (default backups/cadre-<time>.dump)
    python -m bench.backup restore FILE NAME      # into a NEW database NAME on the same server

A restore never overwrites: it refuses when ``NAME`` exists. It restores without owners
or privileges (the target server's roles may differ), then the portal can be pointed at
it by changing ``DATABASE_URL``'s database name. :func:`table_counts` gives the row count
of every table, to compare a restore with its source.
"""

import datetime
import os
import subprocess
import sys
from urllib.parse import urlparse

import psycopg2
from psycopg2 import sql


def _url(name: str | None = None, database_url: str | None = None) -> str:
    parsed = urlparse(database_url or os.environ.get("DATABASE_URL", ""))
    if not parsed.scheme.startswith("postgres"):
        raise SystemExit("backup/restore needs DATABASE_URL=postgres://…")
    if name is not None:
        parsed = parsed._replace(path=f"/{name}")
    # libpq understands postgresql://, not Django's postgres:// spelling alone on old versions.
    return parsed._replace(scheme="postgresql").geturl()


def dump(path: str | None = None, database_url: str | None = None) -> str:
    """``pg_dump --format=custom`` of the database to ``path``; returns the path."""
    if path is None:
        os.makedirs("backups", exist_ok=True)
        path = f"backups/cadre-{datetime.datetime.now():%Y%m%d-%H%M%S}.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--file", path, _url(database_url=database_url)], check=True
    )
    return path


def restore(path: str, name: str, database_url: str | None = None) -> str:
    """Create database ``name`` (it must not exist) and ``pg_restore`` ``path`` into it."""
    admin = psycopg2.connect(_url("postgres", database_url))
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cur.fetchone():
                raise SystemExit(f"database {name} already exists: restore into a new name")
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        admin.close()
    subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--dbname", _url(name, database_url), path],
        check=True,
    )
    return name


def table_counts(url: str) -> dict[str, int]:
    """Exact row count of every table in the ``public`` schema."""
    conn = psycopg2.connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
            )
            tables = [row[0] for row in cur.fetchall()]
            counts = {}
            for table in tables:
                cur.execute(sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(table)))
                counts[table] = cur.fetchone()[0]
            return counts
    finally:
        conn.close()


def main(argv: list[str]) -> int:
    if len(argv) >= 1 and argv[0] == "dump":
        print(dump(argv[1] if len(argv) > 1 else None))
        return 0
    if len(argv) == 3 and argv[0] == "restore":
        restore(argv[1], argv[2])
        counts = table_counts(_url(argv[2]))
        print(f"restored {argv[1]} into {argv[2]}: {len(counts)} tables, {sum(counts.values())} rows")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
