"""The shared cast: one user per role, and the places they work.

- ``district`` works in 广陵区; ``district_other`` in 邗江区 and must see nothing of 广陵区.
- ``secretary`` runs ``cast.branch`` (广陵区); ``secretary_other`` runs ``cast.other_branch``
  (邗江区).
- ``team_leader`` leads ``cast.team`` (广陵区).
"""

import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from django.test import TestCase

from apps.accounts.choices import Role
from tests import factories as f

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to
# run inside one unless told it is safe (it is: the loop only drives the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "Cast-Pass-2026"
CHROMIUM = "/usr/bin/chromium"
REQUIRE_SERVICES = os.environ.get("CADRE_REQUIRE_SERVICES") == "1"


@dataclass
class Cast:
    users: dict = field(default_factory=dict)
    branch: object = None
    other_branch: object = None
    team: object = None
    other_team: object = None

    def __getattr__(self, name):
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


def make_user(username, role, **scope):
    from apps.accounts.services import user_create

    return user_create(username=username, password=PASSWORD, role=role, full_name=username, **scope)


def build_cast() -> Cast:
    c = Cast()
    gl, hj = f.region("广陵区"), f.region("邗江区")
    c.branch = f.OrganisationFactory(name="东关社区“常青藤”党支部", region=gl)
    c.other_branch = f.OrganisationFactory(name="翠岗花园社区“夕阳红”党支部", region=hj)
    c.team = f.TeamFactory(name="红马甲义工队", region=gl)
    c.other_team = f.TeamFactory(name="霞满邗城志愿服务队", region=hj)
    c.users = {
        "leader": make_user("leader", Role.LEADERSHIP),
        "staff": make_user("staff", Role.BUREAU_STAFF),
        "district": make_user("district", Role.DISTRICT_STAFF, scope_region=gl),
        "district_other": make_user("district_other", Role.DISTRICT_STAFF, scope_region=hj),
        "secretary": make_user("secretary", Role.SECRETARY, scope_organisation=c.branch),
        "secretary_other": make_user("secretary_other", Role.SECRETARY, scope_organisation=c.other_branch),
        "team_leader": make_user("team_leader", Role.TEAM_LEADER, scope_team=c.team),
        "sysadmin": make_user("sysadmin", Role.SYSTEM_ADMIN),
        "security": make_user("security", Role.SECURITY_ADMIN),
        "auditor": make_user("auditor", Role.AUDIT_ADMIN),
    }
    return c


@pytest.fixture
def cast(db):
    return build_cast()


class _ModuleData(TestCase):
    databases = {"default"}


@contextmanager
def module_data(django_db_blocker, build):
    """Rows several tests of a module read, written once in an outer transaction (as
    ``TestCase.setUpTestData`` does): each test runs in a savepoint of it, so what a test
    writes is rolled back, and the rows go when the module is done. Only for a module
    whose every database test asks for them. Yields what ``build()`` returns."""
    with django_db_blocker.unblock():
        atomics = _ModuleData._enter_atomics()
        try:
            built = build()
        except BaseException:
            _ModuleData._rollback_atomics(atomics)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            _ModuleData._rollback_atomics(atomics)


# The role names used by the access matrix, each mapped to a cast member.
MATRIX_ROLES = [
    "anonymous",
    "leader",
    "staff",
    "district",
    "secretary",
    "team_leader",
    "sysadmin",
    "security",
    "auditor",
]


def pytest_terminal_summary(terminalreporter, config):
    # With pytest-randomly the order's seed is in the header, which scrolls away (and -q
    # hides): repeat it at the end, where a failure is read.
    seed = getattr(config.option, "randomly_seed", None)
    if seed is not None and config.pluginmanager.hasplugin("randomly"):
        terminalreporter.write_line(f"test order: -p randomly --randomly-seed={seed}")


def client_for(client, cast, role):
    if role != "anonymous":
        client.force_login(getattr(cast, role))
    return client


# ---------------------------------------------------------------------------
# Services: PostgreSQL, Redis, a real worker; browser
# ---------------------------------------------------------------------------
def _skip_or_fail(reason):
    if REQUIRE_SERVICES:
        pytest.fail(f"CADRE_REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture
def require_services(settings):
    """PostgreSQL and Redis must be configured (DATABASE_URL and REDIS_URL)."""
    if not os.environ.get("REDIS_URL") or not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        _skip_or_fail("needs DATABASE_URL (PostgreSQL) and REDIS_URL: run with both set")


@pytest.fixture(scope="session")
def celery_worker_session(django_db_setup, django_db_blocker):
    """A real Celery worker thread on the Redis broker, for the whole session."""
    if not os.environ.get("REDIS_URL") or not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        _skip_or_fail("a real Celery worker needs DATABASE_URL (PostgreSQL) and REDIS_URL")
    from celery.contrib.testing.worker import start_worker

    from cadre_portal.celery import app

    app.conf.task_always_eager = False
    with (
        django_db_blocker.unblock(),
        start_worker(app, perform_ping_check=False, pool="threads", concurrency=2, shutdown_timeout=30),
    ):
        yield app
    app.conf.task_always_eager = True


@pytest.fixture
def celery_worker(celery_worker_session, transactional_db):
    return celery_worker_session


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        _skip_or_fail(f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def artifacts_dir():
    path = os.path.join(os.path.dirname(os.path.dirname(__file__)), "test-results", "screenshots")
    os.makedirs(path, exist_ok=True)
    return path


@pytest.fixture(autouse=True, scope="session")
def _clean_test_media():
    yield
    from django.conf import settings

    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


# ---------------------------------------------------------------------------
# Serialized rollback and plain transactional tests in one process
# ---------------------------------------------------------------------------
def prepare_database(*, serialized: bool, using: str = "default") -> str:
    """Put the test database in the state a test of its kind starts from, whatever ran before.

    A transactional test ends with a flush. Without ``serialized_rollback`` the flush sends
    ``post_migrate``: content types, permissions, the role groups and the reference data
    come back under new primary keys; the next ``serialized_rollback`` test then reloads its
    snapshot's rows, with the old keys, on top of them (IntegrityError on the group "局领导").
    With it, the flush skips ``post_migrate`` and leaves every table empty, which the next
    other test does not expect. So: before a ``serialized_rollback`` test, empty the
    database and reload the snapshot here (Django's own reload, when it acts too, then
    saves the same rows under the same keys; after Playwright has run, the test's
    connection may hold no snapshot and Django reloads nothing: tests/browser/conftest.py);
    before any other test that finds it empty, send ``post_migrate`` (what a plain flush
    does). Only on a test database holding a snapshot. Returns what was done:
    "reloaded", "restored" or ""."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import connections

    connection = connections[using]
    snapshot = getattr(connection, "_test_serialized_contents", None)
    if snapshot is None:
        return ""
    filled = ContentType.objects.using(using).exists()
    if serialized:
        if filled:
            call_command(
                "flush",
                database=using,
                interactive=False,
                verbosity=0,
                reset_sequences=False,
                inhibit_post_migrate=True,
            )
        connection.creation.deserialize_db_from_string(snapshot)
        return "reloaded"
    if not filled:
        emit_post_migrate_signal(verbosity=0, interactive=False, db=using)
        return "restored"
    return ""


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Before the test's fixtures, so before pytest-django's set-up reloads a snapshot.
    from pytest_django.fixtures import validate_django_db
    from pytest_django.plugin import blocking_manager_key

    marker = item.get_closest_marker("django_db")
    names = set(getattr(item, "fixturenames", ()))
    if marker is not None:
        transaction, _, _, serialized_rollback, _ = validate_django_db(marker)
        serialized = transaction and serialized_rollback
    elif names & {"db", "transactional_db", "live_server"}:
        serialized = "django_db_serialized_rollback" in names
    else:
        return
    with item.config.stash[blocking_manager_key].unblock():
        prepare_database(serialized=serialized)
