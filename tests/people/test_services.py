import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.core import crypto
from apps.people.models import Person
from apps.people.services import person_create, person_rebuild_search_columns, person_update
from apps.people.tasks import rebuild_search_columns
from tests import factories as f


def _fields(**extra):
    return {
        "name": "张三",
        "phone": "13912345678",
        "address": "扬州市广陵区东关街1号",
        "retirement_type": "tuixiu",
        "region": f.region("广陵区"),
        **extra,
    }


@pytest.fixture
def valid_id():
    from apps.core.validators import id_check_digit

    first17 = "32100219500517001"
    return first17 + id_check_digit(first17)


def test_it_creates_a_person_with_derived_columns(db, valid_id):
    person = person_create(id_number=valid_id, **_fields())
    assert person.name_pinyin == "zhangsan"
    assert person.name_initials == "zs"
    assert person.birth_date == datetime.date(1950, 5, 17)
    assert person.sex == "M" if int(valid_id[16]) % 2 else "F"
    assert person.id_number == valid_id
    assert valid_id not in person.id_number_encrypted
    assert person.id_number_hash == crypto.search_hash(valid_id)


def test_it_refuses_a_duplicate_id_number_with_a_clear_message(db, valid_id):
    person_create(id_number=valid_id, **_fields())
    with pytest.raises(ValidationError) as exc:
        person_create(id_number=valid_id, **_fields(name="李四"))
    assert exc.value.message_dict["id_number"] == ["该身份证号已登记，请勿重复录入。"]
    assert Person.objects.count() == 1


def test_it_refuses_a_bad_checksum_and_writes_nothing(db, valid_id):
    bad = valid_id[:17] + ("0" if valid_id[17] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        person_create(id_number=bad, **_fields())
    assert "校验位" in exc.value.message_dict["id_number"][0]
    assert not Person.objects.exists()


def test_it_refuses_a_birth_date_that_contradicts_the_id(db, valid_id):
    with pytest.raises(ValidationError) as exc:
        person_create(id_number=valid_id, **_fields(birth_date=datetime.date(1951, 1, 1)))
    assert "birth_date" in exc.value.message_dict


def test_it_refuses_a_bad_phone(db, valid_id):
    with pytest.raises(ValidationError) as exc:
        person_create(id_number=valid_id, **_fields(phone="123"))
    assert "phone" in exc.value.message_dict


def test_update_keeps_pinyin_in_step(db, valid_id):
    person = person_create(id_number=valid_id, **_fields())
    person_update(person=person, name="欧阳修")
    person.refresh_from_db()
    assert (person.name_pinyin, person.name_initials) == ("ouyangxiu", "oyx")


def test_search_by_name_pinyin_initials_and_id(db, valid_id):
    person = person_create(id_number=valid_id, **_fields())
    f.PersonFactory(name="王五")
    for term in ("张三", "zhangsan", "zs", "ZS", valid_id, valid_id.lower()):
        assert list(Person.objects.search(term)) == [person], term
    assert not Person.objects.search("lisi").exists()


def test_rebuild_task_repairs_stale_columns(db, valid_id):
    person = person_create(id_number=valid_id, **_fields())
    Person.objects.filter(pk=person.pk).update(name_pinyin="", name_initials="")
    # In-process here; tests/services runs the same task on a real worker.
    assert rebuild_search_columns.apply(args=[[person.pk]]).get() == 1
    person.refresh_from_db()
    assert person.name_initials == "zs"
    assert person_rebuild_search_columns() == 0


def test_surnames_read_as_surnames_and_letters_are_kept():
    from apps.core.pinyin import name_initials, name_pinyin

    assert (name_pinyin("曾国藩"), name_initials("曾国藩")) == ("zengguofan", "zgf")
    assert name_initials("单雄信") == "sxx"
    assert name_pinyin("阿依古丽·买买提") == "ayigulimaimaiti"
    assert name_pinyin("李 Tom") == "litom"
