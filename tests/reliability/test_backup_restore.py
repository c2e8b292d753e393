"""make backup / make restore: a dump restored into a fresh database is the same database.

The test works on two scratch databases of its own (so no test transaction hides rows
from pg_dump and the test database is never flushed): it writes committed rows into
the first, dumps it, restores the dump into the second and compares them.
"""

import os
from contextlib import contextmanager

import psycopg2
import pytest
from django.db import connection
from django.test import Client
from psycopg2 import sql

from bench import backup
from tests import factories as f


def _admin(statement):
    admin = psycopg2.connect(backup._url("postgres"))
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            cur.execute(statement)
    finally:
        admin.close()


@contextmanager
def using(name: str):
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(original)


@pytest.fixture
def scratch(require_services, django_db_blocker):
    """Two scratch databases on the configured server: a freshly migrated source, and the
    name to restore into; both dropped afterwards."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        base = connection.settings_dict["NAME"].removeprefix("test_")
        source, target = f"test_{base}_backup_src", f"test_{base}_backup_dst"
        for db in (source, target):
            _admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db)))
        _admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(source)))
        with using(source):
            call_command("migrate", interactive=False, verbosity=0)
        yield source, target
        for db in (source, target):
            _admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db)))


def test_a_restored_dump_has_every_row_and_serves_the_portal(scratch, django_db_blocker, tmp_path):
    from apps.accounts.choices import Role
    from apps.accounts.services import user_create

    source, target = scratch
    with django_db_blocker.unblock():
        with using(source):  # committed rows across apps
            branch = f.OrganisationFactory(region=f.region("广陵区"))
            f.MembershipFactory.create_batch(3, organisation=branch)
            user_create(username="backup_staff", password="Backup-Pass-2026", role=Role.BUREAU_STAFF)

        path = backup.dump(str(tmp_path / "cadre.dump"), database_url=backup._url(source))
        backup.restore(path, target, database_url=backup._url(source))

        before, after = backup.table_counts(backup._url(source)), backup.table_counts(backup._url(target))
        assert after == before
        assert before["party_membership"] == 3
        assert before["regions_region"] == 10
        assert len(before) > 40

        with using(target):  # the portal answers on the restored database
            client = Client()
            assert client.get("/healthz/").status_code == 200
            from apps.accounts.models import User

            client.force_login(User.objects.get(username="backup_staff"))
            assert client.get("/admin/party/membership/").status_code == 200


def test_restore_refuses_an_existing_database(require_services, tmp_path):
    assert os.environ["DATABASE_URL"]
    with pytest.raises(SystemExit, match="already exists"):
        backup.restore(str(tmp_path / "none.dump"), "postgres")
