"""Browser tests: put back the reference data that a transactional test's flush removed.

The browser tests are transactional (the live server needs committed rows) and ask for
``serialized_rollback`` so the data loaded by migrations (regions, 三会一课 rules) comes
back after each flush. But once Playwright's event loop runs in the test thread, Django
hands out connections for that context that lack the snapshot taken at database set-up,
and the restore silently does nothing. Reloading the same rows here (both loaders are
idempotent) keeps every browser test independent of the order the suite runs them in.
"""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

COMPLIANCE_RULES = importlib.import_module("apps.party.migrations.0002_default_compliance_rules")


@pytest.fixture(autouse=True)
def reference_data(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db")
    from apps.regions.models import Region

    if not Region.objects.exists():
        from apps.regions.apps import FIXTURE

        call_command("loaddata", str(FIXTURE), verbosity=0)
    COMPLIANCE_RULES.create(django_apps, None)
