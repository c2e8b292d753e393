"""Every write of 牵手夕阳 · 老年教育, each in one transaction.

Seats move only here: ``_take_seat`` is a conditional UPDATE (``seats_taken < seats``), so
two requests racing for the last seat cannot both win, whatever the database's isolation;
the person's row is locked (``select_for_update``) while their per-term limit is checked,
and a course's row while its waiting list is appended to or offered from.
"""

import datetime
import functools
import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from apps.education import lottery
from apps.education.choices import (
    LIVE,
    SEATED,
    AllocationMode,
    Channel,
    EnrolmentStatus,
    PaymentStatus,
    TermStatus,
    WeightMode,
)
from apps.education.models import Attendance, Course, Discount, Enrolment, Guardian, Lesson, Term
from apps.people.models import Person

ON_BEHALF = "education.enrol_on_behalf"
TAKE_ROLL = "education.take_roll"
RUN_LOTTERY = "education.run_lottery"


# What enrolling reads of a person (of a record with ~40 columns, encrypted ones among
# them): selecting only these keeps each query of the rush cheap to build and to read.
PERSON_FIELDS = ("pk", "name", "birth_date", "retirement_type", "region_id")


def _fmt(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y年%-m月%-d日 %H:%M")


# ---------------------------------------------------------------------------
# Who may act for whom
# ---------------------------------------------------------------------------
def channel_for(user, person: Person) -> str | None:
    """How ``user`` may enrol ``person``: 本人, 家属 (a ``Guardian`` link) or 工作人员
    (permission and the person in the user's scope); ``None``: not at all."""
    if user is None or not user.is_authenticated:
        return None
    if user.person_id and user.person_id == person.pk:
        return Channel.SELF
    if Guardian.objects.filter(user=user, person=person).exists():
        return Channel.FAMILY
    if user.has_perm(ON_BEHALF) and Person.objects.for_user(user).filter(pk=person.pk).exists():
        return Channel.STAFF
    return None


def actable_persons(user):
    """The people ``user`` may enrol or answer for on the elder pages: themselves and the
    elders a family link names (staff enrol others from the desk, within their scope)."""
    # One query: their own record or a family link's (a subquery, not a second round trip).
    wards = Q(pk__in=Guardian.objects.filter(user=user).values("person_id"))
    people = Person.objects.filter(Q(pk=user.person_id) | wards if user.person_id else wards)
    return people.only(*PERSON_FIELDS).order_by("name")


def _require_channel(user, person) -> str:
    channel = channel_for(user, person)
    if channel is None:
        raise PermissionDenied("您不能为这位老同志办理报名。")
    return channel


# ---------------------------------------------------------------------------
# Seats and the waiting list
# ---------------------------------------------------------------------------
def _take_seat(course_id: int) -> bool:
    return bool(
        Course.objects.filter(pk=course_id, seats_taken__lt=F("seats")).update(seats_taken=F("seats_taken") + 1)
    )


def _release_seat(course_id: int) -> None:
    Course.objects.filter(pk=course_id, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)


def _queue_append(enrolment: Enrolment) -> None:
    """At the end of the course's waiting list, read under the course's row lock (in a
    statement of its own, whose snapshot sees every append committed before the lock)."""
    lock, tail = _queue_sql()
    with connection.cursor() as cursor:
        cursor.execute(lock, [enrolment.course_id])
        cursor.execute(tail, [enrolment.course_id])
        last = cursor.fetchone()[0] or 0
    enrolment.status = EnrolmentStatus.WAITLISTED
    enrolment.queue_position = last + 1


@functools.cache
def _queue_sql() -> tuple[str, str]:
    """:func:`_queue_append`'s two statements, their text built once per process (the ORM
    compiled them on every waiting-list POST of the rush): lock the course's row (``FOR
    UPDATE`` where the database has it), then read the last place in its queue."""
    qn = connection.ops.quote_name
    course, enrolment = qn(Course._meta.db_table), qn(Enrolment._meta.db_table)
    pk = qn(Course._meta.pk.column)
    lock = f"SELECT {pk} FROM {course} WHERE {pk} = %s"
    if connection.features.has_select_for_update:
        lock += " FOR UPDATE"
    position = qn(Enrolment._meta.get_field("queue_position").column)
    tail = f"SELECT MAX({position}) FROM {enrolment} WHERE {qn(Enrolment._meta.get_field('course').column)} = %s"
    return lock, tail


def _seat_freed(course_id: int, now: datetime.datetime) -> Enrolment | None:
    """A seat of the course was given up: offer it to the first waiting, who holds it for
    the term's hold; nobody waiting: the seat is free again."""
    course = Course.objects.select_for_update().select_related("term").get(pk=course_id)
    nxt = (
        Enrolment.objects.select_for_update()
        .filter(course_id=course_id, status=EnrolmentStatus.WAITLISTED)
        .order_by("queue_position", "pk")
        .first()
    )
    if nxt is None:
        _release_seat(course_id)
        return None
    nxt.status = EnrolmentStatus.OFFERED
    nxt.offered_at = now
    nxt.offer_expires_at = now + datetime.timedelta(hours=course.term.offer_hold_hours)
    nxt.save(update_fields=["status", "offered_at", "offer_expires_at", "updated_at"])
    from apps.education.notify import offer_made

    offer_made(nxt)
    return nxt


def queue_place(enrolment: Enrolment) -> int | None:
    """The enrolment's place among those still waiting for its course (1 = next)."""
    if enrolment.status != EnrolmentStatus.WAITLISTED:
        return None
    ahead = Enrolment.objects.filter(
        course_id=enrolment.course_id,
        status=EnrolmentStatus.WAITLISTED,
        queue_position__lt=enrolment.queue_position,
    ).count()
    return ahead + 1


# ---------------------------------------------------------------------------
# Enrolment
# ---------------------------------------------------------------------------
def _age_on(person: Person, day: datetime.date) -> int:
    born = person.birth_date
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


STUDIED = [EnrolmentStatus.COMPLETED, EnrolmentStatus.NOT_COMPLETED, EnrolmentStatus.ADMITTED]


def is_returning(person: Person, term: Term) -> bool:
    """A 老学员: someone who studied in an earlier term (admitted and stayed to the end)."""
    return Enrolment.objects.filter(person=person, term__starts_on__lt=term.starts_on, status__in=STUDIED).exists()


def _standing(person: Person, term: Term, course: Course) -> tuple[bool, bool, int]:
    """In one query (the rush's path): is ``person`` a returning student (a 老学员), already
    in ``course``, and in how many courses of ``term``. Read after the person's row is
    locked, in a statement of its own (a statement's snapshot starts before its lock wait:
    counted in the locking statement, a racing enrolment would be missed).

    The statement's text is built once per process (:func:`_standing_sql`): the ORM's
    aggregate with three filtered counts cost ~1.5 ms of CPU to compile on every POST of
    the rush, the query itself a fraction of that."""
    with connection.cursor() as cursor:
        cursor.execute(
            _standing_sql(),
            [
                connection.ops.adapt_datefield_value(term.starts_on),
                *_STUDIED_VALUES,
                course.pk,
                *_LIVE_VALUES,
                term.pk,
                *_LIVE_VALUES,
                person.pk,
            ],
        )
        returning, here, live = cursor.fetchone()
    return bool(returning), bool(here), int(live or 0)


_STUDIED_VALUES = tuple(str(s) for s in STUDIED)
_LIVE_VALUES = tuple(str(s) for s in LIVE)


@functools.cache
def _standing_sql() -> str:
    """The text of :func:`_standing`'s query (the same as the ORM's aggregate of
    ``Enrolment.objects.filter(person=…)`` with three ``Count(filter=…)``)."""
    qn = connection.ops.quote_name
    e, t = qn(Enrolment._meta.db_table), qn(Term._meta.db_table)

    def col(table, model, name):
        return f"{table}.{qn(model._meta.get_field(name).column)}"

    status, marks = col(e, Enrolment, "status"), ", ".join
    studied, live = marks(["%s"] * len(STUDIED)), marks(["%s"] * len(LIVE))
    return (
        f"SELECT COALESCE(SUM(CASE WHEN {col(t, Term, 'starts_on')} < %s AND {status} IN ({studied}) THEN 1 ELSE 0 END), 0), "
        f"COALESCE(SUM(CASE WHEN {col(e, Enrolment, 'course')} = %s AND {status} IN ({live}) THEN 1 ELSE 0 END), 0), "
        f"COALESCE(SUM(CASE WHEN {col(e, Enrolment, 'term')} = %s AND {status} IN ({live}) THEN 1 ELSE 0 END), 0) "
        f"FROM {e} INNER JOIN {t} ON {col(e, Enrolment, 'term')} = {col(t, Term, 'id')} "
        f"WHERE {col(e, Enrolment, 'person')} = %s"
    )


def window(term: Term, now: datetime.datetime) -> str | None:
    if term.status not in (TermStatus.OPEN, TermStatus.DRAWN):
        return None
    if term.returning_opens_at <= now < term.returning_closes_at:
        return "returning"
    if term.new_opens_at <= now < term.new_closes_at:
        return "new"
    if now >= term.new_closes_at and term.status == TermStatus.DRAWN and now.date() <= term.ends_on:
        return "late"  # 插班补录: free seats after the draw, first come
    return None


def fee_for(course: Course, person: Person, discounts) -> tuple[Decimal, str]:
    age = _age_on(person, course.term.starts_on)
    best = None
    for d in discounts:
        if d.retirement_type and d.retirement_type != person.retirement_type:
            continue
        if d.min_age and age < d.min_age:
            continue
        if best is None or d.percent_off > best.percent_off:
            best = d
    if best is None:
        return course.tuition, ""
    fee = (course.tuition * (100 - best.percent_off) / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return fee, best.name


def enrol(
    user,
    course: Course,
    person: Person,
    *,
    family_consent: bool = False,
    safety_pledge: bool = False,
    consent_by: str = "",
    now: datetime.datetime | None = None,
) -> Enrolment:
    """Apply ``person`` to ``course`` (by themselves, a family member or staff, recorded as
    such). Returning window and first-come courses take a seat at once or join the
    waiting list; lottery courses wait for the draw."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            return _enrol(user, course, person, family_consent, safety_pledge, consent_by.strip(), now)
    except IntegrityError as exc:  # the partial unique index: a racing second application
        raise ValidationError("这位老同志已报名该班，不能重复报名。") from exc


def _enrol(user, course, person, family_consent, safety_pledge, consent_by, now):
    channel = _require_channel(user, person)
    person = Person.objects.select_for_update().only(*PERSON_FIELDS).get(pk=person.pk)
    # The term's rules as they are now, and whether it has any discounts to read at all.
    course = (
        Course.objects.select_related("term")
        .annotate(term_discounts=Exists(Discount.objects.filter(term=OuterRef("term"))))
        .get(pk=course.pk)
    )
    term = course.term
    phase = window(term, now)
    if phase is None:
        raise ValidationError(
            f"现在不在报名时间内。老学员续报：{_fmt(term.returning_opens_at)}至{_fmt(term.returning_closes_at)}；"
            f"新学员报名：{_fmt(term.new_opens_at)}至{_fmt(term.new_closes_at)}。"
        )
    returning, already, count = _standing(person, term, course)
    if phase == "returning" and not returning:
        raise ValidationError(f"现在是老学员续报时间，新学员请于{_fmt(term.new_opens_at)}起报名。")
    if already:
        raise ValidationError("这位老同志已报名该班，不能重复报名。")
    if count >= term.course_limit:
        raise ValidationError(f"每人每学期最多报名 {term.course_limit} 门课程，这位老同志已报名 {count} 门。")
    age = _age_on(person, term.starts_on)
    if course.min_age and age < course.min_age:
        raise ValidationError(f"本班招收 {course.min_age} 周岁及以上的学员，这位老同志开课时 {age} 周岁。")
    if course.max_age and age > course.max_age:
        raise ValidationError(f"本班招收 {course.max_age} 周岁及以下的学员，这位老同志开课时 {age} 周岁。")
    if age >= term.consent_age and not (family_consent and safety_pledge and consent_by):
        raise ValidationError(
            f"{term.consent_age} 周岁及以上的老同志报名，须有家属知情同意（填写同意人姓名）并签署安全承诺。"
        )
    if (
        course.prerequisite_id
        and not Enrolment.objects.filter(
            person=person, course__name=course.prerequisite.name, status=EnrolmentStatus.COMPLETED
        ).exists()
    ):
        raise ValidationError(f"报名本班须先结业于“{course.prerequisite}”。")
    fee, discount = fee_for(course, person, Discount.objects.filter(term=term) if course.term_discounts else ())
    enrolment = Enrolment(
        term=term,
        course=course,
        person=person,
        returning=returning,
        channel=channel,
        entered_by=user,
        family_consent=family_consent,
        safety_pledge=safety_pledge,
        consent_by=consent_by,
        lixiu_priority=term.lixiu_priority and person.retirement_type == "lixiu",
        fee=fee,
        discount_name=discount,
        payment_status=PaymentStatus.EXEMPT if fee == 0 else PaymentStatus.UNPAID,
    )
    if phase == "new" and course.mode == AllocationMode.LOTTERY:
        enrolment.status = EnrolmentStatus.APPLIED
    elif _take_seat(course.pk):
        enrolment.status = EnrolmentStatus.ADMITTED
    else:
        _queue_append(enrolment)
    enrolment.save()
    return enrolment


def _own(user, enrolment: Enrolment) -> Enrolment:
    """The enrolment locked, after checking ``user`` may answer for its person."""
    _require_channel(user, enrolment.person)
    return Enrolment.objects.select_for_update().select_related("course", "term", "person").get(pk=enrolment.pk)


@transaction.atomic
def offer_accept(user, enrolment: Enrolment, now: datetime.datetime | None = None) -> Enrolment:
    now = now or timezone.now()
    e = _own(user, enrolment)
    if e.status != EnrolmentStatus.OFFERED:
        raise ValidationError("这条报名没有待确认的递补名额。")
    if now > e.offer_expires_at:
        raise ValidationError(f"递补名额的保留时间已于{_fmt(e.offer_expires_at)}截止，名额已顺延给下一位候补学员。")
    e.status = EnrolmentStatus.ADMITTED
    e.queue_position = None
    e.save(update_fields=["status", "queue_position", "updated_at"])
    return e


@transaction.atomic
def offer_decline(user, enrolment: Enrolment, now: datetime.datetime | None = None) -> Enrolment:
    now = now or timezone.now()
    e = _own(user, enrolment)
    if e.status != EnrolmentStatus.OFFERED:
        raise ValidationError("这条报名没有待确认的递补名额。")
    e.status = EnrolmentStatus.LAPSED
    e.save(update_fields=["status", "updated_at"])
    _seat_freed(e.course_id, now)
    return e


def offers_lapse(now: datetime.datetime | None = None) -> int:
    """Every offer past its hold lapses and passes to the next waiting (the beat task)."""
    now = now or timezone.now()
    done = 0
    while True:
        with transaction.atomic():
            e = (
                Enrolment.objects.select_for_update(skip_locked=True)
                .filter(status=EnrolmentStatus.OFFERED, offer_expires_at__lt=now)
                .order_by("offer_expires_at", "pk")
                .first()
            )
            if e is None:
                return done
            e.status = EnrolmentStatus.LAPSED
            e.save(update_fields=["status", "updated_at"])
            _seat_freed(e.course_id, now)
            done += 1


@transaction.atomic
def withdraw(user, enrolment: Enrolment, now: datetime.datetime | None = None, *, checked: bool = False) -> Enrolment:
    """退课: a seat given up passes to the waiting list; a paid fee becomes due for refund.
    ``checked``: the caller (staff) has checked scope and permission."""
    now = now or timezone.now()
    if checked:
        e = Enrolment.objects.select_for_update().select_related("course", "term", "person").get(pk=enrolment.pk)
    else:
        e = _own(user, enrolment)
    if e.status not in (
        EnrolmentStatus.APPLIED,
        EnrolmentStatus.WAITLISTED,
        EnrolmentStatus.ADMITTED,
        EnrolmentStatus.OFFERED,
    ):
        raise ValidationError(f"这条报名{e.get_status_display()}，不能退课。")
    seated = e.status in SEATED
    e.status = EnrolmentStatus.WITHDRAWN
    if e.payment_status == PaymentStatus.PAID:
        e.payment_status = PaymentStatus.REFUND_DUE
    e.save(update_fields=["status", "payment_status", "updated_at"])
    if seated:
        _seat_freed(e.course_id, now)
    return e


def _staff_enrolment(user, enrolment: Enrolment, perm: str = "education.change_enrolment") -> Enrolment:
    if not user.has_perm(perm):
        raise PermissionDenied("您没有办理此项业务的权限。")
    if not Enrolment.objects.for_user(user).filter(pk=enrolment.pk).exists():
        raise PermissionDenied("这条报名不在您的数据权限范围内。")
    return Enrolment.objects.select_for_update().select_related("course", "term").get(pk=enrolment.pk)


@transaction.atomic
def mark_paid(user, enrolment: Enrolment, now: datetime.datetime | None = None) -> Enrolment:
    e = _staff_enrolment(user, enrolment)
    if e.status != EnrolmentStatus.ADMITTED or e.payment_status != PaymentStatus.UNPAID:
        raise ValidationError(f"“{e}”不是已录取待缴费的报名，不能登记缴费。")
    e.payment_status = PaymentStatus.PAID
    e.paid_at = now or timezone.now()
    e.save(update_fields=["payment_status", "paid_at", "updated_at"])
    return e


@transaction.atomic
def release_unpaid(user, enrolment: Enrolment, now: datetime.datetime | None = None) -> Enrolment:
    """逾期未缴费: the seat goes to the waiting list."""
    e = _staff_enrolment(user, enrolment)
    if e.status != EnrolmentStatus.ADMITTED or e.payment_status != PaymentStatus.UNPAID:
        raise ValidationError(f"“{e}”不是已录取未缴费的报名，不能取消录取。")
    e.status = EnrolmentStatus.LAPSED
    e.save(update_fields=["status", "updated_at"])
    _seat_freed(e.course_id, now or timezone.now())
    return e


@transaction.atomic
def refund(user, enrolment: Enrolment, now=None) -> Enrolment:
    e = _staff_enrolment(user, enrolment)
    if e.payment_status != PaymentStatus.REFUND_DUE:
        raise ValidationError(f"“{e}”没有待退的学费。")
    e.payment_status = PaymentStatus.REFUNDED
    e.save(update_fields=["payment_status", "updated_at"])
    return e


@transaction.atomic
def transfer(user, enrolment: Enrolment, to_course: Course, now: datetime.datetime | None = None) -> Enrolment:
    """转班: a seat in ``to_course`` (if free) for the admitted student; the old seat passes on."""
    now = now or timezone.now()
    e = _staff_enrolment(user, enrolment)
    if not Course.objects.for_user(user).filter(pk=to_course.pk).exists():
        raise PermissionDenied("目标班级不在您的数据权限范围内。")
    if e.status != EnrolmentStatus.ADMITTED:
        raise ValidationError("只有已录取的学员可以转班。")
    if to_course.term_id != e.term_id or to_course.pk == e.course_id:
        raise ValidationError("只能转入本学期的其他班级。")
    if Enrolment.objects.filter(course=to_course, person_id=e.person_id, status__in=LIVE).exists():
        raise ValidationError("这位老同志已报名目标班级。")
    if not _take_seat(to_course.pk):
        raise ValidationError(f"目标班级“{to_course}”已满，不能转入。")
    new = Enrolment.objects.create(
        term=e.term,
        course=to_course,
        person_id=e.person_id,
        status=EnrolmentStatus.ADMITTED,
        returning=e.returning,
        channel=Channel.STAFF,
        entered_by=user,
        family_consent=e.family_consent,
        safety_pledge=e.safety_pledge,
        consent_by=e.consent_by,
        lixiu_priority=e.lixiu_priority,
        fee=e.fee,
        discount_name=e.discount_name,
        payment_status=e.payment_status,
        paid_at=e.paid_at,
        transferred_from=e,
    )
    e.status = EnrolmentStatus.TRANSFERRED
    e.save(update_fields=["status", "updated_at"])
    _seat_freed(e.course_id, now)
    return new


# ---------------------------------------------------------------------------
# The lottery
# ---------------------------------------------------------------------------
def _set_rows(
    model, columns: list[tuple[str, str]], rows: list[tuple], *, history: tuple | None = None, **constant
) -> None:
    """Set ``columns`` of many rows at once, ``rows`` being ``(pk, value, …)``.

    On PostgreSQL the rows go into a temporary table with ``COPY`` (text, no per-value
    SQL parameters) and one ``UPDATE … FROM`` joins it (Django's ``bulk_update`` builds a
    CASE per column whose cost grows with the batch: 30,000 lottery rows took minutes;
    ``UPDATE … FROM (VALUES …)`` with 150,000 parameters spent its time quoting them);
    elsewhere ``bulk_update``.

    ``history``: ``(user, reason, moment)`` — one simple-history row per row set ("~", as
    a save would write), copied from the updated rows by the database itself."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        objs = []
        for row in rows:
            obj = model(pk=row[0], **{name: value for (name, _), value in zip(columns, row[1:], strict=True)})
            for name, value in constant.items():
                setattr(obj, name, value)
            objs.append(obj)
        model.objects.bulk_update(objs, [name for name, _ in columns] + list(constant), batch_size=1000)
        if history:
            user, reason, moment = history
            model.history.bulk_history_create(
                list(model.objects.filter(pk__in=[row[0] for row in rows])),
                update=True,
                default_user=user,
                default_change_reason=reason,
                default_date=moment,
            )
        return
    import io

    from apps.core.excel.bulk import copy_text

    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    temp = quote(f"_set_{model._meta.db_table}")
    names = [quote(name) for name, _ in columns]
    assignments = [f"{n} = v.{n}" for n in names] + [f"{quote(n)} = %s" for n in constant]
    data = io.StringIO("".join("\t".join(map(copy_text, row)) + "\n" for row in rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {temp} (id integer, "
            + ", ".join(f"{n} {kind}" for n, (_, kind) in zip(names, columns, strict=True))
            + ") ON COMMIT DROP"
        )
        cursor.copy_expert(f"COPY {temp} (id, {', '.join(names)}) FROM STDIN", data)
        cursor.execute(f"ANALYZE {temp}")  # a hash join on the primary key, not a guess
        update = f"UPDATE {table} AS t SET {', '.join(assignments)} FROM {temp} AS v WHERE t.id = v.id"
        if history:
            # The historical rows from the UPDATE's own RETURNING: one pass over the rows.
            insert, params = _history_insert(model, *history)
            cursor.execute(f"WITH u AS ({update} RETURNING t.*) {insert}", [*constant.values(), *params])
        else:
            cursor.execute(update, list(constant.values()))
        cursor.execute(f"DROP TABLE {temp}")


def _history_insert(model, user, reason: str, moment) -> tuple[str, list]:
    """``INSERT … SELECT … FROM u`` writing a simple-history row ("~", as a save would) of
    each row of ``u`` (the updated rows), and its parameters (PostgreSQL)."""
    quote = connection.ops.quote_name
    historical = model.history.model
    given = {"history_date": moment, "history_change_reason": reason, "history_user_id": getattr(user, "pk", None)}
    targets, sources, params = [], [], []
    for field in historical._meta.concrete_fields:
        if field.attname == "history_id":
            continue
        targets.append(quote(field.column))
        if field.attname == "history_type":
            sources.append("'~'")
        elif field.attname in given:
            sources.append("%s")
            params.append(given[field.attname])
        else:
            sources.append(f"u.{quote(field.column)}")
    sql = f"INSERT INTO {quote(historical._meta.db_table)} ({', '.join(targets)}) SELECT {', '.join(sources)} FROM u"
    return sql, params


LOTTERY_REASON = "公开抽签"


def _require_lottery(user):
    if user is not None and not user.has_perm(RUN_LOTTERY):
        raise PermissionDenied("您没有组织抽签的权限。")


@transaction.atomic
def seed_publish(user, term: Term, now: datetime.datetime | None = None, seed: str | None = None) -> Term:
    """Publish the seed before the draw; once published it never changes."""
    _require_lottery(user)
    term = Term.objects.select_for_update().get(pk=term.pk)
    if term.lottery_seed:
        raise ValidationError("本学期的抽签种子已经公布，不能更换。")
    term.lottery_seed = seed or f"{secrets.randbelow(10**40):040d}"  # 40 digits, ~133 bits
    term.seed_published_at = now or timezone.now()
    term.save(update_fields=["lottery_seed", "seed_published_at"])
    return term


def lottery_applications(term: Term, *, drawn: bool = False) -> tuple[list[lottery.Application], dict[int, int]]:
    """The published list: before the draw the pending applications with their weights,
    after it the same list as it was drawn (weights and free seats were stored)."""
    qs = Enrolment.objects.filter(term=term, course__mode=AllocationMode.LOTTERY)
    if drawn:
        rows = qs.filter(weight__isnull=False).values_list("course_id", "pk", "weight", "lixiu_priority")
        apps = [lottery.Application(c, pk, float(w), bool(p)) for c, pk, w, p in rows]
        free = dict(Course.objects.filter(term=term, lottery_seats__isnull=False).values_list("pk", "lottery_seats"))
        return apps, {c: free.get(c, 0) for c in {a.course for a in apps}}
    # By the (term, status) index, lottery courses picked here: no join for the planner to misjudge.
    lottery_courses = set(Course.objects.filter(term=term, mode=AllocationMode.LOTTERY).values_list("pk", flat=True))
    rows = [
        row
        for row in Enrolment.objects.filter(term=term, status=EnrolmentStatus.APPLIED).values_list(
            "course_id", "pk", "person_id", "lixiu_priority"
        )
        if row[0] in lottery_courses
    ]
    per_person: dict[int, int] = {}
    for _, _, person_id, _ in rows:
        per_person[person_id] = per_person.get(person_id, 0) + 1
    apps = []
    for course_id, pk, person_id, priority in rows:
        weight = 1.0 if term.weight_mode == WeightMode.EQUAL else round(1 / per_person[person_id], 6)
        apps.append(lottery.Application(course_id, pk, weight, bool(priority)))
    courses = {a.course for a in apps}
    free = {
        pk: seats - taken
        for pk, seats, taken in Course.objects.filter(pk__in=courses).values_list("pk", "seats", "seats_taken")
    }
    return apps, free


def lottery_draw(user, term: Term, now: datetime.datetime | None = None) -> dict:
    """Draw every oversubscribed lottery course of the term from its published seed; an
    undersubscribed course admits everyone. Returns figures for the message."""
    now = now or timezone.now()
    _require_lottery(user)
    with transaction.atomic():
        term = Term.objects.select_for_update().get(pk=term.pk)
        if not term.lottery_seed:
            raise ValidationError("请先公布抽签种子，再进行抽签。")
        if term.drawn_at:
            raise ValidationError("本学期已经抽签，不能重复抽签。")
        if now < term.new_closes_at:
            raise ValidationError(f"新学员报名{_fmt(term.new_closes_at)}截止，截止后才能抽签。")
        apps, free = lottery_applications(term)
        result = lottery.draw(term.lottery_seed, apps, free)
        weights = {a.number: a for a in apps}
        status, rank, queue = {}, {}, {}
        for admitted, waiting in result.values():
            for i, number in enumerate(admitted, 1):
                status[number], rank[number] = EnrolmentStatus.ADMITTED, i
            for i, number in enumerate(waiting, 1):
                status[number], rank[number], queue[number] = EnrolmentStatus.WAITLISTED, len(admitted) + i, i
        _set_rows(
            Enrolment,
            [("status", "varchar"), ("lottery_rank", "integer"), ("queue_position", "integer"), ("weight", "numeric")],
            [(pk, status[pk], rank[pk], queue.get(pk), Decimal(str(weights[pk].weight))) for pk in sorted(status)],
            history=(user, LOTTERY_REASON, now),
            updated_at=now,
        )
        seats_taken = dict(Course.objects.filter(pk__in=result.keys()).values_list("pk", "seats_taken"))
        _set_rows(
            Course,
            [("lottery_seats", "integer"), ("seats_taken", "integer")],
            [(pk, free[pk], seats_taken[pk] + len(result[pk][0])) for pk in sorted(result)],
            history=(user, LOTTERY_REASON, now),
        )
        term.list_digest = lottery.list_digest(apps, free)
        term.drawn_at = now
        term.status = TermStatus.DRAWN
        term.save(update_fields=["list_digest", "drawn_at", "status"])
    admitted = sum(len(a) for a, _ in result.values())
    return {"applications": len(apps), "courses": len(result), "admitted": admitted, "waiting": len(apps) - admitted}


# ---------------------------------------------------------------------------
# Roll call and 结业
# ---------------------------------------------------------------------------
def may_take_roll(user, course: Course) -> bool:
    if course.teacher_user_id and course.teacher_user_id == user.pk:
        return True
    return user.has_perm(TAKE_ROLL) and Course.objects.for_user(user).filter(pk=course.pk).exists()


@transaction.atomic
def roll_call(user, course: Course, day: datetime.date, present_ids: set[int]) -> Lesson:
    if not may_take_roll(user, course):
        raise PermissionDenied("您不能为本班点名。")
    if day > timezone.localdate():
        raise ValidationError("不能为将来的日期点名。")
    lesson, _ = Lesson.objects.get_or_create(course=course, date=day, defaults={"taken_by": user})
    students = list(
        Enrolment.objects.filter(course=course, status=EnrolmentStatus.ADMITTED).values_list("pk", flat=True)
    )
    unknown = set(present_ids) - set(students)
    if unknown:
        raise ValidationError("点名名单中有不属于本班在读学员的记录，请刷新页面后重试。")
    existing = {a.enrolment_id: a for a in Attendance.objects.filter(lesson=lesson)}
    new, changed = [], []
    for pk in students:
        present = pk in present_ids
        if pk in existing:
            if existing[pk].present != present:
                existing[pk].present = present
                changed.append(existing[pk])
        else:
            new.append(Attendance(lesson=lesson, enrolment_id=pk, present=present))
    Attendance.objects.bulk_create(new)
    Attendance.objects.bulk_update(changed, ["present"])
    lesson.taken_by = user
    lesson.save(update_fields=["taken_by"])
    return lesson


@transaction.atomic
def course_complete(user, course: Course) -> dict:
    """结业: admitted students whose attendance reaches the term's rate complete the course."""
    if user is not None and not (
        user.has_perm("education.change_enrolment") and Course.objects.for_user(user).filter(pk=course.pk).exists()
    ):
        raise PermissionDenied("您不能为本班办理结业。")
    course = Course.objects.select_for_update().select_related("term").get(pk=course.pk)
    lessons = Lesson.objects.filter(course=course).count()
    if lessons == 0:
        raise ValidationError("本班还没有点名记录，不能办理结业。")
    present = dict(
        Attendance.objects.filter(lesson__course=course, present=True)
        .values("enrolment")
        .annotate(n=Count("pk"))
        .values_list("enrolment", "n")
    )
    done = {"completed": 0, "not_completed": 0}
    for e in Enrolment.objects.filter(course=course, status=EnrolmentStatus.ADMITTED):
        rate = present.get(e.pk, 0) * 100 / lessons
        if rate >= course.term.completion_rate:
            e.status, key = EnrolmentStatus.COMPLETED, "completed"
        else:
            e.status, key = EnrolmentStatus.NOT_COMPLETED, "not_completed"
        e.save(update_fields=["status", "updated_at"])
        done[key] += 1
    return done


def staff_withdraw(user, enrolment: Enrolment, now=None) -> Enrolment:
    """退课 by staff (the back office), within their scope."""
    with transaction.atomic():
        _staff_enrolment(user, enrolment)
        return withdraw(None, enrolment, now=now, checked=True)


@transaction.atomic
def course_save(user, course: Course, now: datetime.datetime | None = None) -> Course:
    """Save a course from the back office; seats added are offered to the waiting list."""
    if course.pk:
        taken = Course.objects.select_for_update().get(pk=course.pk).seats_taken
        if course.seats < taken:
            raise ValidationError(f"招生名额不能少于已占名额（{taken}）。")
        course.seats_taken = taken
    course.save()
    now = now or timezone.now()
    while Enrolment.objects.filter(course=course, status=EnrolmentStatus.WAITLISTED).exists() and _take_seat(course.pk):
        _seat_freed(course.pk, now)  # offers the seat just taken
    return course
