"""apps.core.excel.bulk: the import's writer (RowWriter, bulk_insert, the COPY encoder).

In the caller's thread and transaction, on every database; text is stored exactly as
given (tab, CR, LF, backslash, ``\\N``, quotes), whatever the number of rows.
"""

import threading

import pytest
from django.db import connection

from apps.core import crypto
from apps.core.excel import bulk
from apps.core.excel.bulk import RowWriter, bulk_insert, copy_text
from apps.people.models import Person
from tests.excel.conftest import id_numbers

#: Every character COPY's text format treats specially, and what looks like its escapes.
AWKWARD = [
    "一\t二",
    "一\r二",
    "一\n二",
    "一\r\n二",
    "C:\\目录\\文件",
    "\\N",
    "\\.",
    "\\t 不是制表符",
    "他说：“好”，'单引号' \"双引号\"",
    "长" * 150 + "\t\\\r\n" + "尾" * 46,
]


def values(cast, addresses, *, seed):
    return [
        ("张建国", "M", "1950-05-17", crypto.search_hash(n), address, "tuixiu", cast.branch.region_id)
        for n, address in zip(id_numbers(len(addresses), seed=seed), addresses, strict=True)
    ]


COLUMNS = ("name", "sex", "birth_date", "id_number_hash", "address", "retirement_type", "region_id")


def test_copy_text_escapes_what_copy_reads_specially():
    assert copy_text("一\t二\r三\n四\\五") == "一\\t二\\r三\\n四\\\\五"
    assert copy_text("\\N") == "\\\\N"
    assert copy_text(None) == "\\N"
    assert copy_text("") == ""
    assert (copy_text(True), copy_text(False), copy_text(7)) == ("t", "f", "7")


@pytest.fixture(params=["copy", "bulk_create"])
def path(request, monkeypatch):
    if request.param == "copy":
        if connection.vendor != "postgresql":
            pytest.skip("the COPY path is PostgreSQL's (run with DATABASE_URL)")
        monkeypatch.setattr(bulk, "COPY_THRESHOLD", 1)
    return request.param


def test_the_row_writer_stores_text_exactly(cast, path):
    with RowWriter(user=cast.staff, rows=len(AWKWARD)) as writer:
        ids = writer.insert(Person, COLUMNS, values(cast, AWKWARD, seed=31))
    assert writer.copy == (path == "copy")
    stored = dict(Person.objects.filter(pk__in=ids).values_list("pk", "address"))
    assert [stored[pk] for pk in ids] == AWKWARD
    history = dict(Person.history.filter(id__in=ids).values_list("id", "address"))
    assert [history[pk] for pk in ids] == AWKWARD


def test_bulk_insert_stores_text_exactly(cast, path):
    people = [Person(**dict(zip(COLUMNS, row, strict=True))) for row in values(cast, AWKWARD, seed=32)]
    saved = bulk_insert(Person, people, user=cast.staff)
    stored = dict(Person.objects.filter(pk__in=[p.pk for p in saved]).values_list("pk", "address"))
    assert [stored[p.pk] for p in saved] == AWKWARD
    assert Person.history.filter(id__in=stored).count() == len(AWKWARD)


def test_the_writer_starts_no_thread(cast, path, monkeypatch):
    """The rows go in on the caller's connection, in the caller's thread."""

    def refuse(self):
        raise AssertionError(f"a thread was started: {self}")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    with RowWriter(user=cast.staff, rows=3) as writer:
        writer.reserve(Person, 3)
        ids = writer.insert(Person, COLUMNS, values(cast, ["甲", "乙", "丙"], seed=33))
    assert Person.objects.filter(pk__in=ids).count() == 3
