"""The brand registry: discovery, checks, seed-step order and the one schedule installer."""

import datetime

import pytest

from apps.core import brands
from apps.core.brands import Brand, BrandError, DashboardPage, Schedule, SeedStep, order_steps, registered


def _noop(rng, ctx):
    pass


def test_every_brand_is_discovered_in_its_order():
    keys = [b.key for b in brands.registry() if not b.shared]
    assert keys == [
        "vanguard",
        "afterglow",
        "afterglow_orders",
        "afterglow_insights",
        "sunset",
        "sunset_education",
        "loyal",
    ]


def test_the_registry_is_loaded_once(monkeypatch):
    brands.registry()
    calls = []
    monkeypatch.setattr(brands, "discover", lambda: calls.append(1) or [])
    brands.registry()
    assert calls == []


def test_a_duplicate_brand_key_is_refused():
    with pytest.raises(BrandError, match="品牌标识“vanguard”重复声明"), registered(Brand(key="vanguard", title="重复")):
        pass
    assert len([b for b in brands.registry() if b.key == "vanguard"]) == 1


def test_a_dashboard_page_name_taken_by_another_brand_is_refused():
    page = DashboardPage("kit/<int:pk>/", "tests.brandkit.parts.dashboard_data", name="region")
    with (
        pytest.raises(BrandError, match="数据看板页面“region”重复声明"),
        registered(Brand(key="kit", title="测试", dashboard_pages=(page,))),
    ):
        pass


def test_the_party_drill_down_pages_are_declared_by_its_brand():
    from django.urls import reverse

    declared = {p.name for b in brands.registry() for p in b.dashboard_pages}
    assert {"region", "organisation"} <= declared
    assert reverse("dashboard:organisation", args=[7]) == "/dashboard/organisations/7/"


def test_a_step_after_an_unknown_step_is_refused():
    step = SeedStep("kit.one", _noop, after=("nowhere.step",))
    with pytest.raises(BrandError, match=r"依赖的步骤“nowhere\.step”不存在"):
        order_steps([Brand(key="kit", title="测试", demo_steps=(step,))], "demo_steps")


def test_steps_that_wait_for_each_other_are_refused():
    steps = (SeedStep("kit.a", _noop, after=("kit.b",)), SeedStep("kit.b", _noop, after=("kit.a",)))
    with pytest.raises(BrandError, match=r"循环依赖：kit\.a、kit\.b"):
        order_steps([Brand(key="kit", title="测试", demo_steps=steps)], "demo_steps")


def test_a_schedule_needs_exactly_one_timing():
    with pytest.raises(BrandError, match="必须且只能指定 crontab 或 every 之一"):
        Schedule("无时间", "kit.task")


def test_the_demo_steps_keep_the_order_the_demo_was_built_in():
    names = [s.name for s in brands.seed_steps("demo_steps")]
    assert names == [
        "party.organisations",
        "party.people",
        "volunteers.teams",
        "orders.demo",
        "insights.demo",
        "education.network",
        "workforce.records",
        "party.records",
        "care.records",
        "assessment.schemes",
        "accounts.demo",
        # 绿扬霞光's year of activities, certificates, honours: last, on the rng's tail.
        "volunteers.activities",
        "volunteers.certificates",
        "volunteers.honours",
        # 2022–2025 for the three newer brands (each reads the rng without advancing it).
        "volunteers.history",
        "volunteers.records",
        # Star levels through the services, once every team's hours are in.
        "volunteers.stars",
        "orders.history",
        # The functional districts' teams (made by volunteers.history) get their orders.
        "orders.district_teams",
        "insights.history",
        "care.history",
        # 牵手夕阳's door orders: orders of the 四单 loop, on their own stream.
        "care.door_orders",
        "education.history",
        "workforce.history",
        # The assessment's finished years are tallied once every brand's records exist.
        "assessment.tallies",
    ]


def test_the_city_steps_run_the_party_first_then_the_volunteers():
    names = [s.name for s in brands.seed_steps("city_steps")]
    assert names[0] == "party.organisations"
    assert names.index("volunteers.teams") < names.index("volunteers.hours")
    assert names.index("party.accounts") < names.index("party.activity_logs")


@pytest.mark.django_db
def test_installing_the_schedules_twice_creates_each_once():
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    from apps.core.schedules import declared_schedules, install_schedules

    PeriodicTask.objects.all().delete()
    assert install_schedules()["created"] == len(declared_schedules())
    counts = (PeriodicTask.objects.count(), CrontabSchedule.objects.count(), IntervalSchedule.objects.count())
    assert install_schedules() == {"created": 0, "reset": 0}
    install_schedules(reset=True)
    assert (PeriodicTask.objects.count(), CrontabSchedule.objects.count(), IntervalSchedule.objects.count()) == counts
    names = set(PeriodicTask.objects.values_list("name", flat=True))
    assert {
        "银发先锋·主题党日提醒（每月20日）",
        "银发先锋·清理遗留照片文件（每日）",
        "审计日志·清理超过保存期的记录（每日）",
        "年度考评·每日预计分",
        "年度考评·年终计分（1月5日）",
        "Excel 导入·清理出错行与预览文件（每小时）",
    } <= names


@pytest.mark.django_db
def test_a_reset_puts_back_the_declared_time_but_keeps_staffs_excel_hours():
    import json

    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    from apps.core.schedules import install_schedules

    install_schedules()
    other = CrontabSchedule.objects.create(minute="0", hour="8", timezone="Asia/Shanghai")
    PeriodicTask.objects.filter(task="party.remind_theme_day").update(crontab=other, enabled=False)
    PeriodicTask.objects.filter(task="excel.purge_old_files").update(kwargs=json.dumps({"hours": 4}))
    install_schedules()
    assert not PeriodicTask.objects.get(task="party.remind_theme_day").enabled
    install_schedules(reset=True)
    reminder = PeriodicTask.objects.get(task="party.remind_theme_day")
    assert reminder.enabled and reminder.crontab.day_of_month == "20"
    assert json.loads(PeriodicTask.objects.get(task="excel.purge_old_files").kwargs) == {"hours": 4}


def test_a_registered_brand_is_gone_after_its_block():
    kit = Brand(
        key="kit", title="测试品牌", schedules=(Schedule("kit", "kit.task", every=datetime.timedelta(hours=1)),)
    )
    with registered(kit):
        assert kit in brands.registry()
    assert kit not in brands.registry()


@pytest.mark.django_db
def test_a_brands_portal_entry_shows_by_permission_before_the_back_office(cast):
    from apps.core.brands import NavLink
    from apps.core.navigation import portal_navigation

    kit = Brand(key="kit", title="测试品牌", nav=(NavLink("测试入口", "dashboard:index", "accounts.view_user"),))
    with registered(kit):
        staff = [item["label"] for item in portal_navigation(cast.staff)]
        leader = [item["label"] for item in portal_navigation(cast.team_leader)]
    assert staff[-1] == "后台管理" and "测试入口" in staff
    assert "测试入口" not in leader


def test_a_task_installed_under_a_former_name_is_renamed_keeping_staffs_edits(db):
    """The English names beat once gave these tasks become their Chinese ones, staff's
    settings kept, with no second task."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    from apps.core.schedules import install_schedules

    PeriodicTask.objects.filter(task="audit.purge_old_events").delete()
    every = IntervalSchedule.objects.create(every=7200, period="seconds")
    PeriodicTask.objects.create(name="audit-purge-old-events", task="audit.purge_old_events", interval=every)
    install_schedules()
    tasks = PeriodicTask.objects.filter(task="audit.purge_old_events")
    assert [(t.name, t.interval.every) for t in tasks] == [("审计日志·清理超过保存期的记录（每日）", 7200)]
