"""RowWriter: value tuples in, rows and history rows out, the same on every database.

On PostgreSQL the COPY path (ids from the sequence, then COPY) runs when the threshold
is lowered; elsewhere it is ``bulk_create``. Both must write the same
rows: defaults, timestamps, history attributed to the importing user.
"""

import gc

import pytest
from django.db import IntegrityError, connection, transaction

from apps.core import crypto
from apps.core.excel import bulk as excel
from apps.core.excel.bulk import RowWriter
from apps.core.excel.lookups import existing_values
from apps.core.excel.resources import gc_paused
from apps.core.pinyin import name_columns, name_initials, name_pinyin
from apps.party.models import Membership
from apps.people.models import Person
from apps.people.services import person_prepare
from tests.excel.conftest import MEMBER_HEADERS, id_numbers, member_row, xlsx

COLUMNS = ("name", "sex", "birth_date", "id_number_hash", "address", "retirement_type", "region_id")

only_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY path is PostgreSQL's")


@pytest.fixture(params=["copy", "bulk_create"])
def path(request, monkeypatch):
    if request.param == "copy":
        if connection.vendor != "postgresql":
            pytest.skip("the COPY path is PostgreSQL's")
        monkeypatch.setattr(excel, "COPY_THRESHOLD", 1)
    return request.param


def person_values(cast, count, *, seed=5, address="扬州市广陵区东关街12号"):
    return [
        ("张建国", "M", "1950-05-17", crypto.search_hash(n), address, "tuixiu", cast.branch.region_id)
        for n in id_numbers(count, seed=seed)
    ]


def test_it_writes_rows_with_defaults_and_one_history_row_each(cast, path):
    with RowWriter(user=cast.staff, rows=3) as writer:
        ids = writer.insert(Person, COLUMNS, person_values(cast, 3))
    assert (path == "copy") == writer.copy
    people = Person.objects.filter(pk__in=ids).order_by("pk")
    assert [p.pk for p in people] == ids
    person = people[0]
    defaults = {f: Person._meta.get_field(f).get_default() for f in ("health", "living", "status", "note")}
    assert {f: getattr(person, f) for f in defaults} == defaults
    assert person.name == "张建国" and person.retired_on is None and person.is_disabled is False
    assert person.created_at is not None and person.updated_at is not None
    history = person.history.get()
    assert (history.history_type, history.history_user, history.history_change_reason) == (
        "+",
        cast.staff,
        "Excel 导入",
    )
    assert (history.name, history.id_number_hash, history.region_id) == (
        person.name,
        person.id_number_hash,
        person.region_id,
    )


def test_ids_it_returns_can_be_referenced_in_the_same_block(cast, path):
    with RowWriter(user=cast.staff, rows=4) as writer:
        writer.reserve(Person, 4)
        person_ids = writer.insert(Person, COLUMNS, person_values(cast, 2, seed=6))
        person_ids += writer.insert(Person, COLUMNS, person_values(cast, 2, seed=7))
        writer.insert(
            Membership,
            ("person_id", "organisation_id", "joined_on"),
            [(pk, cast.branch.pk, "2015-03-01") for pk in person_ids],
        )
    assert Membership.objects.filter(person_id__in=person_ids).count() == 4
    assert Membership.history.filter(person_id__in=person_ids).count() == 4


def test_more_rows_than_reserved_take_new_ids(cast, path):
    with RowWriter(user=cast.staff, rows=3) as writer:
        writer.reserve(Person, 1)
        ids = writer.insert(Person, COLUMNS, person_values(cast, 3, seed=8))
    assert len(set(ids)) == 3 and Person.objects.filter(pk__in=ids).count() == 3


@only_postgresql
def test_copy_text_keeps_tabs_newlines_and_backslashes(cast, monkeypatch):
    monkeypatch.setattr(excel, "COPY_THRESHOLD", 1)
    with RowWriter(user=cast.staff, rows=1) as writer:
        (pk,) = writer.insert(Person, COLUMNS, person_values(cast, 1, seed=9, address="一\t二\n三\\四"))
    assert Person.objects.get(pk=pk).address == "一\t二\n三\\四"


@only_postgresql
def test_a_failed_copy_is_raised_as_djangos_error_and_rolls_back(cast, monkeypatch):
    monkeypatch.setattr(excel, "COPY_THRESHOLD", 1)
    values = person_values(cast, 1, seed=10)
    with pytest.raises(IntegrityError), transaction.atomic(), RowWriter(user=cast.staff, rows=2) as writer:
        writer.insert(Person, COLUMNS, values)
        writer.insert(Person, COLUMNS, values)  # the same ID hash again
    assert not Person.objects.filter(id_number_hash=values[0][3]).exists()
    # The connection is usable afterwards.
    assert Person.objects.count() == 0


def test_the_member_import_derives_what_person_prepare_derives(cast, monkeypatch):
    """The import builds person columns without model instances; they must be what the
    one-by-one path (``person_prepare``) gives for the same input."""
    from apps.core.excel.formats import XLSX
    from apps.party.resources import MemberResource

    if connection.vendor == "postgresql":
        monkeypatch.setattr(excel, "COPY_THRESHOLD", 1)
    (number,) = id_numbers(1, seed=12)
    row = member_row(number, cast.branch.name, name="曾 国藩", 联系电话="139 0514 0000")
    dataset = XLSX().create_dataset(xlsx(MEMBER_HEADERS, [row]))
    result = MemberResource(user=cast.staff).import_data(dataset, use_transactions=True, user=cast.staff)
    assert result.totals["new"] == 1
    imported = Person.objects.get()
    expected = person_prepare(
        Person(
            name="曾 国藩",
            phone="139 0514 0000",
            address=imported.address,
            retirement_type=imported.retirement_type,
            former_unit=imported.former_unit,
            former_rank=imported.former_rank,
            region_id=imported.region_id,
        ),
        id_number=number,
    )
    columns = ["name", "name_pinyin", "name_initials", "sex", "birth_date", "id_number_hash", "phone"]
    assert {c: getattr(imported, c) for c in columns} == {c: getattr(expected, c) for c in columns}
    assert imported.id_number == number
    # The admin's log entries read the saved membership from the row results.
    (row_result,) = result.rows
    assert row_result.instance.pk == imported.memberships.get().pk
    assert row_result.object_repr == f"曾 国藩 @ {cast.branch.name}"


def test_existing_values_finds_what_is_stored(cast):
    stored, other = id_numbers(2, seed=13)
    with RowWriter(user=cast.staff, rows=1) as writer:
        writer.insert(
            Person,
            COLUMNS,
            [("王秀英", "F", "1950-05-17", crypto.search_hash(stored), "", "tuixiu", cast.branch.region_id)],
        )
    hashes = [crypto.search_hash(stored), crypto.search_hash(other)]
    assert existing_values(Person, "id_number_hash", hashes) == {crypto.search_hash(stored)}
    assert existing_values(Person, "id_number_hash", []) == set()


def test_name_columns_are_pinyin_and_initials_together():
    for name in ("曾国藩", "欧阳修", "单田芳", "Anna·李", ""):
        assert name_columns(name) == (name_pinyin(name), name_initials(name))


def test_gc_paused_restores_collection():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("bad_row", [2, 7])
def test_a_failing_row_after_written_chunks_leaves_nothing(cast, monkeypatch, bad_row):
    """The member import writes in chunks; a failing row in any chunk leaves nothing
    behind, even when the caller would not roll back."""
    from apps.core.excel.formats import XLSX
    from apps.party.resources import MemberResource

    if connection.vendor == "postgresql":
        monkeypatch.setattr(excel, "COPY_THRESHOLD", 1)
    monkeypatch.setattr(MemberResource, "CHUNK", 2)
    rows = [member_row(n, cast.branch.name) for n in id_numbers(6, seed=14)]
    rows[bad_row - 2] = member_row(rows[bad_row - 2][0], "不存在的党支部")
    dataset = XLSX().create_dataset(xlsx(MEMBER_HEADERS, rows))
    result = MemberResource(user=cast.staff).import_data(
        dataset, use_transactions=True, rollback_on_validation_errors=False, user=cast.staff
    )
    assert [r.number for r in result.invalid_rows] == [bad_row]
    assert Person.objects.count() == 0 and Membership.objects.count() == 0
    assert Person.history.count() == 0 and Membership.history.count() == 0
