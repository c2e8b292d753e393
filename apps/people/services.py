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


ID_REGISTERED = "该身份证号已登记，请勿重复录入。"
# Said when the number belongs to somebody outside the user's scope: whether a number is
# registered anywhere in the city is not his to learn (the attempt is audited).
ID_NOT_REGISTRABLE = "该身份证号无法登记，请联系市局。"


def person_check_scope(person: Person, *, user=None) -> None:
    """Refuse a write by ``user`` (``None``: the system) to a person outside his scope, or
    filing a person under a region he may not work in."""
    from apps.core.scoping import check_writable, scoped

    if user is None:
        return
    if person.pk and not scoped(Person.objects.filter(pk=person.pk), user).exists():
        raise ValidationError("该人员不在您的数据权限范围内。")
    region = person.region if person.region_id else None
    check_writable(user, region=region)


def person_check_unique_id(person: Person, *, user=None) -> None:
    """Refuse an ID number another person holds. ``user`` (``None``: the system) is told
    so only if that person is in his scope; otherwise he is refused without learning
    why, and the attempt is recorded in the audit log."""
    from apps.core.scoping import scoped

    clash = (
        Person.objects.filter(id_number_hash=person.id_number_hash).exclude(pk=person.pk).values_list("pk", flat=True)
    )
    clash_pk = clash.first()
    if clash_pk is None:
        return
    if user is None or scoped(Person.objects.filter(pk=clash_pk), user).exists():
        raise ValidationError({"id_number": [ID_REGISTERED]})
    person_audit_id_probe(user=user, existing_pk=clash_pk, where="人员信息表单")
    raise ValidationError({"id_number": [ID_NOT_REGISTRABLE]})


def person_audit_id_probe(*, user, existing_pk: int, where: str, request=None) -> None:
    """Record that ``user`` entered an ID number registered outside his scope."""
    from apps.audit.choices import AuditAction, AuditResult
    from apps.audit.services import audit_record

    audit_record(
        user=user,
        action=AuditAction.CREATE,
        result=AuditResult.FAILURE,
        request=request,
        object_type=Person._meta.label_lower,
        object_id=str(existing_pk),
        detail=f"{where}：所填身份证号已登记在数据权限范围外的人员名下，已拒绝登记（未向用户说明原因）",
    )


def _person_checked(person: Person, *, user) -> Person:
    # Outside the write's transaction: a refused attempt stays in the audit log.
    person_check_scope(person, user=user)
    person_check_unique_id(person, user=user)
    person.full_clean(exclude=["id_number_hash"])
    return person


def person_create(*, id_number: str, user=None, **fields) -> Person:
    """Register a person. ``user`` is who asks (scope checked); ``None`` for the system."""
    person = _person_checked(person_prepare(Person(), id_number=id_number, **fields), user=user)
    with transaction.atomic():
        person.save()
    return person


def person_update(*, person: Person, id_number: str | None = None, user=None, **fields) -> Person:
    """Change a person. ``user`` is who asks: the person, and any new region, must be in
    his scope; ``None`` for the system."""
    person = _person_checked(person_prepare(person, id_number=id_number, **fields), user=user)
    with transaction.atomic():
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
