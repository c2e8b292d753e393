"""make backup / make restore: a dump restored into a fresh database is the same database."""

import os

import pytest
from django.db import connection
from django.test import Client

from bench import backup
from tests import factories as f


@pytest.fixture
def database_url(require_services):
    return os.environ["DATABASE_URL"]


@pytest.fixture
def restored_name(database_url):
    name = f"{connection.settings_dict['NAME']}_restored"
    yield name
    import psycopg2
    from psycopg2 import sql

    admin = psycopg2.connect(backup._url("postgres"))
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    admin.close()


# transaction=True: pg_dump sees only committed rows; serialized_rollback puts back the
# migrations' data (regions, rules) the flush after a transactional test removes.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restored_dump_has_every_row_and_serves_the_portal(cast, database_url, restored_name, tmp_path):
    f.MembershipFactory.create_batch(3, organisation=cast.branch)
    source = backup._url(connection.settings_dict["NAME"])

    path = backup.dump(str(tmp_path / "cadre.dump"), database_url=source)
    backup.restore(path, restored_name, database_url=source)

    before, after = backup.table_counts(source), backup.table_counts(backup._url(restored_name))
    assert after == before
    assert before["accounts_user"] == 10
    assert before["party_membership"] == 3
    assert len(before) > 40

    # The portal answers on the restored database.
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["NAME"] = restored_name
    try:
        client = Client()
        assert client.get("/healthz/").status_code == 200
        client.force_login(type(cast.staff).objects.get(username="staff"))
        assert client.get("/").status_code == 200
        assert client.get("/admin/party/membership/").status_code == 200
    finally:
        connection.close()
        connection.settings_dict.update(original)


def test_restore_refuses_an_existing_database(database_url, tmp_path):
    with pytest.raises(SystemExit, match="already exists"):
        backup.restore(str(tmp_path / "none.dump"), "postgres")
