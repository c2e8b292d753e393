"""A modification file (一户一档) from assessment to acceptance and follow-up."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.care import services
from apps.care.choices import ModificationStage
from apps.care.models import AbilityGrade, ModificationCase, ModificationItem, ModificationLine

pytestmark = pytest.mark.django_db

GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"


def _photo(name):
    return SimpleUploadedFile(name, GIF, content_type="image/gif")


def _case(person, assessed=datetime.date(2025, 1, 6)):
    case = services.modification_open(
        case=ModificationCase(
            person=person,
            year=assessed.year,
            assessed_on=assessed,
            assessor="能力评估中心",
            ability_grade=AbilityGrade.objects.get(level=2),
        )
    )
    return case


def _line(case, number=13, **kw):
    item = ModificationItem.objects.get(number=number)
    return services.modification_line_save(
        line=ModificationLine(
            case=case, item=item, quantity=1, unit_cost=item.unit_cost, subsidy=None, self_pay=None, **kw
        )
    )


def test_the_catalogue_is_seeded_with_7_basic_and_23_optional_items(db):
    assert ModificationItem.objects.count() == 30
    assert ModificationItem.objects.filter(basic=True).count() == 7


def test_a_basic_item_is_subsidised_and_an_optional_one_self_paid(lixiu):
    case = _case(lixiu)
    basic, optional = _line(case, 13), _line(case, 14)
    assert (basic.subsidy, basic.self_pay) == (Decimal(300), Decimal(0))
    assert (optional.subsidy, optional.self_pay) == (Decimal(0), Decimal(800))


def test_a_file_runs_from_assessment_to_follow_up(lixiu, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = _case(lixiu)
    _line(case)
    services.modification_advance(case=case, approved_on=datetime.date(2025, 1, 10))
    services.modification_advance(case=case, notice_start=datetime.date(2025, 1, 11))
    services.modification_advance(
        case=case, contractor="扬州安居", works_started_on=datetime.date(2025, 1, 18), before_photo=_photo("a.gif")
    )
    services.modification_advance(case=case, accepted_on=datetime.date(2025, 1, 30), after_photo=_photo("b.gif"))
    with pytest.raises(ValidationError, match="个月"):
        services.modification_advance(case=case, followed_up_on=datetime.date(2025, 6, 1))
    services.modification_advance(case=case, followed_up_on=datetime.date(2025, 7, 30), followup_note="使用良好")
    case.refresh_from_db()
    assert case.stage == ModificationStage.FOLLOWED_UP


def test_approval_needs_a_plan(lixiu):
    case = _case(lixiu)
    with pytest.raises(ValidationError, match="还没有项目"):
        services.modification_advance(case=case, approved_on=datetime.date(2025, 1, 10))


def test_works_cannot_start_before_the_week_of_notice_has_run(lixiu, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = _case(lixiu)
    _line(case)
    services.modification_advance(case=case, approved_on=datetime.date(2025, 1, 10))
    services.modification_advance(case=case, notice_start=datetime.date(2025, 1, 11))
    with pytest.raises(ValidationError, match="公示期7天未满"):
        services.modification_advance(
            case=case, contractor="扬州安居", works_started_on=datetime.date(2025, 1, 15), before_photo=_photo("a.gif")
        )
    case.refresh_from_db()
    assert case.stage == ModificationStage.NOTICE and case.works_started_on is None


def test_acceptance_without_a_notice_is_impossible(lixiu):
    """The steps run in order: a file not yet publicised cannot be accepted (its next step is the notice)."""
    case = _case(lixiu)
    _line(case)
    services.modification_advance(case=case, approved_on=datetime.date(2025, 1, 10))
    with pytest.raises(KeyError):
        services.modification_advance(case=case, accepted_on=datetime.date(2025, 1, 30))
    case.refresh_from_db()
    assert case.accepted_on is None


def test_lines_are_frozen_after_approval(lixiu):
    case = _case(lixiu)
    _line(case)
    services.modification_advance(case=case, approved_on=datetime.date(2025, 1, 10))
    with pytest.raises(ValidationError, match="已审批"):
        _line(case, 17)


def test_one_file_per_household_and_year(lixiu):
    _case(lixiu)
    with pytest.raises(ValidationError, match="一户一档"):
        _case(lixiu)
