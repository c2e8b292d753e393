"""The mixed day of ``make load`` (bench/load_mixed.py): its pure parts, and a tiny day —
one user of each role for a few seconds — against the live test server, checked the way
the real run checks (every write the users were told of, exactly once)."""

import datetime
import importlib
from urllib.parse import urlparse

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from bench import load, load_mixed
from tests import factories as f
from tests.education.conftest import make_venue
from tests.workspace.conftest import ensure_reference_data, member

CATEGORIES = importlib.import_module("apps.volunteers.migrations.0003_default_categories_and_stars")


def test_sixty_users_make_the_planned_day_and_every_role_gets_one():
    assert load_mixed.split(60) == {"secretary": 20, "team_leader": 12, "elder": 12, "district": 8, "leader": 8}
    assert load_mixed.split(5) == dict.fromkeys(load_mixed.ROLES, 1)
    assert sum(load_mixed.split(37).values()) == 37
    with pytest.raises(ValueError):
        load_mixed.split(4)


def test_pages_are_found_by_their_links():
    dashboard = (
        '<nav class="dash-tabs" aria-label="四大品牌"><a href="?brand=party&amp;year=2026">银发先锋</a>'
        '<a href="?brand=volunteers&amp;year=2026">绿扬霞光</a></nav>'
        '<a href="/dashboard/regions/3/?year=2026&amp;brand=party">广陵区</a><a href="/dashboard/print/">打印</a>'
        '<a href="/dashboard/export.xlsx?brand=party">导出</a><a href="?page=2">下一页</a>'
    )
    courses = '<a href="/education/courses/7/apply/?person=3">报名</a><a href="/education/courses/9/apply/">报名</a>'
    queue = '<a href="/workspace/review/12/">审核</a><a href="/workspace/review/12/approve/">通过</a>'

    assert load_mixed.dashboard_tabs(dashboard) == [
        "/dashboard/?brand=party&year=2026",
        "/dashboard/?brand=volunteers&year=2026",
    ]
    assert load_mixed.dashboard_tabs("<p>no tabs</p>") == []
    assert load_mixed.dashboard_drilldowns(dashboard) == ["/dashboard/regions/3/?year=2026&brand=party"]
    assert load_mixed.links(load_mixed.APPLY_LINK, courses) == [
        ("/education/courses/7/apply/", "7"),
        ("/education/courses/9/apply/", "9"),
    ]
    assert load_mixed.links(load_mixed.REVIEW_LINK, queue) == [("/workspace/review/12/", "12")]


def test_the_verdict_needs_every_check_and_the_p95_goal():
    day = load_mixed.Day()
    counts = dict.fromkeys(load_mixed.ROLES, 1)
    day.by_role["leader"].latencies = [100.0] * 19 + [900.0]
    clean = dict.fromkeys(load_mixed.PROBLEMS, 0)

    assert load_mixed.figures_of(day, counts, 10.0, clean)["passed"] is True
    assert load_mixed.figures_of(day, counts, 10.0, {**clean, "enrolments_duplicated": 1})["passed"] is False
    day.by_role["elder"].latencies = [500.0] * 10
    slow = load_mixed.figures_of(day, counts, 10.0, clean)
    assert slow["p95_ok"] is False
    assert slow["roles"]["elder"]["p95_ms"] == 500.0
    assert slow["passed"] is False


def test_the_sign_ins_are_timed_apart_from_the_window():
    day = load_mixed.Day()
    counts = dict.fromkeys(load_mixed.ROLES, 1)
    day.by_role["leader"].latencies = [100.0] * 20
    day.sign_in_ms = [250.0] * 4 + [2000.0]
    day.ramp_s = 9.0
    figures = load_mixed.figures_of(day, counts, 60.0, dict.fromkeys(load_mixed.PROBLEMS, 0))
    assert (figures["p95_ms"], figures["sign_ins"], figures["sign_in_p95_ms"], figures["ramp_up_s"]) == (
        100.0,
        5,
        2000.0,
        9.0,
    )
    assert figures["passed"] is True


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_tiny_mixed_day_writes_everything_once(require_services, live_server, cast, settings, monkeypatch):
    ensure_reference_data()
    CATEGORIES.add(django_apps, None)
    settings.ALLOWED_HOSTS = ["*"]
    from apps.party import logs

    roster = [member(cast.branch, i) for i in range(3)]
    long_ago = datetime.date(2020, 1, 1)
    for i in range(4):
        person = f.PersonFactory(region=cast.team.region, birth_date=datetime.date(1950 + i, 5, 1 + i))
        f.TeamMemberFactory(team=cast.team, person=person, joined_on=long_ago)
    make_venue()
    waiting = logs.activity_log_save(
        user=cast.secretary,
        organisation=cast.branch,
        data={
            "activity_type": "committee_meeting",
            "held_on": timezone.localdate() - datetime.timedelta(days=3),
            "theme": "研究本季度党员教育安排",
        },
        attendance={p.pk: (True, "") for p in roster},
    )
    logs.activity_log_submit(log=waiting, user=cast.secretary)
    for user in (cast.secretary, cast.district, cast.leader):
        user.set_password(load.PASSWORD)
        user.save()
    prepared = load_mixed.prepare(team_leaders=1, elders=1, courses=6)
    monkeypatch.setattr(load, "PORT", urlparse(live_server.url).port)
    counts = dict.fromkeys(load_mixed.ROLES, 1)
    names = {
        "secretary": [cast.secretary.username],
        "team_leader": prepared["team_leaders"],
        "elder": prepared["elders"],
        "district": [cast.district.username],
        "leader": [cast.leader.username],
    }

    day, elapsed = load_mixed.play(counts, names, duration=6, think=0)
    checks = load_mixed.verify(day, prepared["term"])
    figures = load_mixed.figures_of(day, counts, elapsed, checks)

    assert figures["errors_5xx"] == 0
    assert figures["_errors"] == []
    assert {role: r["signed_in"] for role, r in figures["roles"].items()} == counts
    assert all(r["requests"] > 0 for r in figures["roles"].values()), figures["roles"]
    assert checks["secretary_completed"] > 0
    assert checks["activities_told"] > 0 and checks["hours_told"] > 0
    assert checks["enrolments_told"] > 0
    assert waiting.pk in day.approved
    assert len(figures["dashboard_tabs_read"]) >= 2, figures["dashboard_tabs_read"]
    assert figures["integrity_ok"], checks

    # A write nobody was told of is caught.
    from apps.volunteers.models import Activity

    stray = Activity.objects.filter(title__startswith=load_mixed.MARKER).first()
    stray.pk = None
    stray.save()
    assert load_mixed.verify(day, prepared["term"])["activities_untracked"] == 1
