import pytest


@pytest.fixture(autouse=True)
def _regions_present(db):
    """The regions come from a data migration; a transactional test elsewhere in the suite
    ends with a flush that empties them. Put them back so these tests do not depend on
    the order the suite runs in (the Party rules and schedule come back by themselves,
    through ``post_migrate``)."""
    from django.conf import settings
    from django.core.management import call_command

    from apps.regions.models import Region

    if not Region.objects.exists():
        call_command("loaddata", str(settings.BASE_DIR / "fixtures" / "regions.json"), verbosity=0)
