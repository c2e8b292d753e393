"""``ActivityMonth``: the database triggers keep the per-month counts of approved logs exact
on every write path, and ``drift``/``rebuild`` find and repair a table that went wrong."""

import datetime

import pytest
from django.db import connection

from apps.party import rollups
from apps.party.logs import activity_log_approve, activity_log_return
from apps.party.models import ActivityLog, ActivityMonth
from tests import factories as f

D = datetime.date


def cells(organisation=None) -> dict:
    """{(org, year, month): {type: n}} of the non-zero counts."""
    rows = ActivityMonth.objects.all()
    if organisation is not None:
        rows = rows.filter(organisation=organisation)
    result = {}
    for row in rows.filter(count__gt=0):
        result.setdefault((row.organisation_id, row.year, row.month), {})[row.activity_type] = row.count
    return result


@pytest.fixture
def branch(db):
    return f.OrganisationFactory(name="测试党支部")


def test_only_approved_logs_are_counted(branch):
    f.ActivityLogFactory(organisation=branch, status="draft")
    f.ActivityLogFactory(organisation=branch, status="submitted")
    f.ActivityLogFactory(organisation=branch, status="returned")
    assert cells() == {}
    f.ActivityLogFactory(organisation=branch, status="approved", held_on=D(2026, 10, 3))
    f.ActivityLogFactory(organisation=branch, status="approved", held_on=D(2026, 10, 30))
    f.ActivityLogFactory(organisation=branch, status="approved", held_on=D(2026, 9, 30), activity_type="lecture")
    assert cells() == {(branch.pk, 2026, 10): {"theme_day": 2}, (branch.pk, 2026, 9): {"lecture": 1}}


def test_review_through_the_services_moves_the_count(cast):
    log = f.ActivityLogFactory(organisation=cast.branch, status="submitted", held_on=D(2026, 3, 8))
    activity_log_approve(log=log, reviewer=cast.users["staff"])
    assert cells(cast.branch) == {(cast.branch.pk, 2026, 3): {"theme_day": 1}}
    other = f.ActivityLogFactory(organisation=cast.branch, status="submitted", held_on=D(2026, 3, 9))
    activity_log_return(log=other, reviewer=cast.users["staff"], comment="请补充参会人员")
    assert cells(cast.branch) == {(cast.branch.pk, 2026, 3): {"theme_day": 1}}


def test_editing_an_approved_log_moves_it_between_cells(branch):
    other = f.OrganisationFactory(name="另一个党支部")
    log = f.ActivityLogFactory(organisation=branch, status="approved", held_on=D(2025, 12, 31))
    log.held_on = D(2026, 1, 1)
    log.save()
    assert cells() == {(branch.pk, 2026, 1): {"theme_day": 1}}
    log.activity_type = "study"
    log.save()
    assert cells() == {(branch.pk, 2026, 1): {"study": 1}}
    log.organisation = other
    log.save()
    assert cells() == {(other.pk, 2026, 1): {"study": 1}}
    log.status = "returned"
    log.save()
    assert cells() == {}
    log.status = "approved"
    log.theme = "改了主题"  # a change the counts do not watch
    log.save()
    log.save()
    assert cells() == {(other.pk, 2026, 1): {"study": 1}}


def test_delete_update_and_bulk_paths_are_counted(branch):
    logs = ActivityLog.objects.bulk_create(
        [
            ActivityLog(
                organisation=branch, activity_type="forum", held_on=D(2026, 5, day), theme="座谈", status="approved"
            )
            for day in range(1, 6)
        ]
    )
    assert cells() == {(branch.pk, 2026, 5): {"forum": 5}}
    ActivityLog.objects.filter(pk__in=[log.pk for log in logs[:2]]).update(status="returned")
    assert cells() == {(branch.pk, 2026, 5): {"forum": 3}}
    ActivityLog.objects.filter(pk=logs[2].pk).delete()
    assert cells() == {(branch.pk, 2026, 5): {"forum": 2}}
    with connection.cursor() as cursor:  # raw SQL too
        cursor.execute("UPDATE party_activitylog SET held_on = %s WHERE id = %s", [D(2026, 6, 1), logs[3].pk])
    assert cells() == {(branch.pk, 2026, 5): {"forum": 1}, (branch.pk, 2026, 6): {"forum": 1}}
    ActivityLog.objects.filter(organisation=branch).delete()
    assert cells() == {}
    assert rollups.drift() == []


def test_drift_finds_a_damaged_table_and_rebuild_repairs_it(branch):
    for month in (1, 2, 3):
        f.ActivityLogFactory(organisation=branch, status="approved", held_on=D(2026, month, 10))
    assert rollups.drift() == []
    ActivityMonth.objects.filter(month=2).update(count=7)
    ActivityMonth.objects.filter(month=3).delete()
    problems = rollups.drift()
    assert [(p[1], p[2], p[3]) for p in problems] == [(2026, 2, "theme_day"), (2026, 3, "theme_day")]
    assert problems[0][4:] == (7, 1)
    assert problems[1][4:] == (0, 1)
    assert rollups.rebuild() == 3
    assert rollups.drift() == []
    assert cells() == {(branch.pk, 2026, m): {"theme_day": 1} for m in (1, 2, 3)}


def test_the_command_checks_and_rebuilds(branch):
    from django.core.management import CommandError, call_command

    f.ActivityLogFactory(organisation=branch, status="approved", held_on=D(2026, 4, 1))
    call_command("rebuild_activity_months", "--check")
    ActivityMonth.objects.update(count=0)
    with pytest.raises(CommandError, match="1 处不一致"):
        call_command("rebuild_activity_months", "--check")
    call_command("rebuild_activity_months")
    call_command("rebuild_activity_months", "--check")
    assert cells() == {(branch.pk, 2026, 4): {"theme_day": 1}}


def test_a_new_activity_type_is_counted_without_a_migration(branch):
    # One row per organisation, month and type: a type the schema has never heard of is
    # counted by the same triggers, and drift/rebuild know it too.
    ActivityLog.objects.bulk_create(
        [
            ActivityLog(
                organisation=branch,
                activity_type="volunteer_day",
                held_on=D(2026, 7, 1),
                theme="新活动",
                status="approved",
            )
        ]
    )
    assert cells() == {(branch.pk, 2026, 7): {"volunteer_day": 1}}
    ActivityMonth.objects.all().delete()
    assert [p[3] for p in rollups.drift()] == ["volunteer_day"]
    rollups.rebuild()
    assert cells() == {(branch.pk, 2026, 7): {"volunteer_day": 1}}


def test_the_table_is_narrow():
    names = {field.name for field in ActivityMonth._meta.get_fields() if field.concrete and not field.primary_key}
    assert names == {"organisation", "year", "month", "activity_type", "count"}


def test_the_activity_month_migrations_import_no_live_code():
    # The triggers are frozen inside their migrations: a later change to apps/ must not
    # change what an old migration installs.
    import ast
    from pathlib import Path

    import apps.party.migrations as migrations

    folder = Path(migrations.__file__).parent
    files = sorted(p for p in folder.glob("0*.py") if "activitymonth" in p.name)
    assert len(files) >= 2
    for path in files:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("apps"), (path.name, node.module)
            elif isinstance(node, ast.Import):
                assert not any(alias.name.startswith("apps") for alias in node.names), path.name


@pytest.mark.django_db(transaction=True)
def test_the_narrowing_migration_carries_the_counts_over_and_back():
    from django.db.migrations.executor import MigrationExecutor

    wide, narrow = [("party", "0004_activitymonth")], [("party", "0006_narrow_activitymonth")]
    executor = MigrationExecutor(connection)
    executor.migrate(wide)
    executor.loader.build_graph()
    old = executor.loader.project_state(wide[0]).apps
    region = old.get_model("regions", "Region").objects.first()
    organisation = old.get_model("party", "Organisation").objects.create(
        name="迁移测试党支部", kind="branch", region=region, path="9999.", depth=1
    )
    old.get_model("party", "ActivityMonth").objects.create(
        organisation=organisation, year=2026, month=3, n_theme_day=2, n_lecture=1
    )
    executor = MigrationExecutor(connection)
    executor.migrate(narrow)
    assert cells() == {(organisation.pk, 2026, 3): {"theme_day": 2, "lecture": 1}}
    # The new triggers are in place.
    f.ActivityLogFactory(organisation_id=organisation.pk, status="approved", held_on=D(2026, 3, 9))
    assert cells() == {(organisation.pk, 2026, 3): {"theme_day": 3, "lecture": 1}}
    executor = MigrationExecutor(connection)
    executor.migrate(wide)
    executor.loader.build_graph()
    old = executor.loader.project_state(wide[0]).apps
    row = old.get_model("party", "ActivityMonth").objects.get(organisation_id=organisation.pk)
    assert (row.n_theme_day, row.n_lecture) == (3, 1)
    executor = MigrationExecutor(connection)
    executor.migrate(narrow)
    assert cells() == {(organisation.pk, 2026, 3): {"theme_day": 3, "lecture": 1}}
    # Back to the latest schema, which the flush after this test writes the rules into.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
