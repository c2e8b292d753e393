"""``python -m bench load``: a mixed day of the four brands (issue 19).

60 simulated users (``--users``) for 60 s (``--duration``) on gunicorn + PostgreSQL + Redis
over a throw-away copy of the city data set, each a thread with its own connection, signed
in with its own session, pausing between pages like a person (``BENCH_THINK`` seconds on
average, default 1). The users sign in first, one every 0.15 s (the ramp-up: a password
hash each, timed apart as ``sign_in_*``); the measured window then opens for all of them at
once, as in a working day whose users are already signed in:

- **secretaries** (银发先锋) log activities through the workspace's three screens, exactly
  as the secretaries-only scenario does (:mod:`bench.load`: client tokens, double clicks,
  retries);
- **team leaders** (绿扬霞光) land on their 工作台 (followed from /, now /workspace/team/…),
  record an activity from its "记一次服务活动" link, then its participants' hours; some hours
  are double-clicked and must be saved once;
- **elders** (牵手夕阳) read their page and the course list and enrol in first-come courses
  of an open term; some applications are double-clicked or retried and must give one
  enrolment;
- **district officers** review logs from the review queue (/workspace/review/) and approve
  them; some approvals are double-clicked and must be recorded once;
- **leaders** read the leadership dashboard and its brand tabs (the links on /dashboard/).

Pages are found by following links where the portal shows them (the dashboard's tabs, the
review queue's logs, the course list's "apply" links, the forms' next screens), so paths
may move without this scenario changing.

The city data set has secretaries, district officers and a leader; what it lacks for this
day is added here, in the copy only (:func:`prepare`): team leader accounts for the first
teams, elder accounts linked to people without an account, and an open term with
first-come courses (the seeded term's windows are in the past).

Checks, in the database afterwards: no 5xx, every write the users were told of present
exactly once (logs by client token, activities and their hours, enrolments, approvals),
nothing written they were not told of; p50/p95 overall and per role; goal p95 ≤ 400 ms.
"""

import datetime
import html
import os
import random
import re
import threading
import time
from decimal import Decimal

from bench import load
from bench.load import pause
from bench.loadgen import Browser, percentile

ROLES = ("secretary", "team_leader", "elder", "district", "leader")
# Shares of the users, the secretaries taking the rest (60 users → 20/12/12/8/8).
SHARES = {"team_leader": 0.2, "elder": 0.2, "district": 2 / 15, "leader": 2 / 15}
GOAL_P95_MS = 400.0
MARKER = load.MARKER
TERM_NAME = "负载测试学期"
COURSES = 150
THINK = float(os.environ.get("BENCH_THINK", "1.0"))
RAMP_STEP_S = 0.15  # between two users' sign-ins
RAMP_TIMEOUT_S = 180.0

ACTIVITY_HOURS_PATH = re.compile(r"/activities/(\d+)/hours/")
NEW_ACTIVITY_LINK = re.compile(r'href="(/[^"]*/activities/new/)"')
WORKSPACE_LINK = re.compile(r'href="(/workspace/[^"]*)"')
MEMBER_BOX = re.compile(r'name="m(\d+)"')
CATEGORY_SELECT = re.compile(r'<select name="category"[^>]*>(.*?)</select>', re.S)
OPTION_VALUE = re.compile(r'<option value="(\d+)"')
APPLY_LINK = re.compile(r'href="(/education/courses/(\d+)/apply/)[^"]*"')
REVIEW_LINK = re.compile(r'href="(/workspace/review/(\d+)/)"')
DASHBOARD_LINK = re.compile(r'href="(/dashboard/[^"#]*)"')
DASH_TABS = re.compile(r'<nav class="dash-tabs"[^>]*>(.*?)</nav>', re.S)
QUERY_LINK = re.compile(r'href="(\?[^"#]*)"')
ALREADY_ENROLLED = "不能重复报名"
ALREADY_RECORDED = ("已有服务记录", "请至少登记一名志愿者")


def split(users: int) -> dict[str, int]:
    """How many of ``users`` play each role: at least one each, the secretaries the rest."""
    if users < len(ROLES):
        raise ValueError(f"a mixed day needs at least {len(ROLES)} users")
    counts = {role: max(1, round(users * share)) for role, share in SHARES.items()}
    counts = {"secretary": users - sum(counts.values()), **counts}
    return counts


def links(pattern: re.Pattern, text: str) -> list:
    """Every distinct match of ``pattern`` in ``text``, in page order."""
    seen, found = set(), []
    for match in pattern.finditer(text):
        key = match.group(0)
        if key not in seen:
            seen.add(key)
            found.append(match.groups() if pattern.groups > 1 else match.group(1))
    return found


def dashboard_tabs(text: str) -> list[str]:
    """The brand tabs of /dashboard/ (its ``dash-tabs`` links, ``?brand=…``), as paths."""
    nav = DASH_TABS.search(text)
    return [f"/dashboard/{html.unescape(query)}" for query in links(QUERY_LINK, nav.group(1))] if nav else []


def dashboard_drilldowns(text: str) -> list[str]:
    """The dashboard pages a page links to (region → unit), not its print view or export."""
    return [
        html.unescape(path)
        for path in links(DASHBOARD_LINK, text)
        if "print" not in path and "export" not in path and ".xlsx" not in path
    ]


# ---------------------------------------------------------------------------
# What the city data set lacks for this day, added in the copy
# ---------------------------------------------------------------------------
def prepare(team_leaders: int, elders: int, courses: int = COURSES) -> dict:
    """Team leader and elder accounts and an open term of first-come courses (copy only)."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from apps.accounts.choices import Role
    from apps.accounts.models import User
    from apps.accounts.roles import group_for
    from apps.education.choices import AllocationMode, TermStatus, VenueLevel
    from apps.education.models import Course, Term, Venue
    from apps.people.models import Person
    from apps.volunteers.models import Team

    now = timezone.now()
    password = make_password(load.PASSWORD)

    def account(username, role, full_name, **scope):
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={"password": password, "role": role, "full_name": full_name, "password_changed_at": now, **scope},
        )
        if role:
            user.groups.set([group_for(role)])
        return user

    teams = list(Team.objects.order_by("pk")[:team_leaders])
    if len(teams) < team_leaders:
        raise RuntimeError(f"the data set has {len(teams)} volunteer teams, {team_leaders} team leaders wanted")
    leader_names = [
        account(f"bench_team_{i + 1:02d}", Role.TEAM_LEADER, f"{t.name}负责人", scope_team=t).username
        for i, t in enumerate(teams)
    ]
    people = list(Person.objects.filter(accounts__isnull=True).order_by("pk")[:elders])
    elder_names = [account(f"bench_elder_{i + 1:02d}", "", p.name, person=p).username for i, p in enumerate(people)]

    venues = list(
        Venue.objects.open_on(timezone.localdate())
        .filter(level__in=[VenueLevel.CITY, VenueLevel.DISTRICT])
        .order_by("pk")[:20]
    )
    term, _ = Term.objects.update_or_create(
        name=TERM_NAME,
        defaults={
            "starts_on": (now + datetime.timedelta(days=400)).date(),
            "ends_on": (now + datetime.timedelta(days=500)).date(),
            "returning_opens_at": now - datetime.timedelta(days=3),
            "returning_closes_at": now - datetime.timedelta(days=2),
            "new_opens_at": now - datetime.timedelta(days=1),
            "new_closes_at": now + datetime.timedelta(days=1),
            "status": TermStatus.OPEN,
            "course_limit": courses,
        },
    )
    Course.objects.bulk_create(
        [
            Course(
                term=term,
                venue=venues[i % len(venues)],
                name=f"{MARKER}课程{i + 1:03d}",
                weekday=i % 5 + 1,
                starts_at=datetime.time(8 + i % 8, 0),
                ends_at=datetime.time(9 + i % 8, 0),
                seats=1000,
                tuition=Decimal("0"),
                mode=AllocationMode.FIRST_COME,
            )
            for i in range(courses)
        ]
    )
    return {"team_leaders": leader_names, "elders": elder_names, "term": term.pk}


# ---------------------------------------------------------------------------
# The day's record
# ---------------------------------------------------------------------------
class Day:
    """One :class:`bench.load.Tally` per role (latencies, statuses, errors), plus the writes."""

    def __init__(self):
        self.by_role = {role: load.Tally() for role in ROLES}
        self.lock = threading.Lock()
        self.activities: dict[int, set[int]] = {}  # activity told created → members told recorded
        self.activity_posts = 0
        self.enrolments: set[tuple[int, int]] = set()  # (person, course) told enrolled
        self.enrol_refused_twice: set[tuple[int, int]] = set()  # both clicks refused: must not exist
        self.approved: set[int] = set()  # logs told approved
        self.second_clicks_refused = {"hours": 0, "enrol": 0, "approve": 0}
        self.tabs: set[str] = set()  # dashboard brand tabs the leaders opened
        self.drilldowns = 0  # region / unit pages they opened from them
        # The ramp-up: every user signs in first (not timed in the window); the window opens
        # for all of them at once when the last sign-in has answered.
        self.sign_in_ms: list[float] = []
        self.arrived = 0  # users whose sign-in has answered (signed in or refused)
        self.window = threading.Event()
        self.window_end = 0.0
        self.ramp_s = 0.0

    @property
    def latencies(self) -> list[float]:
        return [ms for t in self.by_role.values() for ms in t.latencies]

    def refused(self, what: str) -> None:
        with self.lock:
            self.second_clicks_refused[what] += 1


def _expect(tally, response, status: int, what: str):
    return load._expect(response, tally, status, what)


def _sign_in(day: Day, tally, username: str, delay: float) -> Browser | None:
    """Sign in during the ramp-up, then wait for the window: the signed-in browser, or None."""
    time.sleep(delay)  # sign-ins hash a password: spread them over the ramp-up
    browser = Browser(load.PORT, timeout=60)
    signed_in = False
    try:
        started = time.monotonic()
        signed_in = browser.login(username, load.PASSWORD)
        with day.lock:
            day.sign_in_ms.append((time.monotonic() - started) * 1000)
        if signed_in:
            with tally.lock:
                tally.active += 1
        else:
            tally.error(f"{username} could not sign in")
    except OSError as exc:
        tally.error(f"{username} sign-in: {type(exc).__name__}")
    with day.lock:
        day.arrived += 1
    day.window.wait(timeout=RAMP_TIMEOUT_S)
    return browser if signed_in else None


def landing(browser: Browser, tally, start: str = "/"):
    """Follow ``start``'s redirects to the page a role lands on: (its path, the response)."""
    path = start
    for _ in range(5):
        response = browser.get(path)
        tally.record(response)
        if response.status in (301, 302, 303, 307, 308) and response.location:
            path = response.location
            continue
        if response.status != 200:
            raise AssertionError(f"landing {path}: got {response.status}")
        return path, response
    raise AssertionError(f"landing: too many redirects from {start}")


def _loop(tally, username: str, deadline: float, step) -> None:
    n = 0
    while time.monotonic() < deadline:
        n += 1
        try:
            step(n)
        except (OSError, AssertionError, AttributeError, IndexError, ValueError) as exc:
            tally.error(f"{username} #{n}: {type(exc).__name__} {exc}")


def secretary(index, username, delay, day: Day, seed, think):
    tally = day.by_role["secretary"]
    rng = random.Random(seed + index)
    browser = _sign_in(day, tally, username, delay)
    if browser is None:
        return
    twin = Browser(load.PORT, timeout=60)
    twin.cookies = browser.cookies
    today = datetime.date.today()
    _loop(
        tally, username, day.window_end, lambda n: load._one_log(browser, twin, rng, tally, username, n, today, think)
    )
    browser.close()
    twin.close()


def team_leader(index, username, delay, day: Day, seed, think):
    tally = day.by_role["team_leader"]
    rng = random.Random(seed + 1000 + index)
    browser = _sign_in(day, tally, username, delay)
    if browser is None:
        return
    twin = Browser(load.PORT, timeout=60)
    twin.cookies = browser.cookies
    today = datetime.date.today()

    # His landing page (the 工作台) and its "记一次服务活动" link, found once by following them.
    try:
        home, page = landing(browser, tally)
        for path in [None, *links(WORKSPACE_LINK, page.text)[:3]]:  # the landing page, else its 工作台 link
            if path is not None:
                home, page = path, _expect(tally, browser.get(path), 200, "工作台")
            found = NEW_ACTIVITY_LINK.search(page.text)
            if found:
                break
        new_activity = found.group(1)
    except (OSError, AssertionError, AttributeError) as exc:
        tally.error(f"{username} landing: {type(exc).__name__} {exc}")
        return

    def step(n):
        _expect(tally, browser.get(home), 200, "team home")
        pause(rng, think)
        page = _expect(tally, browser.get(new_activity), 200, "new activity form")
        categories = OPTION_VALUE.findall(CATEGORY_SELECT.search(page.text).group(1))
        form = {
            "csrfmiddlewaretoken": page.csrf(),
            "title": f"{MARKER} {username} 第{n}次",
            # A different past day each time: a volunteer may serve at most 24 h a day.
            "date": (today - datetime.timedelta(days=1 + (index * 7 + n) % 60)).isoformat(),
            "place": "社区活动中心",
            "category": rng.choice(categories),
            "content": "负载测试：陪伴走访、政策宣讲。",
            "intensity": "light",
            "risk_notice": "注意防滑，量力而行。",
        }
        pause(rng, think)
        with day.lock:
            day.activity_posts += 1
        created = _expect(tally, browser.post(new_activity, form, new_activity), 302, "new activity")
        activity = int(ACTIVITY_HOURS_PATH.search(created.location).group(1))
        with day.lock:
            day.activities[activity] = set()
        hours_path = created.location
        page = _expect(tally, browser.get(hours_path), 200, "hours form")
        members = MEMBER_BOX.findall(page.text)
        chosen = rng.sample(members, min(len(members), rng.randint(3, 8)))
        form = {"csrfmiddlewaretoken": page.csrf()}
        for m in chosen:
            form[f"m{m}"] = "on"
            form[f"h{m}"] = "1.5"
        pause(rng, think)
        if rng.random() < 0.15:  # double click: one saves, the other is told they are recorded
            answers = load.both(browser, twin, hours_path, form, hours_path)
            statuses = sorted(getattr(a, "status", 0) for a in answers)
            if statuses == [200, 302] and any(
                text in next(a for a in answers if a.status == 200).text for text in ALREADY_RECORDED
            ):
                day.refused("hours")
                for a in answers:
                    tally.record(a)
                done = next(a for a in answers if a.status == 302)
            else:
                for a in answers:
                    _expect(tally, a, 302, "hours (double click)")
                done = answers[0]
        else:
            done = _expect(tally, browser.post(hours_path, form, hours_path), 302, "hours")
        with day.lock:
            day.activities[activity] = {int(m) for m in chosen}
        _expect(tally, browser.get(done.location), 200, "activity detail")
        pause(rng, think)

    _loop(tally, username, day.window_end, step)
    browser.close()
    twin.close()


def elder(index, username, delay, day: Day, seed, think):
    tally = day.by_role["elder"]
    rng = random.Random(seed + 2000 + index)
    browser = _sign_in(day, tally, username, delay)
    if browser is None:
        return
    twin = Browser(load.PORT, timeout=60)
    twin.cookies = browser.cookies
    tried: set[int] = set()

    def step(n):
        _expect(tally, browser.get("/education/"), 200, "elder home")
        pause(rng, think)
        listing = _expect(tally, browser.get(f"/education/courses/?page={rng.randint(1, 8)}"), 200, "course list")
        open_courses = [(path, int(pk)) for path, pk in links(APPLY_LINK, listing.text) if int(pk) not in tried]
        pause(rng, think)
        if not open_courses:
            return
        path, course = rng.choice(open_courses)
        tried.add(course)
        page = _expect(tally, browser.get(path), 200, "apply form")
        person = int(re.search(r'name="person" value="(\d+)"', page.text).group(1))
        form = {
            "csrfmiddlewaretoken": page.csrf(),
            "person": person,
            "family_consent": "on",
            "safety_pledge": "on",
            "consent_by": "家属",
        }
        pause(rng, think)
        roll = rng.random()
        if roll < 0.15:
            answers = load.both(browser, twin, path, form, path)
        else:
            answers = [browser.post(path, form, path)]
            if roll < 0.25:  # the answer was lost: posted again, told it is already done
                answers.append(browser.post(path, form, path))
        told = False
        for a in answers:
            if isinstance(a, Exception):
                raise AssertionError(f"apply: {type(a).__name__}")
            tally.record(a)
            if a.status == 302:
                if told:
                    raise AssertionError("both clicks of an application were accepted")
                told = True
            elif a.status == 200 and ALREADY_ENROLLED in a.text:
                day.refused("enrol")
            else:
                raise AssertionError(f"apply: got {a.status}")
        with day.lock:
            (day.enrolments if told else day.enrol_refused_twice).add((person, course))
        pause(rng, think)

    _loop(tally, username, day.window_end, step)
    browser.close()
    twin.close()


def district(index, username, delay, day: Day, seed, think):
    tally = day.by_role["district"]
    rng = random.Random(seed + 3000 + index)
    browser = _sign_in(day, tally, username, delay)
    if browser is None:
        return
    twin = Browser(load.PORT, timeout=60)
    twin.cookies = browser.cookies

    def step(n):
        queue = _expect(tally, browser.get("/workspace/review/"), 200, "review queue")
        logs = links(REVIEW_LINK, queue.text)
        pause(rng, think)
        if not logs:
            return
        path, pk = rng.choice(logs)
        _expect(tally, browser.get(path), 200, "review detail")
        pause(rng, think)
        approve = f"{path}approve/"
        page = _expect(tally, browser.get(approve), 200, "approve form")
        match = load.VERSION_INPUT.search(page.text)
        if match is None:  # reviewed meanwhile by a colleague of the same region
            return
        form = {"csrfmiddlewaretoken": page.csrf(), "version": match.group(1), "comment": ""}
        if rng.random() < 0.1:
            answers = load.both(browser, twin, approve, form, approve)
        else:
            answers = [browser.post(approve, form, approve)]
        done = 0
        for a in answers:
            if isinstance(a, Exception):
                raise AssertionError(f"approve: {type(a).__name__}")
            tally.record(a)
            if a.status == 302 and a.location == "/workspace/review/":
                done += 1
            elif a.status in (200, 302):  # the second click: already reviewed / changed meanwhile
                day.refused("approve")
            else:
                raise AssertionError(f"approve: got {a.status}")
        if done > 1:
            raise AssertionError(f"log {pk}: both clicks were told approved")
        if done:
            with day.lock:
                day.approved.add(int(pk))

    _loop(tally, username, day.window_end, step)
    browser.close()
    twin.close()


def leader(index, username, delay, day: Day, seed, think):
    tally = day.by_role["leader"]
    rng = random.Random(seed + 4000 + index)
    browser = _sign_in(day, tally, username, delay)
    if browser is None:
        return

    def step(n):
        page = _expect(tally, browser.get("/dashboard/"), 200, "dashboard")
        tabs = dashboard_tabs(page.text)
        pause(rng, think)
        if tabs:  # one brand's tab, then one of its drill-downs (region → unit)
            path = rng.choice(tabs)
            page = _expect(tally, browser.get(path), 200, f"dashboard tab {path}")
            with day.lock:
                day.tabs.add(path)
            pause(rng, think)
        deeper = [p for p in dashboard_drilldowns(page.text) if p.rstrip("/") != "/dashboard"]
        if deeper:
            path = rng.choice(deeper)
            _expect(tally, browser.get(path), 200, f"dashboard page {path}")
            with day.lock:
                day.drilldowns += 1
            pause(rng, think)

    _loop(tally, username, day.window_end, step)
    browser.close()


PLAYERS = {"secretary": secretary, "team_leader": team_leader, "elder": elder, "district": district, "leader": leader}


def usernames(counts: dict[str, int], prepared: dict) -> dict[str, list[str]]:
    """Each simulated user's account (district officers and leaders share accounts when
    there are more users than accounts: each signs in with a session of its own)."""
    from apps.party.city import secretary_username

    district_accounts = [f"city_district_{i + 1:02d}" for i in range(10)]
    return {
        "secretary": [secretary_username(i) for i in range(counts["secretary"])],
        "team_leader": prepared["team_leaders"][: counts["team_leader"]],
        "elder": prepared["elders"][: counts["elder"]],
        "district": [district_accounts[i % len(district_accounts)] for i in range(counts["district"])],
        "leader": ["city_leader"] * counts["leader"],
    }


def play(counts: dict[str, int], names: dict[str, list[str]], duration: float, think: float, seed: int = 2026):
    """Sign every simulated user in (the ramp-up), then run them all for ``duration`` seconds.

    Returns the :class:`Day` and the window's seconds. The window is the part measured: all the
    users at once, each already signed in (as in a working day, whose sessions last); the
    sign-ins — a deliberately slow password hash each — are timed apart (``sign_in_*``).
    """
    day = Day()
    threads, order = [], 0
    for role in ROLES:
        for i, username in enumerate(names[role]):
            delay = order * RAMP_STEP_S
            order += 1
            threads.append(
                threading.Thread(target=PLAYERS[role], args=(i, username, delay, day, seed, think), daemon=True)
            )
    ramp_started = time.monotonic()
    for t in threads:
        t.start()
    while day.arrived < order and time.monotonic() - ramp_started < RAMP_TIMEOUT_S:
        time.sleep(0.05)
    day.ramp_s = time.monotonic() - ramp_started
    started = time.monotonic()
    day.window_end = started + duration
    day.window.set()
    for t in threads:
        t.join(timeout=duration + 120)
    return day, time.monotonic() - started


# ---------------------------------------------------------------------------
# What the database holds against what the users were told
# ---------------------------------------------------------------------------
def verify(day: Day, term_id: int | None) -> dict:
    from django.db.models import Count

    from apps.education.choices import LIVE
    from apps.education.models import Enrolment
    from apps.party.choices import LogStatus
    from apps.party.models import ActivityLog
    from apps.volunteers.models import Activity, ServiceRecord

    # A district officer may approve a secretary's log before the end: submitted or approved.
    secretaries = load.verify(day.by_role["secretary"], done=(LogStatus.SUBMITTED, LogStatus.APPROVED))
    checks = {f"secretary_{k}": v for k, v in secretaries.items()}

    activities = Activity.objects.filter(title__startswith=MARKER)
    records = dict(
        ServiceRecord.objects.filter(activity__in=activities)
        .order_by()
        .values("activity")
        .annotate(n=Count("pk"))
        .values_list("activity", "n")
    )
    per_member = (
        ServiceRecord.objects.filter(activity__in=activities)
        .order_by()
        .values("activity", "member")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    told = day.activities
    checks.update(
        activities_in_db=activities.count(),
        activities_told=len(told),
        activities_untracked=activities.exclude(pk__in=list(told)).count(),
        activities_missing=len(set(told) - set(activities.values_list("pk", flat=True))),
        hours_records=sum(records.values()),
        hours_told=sum(len(m) for m in told.values()),
        hours_mismatched=sum(1 for pk, members in told.items() if records.get(pk, 0) != len(members)),
        hours_duplicated=per_member,
    )

    enrolments = Enrolment.objects.filter(term_id=term_id) if term_id else Enrolment.objects.none()
    grouped = enrolments.order_by().values("person", "course").annotate(n=Count("pk"))
    pairs = {(p, c): n for p, c, n in grouped.values_list("person", "course", "n")}
    checks.update(
        enrolments_in_db=sum(pairs.values()),
        enrolments_told=len(day.enrolments),
        enrolments_missing=sum(1 for pair in day.enrolments if pairs.get(pair, 0) == 0),
        enrolments_duplicated=sum(1 for n in pairs.values() if n > 1),
        enrolments_untracked=sum(1 for pair in pairs if pair not in day.enrolments),
        enrolments_not_live=enrolments.exclude(status__in=LIVE).count(),
    )

    approvals = (
        ActivityLog.history.filter(id__in=list(day.approved), status=LogStatus.APPROVED)
        .order_by()
        .values("id")
        .annotate(n=Count("history_id"))
    )
    approved_versions = {row["id"]: row["n"] for row in approvals}
    checks.update(
        approvals_told=len(day.approved),
        approvals_not_approved=ActivityLog.objects.filter(pk__in=list(day.approved))
        .exclude(status=LogStatus.APPROVED)
        .count(),
        approvals_recorded_twice=sum(1 for n in approved_versions.values() if n > 1),
    )
    return checks


PROBLEMS = (
    "secretary_missing",
    "secretary_duplicates",
    "secretary_untracked",
    "secretary_completed_not_submitted",
    "secretary_completed_without_attendance",
    "activities_untracked",
    "activities_missing",
    "hours_mismatched",
    "hours_duplicated",
    "enrolments_missing",
    "enrolments_duplicated",
    "enrolments_untracked",
    "enrolments_not_live",
    "approvals_not_approved",
    "approvals_recorded_twice",
)


def figures_of(day: Day, counts: dict[str, int], elapsed: float, checks: dict) -> dict:
    """The JSON figures: overall and per role, the checks, and ``passed``."""
    latencies = day.latencies
    statuses: dict[int, int] = {}
    errors: list[str] = []
    for tally in day.by_role.values():
        for status, n in tally.statuses.items():
            statuses[status] = statuses.get(status, 0) + n
        errors += tally.errors
    server_errors = sum(n for s, n in statuses.items() if s >= 500)
    per_role = {
        role: {
            "users": counts[role],
            "signed_in": t.active,
            "requests": len(t.latencies),
            "p50_ms": round(percentile(t.latencies, 0.5), 1),
            "p95_ms": round(percentile(t.latencies, 0.95), 1),
            "errors": len(t.errors),
        }
        for role, t in day.by_role.items()
    }
    p95 = round(percentile(latencies, 0.95), 1)
    figures = {
        "scenario": "mixed day",
        "users": sum(counts.values()),
        "think_s": THINK,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "rps": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "errors_5xx": server_errors,
        "client_errors": len(errors) - server_errors,
        "p50_ms": round(percentile(latencies, 0.5), 1),
        "p95_ms": p95,
        "ramp_up_s": round(day.ramp_s, 1),
        "sign_ins": len(day.sign_in_ms),
        "sign_in_p50_ms": round(percentile(day.sign_in_ms, 0.5), 1),
        "sign_in_p95_ms": round(percentile(day.sign_in_ms, 0.95), 1),
        "roles": per_role,
        "second_clicks_refused": dict(day.second_clicks_refused),
        "dashboard_tabs_read": sorted(day.tabs),
        "dashboard_drilldowns": day.drilldowns,
        **checks,
    }
    figures["integrity_ok"] = all(checks.get(k, 0) == 0 for k in PROBLEMS)
    figures["p95_ok"] = p95 <= GOAL_P95_MS
    figures["passed"] = server_errors == 0 and not errors and figures["integrity_ok"] and figures["p95_ok"]
    figures["_errors"] = errors[:10]
    return figures


def backend_cpu_s(database: str) -> float:
    """CPU seconds of the PostgreSQL backends now connected to ``database`` (from /proc;
    the workers keep their connections, so read before the server stops)."""
    from django.db import connections

    from bench.common import _postgres_admin

    admin = _postgres_admin(connections["default"].settings_dict)
    try:
        with admin.cursor() as cur:
            cur.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [database])
            pids = [row[0] for row in cur.fetchall()]
    finally:
        admin.close()
    ticks = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:  # not on this machine, or gone
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def run(args) -> dict:
    from bench import gunicorn_cpu
    from bench.common import table
    from bench.load import CPU_DIR, city_server, in_copy, serve

    users = getattr(args, "users", None) or 60
    duration = getattr(args, "duration", None) or (15.0 if getattr(args, "quick", False) else 60.0)
    scale = getattr(args, "scale", 1.0)
    counts = split(users)
    with city_server(scale) as copy:
        with in_copy(copy):
            prepared = prepare(counts["team_leader"], counts["elder"])
            names = usernames(counts, prepared)
        with serve(copy):
            client_started = time.process_time()
            day, elapsed = play(counts, names, duration, THINK)
            client_cpu = time.process_time() - client_started
            database_cpu = backend_cpu_s(copy)
        with in_copy(copy):
            checks = verify(day, prepared["term"])
    figures = figures_of(day, counts, elapsed, checks)
    errors = figures.pop("_errors")
    server = gunicorn_cpu.read(CPU_DIR)
    # Where the 2 cores went: the portal's workers, PostgreSQL's backends, this load generator.
    figures["cpu"] = {
        "server_requests_s": server["requests_cpu_s"],
        "server_ms_per_request": server["cpu_ms_per_request"],
        "server_workers_s": server["workers_cpu_s"],
        "postgres_backends_s": round(database_cpu, 2),
        "load_generator_s": round(client_cpu, 2),
    }
    figures["cpu_by_path"] = server["by_path"]
    rows = [[role, *r.values()] for role, r in figures["roles"].items()]
    table(rows, ["role", "users", "signed in", "requests", "p50 ms", "p95 ms", "errors"])
    print()
    table([[k, v] for k, v in figures.items() if k not in ("roles", "cpu_by_path")], ["figure", "value"])
    print()
    table(
        [[path, *row.values()] for path, row in figures["cpu_by_path"].items()],
        ["path", "requests", "server CPU ms", "ms each"],
    )
    for message in errors:
        print("error:", message)
    print("PASSED" if figures["passed"] else "FAILED")
    return figures
