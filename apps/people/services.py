"""Writes to the people registry. Every write goes through here (views, admin, imports)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.core import crypto
from apps.core.pinyin import name_initials, name_pinyin
from apps.core.validators import (
    id_birth_date,
    id_sex,
    normalize_id_number,
    normalize_phone,
    validate_id_number,
    validate_phone,
)
from apps.people.models import Person

# Fields a caller may set directly (the ID number goes through ``id_number``).
PERSON_FIELDS = {
    "name",
    "sex",
    "birth_date",
    "phone",
    "address",
    "retirement_type",
    "retired_on",
    "former_unit",
    "former_rank",
    "health",
    "living",
    "is_disabled",
    "emergency_contact",
    "emergency_phone",
    "region",
    "region_id",
    "status",
    "note",
}


def person_prepare(person: Person, *, id_number: str | None = None, **fields) -> Person:
    """Apply ``fields`` and ``id_number`` to ``person`` and validate it, without saving.

    Keeps the derived columns in step: encrypted ID and its search hash, sex and birth
    date from the ID number, pinyin and initials from the name. Used one by one by
    :func:`person_create`/:func:`person_update` and in bulk by the Excel import.
    """
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(person, key, value)
    errors = {}
    if id_number is not None:
        id_number = normalize_id_number(id_number)
        try:
            validate_id_number(id_number)
        except ValidationError as exc:
            errors["id_number"] = exc.messages
        else:
            person.id_number_encrypted = crypto.encrypt(id_number)
            person.id_number_hash = crypto.search_hash(id_number)
            birth = id_birth_date(id_number)
            if "birth_date" in fields and fields["birth_date"] and fields["birth_date"] != birth:
                errors["birth_date"] = ["出生日期与身份证号不一致。"]
            person.birth_date = birth
            sex = id_sex(id_number)
            if fields.get("sex") and fields["sex"] != sex:
                errors["sex"] = ["性别与身份证号不一致。"]
            person.sex = sex
    elif not person.id_number_hash:
        errors["id_number"] = ["请填写身份证号。"]
    for field in ("phone", "emergency_phone"):
        value = getattr(person, field)
        if value:
            value = normalize_phone(value)
            setattr(person, field, value)
            try:
                validate_phone(value)
            except ValidationError as exc:
                errors[field] = exc.messages
    person.name = (person.name or "").strip()
    person.name_pinyin = name_pinyin(person.name)
    person.name_initials = name_initials(person.name)
    if errors:
        raise ValidationError(errors)
    return person


def person_check_unique_id(person: Person) -> None:
    clash = Person.objects.filter(id_number_hash=person.id_number_hash).exclude(pk=person.pk)
    if clash.exists():
        raise ValidationError({"id_number": ["该身份证号已登记，请勿重复录入。"]})


@transaction.atomic
def person_create(*, id_number: str, **fields) -> Person:
    person = person_prepare(Person(), id_number=id_number, **fields)
    person_check_unique_id(person)
    person.full_clean(exclude=["id_number_hash"])
    person.save()
    return person


@transaction.atomic
def person_update(*, person: Person, id_number: str | None = None, **fields) -> Person:
    person = person_prepare(person, id_number=id_number, **fields)
    person_check_unique_id(person)
    person.full_clean(exclude=["id_number_hash"])
    person.save()
    return person


def person_rebuild_search_columns(*, person_ids=None) -> int:
    """Recompute pinyin and initials (after a pinyin dictionary update, say)."""
    qs = Person.objects.all()
    if person_ids is not None:
        qs = qs.filter(pk__in=person_ids)
    changed = []
    for person in qs.only("id", "name", "name_pinyin", "name_initials").iterator(chunk_size=2000):
        pinyin, initials = name_pinyin(person.name), name_initials(person.name)
        if (pinyin, initials) != (person.name_pinyin, person.name_initials):
            person.name_pinyin, person.name_initials = pinyin, initials
            changed.append(person)
    Person.objects.bulk_update(changed, ["name_pinyin", "name_initials"], batch_size=1000)
    return len(changed)
