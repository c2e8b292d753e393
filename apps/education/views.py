"""牵手夕阳 · 老年教育's portal pages, phone first and elder-first like the workspace.

An elder enrols themselves (their account's ``person``), a family member for the elders a
``Guardian`` link names, staff for anyone in their scope (``education.enrol_on_behalf``,
from the desk). Every enrolment is looked up through who may answer for it (else 404);
every write goes through :mod:`apps.education.services`; a confirmation is a page of its
own.
"""

import datetime
import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.choices import SEPARATED_ROLES
from apps.education import lottery, selectors, services
from apps.education.choices import EnrolmentStatus
from apps.education.forms import ApplyForm
from apps.education.models import Attendance, Course, Enrolment, Term
from apps.people.models import Person

PAGE_SIZE = 20


def learner_required(view):
    """Signed in, and not one of the three administrators (三员 manage the system, not
    the bureau's records)."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if request.user.role in SEPARATED_ROLES:
            raise PermissionDenied("老年教育报名页面不对系统、安全、审计管理员开放。")
        return view(request, *args, **kwargs)

    return wrapper


def _enrolment(request, pk: int) -> Enrolment:
    """An enrolment the user may answer for (本人、家属、本辖区工作人员), or 404."""
    e = get_object_or_404(Enrolment.objects.select_related("course", "course__venue", "person", "term"), pk=pk)
    if services.channel_for(request.user, e.person) is None:
        raise Http404("对象不存在或不在您的数据权限范围内。")
    return e


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# ---------------------------------------------------------------------------
# The elder's (or family's) home: their enrolments, offers and places in the queue
# ---------------------------------------------------------------------------
@learner_required
def home(request):
    people = list(services.actable_persons(request.user))
    term = selectors.current_term()
    enrolments = (
        Enrolment.objects.filter(person__in=people, term=term)
        .exclude(status=EnrolmentStatus.TRANSFERRED)
        .select_related("course", "course__venue", "person")
        .order_by("person__name", "created_at")
        if term
        else Enrolment.objects.none()
    )
    rows = [(e, services.queue_place(e)) for e in enrolments]
    return render(
        request,
        "education/home.html",
        {
            "people": people,
            "term": term,
            "rows": rows,
            "now": timezone.now(),
            "may_desk": request.user.has_perm(services.ON_BEHALF),
        },
    )


# ---------------------------------------------------------------------------
# The course list (constant queries) and applying
# ---------------------------------------------------------------------------
@learner_required
def courses(request):
    term = selectors.current_term()
    person = _person_param(request)
    qs = Course.objects.filter(term=term) if term else Course.objects.none()
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(venue__name__contains=q) | Q(teacher__contains=q))
    rows = selectors.course_rows(term, qs) if term else []
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "education/courses.html",
        {
            "term": term,
            "page": page,
            "q": q,
            "person": person,
            "phase": services.window(term, timezone.now()) if term else None,
        },
    )


def _person_param(request) -> Person | None:
    """The elder named by ``?person=``: one the user may enrol, or 404."""
    raw = request.GET.get("person") or request.POST.get("person")
    if not raw:
        return None
    try:
        person = Person.objects.only(*services.PERSON_FIELDS).get(pk=int(raw))
    except (ValueError, Person.DoesNotExist) as exc:
        raise Http404("对象不存在或不在您的数据权限范围内。") from exc
    if services.channel_for(request.user, person) is None:
        raise Http404("对象不存在或不在您的数据权限范围内。")
    return person


@learner_required
def apply(request, pk: int):
    course = get_object_or_404(Course.objects.select_related("term", "venue"), pk=pk)
    chosen = _person_param(request)
    choices = [chosen] if chosen else list(services.actable_persons(request.user))
    if not choices:
        raise PermissionDenied("您的账号没有关联老同志本人或家属代办关系，请联系老干部局工作人员办理。")
    form = ApplyForm(request.POST or None, people=choices, consent_age=course.term.consent_age)
    if request.method == "POST" and form.is_valid():
        try:
            e = services.enrol(
                request.user,
                course,
                form.cleaned_data["person"],
                family_consent=form.cleaned_data["family_consent"],
                safety_pledge=form.cleaned_data["safety_pledge"],
                consent_by=form.cleaned_data["consent_by"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{e.person.name}：“{course.name}”{e.get_status_display()}。")
            if (
                chosen
                and request.user.person_id != chosen.pk
                and not services.actable_persons(request.user).filter(pk=chosen.pk).exists()
            ):
                return redirect("education:desk")
            return redirect("education:home")
    return render(request, "education/apply.html", {"course": course, "form": form, "chosen": chosen})


# ---------------------------------------------------------------------------
# Offers, withdrawal
# ---------------------------------------------------------------------------
@learner_required
@require_POST
def offer_accept(request, pk: int):
    e = _enrolment(request, pk)
    try:
        services.offer_accept(request.user, e)
        messages.success(request, f"已确认：{e.person.name} 录取“{e.course.name}”。")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("education:home")


@learner_required
def offer_decline(request, pk: int):
    e = _enrolment(request, pk)
    if request.method == "POST":
        try:
            services.offer_decline(request.user, e)
            messages.success(request, f"已放弃“{e.course.name}”的递补名额，名额将顺延给下一位。")
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("education:home")
    return render(
        request,
        "education/confirm.html",
        {
            "e": e,
            "title": "放弃递补名额",
            "question": f"确定放弃“{e.course.name}”的递补名额吗？放弃后不能恢复。",
            "button": "确定放弃",
        },
    )


@learner_required
def withdraw(request, pk: int):
    e = _enrolment(request, pk)
    if request.method == "POST":
        try:
            services.withdraw(request.user, e)
            messages.success(request, f"已为{e.person.name}退出“{e.course.name}”。")
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("education:home")
    note = "已缴学费将转为待退费，由工作人员办理退费。" if e.payment_status == "paid" else ""
    return render(
        request,
        "education/confirm.html",
        {
            "e": e,
            "title": "退课",
            "question": f"确定为{e.person.name}退出“{e.course.name}”吗？{note}",
            "button": "确定退课",
        },
    )


# ---------------------------------------------------------------------------
# Staff: enrol on behalf (the desk)
# ---------------------------------------------------------------------------
@login_required
def desk(request):
    if not request.user.has_perm(services.ON_BEHALF):
        raise PermissionDenied("代老同志报名只对老干部工作人员开放。")
    q = request.GET.get("q", "").strip()
    people = Person.objects.for_user(request.user).search(q).order_by("name") if q else Person.objects.none()
    page = Paginator(
        people.only("pk", "name", "sex", "birth_date", "region__name").select_related("region"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "education/desk.html", {"q": q, "page": page})


# ---------------------------------------------------------------------------
# Roll call on a phone
# ---------------------------------------------------------------------------
@learner_required
def roll(request, pk: int):
    course = get_object_or_404(Course.objects.select_related("term", "venue"), pk=pk)
    if not services.may_take_roll(request.user, course):
        raise Http404("对象不存在或不在您的数据权限范围内。")
    day = timezone.localdate()
    students = list(
        Enrolment.objects.filter(course=course, status=EnrolmentStatus.ADMITTED)
        .select_related("person")
        .order_by("person__name")
    )
    if request.method == "POST":
        try:
            day = datetime.date.fromisoformat(request.POST.get("date") or day.isoformat())
            present = {int(v) for v in request.POST.getlist("present")}
            services.roll_call(request.user, course, day, present)
        except ValueError:
            messages.error(request, "日期或名单格式不正确，请刷新页面后重试。")
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(
                request, f"{day:%Y年%-m月%-d日}点名已保存：到课 {len(present)} 人，共 {len(students)} 人。"
            )
            return redirect("education:roll", pk=course.pk)
    marked = set(
        Attendance.objects.filter(lesson__course=course, lesson__date=day, present=True).values_list(
            "enrolment_id", flat=True
        )
    )
    return render(
        request, "education/roll.html", {"course": course, "students": students, "marked": marked, "day": day}
    )


# ---------------------------------------------------------------------------
# The public lottery record
# ---------------------------------------------------------------------------
@learner_required
def lottery_page(request, pk: int):
    term = get_object_or_404(Term.objects.exclude(status="draft"), pk=pk)
    apps, free = services.lottery_applications(term, drawn=bool(term.drawn_at))
    return render(
        request,
        "education/lottery.html",
        {"term": term, "applications": len(apps), "courses": len(free), "digest": lottery.list_digest(apps, free)},
    )


@learner_required
def lottery_list(request, pk: int):
    """The list anyone can redraw from: course, application number, weight, priority —
    no names."""
    term = get_object_or_404(Term.objects.exclude(status="draft"), pk=pk)
    apps, free = services.lottery_applications(term, drawn=bool(term.drawn_at))
    response = JsonResponse(json.loads(lottery.canonical(apps, free)))
    response["Content-Disposition"] = f'attachment; filename="lottery-{term.pk}.json"'
    return response
