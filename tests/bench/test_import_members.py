"""The import benchmark runs on any database (issue 14, item 21): its workbook is generated
with a fixed seed, so the configured database may already hold the very same people."""

import pytest

from bench import import_members

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_runs_where_the_configured_database_holds_its_people(require_services, monkeypatch):
    from apps.people.services import person_create
    from apps.regions.models import Region

    monkeypatch.setattr(import_members, "ROWS", 40)
    # The configured database already holds people the workbook names (same seed).
    fixtures = import_members.ensure_fixtures()
    for row in import_members.member_rows(fixtures, 10):
        person_create(id_number=row[0], name=row[1], region=Region.objects.get(name=row[7]), retirement_type="tuixiu")

    figures = import_members.run(None)

    assert figures["rows"] == 40
    assert figures["queries"] > 0
