"""The demo leaves the year ready to walk through as demo_staff."""

import pytest
from django.core.management import call_command

from apps.accounts.models import User
from apps.assessment import services
from apps.assessment.choices import RunStatus, SchemeStatus, UnitKind
from apps.assessment.models import Appeal, Scheme, TallyRun
from apps.assessment.selectors import ranking

pytestmark = pytest.mark.django_db


def test_the_demo_has_finished_years_and_one_in_progress():
    call_command("seed_demo", quiet_accounts=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    schemes = {(s.year, s.unit_kind): s.status for s in Scheme.objects.all()}
    assert schemes == {
        (2024, UnitKind.REGION): SchemeStatus.LOCKED,
        (2025, UnitKind.REGION): SchemeStatus.LOCKED,
        (2025, UnitKind.ORGANISATION): SchemeStatus.LOCKED,
        (2026, UnitKind.ORGANISATION): SchemeStatus.EVALUATING,
    }
    assert TallyRun.objects.filter(status=RunStatus.COMPLETED, is_current=True).count() == 3
    assert Appeal.objects.filter(status="rejected").count() == 3
    region_2025 = Scheme.objects.get(year=2025, unit_kind=UnitKind.REGION)
    assert len(ranking(scheme=region_2025, user=User.objects.get(username="demo_leader"))) == 10
    assert len(ranking(scheme=region_2025, user=User.objects.get(username="demo_district"))) == 1
    # demo_staff's walk-through starts by copying last year's region scheme.
    copy = services.scheme_copy(scheme=region_2025)
    assert (copy.year, copy.indicators.count(), copy.grade_rules.count()) == (2026, 9, 3)
