"""四就近 service points: the cadres each serves, the Excel import and export, the count on
the dashboard section."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.care import services
from apps.care.models import ServedCadre, ServicePoint
from apps.care.resources import ServicePointResource
from apps.care.selectors import section_data
from apps.core.excel.formats import XLSX, write_rows
from apps.core.figures import Filters
from tests import factories as f

pytestmark = pytest.mark.django_db


def _point(region="广陵区", name="东关街道老干部活动室", kind="activity", **kw):
    return services.point_save(
        point=ServicePoint(region=f.region(region), name=name, address="东关街88号", kind=kind, offers="棋牌", **kw)
    )


def _import(user, rows):
    dataset = XLSX().create_dataset(write_rows(ServicePointResource.headers(), rows, title="四就近服务点"))
    return ServicePointResource(user=user).import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True, user=user
    )


def test_a_point_serves_cadres_of_its_own_region(cast):
    point = _point()
    here = f.PersonFactory()
    services.served_save(served=ServedCadre(point=point, person=here, needs="送学上门"), user=cast.district)
    there = f.PersonFactory(region=f.region("邗江区"))
    with pytest.raises(ValidationError, match="不属于广陵区"):
        services.served_save(served=ServedCadre(point=point, person=there))
    assert list(point.served.values_list("person", flat=True)) == [here.pk]


def test_district_staff_cannot_open_a_point_elsewhere(cast):
    with pytest.raises(ValidationError, match="不在您"):
        services.point_save(
            point=ServicePoint(region=f.region("邗江区"), name="甲", address="乙", kind="study", offers="读书"),
            user=cast.district,
        )


def test_the_import_is_all_or_nothing_with_reasons(cast):
    good = ["广陵区", "汶河街道老年学习点", "汶河路1号", "就近学习", "读书读报", "周一至周五", "王芳", "13800001111"]
    result = _import(
        cast.district,
        [
            good,
            ["邗江区", "甲", "乙", "就近活动", "棋牌", "", "", ""],
            ["广陵区", "汶河街道老年学习点", "汶河路1号", "就近学习", "读书", "", "", ""],
            ["广陵区", "丙", "丁", "就近玩耍", "棋牌", "", "", "12345"],
        ],
    )
    assert result.has_validation_errors() and not ServicePoint.objects.exists()
    errors = {row.number: str(row.error) for row in result.invalid_rows}
    assert "不在您的数据权限范围内" in errors[3] and "与第2行重复" in errors[4]
    assert "不是可选值" in errors[5] and "联系电话" in errors[5]
    result = _import(cast.district, [good])
    assert not result.has_validation_errors()
    point = ServicePoint.objects.get()
    assert point.kind == "study" and point.history.count() == 1


def test_the_export_is_scoped(cast):
    _point()
    _point("邗江区", name="邗江老干部活动中心")
    rows = list(ServicePointResource(user=cast.district).export())
    assert [r[1] for r in rows] == ["东关街道老干部活动室"]


def test_the_dashboard_section_counts_points_and_cadres(cast, django_assert_max_num_queries):
    point = _point()
    _point(name="汶河老年学习点", kind="study")
    _point(name="停用的点", kind="study", active=False)
    for _ in range(3):
        services.served_save(served=ServedCadre(point=point, person=f.PersonFactory()))
    with django_assert_max_num_queries(12):
        data = section_data(Filters(year=datetime.date.today().year))
    points = {label: (n, served) for label, n, served in data["points"]}
    assert points["就近活动"] == (1, 3) and points["就近学习"] == (1, 0)
    assert section_data(Filters(year=datetime.date.today().year, region=f.region("邗江区")))["points"][0][1:] == (0, 0)
